import {
  Body1, Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import type { Result, StockLocation } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { ItemPicker } from './ItemPicker.js';
import type { ItemChoice } from './receipt-draft.js';
import { checkRecallReason, holdings, recallOutcome } from './recall-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  flag: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  form: { display: 'grid', rowGap: '8px', maxWidth: '640px', marginTop: '8px' },
  picker: { maxWidth: '420px' },
  buttons: { display: 'flex', columnGap: '8px' },
});

type Batches = Result<'stock.batches'>;
type Recipients = Result<'batches.recipients'>;

/**
 * Recalls: a batch found by its item and recalled with the supplier's reason (batches.recall),
 * which blocks it at every location at once (the server refuses any dispense or move of it),
 * and the patients who kept units of it, listed for the pharmacist to reach; the recalled
 * batches and their patients read again later (batches.recalls, batches.recipients: an offline
 * dispense replayed after the recall is on it). Online only: the recall is the server's.
 */
export function RecallsScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const online = useWorkstation().status?.connection.state === 'connected';
  const [item, setItem] = useState<ItemChoice | undefined>();
  const [batches, setBatches] = useState<Batches | undefined>();
  const [locations, setLocations] = useState<StockLocation[]>([]);
  const [recalls, setRecalls] = useState<Result<'batches.recalls'> | undefined>();
  const [recipients, setRecipients] = useState<Recipients | undefined>();
  const [recalling, setRecalling] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();

  const loadRecalls = async () => {
    if (!online) return;
    const [list, places] = await Promise.all([pharmacy.api.call('batches.recalls', {}), pharmacy.locations()]);
    if (list.ok) setRecalls(list.value);
    else setError({ what: 'The recalled batches could not be read', error: list.error });
    if (places.ok) setLocations(places.value);
  };
  const loadBatches = async (itemId: string) => {
    const result = await pharmacy.api.call('stock.batches', { itemId });
    if (result.ok) setBatches(result.value);
    else setError({ what: 'The batches could not be read', error: result.error });
  };
  const showRecipients = async (batchId: string) => {
    const result = await pharmacy.api.call('batches.recipients', { batchId });
    if (result.ok) setRecipients(result.value);
    else setError({ what: 'The patients could not be read', error: result.error });
  };
  useEffect(() => {
    void loadRecalls();
  }, [online]);
  useEffect(() => {
    setBatches(undefined);
    setRecalling(undefined);
    if (item !== undefined && online) void loadBatches(item.id);
  }, [item?.id, online]);
  useEffect(() => {
    if (stockChanged.serial === 0) return;
    void loadRecalls();
    if (item !== undefined) void loadBatches(item.id);
  }, [stockChanged.serial]);

  const recall = async (batchId: string, batchNumber: string) => {
    const check = checkRecallReason(reason);
    if (!check.ok) return setProblem(check.problem);
    setProblem(undefined);
    setSending(true);
    setError(undefined);
    const result = await pharmacy.api.call('batches.recall', { batchId, reason: check.reason }, { idempotencyKey: crypto.randomUUID() });
    setSending(false);
    if (!result.ok) return setError({ what: `Batch ${batchNumber} not recalled`, error: result.error });
    setNotice(recallOutcome(batchNumber, result.value.recipients));
    setRecalling(undefined);
    setReason('');
    if (batches !== undefined) setRecipients({ item: batches.item, batch: result.value.batch, recipients: result.value.recipients });
    if (item !== undefined) void loadBatches(item.id);
    void loadRecalls();
  };

  return (
    <Page title="Recalls" subtitle="A recalled batch is blocked at every location at once; everyone who received it is listed to be reached.">
      {online ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="recalls-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            A recall blocks the batch on the server for every desk at once, and the patients are the server&apos;s record: both wait until it can be reached.
          </MessageBarBody>
        </MessageBar>
      )}
      {notice === undefined ? null : <MessageBar intent="success" data-testid="recall-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error === undefined ? null : <ErrorBar error={error.error} what={error.what} />}

      <Panel title="Recall a batch">
        <div className={styles.picker}><ItemPicker value={item} onChange={setItem} hint="The medicine or consumable the supplier recalls" disabled={!online} /></div>
        {item === undefined ? null : batches === undefined ? (online ? <Spinner label="Reading its batches…" /> : null) : batches.batches.length === 0 ? (
          <Body1 className={styles.muted} data-testid="recall-no-batches">No batch of {batches.item.name} was ever received.</Body1>
        ) : (
          <Table size="small" aria-label={`Batches of ${batches.item.name}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '140px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '120px' }}>Expiry</TableHeaderCell>
                <TableHeaderCell>Held</TableHeaderCell>
                <TableHeaderCell style={{ width: '220px' }}>Recall</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {batches.batches.map((batch) => (
                <TableRow key={batch.id} data-testid="recall-batch" data-batch={batch.batchNumber}>
                  <TableCell><span className={styles.mono}>{batch.batchNumber}</span></TableCell>
                  <TableCell>{longDate(batch.expiry)}</TableCell>
                  <TableCell data-testid="recall-held">{holdings(batch, locations)}</TableCell>
                  <TableCell>
                    {batch.recalledAt === null ? (
                      <Button size="small" disabled={!online} onClick={() => { setRecalling(batch.id); setProblem(undefined); setNotice(undefined); }}>Recall…</Button>
                    ) : (
                      <Button size="small" appearance="subtle" onClick={() => void showRecipients(batch.id)}><span className={styles.flag}>Recalled {shortTime(batch.recalledAt)}</span>&nbsp;· patients</Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {(() => {
          const batch = batches?.batches.find((candidate) => candidate.id === recalling);
          if (batch === undefined) return null;
          return (
            <form className={styles.form} aria-label={`Recall batch ${batch.batchNumber}`} onSubmit={(event) => { event.preventDefault(); void recall(batch.id, batch.batchNumber); }}>
              <Body1>
                Recall batch <span className={styles.mono}>{batch.batchNumber}</span> of {batches!.item.name} (expiry {longDate(batch.expiry)}): no desk may dispense or move it from now on, wherever it is. This cannot be undone.
              </Body1>
              <Field label="Reason" hint="The supplier's or regulator's notice and its reference" validationMessage={problem} validationState={problem === undefined ? 'none' : 'error'}>
                <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" data-testid="recall-reason" />
              </Field>
              <div className={styles.buttons}>
                <Button type="submit" appearance="primary" disabled={sending || !online} data-testid="recall-confirm">{sending ? 'Recalling…' : `Recall batch ${batch.batchNumber} everywhere`}</Button>
                <Button appearance="subtle" onClick={() => setRecalling(undefined)}>Cancel</Button>
              </div>
            </form>
          );
        })()}
      </Panel>

      {recipients === undefined ? null : (
        <Panel title={`Who received batch ${recipients.batch.batchNumber} of ${recipients.item.name}`}>
          {recipients.recipients.length === 0 ? (
            <Body1 className={styles.muted} data-testid="recipients-none">No patient kept units of this batch (none was dispensed, or all came back).</Body1>
          ) : (
            <Table size="small" aria-label="Patients who received the batch">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Patient</TableHeaderCell>
                  <TableHeaderCell style={{ width: '190px' }}>MRN</TableHeaderCell>
                  <TableHeaderCell style={{ width: '150px' }}>Dispensed</TableHeaderCell>
                  <TableHeaderCell style={{ width: '110px' }}>Units kept</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {recipients.recipients.map((recipient) => (
                  <TableRow key={recipient.dispensationId} data-testid="recipient">
                    <TableCell>{recipient.name}</TableCell>
                    <TableCell><span className={styles.mono}>{recipient.mrn}</span></TableCell>
                    <TableCell>{shortTime(recipient.dispensedAt)}</TableCell>
                    <TableCell data-testid="recipient-quantity">{recipient.quantity}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <Caption1 className={styles.muted}>Dispensed less returned, per dispensation. Reading this list is recorded on each patient&apos;s record.</Caption1>
        </Panel>
      )}

      <Panel title="Recalled batches">
        {recalls === undefined ? (online ? <Spinner label="Reading the recalls…" /> : null) : recalls.items.length === 0 ? (
          <Body1 className={styles.muted} data-testid="recalls-none">No batch has been recalled.</Body1>
        ) : (
          <Table size="small" aria-label="Recalled batches">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Recalled</TableHeaderCell>
                <TableHeaderCell>Reason</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>On books</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Patients</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {recalls.items.map((line) => (
                <TableRow key={line.batch.id} data-testid="recalled-batch">
                  <TableCell>{line.item.name}</TableCell>
                  <TableCell><span className={styles.mono}>{line.batch.batchNumber}</span></TableCell>
                  <TableCell>{line.batch.recalledAt === null ? '' : shortTime(line.batch.recalledAt)}</TableCell>
                  <TableCell>{line.batch.recallReason}</TableCell>
                  <TableCell>{line.onHand}</TableCell>
                  <TableCell><Button size="small" disabled={!online} onClick={() => void showRecipients(line.batch.id)} data-testid="recalled-patients">{line.patients} · show</Button></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Caption1 className={styles.muted}>Recalled stock stays on the books: move it to quarantine, then write it off as returned to the supplier.</Caption1>
      </Panel>
    </Page>
  );
}
