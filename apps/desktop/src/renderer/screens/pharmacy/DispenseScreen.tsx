import {
  Badge, Button, Caption1, Input, Link, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowLeft16Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import type { DispenseLineView, DispenseView, VerifyOutcome } from '../../../shared/pharmacy/views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { DispenseDone, LineNote, Refusal } from './DispenseOutcome.js';
import { checkLine, shownLine } from './pharmacy-model.js';
import type { DispenseRecord, LineDraft } from './pharmacy-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', columnGap: '12px', alignItems: 'center', marginTop: '12px' },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '8px' },
  /** A narrow window scrolls the table sideways rather than crushing its columns. */
  scroll: { overflowX: 'auto' },
});

function batchLabel(batch: DispenseLineView['batches'][number]): string {
  const flags = [batch.expired ? 'EXPIRED' : '', batch.recalled ? 'RECALLED' : ''].filter((flag) => flag !== '').join(', ');
  // Flags first: a narrow box cuts the end of an option off, never its warning.
  return `${flags === '' ? '' : `${flags} · `}${batch.batchNumber} · exp ${longDate(batch.expiry)} · ${batch.onHand} on hand`;
}

/** A fresh form: what is owed, ready to hand out; after a dispense the balance is left to type (a second click never hands it out unasked). */
function draftsOf(view: DispenseView, afterDispense: boolean): Record<string, LineDraft> {
  return Object.fromEntries(view.lines.map((line) => [line.prescriptionItemId, { quantity: line.outstanding > 0 && !afterDispense ? String(line.outstanding) : '', batchId: '', reason: '', verified: undefined, substituteId: '', substitutionReason: '' }]));
}

/**
 * One prescription at the counter: each item with what is still owed, the batch FEFO takes
 * (the server's pick), the quantity to hand out (all, or part: the rest stays on the worklist),
 * another batch only with a reason. Scanning a pack's GS1 code checks it is the prescribed
 * product and a batch that may go out. Dispensing prints the labels at once.
 */
export function DispenseScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged, worklist } = usePharmacy();
  const { routeArgs } = useWorkstation();
  const prescriptionId = routeArgs[0] ?? '';
  const [view, setView] = useState<DispenseView | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [drafts, setDrafts] = useState<Record<string, LineDraft>>({});
  const [verify, setVerify] = useState<VerifyOutcome | undefined>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<HostError | undefined>();
  const [done, setDone] = useState<DispenseRecord | undefined>();
  /** Dispensed in full offline: the prescription left the kept worklist. */
  const [gone, setGone] = useState(false);

  const load = useCallback(async (fresh: boolean, afterDispense = false) => {
    const result = await pharmacy.prepare(prescriptionId);
    if (!result.ok) {
      // Dispensed in full offline: it left the kept worklist, and what was done stays on screen.
      if (afterDispense) {
        setGone(true);
        return;
      }
      // A refresh in the background that fails leaves what is on screen.
      if (!fresh) return;
      setError(result.error);
      return;
    }
    setError(undefined);
    setView(result.value);
    if (fresh) setDrafts(draftsOf(result.value, afterDispense));
  }, [pharmacy, prescriptionId]);

  useEffect(() => {
    // Back at a prescription dispensed earlier this session: its result (and a label reprint) is still there.
    const kept = pharmacy.keptDispense(prescriptionId);
    setDone(kept);
    setVerify(undefined);
    setGone(false);
    void load(true, kept !== undefined);
  }, [load]);
  // Stock moved elsewhere: the batches and what they hold are read again (the drafts stay).
  useEffect(() => {
    if (view !== undefined && stockChanged.itemIds.some((id) => view.lines.some((line) => line.itemId === id))) void load(false);
  }, [stockChanged.serial]);

  // The worklist moved for this prescription (cancelled by the prescriber, dispensed at another
  // desk): it is read again, so the screen never offers what may no longer be handed out.
  useEffect(() => {
    if (view === undefined || worklist === undefined || !worklist.live) return;
    const shown = view.entry;
    const listed = worklist.entries.find((entry) => entry.prescriptionId === prescriptionId);
    const changed = listed === undefined
      ? shown.status !== 'complete' && shown.prescriptionStatus !== 'cancelled'
      : listed.status !== shown.status || listed.prescriptionStatus !== shown.prescriptionStatus || listed.items.some((item) => item.outstanding !== shown.items.find((other) => other.id === item.id)?.outstanding);
    if (changed) void load(false);
  }, [worklist]);

  // A pack scanned here is checked against the prescription.
  useEffect(() => pharmacy.claimScans((code) => {
    void pharmacy.verify(prescriptionId, code).then((result) => {
      if (!result.ok) return setVerify({ ok: false, message: result.error.message });
      setVerify(result.value);
      const outcome = result.value;
      if (outcome.ok && view !== undefined) {
        const line = view.lines.find((candidate) => candidate.prescriptionItemId === outcome.prescriptionItemId);
        setDrafts((current) => ({
          ...current,
          [outcome.prescriptionItemId]: { ...current[outcome.prescriptionItemId]!, verified: outcome.batchId, batchId: outcome.batchId === line?.fefoBatchId ? '' : outcome.batchId },
        }));
      }
    });
  }), [pharmacy, prescriptionId, view]);

  if (error !== undefined) return <Page title="Dispense"><ErrorBar error={error} onRetry={() => void load(true)} /></Page>;
  if (view === undefined) return <Page title="Dispense"><Spinner label="Opening the prescription…" /></Page>;
  const { entry } = view;
  const set = (itemId: string, patch: Partial<LineDraft>) => setDrafts((current) => ({ ...current, [itemId]: { ...current[itemId]!, ...patch } }));
  // A pack verified stays verified only while its batch is the one chosen.
  // Another product: its own batches (FEFO's again), and a pack verified for the other product no longer counts.
  const chooseProduct = (line: DispenseLineView, substituteId: string) => {
    set(line.prescriptionItemId, { substituteId, batchId: '', reason: '', verified: undefined });
    if (verify?.ok === true && verify.prescriptionItemId === line.prescriptionItemId) setVerify(undefined);
  };
  const chooseBatch = (line: DispenseLineView, batchId: string) => {
    const verified = drafts[line.prescriptionItemId]?.verified;
    const keep = verified !== undefined && verified === (batchId === '' ? line.fefoBatchId : batchId);
    set(line.prescriptionItemId, { batchId, verified: keep ? verified : undefined });
    if (!keep && verify?.ok === true && verify.prescriptionItemId === line.prescriptionItemId) setVerify(undefined);
  };
  const lines = view.lines.flatMap((line) => {
    const draft = drafts[line.prescriptionItemId];
    const quantity = Number(draft?.quantity ?? '');
    if (draft === undefined || draft.quantity.trim() === '' || !Number.isInteger(quantity) || quantity <= 0) return [];
    const substituteId = draft.substituteId ?? '';
    return [{
      prescriptionItemId: line.prescriptionItemId, quantity,
      ...(draft.batchId === '' ? {} : { batchId: draft.batchId }),
      ...(draft.batchId !== '' && draft.reason.trim() !== '' ? { reason: draft.reason.trim() } : {}),
      ...(substituteId === '' ? {} : { substituteItemId: substituteId, substitutionReason: (draft.substitutionReason ?? '').trim() }),
    }];
  });
  const dispense = async () => {
    setSending(true);
    setSendError(undefined);
    setDone(undefined);
    const handedOut = lines.map((line) => {
      const prescribed = view.lines.find((candidate) => candidate.prescriptionItemId === line.prescriptionItemId)!;
      const item = shownLine(prescribed, drafts[line.prescriptionItemId]);
      const batch = item.batches.find((candidate) => candidate.batchId === (line.batchId ?? item.fefoBatchId));
      const instead = item === prescribed ? '' : ` for ${prescribed.name}`;
      return `${line.quantity} × ${item.name}${instead}${batch === undefined ? '' : ` from batch ${batch.batchNumber} (exp ${longDate(batch.expiry)})`}`;
    });
    const result = await pharmacy.dispense({ prescriptionId, lines });
    setSending(false);
    if (!result.ok) return setSendError(result.error);
    const record = { outcome: result.value, handedOut };
    pharmacy.keepDispense(prescriptionId, record);
    setDone(record);
    await load(true, true);
  };
  const offline = view.source === 'cache';
  const checks = new Map(view.lines.map((line) => [line.prescriptionItemId, checkLine(line, drafts[line.prescriptionItemId], view.today, offline)]));
  const refused = [...checks.values()].some((list) => list.some((check) => check.intent === 'error'));
  const owed = !gone && view.lines.some((line) => line.outstanding > 0);
  // The right product from another batch than FEFO's is a caution, not a pass.
  const verifyIntent = verify === undefined || !verify.ok ? 'error' : view.lines.some((line) => line.fefoBatchId === verify.batchId) ? 'success' : 'warning';

  return (
    <Page
      title={`Dispense ${entry.number}`}
      subtitle={`${entry.patient.name} · ${entry.patient.mrn} · ${entry.prescriberName}${entry.prescriberRegistration === null ? '' : ` (${entry.prescriberRegistration})`}`}
      breadcrumb={<Link onClick={() => pharmacy.openWorklist()}><ArrowLeft16Regular /> Worklist</Link>}
    >
      {offline ? <MessageBar intent="warning"><MessageBarBody>Offline: the stock picture kept here. A dispense is queued with the batch it took and sent when the server is back.</MessageBarBody></MessageBar> : null}
      {entry.prescriptionStatus === 'cancelled' ? <MessageBar intent="error" data-testid="prescription-cancelled"><MessageBarBody>This prescription was cancelled by the prescriber. Do not dispense it.</MessageBarBody></MessageBar> : null}
      {verify === undefined ? null : (
        <MessageBar intent={verifyIntent} data-testid="verify-result" data-intent={verifyIntent}><MessageBarBody>{verify.message}</MessageBarBody></MessageBar>
      )}
      {done === undefined ? null : <DispenseDone record={done} prescriptionId={prescriptionId} />}
      <Panel title={!owed ? 'Nothing more to dispense' : done === undefined ? 'Items' : 'Still owed'}>
        {!owed ? null : <div className={styles.scroll}><Table size="small" aria-label="Items to dispense" style={{ minWidth: '640px' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Medicine</TableHeaderCell>
              <TableHeaderCell style={{ width: '100px' }}>Outstanding</TableHeaderCell>
              <TableHeaderCell style={{ width: '100px' }}>Hand out</TableHeaderCell>
              <TableHeaderCell style={{ width: '45%' }}>Batch</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.lines.map((prescribed) => {
              const draft = drafts[prescribed.prescriptionItemId];
              // The product handed out: the prescribed one, or a substitute of its generic (its own batches).
              const line = shownLine(prescribed, draft);
              const fefo = line.batches.find((batch) => batch.batchId === line.fefoBatchId);
              return (
                <TableRow key={line.prescriptionItemId} data-testid="dispense-line" data-item={prescribed.name}>
                  <TableCell>
                    <div className={styles.stack} style={{ rowGap: '4px', padding: '6px 0' }}>
                      <span>{prescribed.name}</span>
                      <Caption1 className={styles.muted}>{line.usable} usable here{draft?.verified === undefined ? '' : ' · '}{draft?.verified === undefined ? null : <Badge size="small" color="success">pack verified</Badge>}</Caption1>
                      {/* Generic substitution: another product of the same generic, with a reason (recorded on the dispensation, the label and the charge). */}
                      {prescribed.substitutes.length === 0 || offline ? null : (
                        <Select aria-label={`Product for ${prescribed.name}`} data-testid="dispense-product" disabled={entry.prescriptionStatus === 'cancelled'} value={draft?.substituteId ?? ''} onChange={(_, data) => chooseProduct(prescribed, data.value)}>
                          <option value="">As prescribed</option>
                          {prescribed.substitutes.map((other) => <option key={other.itemId} value={other.itemId}>{`Substitute: ${other.name} · ${other.usable} usable`}</option>)}
                        </Select>
                      )}
                      {(draft?.substituteId ?? '') === '' ? null : (
                        <Input
                          aria-label={`Reason for substituting ${prescribed.name}`} data-testid="substitution-reason" placeholder="Why another product?"
                          value={draft?.substitutionReason ?? ''} onChange={(_, data) => set(prescribed.prescriptionItemId, { substitutionReason: data.value })}
                        />
                      )}
                    </div>
                  </TableCell>
                  <TableCell>{line.outstanding}</TableCell>
                  <TableCell>
                    <Input aria-label={`Quantity of ${line.name}`} data-testid="dispense-quantity" inputMode="numeric" disabled={line.outstanding <= 0 || entry.prescriptionStatus === 'cancelled'} value={draft?.quantity ?? ''} onChange={(_, data) => set(line.prescriptionItemId, { quantity: data.value })} style={{ width: '90px' }} />
                  </TableCell>
                  <TableCell>
                    <div className={styles.stack} style={{ padding: '6px 0' }}>
                      <Select aria-label={`Batch of ${line.name}`} data-testid="dispense-batch" disabled={entry.prescriptionStatus === 'cancelled'} value={draft?.batchId ?? ''} onChange={(_, data) => chooseBatch(line, data.value)}>
                        <option value="">{fefo === undefined ? 'FEFO: no usable batch' : `FEFO: ${batchLabel(fefo)}`}</option>
                        {line.batches.filter((batch) => batch.batchId !== line.fefoBatchId).map((batch) => <option key={batch.batchId} value={batch.batchId}>{batchLabel(batch)}</option>)}
                      </Select>
                      {/* Another batch than FEFO's is taken only with a reason: asked for where the batch is chosen. */}
                      {(draft?.batchId ?? '') === '' ? null : (
                        <Input
                          aria-label={`Reason for another batch of ${line.name}`} data-testid="dispense-reason" placeholder="Why this batch and not FEFO's?"
                          value={draft?.reason ?? ''} onChange={(_, data) => set(line.prescriptionItemId, { reason: data.value })}
                        />
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table></div>}
        {owed ? [...checks.values()].flat().map((check) => <LineNote key={check.message} check={check} />) : null}
        {sendError === undefined ? null : <Refusal error={sendError} />}
        {owed ? (
          <div className={styles.actions}>
            <Button appearance="primary" data-testid="dispense" disabled={sending || lines.length === 0 || refused || entry.prescriptionStatus === 'cancelled'} onClick={() => void dispense()}>
              {sending ? 'Dispensing…' : offline ? 'Dispense offline and print labels' : 'Dispense and print labels'}
            </Button>
            <Caption1 className={styles.muted}>Scan each pack to check it against the prescription.</Caption1>
          </div>
        ) : (
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => pharmacy.openWorklist()}>Back to the worklist</Button>
            <Caption1 className={styles.muted} data-testid="nothing-owed">Nothing more is owed on this prescription.</Caption1>
          </div>
        )}
      </Panel>
    </Page>
  );
}
