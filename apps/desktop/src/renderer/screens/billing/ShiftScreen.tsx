import {
  Body1, Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { LockClosed20Regular, LockOpen20Regular, Money20Regular } from '@fluentui/react-icons';
import { parseMajorUnits } from '@hms/core';
import { useEffect, useState } from 'react';
import type { ShiftStateView } from '../../../shared/billing/views.js';
import type { HostError } from '../../../shared/result.js';
import { Facts } from '../../components/Facts.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { BillingError } from './BillingError.js';
import { METHOD_LABELS, denominationText, moneyText } from './money.js';
import { checkCount } from './payment-draft.js';
import { useTableStyles } from './table-styles.js';
import { useBillingModel, useBillingSettings } from './use-billing.js';
import { useDeskSession } from './use-desk-session.js';

const useStyles = makeStyles({
  row: { display: 'flex', columnGap: '8px', alignItems: 'end' },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  count: { width: '90px' },
  total: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  over: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  short: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', columnGap: '20px', alignItems: 'start', '@media (max-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  form: { display: 'grid', rowGap: '12px' },
});

/**
 * The cashier's shift: opened with a float; while it runs, what it took by method and the cash
 * the drawer should hold; closed with the cash counted note by note and coin by coin, the variance
 * shown and, when there is one, explained in a note before the shift closes.
 */
export function ShiftScreen() {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const { online } = useDeskSession();
  const [state, setState] = useState<ShiftStateView | undefined>();
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();

  const load = async () => {
    const result = await billing.shift();
    if (result.ok) setState(result.value);
    else setError({ what: 'The shift could not be read', error: result.error });
  };
  useEffect(() => {
    void load();
  }, [online]);

  const shift = state?.shift ?? null;
  return (
    <Page title="My shift" subtitle="Every payment belongs to an open shift; the cash is counted at closing.">
      {error === undefined ? null : <BillingError error={error.error} what={error.what} />}
      {state === undefined ? (error === undefined ? <Spinner label="Reading the shift…" /> : null) : shift === null || shift.status === 'closed' ? (
        <div className={styles.grid}>
          <OpenShift disabled={!online} onOpened={(next) => { setError(undefined); setState(next); }} onError={(failure) => setError({ what: 'Shift not opened', error: failure })} />
          {shift === null ? null : <ClosedShift state={state} />}
          {state.report?.printError === undefined ? null : <BillingError error={state.report.printError} what="Shift report not printed" />}
          {state.report?.printed === undefined ? null : <Body1 data-testid="report-printed">Shift report printed ({state.report.printed.printer}).</Body1>}
        </div>
      ) : (
        <div className={styles.grid}>
          <Panel title="Running shift" icon={<Money20Regular />}>
            <Facts items={[
              ['Opened', shortTime(shift.openedAt)],
              ['Float', moneyText(shift.floatMinor, currency)],
              ['Cash taken', moneyText(state.cashInMinor, currency)],
              ['Cash refunded', moneyText(state.cashOutMinor, currency)],
              ['Cash the drawer should hold', <strong key="expected" data-testid="expected-cash">{moneyText(shift.floatMinor + state.cashInMinor - state.cashOutMinor, currency)}</strong>],
              ...state.byMethod.map(({ method, count, totalMinor }): [string, string] => [METHOD_LABELS[method], `${count} · ${moneyText(totalMinor, currency)}`]),
            ]} />
          </Panel>
          <CloseShift state={state} disabled={!online} onClosed={(next) => { setError(undefined); setState(next); }} />
        </div>
      )}
    </Page>
  );
}

function OpenShift({ disabled, onOpened, onError }: { disabled: boolean; onOpened(state: ShiftStateView): void; onError(error: HostError): void }) {
  const styles = useStyles();
  const billing = useBillingModel();
  const { currency } = useBillingSettings();
  const [float, setFloat] = useState('');
  const [busy, setBusy] = useState(false);
  const parsed = parseMajorUnits(float, currency.minorDigits);
  const open = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    const result = await billing.openShift(parsed.minor);
    setBusy(false);
    if (result.ok) onOpened(result.value);
    else onError(result.error);
  };
  return (
    <Panel title="Open a shift" icon={<LockOpen20Regular />}>
      <div className={styles.row}>
        <Field label={`Float in the drawer (${currency.code})`} validationMessage={float.trim() === '' || parsed.ok ? undefined : `The float ${parsed.problem}`}>
          <Input value={float} onChange={(_, data) => setFloat(data.value)} inputMode="decimal" disabled={disabled} />
        </Field>
        <Button appearance="primary" disabled={disabled || busy || !parsed.ok} onClick={() => void open()}>Open shift</Button>
      </div>
    </Panel>
  );
}

function ClosedShift({ state }: { state: ShiftStateView }) {
  const { currency } = useBillingSettings();
  const shift = state.shift!;
  return (
    <Panel title="Last shift" icon={<LockClosed20Regular />}>
      <Facts items={[
        ['Opened', shortTime(shift.openedAt)],
        ['Closed', shift.closedAt === null ? '—' : shortTime(shift.closedAt)],
        ['Expected cash', shift.expectedCashMinor === null ? '—' : moneyText(shift.expectedCashMinor, currency)],
        ['Counted cash', shift.countedCashMinor === null ? '—' : moneyText(shift.countedCashMinor, currency)],
        ['Variance', <span key="variance" data-testid="closed-variance">{shift.varianceMinor === null ? '—' : moneyText(shift.varianceMinor, currency)}</span>],
        ['Note', shift.varianceNote ?? '—'],
      ]} />
    </Panel>
  );
}

/** The drawer counted by denomination, the variance against what it should hold, a note when they differ. */
function CloseShift({ state, disabled, onClosed }: { state: ShiftStateView; disabled: boolean; onClosed(state: ShiftStateView): void }) {
  const styles = useStyles();
  const tables = useTableStyles();
  const billing = useBillingModel();
  const { currency, denominations } = useBillingSettings();
  const shift = state.shift!;
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const count = checkCount(typed, denominations, { floatMinor: shift.floatMinor, cashInMinor: state.cashInMinor, cashOutMinor: state.cashOutMinor });
  const needsNote = count.ok && count.varianceMinor !== 0;

  const close = async () => {
    if (!count.ok) return;
    setBusy(true);
    setError(undefined);
    const result = await billing.closeShift({ shiftId: shift.id, counts: count.counts.filter((line) => line.count > 0), ...(note.trim() === '' ? {} : { varianceNote: note.trim() }) });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onClosed(result.value);
  };

  return (
    <Panel title="Close the shift" icon={<LockClosed20Regular />}>
      <Table className={tables.table} size="small" aria-label="Cash count">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Note or coin</TableHeaderCell>
            <TableHeaderCell>Pieces</TableHeaderCell>
            <TableHeaderCell className={styles.amount}>Value</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {denominations.map((valueMinor) => {
            const pieces = Number((typed[valueMinor] ?? '').trim() || '0');
            return (
              <TableRow key={valueMinor}>
                <TableCell>{denominationText(valueMinor, currency)}</TableCell>
                <TableCell>
                  <Input
                    className={styles.count}
                    aria-label={`Pieces of ${denominationText(valueMinor, currency)}`}
                    value={typed[valueMinor] ?? ''}
                    onChange={(_, data) => setTyped({ ...typed, [valueMinor]: data.value })}
                    inputMode="numeric"
                    disabled={disabled}
                  />
                </TableCell>
                <TableCell className={styles.amount}>{Number.isInteger(pieces) ? moneyText(pieces * valueMinor, currency) : '—'}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {count.ok ? (
        <div className={styles.form}>
          <Body1 className={styles.total}>Counted {moneyText(count.countedMinor, currency)} of {moneyText(count.expectedMinor, currency)} expected</Body1>
          <Body1 data-testid="count-variance">
            Variance: <span className={count.varianceMinor === 0 ? undefined : count.varianceMinor > 0 ? styles.over : styles.short}>
              {count.varianceMinor === 0 ? 'none' : `${moneyText(count.varianceMinor, currency)} ${count.varianceMinor > 0 ? 'over' : 'short'}`}
            </span>
          </Body1>
          <Field label="Note on the variance" required={needsNote} validationMessage={needsNote && note.trim() === '' ? 'The count differs from what the drawer should hold: say why.' : undefined}>
            <Textarea value={note} onChange={(_, data) => setNote(data.value)} disabled={disabled} />
          </Field>
        </div>
      ) : (
        <MessageBar intent="error"><MessageBarBody><MessageBarTitle>Check the count</MessageBarTitle>Each count is a whole number of pieces.</MessageBarBody></MessageBar>
      )}
      {error === undefined ? null : <BillingError error={error} what="Shift not closed" />}
      <div><Button appearance="primary" disabled={disabled || busy || !count.ok || (needsNote && note.trim() === '')} onClick={() => void close()}>Close the shift</Button></div>
    </Panel>
  );
}
