import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { mayCall, methods } from '@hms/core';
import type { TransferRequest } from '@hms/core';
import { useEffect, useRef, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { ItemPicker } from './ItemPicker.js';
import { issueLines, receiptLines, requestLines, requestState } from './transfer-model.js';
import type { RequestDraftLine } from './transfer-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';
import { useStockLocations } from './use-stock-locations.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
  location: { minWidth: '220px' },
  line: { display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) 140px auto', columnGap: '12px', alignItems: 'start' },
  form: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  actions: { display: 'flex', columnGap: '12px', alignItems: 'end', flexWrap: 'wrap' },
  request: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '12px 0', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  head: { display: 'flex', justifyContent: 'space-between', columnGap: '16px', flexWrap: 'wrap', alignItems: 'baseline' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  short: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  received: { width: '100px', minWidth: 0 },
  note: { minWidth: '320px', flexGrow: 1 },
});

const emptyLine = (): RequestDraftLine => ({ item: undefined, quantity: '' });

/**
 * Transfer requests between locations in three steps: the ward or dispensary requests items
 * from a store (stock.requestTransfer), the store's storekeeper issues them (stock.issueTransfer:
 * the server picks batches by FEFO; the units are in transit, in neither place), and the
 * destination receives what arrived per batch (stock.receiveTransfer: a shortfall needs a note
 * and becomes a discrepancy). Each step is the server's, so the screen is online only.
 */
export function TransfersScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const { status } = useWorkstation();
  const online = status?.connection.state === 'connected';
  const roles = status?.session.state === 'signedIn' ? status.session.user.roles : undefined;
  const mayIssue = mayCall(methods['stock.issueTransfer'].access, roles);
  const places = useStockLocations();
  const { locationId } = places;
  const [requests, setRequests] = useState<TransferRequest[] | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const serial = useRef(0);

  const load = async () => {
    if (locationId === '' || !online) return;
    const mine = ++serial.current;
    const result = await pharmacy.api.call('stock.transferRequests', { locationId, limit: 50 });
    if (mine !== serial.current) return;
    setError(result.ok ? undefined : result.error);
    if (result.ok) setRequests(result.value.items);
  };
  useEffect(() => {
    setRequests(undefined);
    void load();
  }, [locationId, online]);
  // Another desk's issue or receipt moves stock: the list is read again.
  useEffect(() => {
    if (stockChanged.serial > 0) void load();
  }, [stockChanged.serial]);

  const done = (text: string) => {
    setNotice(text);
    void load();
  };
  const name = (id: string) => places.name(id) || 'another location';

  return (
    <Page title="Transfers" subtitle="Ask a store for stock, issue what was asked (first expiry first out), and receive what arrived. Units issued are in transit until received.">
      {online ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="transfers-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            Requests, issues and receipts are recorded on the server as they happen: transfers need the server.
          </MessageBarBody>
        </MessageBar>
      )}
      {notice === undefined ? null : <MessageBar intent="success" data-testid="transfer-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {places.error === undefined ? null : <ErrorBar error={places.error} what="The stock locations could not be read" onRetry={() => void places.reload()} />}
      <div className={styles.toolbar}>
        <Field label="Location" className={styles.location}>
          <Select value={locationId} onChange={(_, data) => places.setLocationId(data.value)} disabled={!places.loaded} data-testid="transfer-location">
            {places.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
          </Select>
        </Field>
      </div>
      <NewRequest
        here={locationId}
        stores={places.locations.filter((location) => location.id !== locationId)}
        online={online}
        onSent={(request) => done(`${request.number} sent to ${name(request.fromLocationId)}: nothing moves until the store issues it.`)}
      />
      <Panel title={`Open requests of ${places.name(locationId) || 'the location'}`}>
        {error === undefined ? null : <ErrorBar error={error} what="The transfer requests could not be read" onRetry={() => void load()} />}
        {requests === undefined ? (online && error === undefined ? <Spinner label="Reading the requests…" /> : null) : requests.length === 0 ? (
          <Body1 className={styles.muted} data-testid="no-transfers">No open requests from or to this location.</Body1>
        ) : requests.map((request) => (
          <RequestCard key={request.id} request={request} here={locationId} mayIssue={mayIssue} online={online} name={name} onDone={done} />
        ))}
      </Panel>
    </Page>
  );
}

function NewRequest({ here, stores, online, onSent }: { here: string; stores: Array<{ id: string; name: string; kind: string }>; online: boolean; onSent(request: TransferRequest): void }) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const preferred = stores.find((store) => store.kind === 'store')?.id ?? stores[0]?.id ?? '';
  const [from, setFrom] = useState('');
  const [lines, setLines] = useState<RequestDraftLine[]>([emptyLine()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const source = stores.some((store) => store.id === from) ? from : preferred;
  const setLine = (index: number, patch: Partial<RequestDraftLine>) => setLines((current) => current.map((line, at) => (at === index ? { ...line, ...patch } : line)));
  const send = async () => {
    const check = requestLines(lines);
    if (!check.ok) return setErrors(Object.fromEntries(Object.entries(check.errors)));
    setErrors({});
    setSending(true);
    setSendError(undefined);
    const trimmed = note.trim();
    const result = await pharmacy.api.call('stock.requestTransfer', { fromLocationId: source, toLocationId: here, lines: check.lines, ...(trimmed === '' ? {} : { note: trimmed }) }, { idempotencyKey: crypto.randomUUID() });
    setSending(false);
    if (!result.ok) return setSendError(result.error);
    setLines([emptyLine()]);
    setNote('');
    onSent(result.value.request);
  };
  return (
    <Panel title="Request stock">
      <form className={styles.form} aria-label="Request stock" onSubmit={(event) => { event.preventDefault(); void send(); }}>
        <Field label="From" className={styles.location}>
          <Select value={source} onChange={(_, data) => setFrom(data.value)} data-testid="transfer-from">
            {stores.map((store) => <option key={store.id} value={store.id}>{store.name}</option>)}
          </Select>
        </Field>
        {lines.map((line, index) => (
          <div key={index} className={styles.line} data-testid="request-line">
            <ItemPicker value={line.item} onChange={(item) => setLine(index, { item })} validationMessage={errors[index]} />
            <Field label="Quantity">
              <Input style={{ minWidth: 0, width: '100%' }} inputMode="numeric" value={line.quantity} onChange={(_, data) => setLine(index, { quantity: data.value })} data-testid="request-quantity" />
            </Field>
            {lines.length === 1 ? <span /> : <Button style={{ marginTop: '26px' }} onClick={() => setLines((current) => current.filter((_, at) => at !== index))}>Remove</Button>}
          </div>
        ))}
        {errors.sheet === undefined ? null : <Body1 className={styles.short}>{errors.sheet}</Body1>}
        {sendError === undefined ? null : <ErrorBar error={sendError} what="Request not sent" />}
        <div className={styles.actions}>
          <Button onClick={() => setLines((current) => [...current, emptyLine()])}>Add an item</Button>
          <Field label="Note" hint="Optional: why, how urgent" className={styles.note}>
            <Input value={note} maxLength={500} onChange={(_, data) => setNote(data.value)} />
          </Field>
          <Button type="submit" appearance="primary" disabled={sending || !online || source === '' || here === ''} data-testid="send-request">{sending ? 'Sending…' : 'Send request'}</Button>
        </div>
      </form>
    </Panel>
  );
}

function RequestCard({ request, here, mayIssue, online, name, onDone }: {
  request: TransferRequest; here: string; mayIssue: boolean; online: boolean; name(id: string): string; onDone(text: string): void;
}) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const state = requestState(request, here, mayIssue);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const issue = async () => {
    const check = issueLines(request, typed);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setBusy(true);
    setSendError(undefined);
    const result = await pharmacy.api.call('stock.issueTransfer', { requestId: request.id, ...(check.lines === undefined ? {} : { lines: check.lines }) }, { idempotencyKey: crypto.randomUUID() });
    setBusy(false);
    if (!result.ok) return setSendError(result.error);
    const units = result.value.request.issues.reduce((sum, line) => sum + line.issued, 0);
    onDone(`${request.number} issued: ${units} units in transit to ${name(request.toLocationId)}.`);
  };
  const receive = async () => {
    const check = receiptLines(request, typed, note);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setBusy(true);
    setSendError(undefined);
    const trimmed = note.trim();
    const result = await pharmacy.api.call('stock.receiveTransfer', { requestId: request.id, lines: check.lines, ...(trimmed === '' ? {} : { note: trimmed }) }, { idempotencyKey: crypto.randomUUID() });
    setBusy(false);
    if (!result.ok) return setSendError(result.error);
    onDone(check.missing === 0
      ? `${request.number} received in full.`
      : `${request.number} received; ${check.missing} unit${check.missing === 1 ? '' : 's'} did not arrive: recorded as lost in transit and listed as a discrepancy.`);
  };
  return (
    <div className={styles.request} data-testid="transfer-request" data-number={request.number} data-status={request.status}>
      <div className={styles.head}>
        <Body1><span className={styles.mono}>{request.number}</span>{` · ${name(request.fromLocationId)} → ${name(request.toLocationId)}`}</Body1>
        <Caption1 className={styles.muted} data-testid="transfer-state">{`${state.text} · requested ${shortTime(request.requestedAt)}`}</Caption1>
      </div>
      {request.note === null ? null : <Caption1 className={styles.muted}>{request.note}</Caption1>}
      <Table size="small" aria-label={`Items of ${request.number}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Item</TableHeaderCell>
            <TableHeaderCell style={{ width: '110px' }}>Requested</TableHeaderCell>
            <TableHeaderCell style={{ width: state.action === 'issue' ? '220px' : '110px' }}>{state.action === 'issue' ? 'Issue (empty: as asked)' : 'Issued'}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {request.lines.map((line) => (
            <TableRow key={line.item.id}>
              <TableCell>{line.item.name}</TableCell>
              <TableCell>{line.requested}</TableCell>
              <TableCell>
                {state.action === 'issue' ? (
                  <Field validationMessage={errors[line.item.id]} validationState={errors[line.item.id] === undefined ? 'none' : 'error'}>
                    <Input className={styles.received} inputMode="numeric" aria-label={`Issue ${line.item.name}`} value={typed[line.item.id] ?? ''} placeholder={String(line.requested)}
                      onChange={(_, data) => setTyped((current) => ({ ...current, [line.item.id]: data.value }))} />
                  </Field>
                ) : request.status === 'requested' ? '' : line.issued}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {state.action !== 'receive' ? null : (
        <>
          <Table size="small" aria-label={`Batches of ${request.number}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '160px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Expiry</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>Issued</TableHeaderCell>
                <TableHeaderCell>Arrived (empty: all of it)</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {request.issues.map((line) => (
                <TableRow key={line.batchId} data-testid="transfer-issue" data-batch={line.batchNumber}>
                  <TableCell><span className={styles.mono}>{line.batchNumber}</span></TableCell>
                  <TableCell>{longDate(line.expiry)}</TableCell>
                  <TableCell>{line.issued}</TableCell>
                  <TableCell>
                    <Field validationMessage={errors[line.batchId]} validationState={errors[line.batchId] === undefined ? 'none' : 'error'}>
                      <Input className={styles.received} inputMode="numeric" aria-label={`Arrived ${line.batchNumber}`} value={typed[line.batchId] ?? ''} placeholder={String(line.issued)}
                        onChange={(_, data) => setTyped((current) => ({ ...current, [line.batchId]: data.value }))} />
                    </Field>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className={styles.actions}>
            <Field label="Note" hint="Needed when fewer arrived than were issued" className={styles.note} validationMessage={errors.note} validationState={errors.note === undefined ? 'none' : 'error'}>
              <Input
                value={note}
                maxLength={500}
                onChange={(_, data) => {
                  setNote(data.value);
                  setErrors(({ note: _said, ...rest }) => rest);
                }}
                data-testid="receipt-note"
              />
            </Field>
            <Button appearance="primary" disabled={busy || !online} onClick={() => void receive()} data-testid="receive-transfer">{busy ? 'Receiving…' : 'Receive'}</Button>
          </div>
        </>
      )}
      {state.action !== 'issue' ? null : (
        <div className={styles.actions}>
          <Button appearance="primary" disabled={busy || !online} onClick={() => void issue()} data-testid="issue-transfer">{busy ? 'Issuing…' : 'Issue'}</Button>
          {errors.sheet === undefined ? null : <Body1 className={styles.short}>{errors.sheet}</Body1>}
          <Caption1 className={styles.muted}>The server takes the batches first to expire; expired and recalled ones are never sent.</Caption1>
        </div>
      )}
      {sendError === undefined ? null : <ErrorBar error={sendError} what={state.action === 'issue' ? 'Not issued' : 'Not received'} />}
    </div>
  );
}
