import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import type { StockCount } from '@hms/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StockLevelsView } from '../../../shared/pharmacy/stock-views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { countLines, countRows, mayDecide, searchItems, varianceText } from './stock-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';
import { useStockLocations } from './use-stock-locations.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
  location: { minWidth: '220px' },
  search: { width: '320px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  counted: { width: '110px', minWidth: 0 },
  short: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  over: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  footer: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
  note: { minWidth: '360px', flexGrow: 1 },
  count: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '12px 0', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  countHead: { display: 'flex', justifyContent: 'space-between', columnGap: '16px', flexWrap: 'wrap', alignItems: 'baseline' },
  decide: { display: 'flex', columnGap: '12px', alignItems: 'end', flexWrap: 'wrap' },
});

const differencesPosted = (count: number) => (count === 0 ? 'The count agreed with the books: nothing to post.' : `${count} difference${count === 1 ? '' : 's'} posted as one count correction.`);
const signed = (variance: number) => (variance > 0 ? `+${variance}` : variance < 0 ? `−${-variance}` : '0');

/**
 * The count sheet: the batches a location holds beside the books; the counted units typed per
 * batch are recorded as one count (stock.count), which moves nothing until another person
 * approves it (stock.approveCount posts the variances as one count correction) or rejects it.
 * The server refuses a person's approval of their own count; the screen does not offer it.
 * Counting compares with the server's books, so it is online only (said so).
 */
export function CountScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const { status } = useWorkstation();
  const online = status?.connection.state === 'connected';
  const userId = status?.session.state === 'signedIn' ? status.session.user.id : undefined;
  const places = useStockLocations();
  const { locationId } = places;
  const [view, setView] = useState<StockLevelsView | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [query, setQuery] = useState('');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const [recorded, setRecorded] = useState<StockCount | undefined>();
  const [pending, setPending] = useState<StockCount[] | undefined>();
  const [pendingError, setPendingError] = useState<HostError | undefined>();
  const serial = useRef(0);

  const loadSheet = async () => {
    if (locationId === '') return;
    const mine = ++serial.current;
    const result = await pharmacy.api.request('pharmacy.stockLevels', { locationId });
    if (mine !== serial.current) return;
    setError(result.ok ? undefined : result.error);
    if (result.ok) setView(result.value);
  };
  const loadPending = async () => {
    if (locationId === '' || !online) return;
    const result = await pharmacy.api.call('stock.counts', { locationId, status: 'pending', limit: 50 });
    setPendingError(result.ok ? undefined : result.error);
    if (result.ok) setPending(result.value.items);
  };

  useEffect(() => {
    setView(undefined);
    setPending(undefined);
    setTyped({});
    setRowErrors({});
    void loadSheet();
    void loadPending();
  }, [locationId]);
  useEffect(() => {
    void loadSheet();
    void loadPending();
  }, [online]);
  // An approval (here or elsewhere) or any movement changes the books: read them again.
  useEffect(() => {
    if (stockChanged.serial === 0) return;
    void loadSheet();
    void loadPending();
  }, [stockChanged.serial]);

  const allRows = useMemo(() => (view === undefined ? [] : countRows(view.items)), [view]);
  const rows = useMemo(() => (view === undefined ? [] : countRows(searchItems(view.items, query))), [view, query]);
  const names = useMemo(() => new Map((view?.items ?? []).map((held) => [held.item.id, { name: held.item.name, unit: held.item.unit }])), [view]);
  const countedCount = allRows.filter((row) => (typed[row.batchId] ?? '').trim() !== '').length;

  const record = async () => {
    const check = countLines(allRows, typed);
    if (!check.ok) {
      setRowErrors(check.errors);
      return;
    }
    setRowErrors({});
    setSending(true);
    setSendError(undefined);
    const trimmed = note.trim();
    const result = await pharmacy.api.call('stock.count', { locationId, lines: check.lines, ...(trimmed === '' ? {} : { note: trimmed }) }, { idempotencyKey: crypto.randomUUID() });
    setSending(false);
    if (!result.ok) return setSendError(result.error);
    setRecorded(result.value.count);
    setTyped({});
    setNote('');
    void loadPending();
  };

  const decided = (count: StockCount) => {
    setPending((current) => current?.filter((other) => other.id !== count.id));
    void loadSheet();
  };

  return (
    <Page title="Count sheet" subtitle="Count each batch on the shelf and type what you find. A count moves nothing until another person approves it; approving posts the differences as one count correction.">
      {online ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="count-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            A count is compared with the books on the server as it is recorded, and approvals are decided there: counting needs the server. What you type stays here; record it when the server is back.
          </MessageBarBody>
        </MessageBar>
      )}
      {places.error === undefined ? null : <ErrorBar error={places.error} what="The stock locations could not be read" onRetry={() => void places.reload()} />}
      <div className={styles.toolbar}>
        <Field label="Location" className={styles.location}>
          <Select value={locationId} onChange={(_, data) => places.setLocationId(data.value)} disabled={!places.loaded}>
            {places.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
          </Select>
        </Field>
      </div>

      <Panel
        title={`Count of ${places.name(locationId) || 'the location'}`}
        actions={<Input className={styles.search} contentBefore={<Search20Regular />} placeholder="Search by name" aria-label="Search items" value={query} onChange={(_, data) => setQuery(data.value)} />}
      >
        {recorded === undefined ? null : (
          <MessageBar intent="success" layout="multiline" data-testid="count-recorded">
            <MessageBarBody>
              <MessageBarTitle>Count recorded</MessageBarTitle>
              {`${recorded.lines.length} batch${recorded.lines.length === 1 ? '' : 'es'} counted; ${recorded.lines.filter((line) => line.variance !== 0).length} differ from the books. Nothing moves until another person approves it.`}
            </MessageBarBody>
          </MessageBar>
        )}
        {error === undefined ? null : <ErrorBar error={error} what="The books could not be read" onRetry={() => void loadSheet()} />}
        {view?.source === 'cache' ? <Caption1 className={styles.muted} data-testid="count-kept">{`The books as kept here at ${shortTime(view.asOf)}: the server decides the variance when the count is recorded.`}</Caption1> : null}
        {view === undefined ? (
          error === undefined ? <Spinner label="Reading the books…" /> : null
        ) : allRows.length === 0 ? (
          <Body1 className={styles.muted} data-testid="count-empty">This location holds no batches to count.</Body1>
        ) : rows.length === 0 ? (
          <Body1 className={styles.muted}>{`No item here matches "${query.trim()}".`}</Body1>
        ) : (
          <Table size="small" aria-label="Count sheet">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '160px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Expiry</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>Books</TableHeaderCell>
                <TableHeaderCell style={{ width: '150px' }}>Counted</TableHeaderCell>
                <TableHeaderCell style={{ width: '120px' }}>Difference</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => {
                const text = (typed[row.batchId] ?? '').trim();
                const counted = /^\d+$/.test(text) ? Number(text) : undefined;
                const difference = counted === undefined ? undefined : counted - row.book;
                return (
                  <TableRow key={row.batchId} data-testid="count-row" data-batch={row.batchNumber}>
                    <TableCell>{row.itemName}</TableCell>
                    <TableCell><span className={styles.mono}>{row.batchNumber}</span></TableCell>
                    <TableCell>{longDate(row.expiry)}</TableCell>
                    <TableCell>{row.book}</TableCell>
                    <TableCell>
                      <Field validationMessage={rowErrors[row.batchId]} validationState={rowErrors[row.batchId] === undefined ? 'none' : 'error'}>
                        <Input
                          className={styles.counted}
                          inputMode="numeric"
                          aria-label={`Counted ${row.batchNumber}`}
                          value={typed[row.batchId] ?? ''}
                          onChange={(_, data) => setTyped((current) => ({ ...current, [row.batchId]: data.value }))}
                        />
                      </Field>
                    </TableCell>
                    <TableCell>
                      {difference === undefined ? null : (
                        <span className={difference < 0 ? styles.short : difference > 0 ? styles.over : styles.muted} data-testid="count-difference">{signed(difference)}</span>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {rowErrors.sheet === undefined ? null : <Body1 className={styles.short}>{rowErrors.sheet}</Body1>}
        {sendError === undefined ? null : <ErrorBar error={sendError} what="Count not recorded" onRetry={() => void record()} retrying={sending} />}
        <div className={styles.footer}>
          <Field label="Note" hint="Optional: who counted with you, what you found" className={styles.note}>
            <Input value={note} maxLength={500} onChange={(_, data) => setNote(data.value)} />
          </Field>
          <Button appearance="primary" disabled={sending || !online || countedCount === 0} onClick={() => void record()}>
            {sending ? 'Recording…' : 'Record count'}
          </Button>
          <Caption1 className={styles.muted}>{countedCount === 0 ? 'Type the counted units of at least one batch.' : `${countedCount} batch${countedCount === 1 ? '' : 'es'} counted.`}</Caption1>
        </div>
      </Panel>

      <Panel title="Waiting for approval">
        {pendingError === undefined ? null : <ErrorBar error={pendingError} what="The counts could not be read" onRetry={() => void loadPending()} />}
        {!online && pending === undefined ? (
          <Body1 className={styles.muted}>Counts waiting for approval are read from the server, which cannot be reached now.</Body1>
        ) : pending === undefined ? (
          pendingError === undefined ? <Spinner label="Reading the counts…" /> : null
        ) : pending.length === 0 ? (
          <Body1 className={styles.muted} data-testid="no-pending-counts">No count waits for approval here.</Body1>
        ) : (
          pending.map((count) => <PendingCount key={count.id} count={count} mine={!mayDecide(count, userId)} names={names} online={online} onDecided={decided} />)
        )}
      </Panel>
    </Page>
  );
}

function PendingCount({ count, mine, names, online, onDecided }: {
  count: StockCount;
  mine: boolean;
  names: ReadonlyMap<string, { name: string; unit: string }>;
  online: boolean;
  onDecided(count: StockCount): void;
}) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const [note, setNote] = useState('');
  const [sending, setSending] = useState<'approve' | 'reject' | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const decide = async (approve: boolean) => {
    setSending(approve ? 'approve' : 'reject');
    setError(undefined);
    const trimmed = note.trim();
    const result = await pharmacy.api.call('stock.approveCount', { countId: count.id, approve, ...(trimmed === '' ? {} : { note: trimmed }) }, { idempotencyKey: crypto.randomUUID() });
    setSending(undefined);
    if (!result.ok) return setError(result.error);
    pharmacy.notify({
      intent: 'success',
      title: approve ? 'Count approved' : 'Count rejected',
      message: approve ? differencesPosted(count.lines.filter((line) => line.variance !== 0).length) : 'Nothing was posted.',
    });
    onDecided(result.value.count);
  };
  return (
    <section className={styles.count} aria-label={`Count by ${count.countedByName}`} data-testid="pending-count" data-counted-by={count.countedByName}>
      <div className={styles.countHead}>
        <Body1><strong>{count.countedByName}</strong>{` counted ${count.lines.length} batch${count.lines.length === 1 ? '' : 'es'}, ${shortTime(count.countedAt)}`}</Body1>
        {count.note === null ? null : <Caption1 className={styles.muted}>{`“${count.note}”`}</Caption1>}
      </div>
      <Table size="small" aria-label={`Lines counted by ${count.countedByName}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Item</TableHeaderCell>
            <TableHeaderCell style={{ width: '160px' }}>Batch</TableHeaderCell>
            <TableHeaderCell style={{ width: '100px' }}>Books then</TableHeaderCell>
            <TableHeaderCell style={{ width: '100px' }}>Counted</TableHeaderCell>
            <TableHeaderCell style={{ width: '280px' }}>Difference</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {count.lines.map((line) => {
            const item = names.get(line.itemId);
            return (
              <TableRow key={line.batchId} data-testid="pending-line" data-batch={line.batchNumber}>
                <TableCell>{item?.name ?? 'An item not held here now'}</TableCell>
                <TableCell><span className={styles.mono}>{line.batchNumber}</span></TableCell>
                <TableCell>{line.book}</TableCell>
                <TableCell>{line.counted}</TableCell>
                <TableCell><span className={line.variance < 0 ? styles.short : line.variance > 0 ? styles.over : styles.muted}>{varianceText(line.variance, item?.unit)}</span></TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {error === undefined ? null : <ErrorBar error={error} what="Not decided" />}
      {mine ? (
        <Caption1 className={styles.muted} data-testid="own-count">Your count: another person approves or rejects it.</Caption1>
      ) : (
        <div className={styles.decide}>
          <Field label="Decision note" hint="Optional" className={styles.note}>
            <Input value={note} maxLength={500} onChange={(_, data) => setNote(data.value)} />
          </Field>
          <Button appearance="primary" disabled={!online || sending !== undefined} onClick={() => void decide(true)}>{sending === 'approve' ? 'Approving…' : 'Approve'}</Button>
          <Button disabled={!online || sending !== undefined} onClick={() => void decide(false)}>{sending === 'reject' ? 'Rejecting…' : 'Reject'}</Button>
        </div>
      )}
    </section>
  );
}
