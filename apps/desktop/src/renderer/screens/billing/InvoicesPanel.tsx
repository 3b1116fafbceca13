import { Badge, Body1, Button, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentText20Regular, Print20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AccountView, InvoiceView } from '../../../shared/billing/views.js';
import { invoiceDocumentOf } from '../../../shared/printing/billing/index.js';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import type { CashierPatient } from './billing-model.js';
import { BillingError } from './BillingError.js';
import { moneyText } from './money.js';
import { useTableStyles } from './table-styles.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';

const useStyles = makeStyles({
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { whiteSpace: 'nowrap' },
  owed: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
});

/** The patient's invoices: totals, the payer's and the patient's shares, what is paid and what is owed; each printed as a PDF on the page printer. */
export function InvoicesPanel({ patient, account, onPay }: { patient: CashierPatient; account: AccountView; onPay?: (invoice: InvoiceView) => void }) {
  const styles = useStyles();
  const tables = useTableStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const timeZone = useWorkstation().reference?.hospital?.timeZone ?? 'UTC';
  const [printing, setPrinting] = useState<string | undefined>();
  const [printed, setPrinted] = useState<{ number: string; error?: HostError; printer?: string } | undefined>();

  const print = async (invoice: InvoiceView) => {
    setPrinting(invoice.id);
    try {
      const document = invoiceDocumentOf({
        invoice,
        patient: { name: patient.name, mrn: patient.mrn, ...(patient.birthDate === null ? {} : { birthDate: patient.birthDate }) },
        payer: { name: 'Cash', kind: 'cash' },
        settings: { money: { code: currency.code, minorDigits: currency.minorDigits }, timeZone },
      });
      const result = await billing.api.request('printers.print', { document });
      setPrinted(result.ok ? { number: invoice.number, printer: result.value.printer } : { number: invoice.number, error: result.error });
    } catch (error) {
      setPrinted({ number: invoice.number, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
    } finally {
      setPrinting(undefined);
    }
  };

  return (
    <Panel title="Invoices" icon={<DocumentText20Regular />}>
      {printed?.error === undefined ? null : <BillingError error={printed.error} what={`Invoice ${printed.number} not printed`} />}
      {printed?.printer === undefined ? null : <Caption1 data-testid="invoice-printed">Invoice {printed.number} printed ({printed.printer}).</Caption1>}
      {account.invoices.length === 0 ? <Body1 className={styles.muted}>No invoice yet.</Body1> : (
        <Table className={tables.table} size="small" aria-label="Invoices">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Number</TableHeaderCell>
              <TableHeaderCell>Issued</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Total</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Payer share</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Patient share</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Paid</TableHeaderCell>
              <TableHeaderCell className={styles.amount}>Balance</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHeader>
          <TableBody>
            {account.invoices.map((invoice) => (
              <TableRow key={invoice.id} data-testid={`invoice-${invoice.number}`}>
                <TableCell className={styles.mono}>
                  {invoice.number} {invoice.kind === 'interim' ? <Badge appearance="outline">interim</Badge> : null} {invoice.status === 'void' ? <Badge color="danger">void</Badge> : null}
                </TableCell>
                <TableCell>{shortTime(invoice.issuedAt)}</TableCell>
                <TableCell className={styles.amount}>{moneyText(invoice.totalMinor, currency)}</TableCell>
                <TableCell className={styles.amount}>{moneyText(invoice.payerMinor, currency)}</TableCell>
                <TableCell className={styles.amount}>{moneyText(invoice.patientMinor, currency)}</TableCell>
                <TableCell className={styles.amount}>{moneyText(invoice.paidMinor, currency)}</TableCell>
                <TableCell className={`${styles.amount} ${invoice.balanceMinor > 0 ? styles.owed : ''}`}>{moneyText(invoice.balanceMinor, currency)}</TableCell>
                <TableCell className={styles.buttons}>
                  {onPay !== undefined && invoice.balanceMinor > 0 && invoice.status === 'issued' ? <Button size="small" onClick={() => onPay(invoice)}>Pay</Button> : null}
                  <Button size="small" icon={<Print20Regular />} aria-label={`Print ${invoice.number}`} disabled={printing !== undefined} onClick={() => void print(invoice)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
