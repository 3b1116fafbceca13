import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell,
  TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { ReceiptMoney20Regular } from '@fluentui/react-icons';
import { parseMajorUnits } from '@hms/core';
import { useState } from 'react';
import type { ReceiptView } from '../../../shared/billing/views.js';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { BillingError } from './BillingError.js';
import { METHOD_LABELS, moneyText } from './money.js';
import { NO_APPROVAL, SupervisorApproval, approvalOf } from './SupervisorApproval.js';
import type { Approval } from './SupervisorApproval.js';
import { useTableStyles } from './table-styles.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';
import { useDeskSession } from './use-desk-session.js';

const useStyles = makeStyles({
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  form: { display: 'grid', rowGap: '12px' },
});

const STATE_LABELS: Readonly<Record<ReceiptView['state'], { text: string; color: 'success' | 'warning' | 'danger' }>> = {
  applied: { text: 'On the server', color: 'success' },
  queued: { text: 'Waiting to send', color: 'warning' },
  refused: { text: 'Refused: see the outbox', color: 'danger' },
};

/** The receipts this desk issued for the patient, each refundable (with a supervisor's approval) once the server has it. */
export function ReceiptsPanel({ patientId, receipts, onRefunded }: { patientId: string; receipts: ReceiptView[]; onRefunded(): void }) {
  const styles = useStyles();
  const tables = useTableStyles();
  const { currency } = useBillingSettings();
  const { online, may } = useDeskSession();
  const [refunding, setRefunding] = useState<ReceiptView | undefined>();
  return (
    <Panel title="Payments" icon={<ReceiptMoney20Regular />}>
      {receipts.length === 0 ? <Body1 className={styles.muted}>No payment recorded for this patient.</Body1> : (
        <Table className={tables.table} size="small" aria-label="Payments">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Receipt</TableHeaderCell>
              <TableHeaderCell>Taken</TableHeaderCell>
              <TableHeaderCell>Method</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Amount</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {receipts.map((receipt) => (
              <TableRow key={receipt.receiptNumber} data-testid={`receipt-${receipt.receiptNumber}`}>
                <TableCell className={styles.mono}>{receipt.receiptNumber}</TableCell>
                <TableCell>{shortTime(receipt.takenAt)}</TableCell>
                <TableCell>{METHOD_LABELS[receipt.method]}{receipt.reference === null ? '' : ` · ${receipt.reference}`}</TableCell>
                <TableCell className={styles.amount}>{moneyText(receipt.amountMinor, currency)}{receipt.refundedMinor > 0 ? ` (${moneyText(receipt.refundedMinor, currency)} refunded)` : ''}</TableCell>
                <TableCell><Badge appearance="tint" color={STATE_LABELS[receipt.state].color}>{STATE_LABELS[receipt.state].text}</Badge></TableCell>
                <TableCell>
                  {may('payments.refund') && receipt.paymentId !== null && receipt.refundedMinor < receipt.amountMinor ? <Button size="small" disabled={!online} onClick={() => setRefunding(receipt)}>Refund</Button> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {refunding === undefined ? null : (
        <RefundDialog patientId={patientId} receipt={refunding} onClose={() => setRefunding(undefined)} onRefunded={() => { setRefunding(undefined); onRefunded(); }} />
      )}
    </Panel>
  );
}

/** A refund of (part of) a payment: the amount, a reason, and a billing supervisor's approval on this screen. */
function RefundDialog({ patientId, receipt, onClose, onRefunded }: { patientId: string; receipt: ReceiptView; onClose(): void; onRefunded(): void }) {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [error, setError] = useState<HostError | undefined>();
  const [busy, setBusy] = useState(false);
  const parsed = parseMajorUnits(amount, currency.minorDigits);
  const amountProblem = amount.trim() === '' ? undefined : !parsed.ok ? `The amount ${parsed.problem}` : parsed.minor === 0 ? 'The amount must be more than nothing' : parsed.minor > receipt.amountMinor - receipt.refundedMinor ? 'More than is left to refund of it' : undefined;

  const refund = async () => {
    if (!parsed.ok || receipt.paymentId === null) return;
    setBusy(true);
    setError(undefined);
    const result = await billing.refund({ patientId, paymentId: receipt.paymentId, amountMinor: parsed.minor, reason: reason.trim(), ...approvalOf(approval) });
    setBusy(false);
    setApproval((current) => ({ ...current, password: '' }));
    if (!result.ok) return setError(result.error);
    billing.notify({ intent: 'success', title: `Refund ${result.value.receiptNumber}`, message: `${moneyText(result.value.amountMinor, currency)} refunded of receipt ${receipt.receiptNumber}.` });
    onRefunded();
  };

  return (
    <Dialog open onOpenChange={(_, data) => { if (!data.open) onClose(); }}>
      <DialogSurface aria-label="Refund a payment">
        <DialogBody>
          <DialogTitle>Refund of receipt {receipt.receiptNumber}</DialogTitle>
          <DialogContent className={styles.form}>
            <Body1>{METHOD_LABELS[receipt.method]} {moneyText(receipt.amountMinor, currency)}, taken {shortTime(receipt.takenAt)}.</Body1>
            <Field label={`Amount to refund (${currency.code})`} required validationMessage={amountProblem}>
              <Input value={amount} onChange={(_, data) => setAmount(data.value)} inputMode="decimal" />
            </Field>
            <Field label="Reason" required>
              <Textarea value={reason} onChange={(_, data) => setReason(data.value)} />
            </Field>
            <SupervisorApproval value={approval} onChange={setApproval} disabled={busy} />
            {error === undefined ? null : <BillingError error={error} what="Not refunded" />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={busy || !parsed.ok || amountProblem !== undefined || reason.trim() === ''} onClick={() => void refund()}>Refund</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
