import {
  Body1, Button, Caption1, Field, Input, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { formatMinorUnits } from '@hms/core';
import type { Result } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { useWorkstation } from '../../state/hooks.js';
import { ItemPicker } from './ItemPicker.js';
import type { ItemChoice } from './receipt-draft.js';
import { checkLevel, checkPeriod, daysBefore } from './reports-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';
import { useStockLocations } from './use-stock-locations.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
  location: { minWidth: '220px' },
  form: { display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) 160px auto', columnGap: '12px', alignItems: 'start' },
  muted: { color: tokens.colorNeutralForeground3 },
  short: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  total: { fontWeight: tokens.fontWeightSemibold },
  day: { width: '170px' },
});

const money = (minor: number) => formatMinorUnits(minor);

/**
 * Stock reports of a location: the low-stock list (usable units below the item's reorder level,
 * with what is in transit to it) and setting a level, the value of what is on the shelf (each
 * batch at its own receipt cost) and what was dispensed and issued over a period, with its cost.
 * The server computes every figure; online only.
 */
export function ReportsScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const online = useWorkstation().status?.connection.state === 'connected';
  const places = useStockLocations();
  const { locationId } = places;
  const [low, setLow] = useState<Result<'stock.lowStock'> | undefined>();
  const [value, setValue] = useState<Result<'stock.valuation'> | undefined>();
  const [used, setUsed] = useState<Result<'stock.consumption'> | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [periodProblem, setPeriodProblem] = useState<string | undefined>();

  const loadConsumption = async (start: string, end: string) => {
    const period = checkPeriod(start, end);
    if (!period.ok) return setPeriodProblem(period.problem);
    setPeriodProblem(undefined);
    const result = await pharmacy.api.call('stock.consumption', { from: period.from, to: period.to, locationId });
    if (result.ok) setUsed(result.value);
    else setError(result.error);
  };
  const load = async () => {
    if (locationId === '' || !online) return;
    const [lowRead, valueRead] = await Promise.all([pharmacy.api.call('stock.lowStock', { locationId }), pharmacy.api.call('stock.valuation', { locationId })]);
    setError(!lowRead.ok ? lowRead.error : !valueRead.ok ? valueRead.error : undefined);
    if (lowRead.ok) setLow(lowRead.value);
    if (valueRead.ok) setValue(valueRead.value);
    if (!lowRead.ok) return;
    // The period defaults to the last 30 hospital days, the server's today included.
    const end = to === '' ? lowRead.value.today : to;
    const start = from === '' ? daysBefore(lowRead.value.today, 29) : from;
    if (to === '') setTo(end);
    if (from === '') setFrom(start);
    await loadConsumption(start, end);
  };
  useEffect(() => {
    setLow(undefined);
    setValue(undefined);
    setUsed(undefined);
    void load();
  }, [locationId, online]);
  useEffect(() => {
    if (stockChanged.serial > 0) void load();
  }, [stockChanged.serial]);

  return (
    <Page title="Stock reports" subtitle="What is short, what the shelf is worth and what went out: the server's figures for one location.">
      {places.error === undefined ? null : <ErrorBar error={places.error} what="The stock locations could not be read" onRetry={() => void places.reload()} />}
      {online ? null : <Body1 className={styles.muted} data-testid="reports-offline">The reports are computed by the server: they show once it can be reached.</Body1>}
      {error === undefined ? null : <ErrorBar error={error} what="The reports could not be read" onRetry={() => void load()} />}
      <div className={styles.toolbar}>
        <Field label="Location" className={styles.location}>
          <Select value={locationId} onChange={(_, data) => places.setLocationId(data.value)} disabled={!places.loaded} data-testid="reports-location">
            {places.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
          </Select>
        </Field>
      </div>

      <Panel title="Low stock">
        <ReorderLevelForm key={locationId} locationId={locationId} online={online} onSaved={() => void load()} />
        {low === undefined ? (online ? <Spinner label="Reading the low-stock list…" /> : null) : low.items.length === 0 ? (
          <Body1 className={styles.muted} data-testid="low-stock-none">Nothing here is below its reorder level.</Body1>
        ) : (
          <Table size="small" aria-label="Low stock">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Level</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Usable</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>In transit</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Short by</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {low.items.map((line) => (
                <TableRow key={line.item.id} data-testid="low-stock-row">
                  <TableCell>{line.item.name}</TableCell>
                  <TableCell>{line.level}</TableCell>
                  <TableCell>{line.usable}</TableCell>
                  <TableCell>{line.inTransit}</TableCell>
                  <TableCell><span className={line.shortBy > 0 ? styles.short : styles.muted}>{line.shortBy}</span></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>

      <Panel title="Valuation">
        {value === undefined ? (online ? <Spinner label="Valuing the stock…" /> : null) : (
          <Table size="small" aria-label="Valuation">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '120px' }}>On hand</TableHeaderCell>
                <TableHeaderCell style={{ width: '160px' }}>Value (at cost)</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {value.items.map((line) => (
                <TableRow key={line.item.id} data-testid="valuation-row">
                  <TableCell>{line.item.name}</TableCell>
                  <TableCell>{line.onHand}</TableCell>
                  <TableCell>{money(line.valueMinor)}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell><span className={styles.total}>Total</span></TableCell>
                <TableCell />
                <TableCell><span className={styles.total} data-testid="valuation-total">{money(value.totalMinor)}</span></TableCell>
              </TableRow>
            </TableBody>
          </Table>
        )}
        <Caption1 className={styles.muted}>Each batch at its own receipt cost (first in, first out: what is on the shelf at what it cost).</Caption1>
      </Panel>

      <Panel title="Consumption">
        <form className={styles.toolbar} aria-label="Consumption period" onSubmit={(event) => { event.preventDefault(); void loadConsumption(from, to); }}>
          <Field label="From" validationMessage={periodProblem} validationState={periodProblem === undefined ? 'none' : 'error'}>
            <Input className={styles.day} type="date" value={from} onChange={(_, data) => setFrom(data.value)} data-testid="consumption-from" />
          </Field>
          <Field label="To">
            <Input className={styles.day} type="date" value={to} onChange={(_, data) => setTo(data.value)} data-testid="consumption-to" />
          </Field>
          <Button type="submit" disabled={!online}>Show</Button>
        </form>
        {used === undefined ? null : used.items.length === 0 ? <Body1 className={styles.muted} data-testid="consumption-none">Nothing went out of this location in that period.</Body1> : (
          <Table size="small" aria-label="Consumption">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Dispensed</TableHeaderCell>
                <TableHeaderCell style={{ width: '140px' }}>Its cost</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Issued</TableHeaderCell>
                <TableHeaderCell style={{ width: '140px' }}>Its cost</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {used.items.map((line) => (
                <TableRow key={line.item.id} data-testid="consumption-row">
                  <TableCell>{line.item.name}</TableCell>
                  <TableCell>{line.dispensed}</TableCell>
                  <TableCell>{money(line.dispensedCostMinor)}</TableCell>
                  <TableCell>{line.issued}</TableCell>
                  <TableCell>{money(line.issuedCostMinor)}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell><span className={styles.total}>Total</span></TableCell>
                <TableCell />
                <TableCell><span className={styles.total}>{money(used.dispensedCostMinor)}</span></TableCell>
                <TableCell />
                <TableCell><span className={styles.total}>{money(used.issuedCostMinor)}</span></TableCell>
              </TableRow>
            </TableBody>
          </Table>
        )}
        <Caption1 className={styles.muted}>Dispensed less returned; issued is what was sent on to other locations. Costs at the batches&apos; unit costs.</Caption1>
      </Panel>
    </Page>
  );
}

function ReorderLevelForm({ locationId, online, onSaved }: { locationId: string; online: boolean; onSaved(): void }) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const [item, setItem] = useState<ItemChoice | undefined>();
  const [level, setLevel] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const save = async () => {
    if (item === undefined) return setProblem('Choose the item first');
    const check = checkLevel(level);
    if (!check.ok) return setProblem(check.problem);
    setProblem(undefined);
    setSending(true);
    setSendError(undefined);
    const result = await pharmacy.api.call('stock.setReorderLevel', { locationId, itemId: item.id, level: check.level }, { idempotencyKey: crypto.randomUUID() });
    setSending(false);
    if (!result.ok) return setSendError(result.error);
    setSaved(check.level === null ? `${item.name}: reorder level cleared.` : `${item.name}: reorder level ${check.level} set.`);
    setLevel('');
    onSaved();
  };
  return (
    <>
      <form className={styles.form} aria-label="Set a reorder level" onSubmit={(event) => { event.preventDefault(); void save(); }}>
        <ItemPicker value={item} onChange={setItem} />
        <Field label="Reorder level" hint="Units; empty clears it" validationMessage={problem} validationState={problem === undefined ? 'none' : 'error'}>
          <Input style={{ minWidth: 0, width: '100%' }} inputMode="numeric" value={level} onChange={(_, data) => setLevel(data.value)} data-testid="reorder-level" />
        </Field>
        <Button type="submit" appearance="primary" disabled={sending || !online || locationId === ''} style={{ marginTop: '26px' }} data-testid="save-reorder-level">{sending ? 'Saving…' : 'Set level'}</Button>
      </form>
      {saved === undefined ? null : <Caption1 data-testid="reorder-saved">{saved}</Caption1>}
      {sendError === undefined ? null : <ErrorBar error={sendError} what="Level not set" />}
    </>
  );
}
