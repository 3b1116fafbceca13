import { Body1, Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { Money20Regular } from '@fluentui/react-icons';
import { PAYMENT_METHODS } from '@hms/core';
import type { PaymentMethod } from '@hms/core';
import { useEffect, useState } from 'react';
import type { AccountView, PaymentOutcome } from '../../../shared/billing/views.js';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import type { CashierPatient } from './billing-model.js';
import { BillingError } from './BillingError.js';
import { METHOD_LABELS, moneyText } from './money.js';
import { REFERENCE_LABELS, checkPayment } from './payment-draft.js';
import type { PaymentDraft } from './payment-draft.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', columnGap: '12px', rowGap: '12px', alignItems: 'start' },
  wide: { gridColumn: '1 / -1' },
  change: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', columnGap: '8px', alignItems: 'center' },
});

const EMPTY_DRAFT = (invoiceId: string): PaymentDraft => ({ method: 'cash', invoiceId, amount: '', tendered: '', reference: '' });

/**
 * A payment at the window against an invoice (in part or whole) or as a deposit on the account:
 * cash with the money handed over and the change shown, card with the terminal's reference,
 * mobile money with its transaction reference, or a bank transfer. Offline it is taken against the
 * balances kept here and numbered from this desk's own series, its receipt final at once.
 */
export function PaymentPanel({ patient, account, invoiceId, onInvoice, onTaken }: {
  patient: CashierPatient;
  account: AccountView;
  invoiceId: string;
  onInvoice(invoiceId: string): void;
  onTaken(outcome: PaymentOutcome): void;
}) {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const [draft, setDraft] = useState<PaymentDraft>(EMPTY_DRAFT(invoiceId));
  const [error, setError] = useState<HostError | undefined>();
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<PaymentOutcome | undefined>();
  useEffect(() => setDraft((current) => ({ ...current, invoiceId })), [invoiceId]);

  const payable = account.invoices.filter((invoice) => invoice.status === 'issued' && invoice.balanceMinor > 0);
  const invoice = account.invoices.find((item) => item.id === draft.invoiceId);
  const check = checkPayment(draft, invoice?.balanceMinor, currency.minorDigits);
  const shown = (field: 'amount' | 'tendered' | 'reference') => (check.ok || (field === 'amount' ? draft.amount : field === 'tendered' ? draft.tendered : draft.reference).trim() === '' ? undefined : check.fields[field]);

  const take = async () => {
    if (!check.ok) return;
    setBusy(true);
    setError(undefined);
    const result = await billing.pay({ patientId: patient.id, ...check.params, patient: { name: patient.name, mrn: patient.mrn } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setLast(result.value);
    setDraft(EMPTY_DRAFT(draft.invoiceId));
    onTaken(result.value);
  };

  const reprint = async () => {
    if (last === undefined) return;
    setBusy(true);
    const result = await billing.printReceipt(last.receipt.receiptNumber, { name: patient.name, mrn: patient.mrn });
    setBusy(false);
    if (!result.ok) return setLast({ ...last, printError: result.error });
    setLast({ ...last, ...result.value });
  };

  return (
    <Panel title="Take a payment" icon={<Money20Regular />}>
      {last === undefined ? null : (
        <MessageBar intent={last.receipt.state === 'queued' ? 'warning' : 'success'} layout="multiline" data-testid="payment-taken">
          <MessageBarBody>
            <MessageBarTitle>Receipt {last.receipt.receiptNumber}</MessageBarTitle>
            {METHOD_LABELS[last.receipt.method]} {moneyText(last.receipt.amountMinor, currency)}
            {last.receipt.changeMinor > 0 ? ` · change ${moneyText(last.receipt.changeMinor, currency)}` : ''}
            {last.receipt.state === 'queued' ? ' · taken offline: numbered by this desk, sent when the server is back.' : ''}
            {last.printed === undefined ? '' : ` · printed (${last.printed.printer})`}
          </MessageBarBody>
        </MessageBar>
      )}
      {last?.printError === undefined ? null : (
        <div className={styles.actions}>
          <BillingError error={last.printError} what={`Receipt ${last.receipt.receiptNumber} not printed`} />
          <Button onClick={() => void reprint()} disabled={busy}>Print again</Button>
        </div>
      )}
      {error === undefined ? null : <BillingError error={error} what="Payment not taken" />}
      <div className={styles.form}>
        <Field label="Paying" className={styles.wide}>
          <Select value={draft.invoiceId} onChange={(_, data) => onInvoice(data.value)}>
            {payable.map((item) => <option key={item.id} value={item.id}>{item.number}: balance {moneyText(item.balanceMinor, currency)}</option>)}
            <option value="">A deposit on the patient&apos;s account</option>
          </Select>
        </Field>
        <Field label="Method" className={styles.wide}>
          <RadioGroup layout="horizontal" value={draft.method} onChange={(_, data) => setDraft({ ...draft, method: data.value as PaymentMethod })}>
            {PAYMENT_METHODS.map((method) => <Radio key={method} value={method} label={METHOD_LABELS[method]} />)}
          </RadioGroup>
        </Field>
        <Field label={`Amount (${currency.code})`} validationMessage={shown('amount')} hint={invoice === undefined ? 'Held on the account for later invoices' : `Balance ${moneyText(invoice.balanceMinor, currency)}; less is a partial payment`}>
          <Input value={draft.amount} onChange={(_, data) => setDraft({ ...draft, amount: data.value })} inputMode="decimal" />
        </Field>
        {draft.method === 'cash' ? (
          <Field label={`Cash handed over (${currency.code})`} validationMessage={shown('tendered')}>
            <Input value={draft.tendered} onChange={(_, data) => setDraft({ ...draft, tendered: data.value })} inputMode="decimal" />
          </Field>
        ) : (
          <Field label={REFERENCE_LABELS[draft.method]} validationMessage={shown('reference')} required={draft.method !== 'bank_transfer'}>
            <Input value={draft.reference} onChange={(_, data) => setDraft({ ...draft, reference: data.value })} />
          </Field>
        )}
        {draft.method === 'cash' ? (
          <Field label="Change to give">
            <Body1 className={styles.change} data-testid="change-due">{check.ok ? moneyText(check.changeMinor, currency) : '—'}</Body1>
          </Field>
        ) : null}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" icon={<Money20Regular />} disabled={!check.ok || busy} onClick={() => void take()}>Take payment</Button>
      </div>
    </Panel>
  );
}
