import { Body1, Button, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { Result } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { BillingError } from './BillingError.js';
import { moneyText } from './money.js';
import { useTableStyles } from './table-styles.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';
import { useDeskSession } from './use-desk-session.js';

const useStyles = makeStyles({
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** How often the supervisor's list is read again while open (the server pushes no event for shifts). */
const POLL_MS = 5_000;

/** Every cashier's open shift with what it has taken and the cash its drawer should hold: the billing supervisor's view. */
export function OpenShiftsScreen() {
  const styles = useStyles();
  const tables = useTableStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const { online } = useDeskSession();
  const [shifts, setShifts] = useState<Result<'shifts.list'>['shifts'] | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const load = async () => {
    const result = await billing.api.call('shifts.list', { status: 'open' });
    if (result.ok) {
      setShifts(result.value.shifts);
      setError(undefined);
    } else setError(result.error);
  };
  useEffect(() => {
    if (!online) return;
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [online]);

  return (
    <Page title="Open shifts" subtitle="Every cashier's shift that is open now, with its takings and the cash its drawer should hold.">
      {error === undefined ? null : <BillingError error={error} what="The open shifts could not be read" />}
      <Panel title="Open now" actions={<Button size="small" onClick={() => void load()} disabled={!online}>Read again</Button>}>
        {shifts === undefined ? (error === undefined ? <Spinner label="Reading the shifts…" /> : null) : shifts.length === 0 ? <Body1 className={styles.muted}>No shift is open.</Body1> : (
          <Table className={tables.table} size="small" aria-label="Open shifts">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Cashier</TableHeaderCell>
                <TableHeaderCell>Opened</TableHeaderCell>
                <TableHeaderCell className={styles.amount}>Float</TableHeaderCell>
                <TableHeaderCell className={styles.amount}>Payments</TableHeaderCell>
                <TableHeaderCell className={styles.amount}>Refunds</TableHeaderCell>
                <TableHeaderCell className={styles.amount}>Cash expected</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shifts.map((shift) => (
                <TableRow key={shift.id}>
                  <TableCell>{shift.cashierName}</TableCell>
                  <TableCell>{shortTime(shift.openedAt)}</TableCell>
                  <TableCell className={styles.amount}>{moneyText(shift.floatMinor, currency)}</TableCell>
                  <TableCell className={styles.amount}>{shift.totals.payments} · {moneyText(shift.totals.paymentsMinor, currency)}</TableCell>
                  <TableCell className={styles.amount}>{shift.totals.refunds} · {moneyText(shift.totals.refundsMinor, currency)}</TableCell>
                  <TableCell className={styles.amount}>{moneyText(shift.totals.expectedCashMinor, currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
    </Page>
  );
}
