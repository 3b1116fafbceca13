import {
  Badge, Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Table, TableBody, TableCell, TableHeader,
  Select, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { Add20Regular, ReceiptMoney20Regular } from '@fluentui/react-icons';
import type { Result } from '@hms/core';
import { useEffect, useState } from 'react';
import type { AccountView, ChargeView } from '../../../shared/billing/views.js';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useDebounced } from '../../state/hooks.js';
import { BillingError } from './BillingError.js';
import { moneyText } from './money.js';
import { NO_APPROVAL, SupervisorApproval, approvalOf } from './SupervisorApproval.js';
import type { Approval } from './SupervisorApproval.js';
import { useTableStyles } from './table-styles.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';
import { useDeskSession } from './use-desk-session.js';

const useStyles = makeStyles({
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  add: { display: 'grid', gridTemplateColumns: 'minmax(140px, 1fr) minmax(200px, 2fr) 80px auto', columnGap: '8px', alignItems: 'end' },
  fill: { width: '100%', minWidth: 0 },
  footer: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', columnGap: '12px', flexWrap: 'wrap' },
  actions: { display: 'flex', columnGap: '8px' },
  form: { display: 'grid', rowGap: '12px' },
});

type Service = Result<'prices.list'>['items'][number];

/** Charges that are not on an invoice yet, and what is not cancelled by a reversal: what the next invoice takes. */
export function openCharges(charges: readonly ChargeView[]): ChargeView[] {
  return charges.filter((charge) => charge.invoiceId === null && charge.reversedBy === null && charge.reverses === null);
}

/**
 * The patient's charges not yet invoiced (a reversal pair left out), a manual charge added from
 * the catalogue at its cash price, a charge reversed with a reason and a supervisor's approval,
 * and the invoice made of them.
 */
export function ChargesPanel({ patientId, account, onChanged }: { patientId: string; account: AccountView; onChanged(): void }) {
  const styles = useStyles();
  const tables = useTableStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const { online, may } = useDeskSession();
  const open = openCharges(account.charges);
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();
  const [busy, setBusy] = useState(false);
  const [reversing, setReversing] = useState<ChargeView | undefined>();

  const invoice = async (kind: 'interim' | 'final') => {
    setBusy(true);
    setError(undefined);
    const result = await billing.createInvoice({ patientId, kind });
    setBusy(false);
    if (!result.ok) return setError({ what: 'No invoice made', error: result.error });
    billing.notify({ intent: 'success', title: `Invoice ${result.value.invoice.number} issued`, message: `${moneyText(result.value.invoice.patientMinor, currency)} for the patient to pay.` });
    onChanged();
  };

  return (
    <Panel title="Charges not yet invoiced" icon={<ReceiptMoney20Regular />} label="Charges not yet invoiced">
      {error === undefined ? null : <BillingError error={error.error} what={error.what} />}
      {open.length === 0 ? <Body1 className={styles.muted} data-testid="no-open-charges">Nothing is waiting to be invoiced.</Body1> : (
        <Table className={tables.table} size="small" aria-label="Uninvoiced charges">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Service</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Qty</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Unit</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Amount</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {open.map((charge) => (
              <TableRow key={charge.id}>
                <TableCell>{shortTime(charge.at)}</TableCell>
                <TableCell>{charge.description}</TableCell>
                <TableCell><Badge appearance="tint" color={charge.amountMinor < 0 ? 'warning' : 'informative'}>{sourceLabel(charge.source)}</Badge></TableCell>
                <TableCell className={styles.amount}>{charge.quantity}</TableCell>
                <TableCell className={styles.amount}>{moneyText(charge.unitPriceMinor, currency)}</TableCell>
                <TableCell className={styles.amount}>{moneyText(charge.amountMinor, currency)}</TableCell>
                <TableCell>
                  {charge.amountMinor > 0 && may('charges.reverse') ? <Button size="small" disabled={!online} onClick={() => setReversing(charge)}>Reverse</Button> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className={styles.footer}>
        <Body1 data-testid="uninvoiced-total">Not yet invoiced: <strong>{moneyText(account.uninvoicedMinor, currency)}</strong></Body1>
        {may('invoices.create') ? (
          <div className={styles.actions}>
            <Button disabled={!online || busy || open.length === 0} onClick={() => void invoice('interim')}>Interim invoice</Button>
            <Button appearance="primary" disabled={!online || busy || open.length === 0} onClick={() => void invoice('final')}>Create invoice</Button>
          </div>
        ) : null}
      </div>
      {may('charges.add') ? <ManualCharge patientId={patientId} disabled={!online} onAdded={onChanged} /> : null}
      {reversing === undefined ? null : <ReverseDialog charge={reversing} onClose={() => setReversing(undefined)} onReversed={() => { setReversing(undefined); onChanged(); }} />}
    </Panel>
  );
}

function sourceLabel(source: ChargeView['source']): string {
  switch (source) {
    case 'check_in': return 'Check-in';
    case 'lab_order_item': return 'Lab order';
    case 'dispensation_line': return 'Dispensed';
    case 'dispensing_return': return 'Returned';
    case 'manual': return 'Manual';
    case 'reversal': return 'Reversal';
  }
}

/** A manual charge: a service found in the catalogue by name or code, and a quantity. */
function ManualCharge({ patientId, disabled, onAdded }: { patientId: string; disabled: boolean; onAdded(): void }) {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const [query, setQuery] = useState('');
  const typed = useDebounced(query, 200);
  const [services, setServices] = useState<Service[]>([]);
  const [chosen, setChosen] = useState<Service | undefined>();
  const [quantity, setQuantity] = useState('1');
  const [error, setError] = useState<HostError | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (disabled) return;
    let live = true;
    void billing.services(typed).then((result) => {
      if (!live || !result.ok) return;
      const priced = result.value.items.filter((item) => item.active && item.price !== null);
      setServices(priced);
      // The first match is the one charged unless another is chosen.
      setChosen((current) => priced.find((item) => item.code === current?.code) ?? priced[0]);
    });
    return () => {
      live = false;
    };
  }, [typed, disabled]);

  const add = async () => {
    if (chosen === undefined) return;
    const count = Number(quantity);
    setBusy(true);
    setError(undefined);
    const result = await billing.addCharge({ patientId, serviceCode: chosen.code, quantity: Number.isInteger(count) ? count : 0 });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setQuery('');
    setQuantity('1');
    onAdded();
  };

  return (
    <div>
      <div className={styles.add}>
        <Field label="Find a service">
          <Input className={styles.fill} value={query} onChange={(_, data) => setQuery(data.value)} placeholder="Name or code" disabled={disabled} />
        </Field>
        <Field label="Service to charge">
          <Select className={styles.fill} value={chosen?.code ?? ''} onChange={(_, data) => setChosen(services.find((item) => item.code === data.value))} disabled={disabled || services.length === 0}>
            {services.length === 0 ? <option value="">No priced service matches</option> : null}
            {services.map((service) => (
              <option key={service.code} value={service.code}>
                {service.name} ({service.code}) · {service.price === null ? '' : moneyText(service.price.priceMinor, currency)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Quantity">
          <Input className={styles.fill} type="number" min={1} value={quantity} onChange={(_, data) => setQuantity(data.value)} disabled={disabled} />
        </Field>
        <Button icon={<Add20Regular />} onClick={() => void add()} disabled={disabled || busy || chosen === undefined}>Add charge</Button>
      </div>
      {error === undefined ? null : <BillingError error={error} what="Charge not added" />}
    </div>
  );
}

/** A charge reversed: a reason, and a supervisor's approval typed on this screen. */
function ReverseDialog({ charge, onClose, onReversed }: { charge: ChargeView; onClose(): void; onReversed(): void }) {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>(NO_APPROVAL);
  const [error, setError] = useState<HostError | undefined>();
  const [busy, setBusy] = useState(false);

  const reverse = async () => {
    setBusy(true);
    setError(undefined);
    const result = await billing.reverseCharge({ chargeId: charge.id, reason: reason.trim(), ...approvalOf(approval) });
    setBusy(false);
    setApproval((current) => ({ ...current, password: '' }));
    if (!result.ok) return setError(result.error);
    onReversed();
  };

  return (
    <Dialog open onOpenChange={(_, data) => { if (!data.open) onClose(); }}>
      <DialogSurface aria-label="Reverse a charge">
        <DialogBody>
          <DialogTitle>Reverse {charge.description}</DialogTitle>
          <DialogContent className={styles.form}>
            <Body1>{charge.quantity} × {moneyText(charge.unitPriceMinor, currency)} = {moneyText(charge.amountMinor, currency)}. A reversal is a new charge of minus that amount; the charge stays on record.</Body1>
            <Field label="Reason" required>
              <Textarea value={reason} onChange={(_, data) => setReason(data.value)} />
            </Field>
            <SupervisorApproval value={approval} onChange={setApproval} disabled={busy} />
            {error === undefined ? null : <BillingError error={error} what="Not reversed" />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={busy || reason.trim() === ''} onClick={() => void reverse()}>Reverse the charge</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
