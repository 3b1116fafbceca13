import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { QUARANTINE_EXIT_REASONS } from '@hms/core';
import type { Result } from '@hms/core';
import { useEffect, useMemo, useState } from 'react';
import type { StockLevelsView } from '../../../shared/pharmacy/stock-views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { quarantineCandidates } from './quarantine-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';
import { useStockLocations } from './use-stock-locations.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
  location: { minWidth: '220px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  flag: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  note: { minWidth: '240px' },
  row: { display: 'flex', columnGap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

const REASON_WORDS: Record<(typeof QUARANTINE_EXIT_REASONS)[number], string> = { expired: 'Destroyed (expired)', damaged: 'Destroyed (damaged)', returned_to_supplier: 'Returned to the supplier' };

/**
 * Quarantine: expired and recalled batches leave the shelf for the quarantine location
 * (stock.quarantine, a movement, never a deletion), and leave quarantine only written off,
 * destroyed or returned to the supplier, with a note (stock.adjust at the quarantine location).
 * Nothing goes back to a shelf from quarantine: the server does not allow it. Online only.
 */
export function QuarantineScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const online = useWorkstation().status?.connection.state === 'connected';
  const places = useStockLocations();
  const { locationId } = places;
  const [view, setView] = useState<StockLevelsView | undefined>();
  const [held, setHeld] = useState<Result<'stock.quarantined'> | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = async () => {
    if (locationId === '') return;
    const [shelf, quarantine] = await Promise.all([
      pharmacy.api.request('pharmacy.stockLevels', { locationId }),
      online ? pharmacy.api.call('stock.quarantined', {}) : Promise.resolve(undefined),
    ]);
    setError(!shelf.ok ? shelf.error : quarantine?.ok === false ? quarantine.error : undefined);
    if (shelf.ok) setView(shelf.value);
    if (quarantine?.ok === true) setHeld(quarantine.value);
  };
  useEffect(() => {
    setView(undefined);
    void load();
  }, [locationId, online]);
  useEffect(() => {
    if (stockChanged.serial > 0) void load();
  }, [stockChanged.serial]);
  const candidates = useMemo(() => (view === undefined ? [] : quarantineCandidates(view.items)), [view]);
  const done = (text: string) => {
    setNotice(text);
    void load();
  };

  return (
    <Page title="Quarantine" subtitle="Expired and recalled stock leaves the shelf for quarantine, and leaves quarantine only destroyed or returned to the supplier.">
      {notice === undefined ? null : <MessageBar intent="success" data-testid="quarantine-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {online ? null : <Body1 className={styles.muted} data-testid="quarantine-offline">Moving stock to quarantine and writing it off are recorded on the server: they wait until it can be reached.</Body1>}
      {error === undefined ? null : <ErrorBar error={error} what="Quarantine could not be read" onRetry={() => void load()} />}
      <div className={styles.toolbar}>
        <Field label="Location" className={styles.location}>
          <Select value={locationId} onChange={(_, data) => places.setLocationId(data.value)} disabled={!places.loaded} data-testid="quarantine-location">
            {places.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
          </Select>
        </Field>
      </div>
      <Panel title={`To quarantine from ${places.name(locationId) || 'the location'}`}>
        {view === undefined ? <Spinner label="Reading the shelf…" /> : candidates.length === 0 ? (
          <Body1 className={styles.muted} data-testid="quarantine-none">No expired or recalled stock is on this shelf.</Body1>
        ) : (
          <Table size="small" aria-label="Expired and recalled stock on the shelf">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '150px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Expiry</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>Units</TableHeaderCell>
                <TableHeaderCell style={{ width: '190px' }} />
              </TableRow>
            </TableHeader>
            <TableBody>
              {candidates.map((line) => (
                <TableRow key={line.batchId} data-testid="quarantine-candidate" data-batch={line.batchNumber}>
                  <TableCell>{line.itemName}</TableCell>
                  <TableCell><span className={styles.mono}>{line.batchNumber}</span> <span className={styles.flag}>{line.why}</span></TableCell>
                  <TableCell>{longDate(line.expiry)}</TableCell>
                  <TableCell>{line.onHand}</TableCell>
                  <TableCell>
                    <MoveButton
                      online={online}
                      onMove={async () => {
                        const result = await pharmacy.api.call('stock.quarantine', { locationId, lines: [{ batchId: line.batchId, quantity: line.onHand }], note: `${line.why} batch off the shelf` }, { idempotencyKey: crypto.randomUUID() });
                        if (result.ok) done(`Batch ${line.batchNumber}: ${line.onHand} ${line.unit}${line.onHand === 1 ? '' : 's'} moved to quarantine.`);
                        return result.ok ? undefined : result.error;
                      }}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
      <Panel title="In quarantine">
        {held === undefined ? (online ? <Spinner label="Reading quarantine…" /> : null) : held.items.length === 0 ? (
          <Body1 className={styles.muted} data-testid="quarantined-none">Quarantine holds nothing.</Body1>
        ) : (
          <Table size="small" aria-label="In quarantine">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '150px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '80px' }}>Units</TableHeaderCell>
                <TableHeaderCell style={{ width: '560px' }}>Write off</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {held.items.map((line) => (
                <TableRow key={`${line.locationId}-${line.batchId}`} data-testid="quarantined-row" data-batch={line.batchNumber}>
                  <TableCell>{line.item.name}</TableCell>
                  <TableCell>
                    <span className={styles.mono}>{line.batchNumber}</span>
                    <Caption1 className={styles.muted}>{line.recalled ? ' recalled' : line.expired ? ` expired ${longDate(line.expiry)}` : ''}</Caption1>
                  </TableCell>
                  <TableCell>{line.onHand}</TableCell>
                  <TableCell>
                    <WriteOff
                      online={online}
                      batchNumber={line.batchNumber}
                      onWriteOff={async (reason, note) => {
                        const result = await pharmacy.api.call('stock.adjust', { locationId: line.locationId, reason, note, lines: [{ batchId: line.batchId, quantity: -line.onHand }] }, { idempotencyKey: crypto.randomUUID() });
                        if (result.ok) done(`Batch ${line.batchNumber}: ${line.onHand} written off (${REASON_WORDS[reason].toLowerCase()}).`);
                        return result.ok ? undefined : result.error;
                      }}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
    </Page>
  );
}

function MoveButton({ online, onMove }: { online: boolean; onMove(): Promise<HostError | undefined> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  return (
    <>
      <Button size="small" disabled={busy || !online} data-testid="move-to-quarantine" onClick={() => {
        setBusy(true);
        void onMove().then((failed) => {
          setBusy(false);
          setError(failed);
        });
      }}>{busy ? 'Moving…' : 'Move to quarantine'}</Button>
      {error === undefined ? null : <ErrorBar error={error} what="Not moved" />}
    </>
  );
}

function WriteOff({ online, batchNumber, onWriteOff }: { online: boolean; batchNumber: string; onWriteOff(reason: (typeof QUARANTINE_EXIT_REASONS)[number], note: string): Promise<HostError | undefined> }) {
  const styles = useStyles();
  const [reason, setReason] = useState<(typeof QUARANTINE_EXIT_REASONS)[number]>('expired');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  return (
    <div className={styles.row}>
      <Select aria-label={`How batch ${batchNumber} leaves`} value={reason} onChange={(_, data) => setReason(data.value as typeof reason)} data-testid="write-off-reason">
        {QUARANTINE_EXIT_REASONS.map((value) => <option key={value} value={value}>{REASON_WORDS[value]}</option>)}
      </Select>
      <Input className={styles.note} aria-label={`Note for batch ${batchNumber}`} placeholder="Note: witness, certificate, supplier's note" value={note} maxLength={500} onChange={(_, data) => setNote(data.value)} data-testid="write-off-note" />
      <Button size="small" appearance="primary" disabled={busy || !online || note.trim() === ''} data-testid="write-off" onClick={() => {
        setBusy(true);
        void onWriteOff(reason, note.trim()).then((failed) => {
          setBusy(false);
          setError(failed);
        });
      }}>{busy ? 'Writing off…' : 'Write off'}</Button>
      {error === undefined ? null : <ErrorBar error={error} what="Not written off" />}
    </div>
  );
}
