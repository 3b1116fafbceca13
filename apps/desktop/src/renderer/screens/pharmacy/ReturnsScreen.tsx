import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import type { Result } from '@hms/core';
import { useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { checkReturn } from './returns-model.js';
import { usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '12px', alignItems: 'end', flexWrap: 'wrap' },
  search: { width: '320px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  form: { display: 'flex', columnGap: '12px', alignItems: 'start', flexWrap: 'wrap', padding: '4px 0 12px' },
  quantity: { width: '100px', minWidth: 0 },
  reason: { minWidth: '320px', flexGrow: 1 },
  dispensation: { display: 'flex', flexDirection: 'column', rowGap: '6px', padding: '8px 0', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
});

type Read = Result<'dispensing.dispensations'>;
type Line = Read['items'][number]['lines'][number];

/**
 * Patient returns: unopened packs back to the shelf they left. The prescription is found by its
 * RX- number (scanned or typed); its dispensations list each line with what is still out, and a
 * return takes some of that with a reason (dispensing.return). The return does not reopen the
 * prescription and is credited to the patient's bill at the price the line was charged. Online only.
 */
export function ReturnsScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const online = useWorkstation().status?.connection.state === 'connected';
  const [code, setCode] = useState('');
  const [read, setRead] = useState<Read | undefined>();
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [notFound, setNotFound] = useState(false);
  const [returning, setReturning] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const open = async (prescriptionId: string) => {
    const result = await pharmacy.api.call('dispensing.dispensations', { prescriptionId });
    setError(result.ok ? undefined : result.error);
    if (result.ok) setRead(result.value);
  };
  const find = async () => {
    const text = code.trim();
    if (text === '') return;
    setSearching(true);
    setNotFound(false);
    setNotice(undefined);
    const found = await pharmacy.api.call('dispensing.worklist', { scan: text, includeComplete: true });
    setSearching(false);
    if (!found.ok) return setError(found.error);
    const entry = found.value.items[0];
    if (entry === undefined) {
      setRead(undefined);
      return setNotFound(true);
    }
    await open(entry.prescriptionId);
  };

  return (
    <Page title="Returns" subtitle="Unopened packs a patient brings back go back on the shelf they left. Find the prescription, then return from the line they were dispensed on.">
      {online ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="returns-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            A return is checked against what the server says is still out and moves stock there: returns need the server.
          </MessageBarBody>
        </MessageBar>
      )}
      {notice === undefined ? null : <MessageBar intent="success" data-testid="return-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      <form className={styles.toolbar} aria-label="Find a prescription" onSubmit={(event) => { event.preventDefault(); void find(); }}>
        <Field label="Prescription" hint="Scan or type its RX- number">
          <Input className={styles.search} contentBefore={<Search20Regular />} value={code} onChange={(_, data) => setCode(data.value)} data-testid="returns-code" />
        </Field>
        <Button type="submit" appearance="primary" disabled={!online || searching || code.trim() === ''} style={{ marginBottom: '22px' }}>{searching ? 'Finding…' : 'Find'}</Button>
      </form>
      {error === undefined ? null : <ErrorBar error={error} what="The prescription could not be read" onRetry={() => void find()} />}
      {notFound ? <Body1 className={styles.muted} data-testid="returns-not-found">{`No prescription has the number "${code.trim()}".`}</Body1> : null}
      {searching && read === undefined ? <Spinner label="Finding the prescription…" /> : null}
      {read === undefined ? null : (
        <Panel title={`${read.number} · ${read.patient.name} (${read.patient.mrn})`}>
          {read.items.length === 0 ? <Body1 className={styles.muted} data-testid="returns-none">Nothing has been dispensed on this prescription.</Body1> : read.items.map((dispensation) => (
            <div key={dispensation.id} className={styles.dispensation}>
              <Caption1 className={styles.muted}>{`Dispensed ${shortTime(dispensation.dispensedAt)} by ${dispensation.dispensedByName}${dispensation.offline ? ' (offline)' : ''}`}</Caption1>
              <Table size="small" aria-label={`Dispensed ${shortTime(dispensation.dispensedAt)}`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Medicine</TableHeaderCell>
                    <TableHeaderCell style={{ width: '150px' }}>Batch</TableHeaderCell>
                    <TableHeaderCell style={{ width: '100px' }}>Dispensed</TableHeaderCell>
                    <TableHeaderCell style={{ width: '100px' }}>Returned</TableHeaderCell>
                    <TableHeaderCell style={{ width: '100px' }}>Still out</TableHeaderCell>
                    <TableHeaderCell style={{ width: '110px' }} />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {dispensation.lines.flatMap((line) => {
                    const row = (
                      <TableRow key={line.id} data-testid="return-line" data-batch={line.batchNumber}>
                        <TableCell>{line.name}</TableCell>
                        <TableCell><span className={styles.mono}>{line.batchNumber}</span><Caption1 className={styles.muted}>{` exp ${longDate(line.expiry)}`}</Caption1></TableCell>
                        <TableCell>{line.quantity}</TableCell>
                        <TableCell>{line.returned}</TableCell>
                        <TableCell data-testid="return-out">{line.out}</TableCell>
                        <TableCell>
                          <Button size="small" disabled={!online || line.out === 0 || returning === line.id} onClick={() => setReturning(line.id)}>Return</Button>
                        </TableCell>
                      </TableRow>
                    );
                    if (returning !== line.id) return [row];
                    return [row, (
                      <TableRow key={`${line.id}-return`}>
                        <TableCell colSpan={6}>
                          <ReturnForm
                            line={line}
                            onCancel={() => setReturning(undefined)}
                            onReturned={(quantity) => {
                              setReturning(undefined);
                              setNotice(`${quantity} ${line.unit}${quantity === 1 ? '' : 's'} of batch ${line.batchNumber} back on the shelf.`);
                              void open(read.prescriptionId);
                            }}
                          />
                        </TableCell>
                      </TableRow>
                    )];
                  })}
                </TableBody>
              </Table>
            </div>
          ))}
        </Panel>
      )}
    </Page>
  );
}

function ReturnForm({ line, onCancel, onReturned }: { line: Line; onCancel(): void; onReturned(quantity: number): void }) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ quantity?: string; reason?: string }>({});
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const submit = async () => {
    const check = checkReturn(line.out, quantity, reason);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    setSending(true);
    setSendError(undefined);
    const result = await pharmacy.api.call('dispensing.return', { dispensationLineId: line.id, quantity: check.quantity, reason: check.reason }, { idempotencyKey: crypto.randomUUID() });
    setSending(false);
    if (!result.ok) return setSendError(result.error);
    onReturned(check.quantity);
  };
  return (
    <form className={styles.form} aria-label={`Return from batch ${line.batchNumber}`} onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <Field label={`Units (${line.unit}s)`} validationMessage={errors.quantity} validationState={errors.quantity === undefined ? 'none' : 'error'}>
        <Input className={styles.quantity} inputMode="numeric" value={quantity} onChange={(_, data) => setQuantity(data.value)} data-testid="return-quantity" />
      </Field>
      <Field label="Reason" className={styles.reason} validationMessage={errors.reason} validationState={errors.reason === undefined ? 'none' : 'error'}>
        <Input value={reason} maxLength={300} onChange={(_, data) => setReason(data.value)} data-testid="return-reason" />
      </Field>
      <Button type="submit" appearance="primary" disabled={sending} style={{ marginTop: '26px' }} data-testid="post-return">{sending ? 'Returning…' : 'Return to stock'}</Button>
      <Button onClick={onCancel} style={{ marginTop: '26px' }}>Cancel</Button>
      {sendError === undefined ? null : <ErrorBar error={sendError} what="Not returned" />}
    </form>
  );
}
