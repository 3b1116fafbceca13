import { Badge, Body1, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentText20Regular } from '@fluentui/react-icons';
import type { AccountView, InvoiceView } from '../../../shared/billing/views.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { moneyText } from './money.js';
import { useBillingSettings } from './use-billing.js';

const useStyles = makeStyles({
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  owed: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
});

/** The patient's invoices: totals, the payer's and the patient's shares, what is paid and what is owed. */
export function InvoicesPanel({ account, onPay }: { account: AccountView; onPay?: (invoice: InvoiceView) => void }) {
  const styles = useStyles();
  const { currency } = useBillingSettings();
  return (
    <Panel title="Invoices" icon={<DocumentText20Regular />}>
      {account.invoices.length === 0 ? <Body1 className={styles.muted}>No invoice yet.</Body1> : (
        <Table size="small" aria-label="Invoices">
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
                <TableCell>
                  {onPay !== undefined && invoice.balanceMinor > 0 && invoice.status === 'issued' ? <Button size="small" onClick={() => onPay(invoice)}>Pay</Button> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
