import {
  Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { DiscrepancyView } from '../../../shared/pharmacy/discrepancy-views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
  /** A narrow window scrolls the table sideways rather than crushing its columns. */
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  short: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
  cellStack: { display: 'flex', flexDirection: 'column', rowGap: '2px', padding: '4px 0' },
  form: { display: 'grid', gridTemplateColumns: '240px minmax(0, 1fr)', columnGap: '24px', rowGap: '12px', alignItems: 'start', padding: '8px 8px 16px' },
  actions: { display: 'flex', columnGap: '12px', alignItems: 'center', gridColumn: '1 / span 2' },
});

const units = (count: number, unit: string) => `${count} ${unit}${Math.abs(count) === 1 ? '' : 's'}`;
const signed = (count: number) => (count > 0 ? `+${count}` : String(count));

/**
 * Stock discrepancies: an offline dispense took more units of a batch than the books held (the
 * pack had left the shelf, so the server recorded it and flagged the units it lacked). The
 * pharmacist counts the batch on the shelf and posts the difference from the books as a count
 * correction, with a note saying what was found; that resolves the discrepancy.
 */
export function DiscrepanciesScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged, worklist } = usePharmacy();
  // Followed with the worklist: when the link comes back the books are read again.
  const live = worklist?.live === true;
  const [open, setOpen] = useState<DiscrepancyView[] | undefined>();
  const [resolved, setResolved] = useState<DiscrepancyView[]>([]);
  const [error, setError] = useState<HostError | undefined>();
  const [resolving, setResolving] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async () => {
    const [openRead, resolvedRead] = await Promise.all([pharmacy.discrepancies('open'), pharmacy.discrepancies('resolved')]);
    if (!openRead.ok) return setError(openRead.error);
    setError(undefined);
    setOpen(openRead.value);
    if (resolvedRead.ok) setResolved(resolvedRead.value.slice(0, 20));
  }, [pharmacy]);

  useEffect(() => {
    void load();
  }, [load, live]);
  // The books moved (a dispense, a correction at another desk): what they hold now is read again.
  useEffect(() => {
    if (stockChanged.serial > 0) void load();
  }, [stockChanged.serial]);

  return (
    <Page title="Stock discrepancies" subtitle="Offline dispenses that took more than the books held. Count the batch on the shelf and post the difference as a count correction.">
      {notice === undefined ? null : <MessageBar intent="success" data-testid="discrepancy-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {error === undefined ? null : <ErrorBar error={error} what="The discrepancies could not be read" onRetry={() => void load()} />}
      {open === undefined && error !== undefined ? (
        <Body1 className={styles.muted}>Discrepancies are the server&apos;s books: they show here once it can be reached.</Body1>
      ) : (
        <Panel title="Open">
          {open === undefined ? <Spinner label="Reading the discrepancies…" /> : open.length === 0 ? (
            <Body1 className={styles.muted} data-testid="no-discrepancies">No open discrepancies: the books and the dispenses agree.</Body1>
          ) : (
            <div className={styles.scroll}>
              <Table size="small" aria-label="Open discrepancies" style={{ minWidth: '860px' }}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell style={{ width: '120px' }}>Found</TableHeaderCell>
                    <TableHeaderCell>Medicine</TableHeaderCell>
                    <TableHeaderCell style={{ width: '200px' }}>Batch</TableHeaderCell>
                    <TableHeaderCell style={{ width: '140px' }}>Books lacked</TableHeaderCell>
                    <TableHeaderCell style={{ width: '140px' }}>Books now</TableHeaderCell>
                    <TableHeaderCell style={{ width: '110px' }} />
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {open.flatMap((view) => {
                    const { discrepancy } = view;
                    const row = (
                      <TableRow key={discrepancy.id} data-testid="discrepancy-row" data-batch={discrepancy.batchNumber}>
                        <TableCell>{shortTime(discrepancy.detectedAt)}</TableCell>
                        <TableCell>
                          <span className={styles.cellStack}>
                            <span>{view.itemName}</span>
                            <Caption1 className={styles.muted}>
                              {view.locationName} · {discrepancy.prescription === null ? 'short on a transfer' : `offline dispense of ${discrepancy.prescription.number}`}
                              {discrepancy.patient === null ? '' : ` to ${discrepancy.patient.name} (${discrepancy.patient.mrn})`}
                            </Caption1>
                          </span>
                        </TableCell>
                        <TableCell>
                          <span className={styles.cellStack}>
                            <span className={styles.mono}>{discrepancy.batchNumber}</span>
                            {view.expiry === null ? null : <Caption1 className={styles.muted}>exp {longDate(view.expiry)}</Caption1>}
                          </span>
                        </TableCell>
                        <TableCell><span className={styles.short}>{units(discrepancy.quantity, view.unit)}</span></TableCell>
                        <TableCell>{units(view.bookNow, view.unit)}</TableCell>
                        <TableCell>
                          <Button size="small" disabled={resolving === discrepancy.id} onClick={() => setResolving(discrepancy.id)}>Resolve</Button>
                        </TableCell>
                      </TableRow>
                    );
                    if (resolving !== discrepancy.id) return [row];
                    return [row, (
                      <TableRow key={`${discrepancy.id}-resolve`}>
                        <TableCell colSpan={6}>
                          <ResolveForm
                            view={view}
                            onCancel={() => setResolving(undefined)}
                            onResolved={(correction) => {
                              setResolving(undefined);
                              setNotice(correction === 0
                                ? `Batch ${discrepancy.batchNumber}: the count agrees with the books; the discrepancy is resolved with nothing posted.`
                                : `Batch ${discrepancy.batchNumber}: count correction of ${signed(correction)} posted; the discrepancy is resolved.`);
                              void load();
                            }}
                          />
                        </TableCell>
                      </TableRow>
                    )];
                  })}
                </TableBody>
              </Table>
            </div>
          )}
        </Panel>
      )}
      {resolved.length === 0 ? null : (
        <Panel title="Resolved lately">
          <div className={styles.scroll}>
            <Table size="small" aria-label="Resolved discrepancies" style={{ minWidth: '860px' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '120px' }}>Resolved</TableHeaderCell>
                  <TableHeaderCell style={{ width: '260px' }}>Medicine</TableHeaderCell>
                  <TableHeaderCell style={{ width: '140px' }}>Batch</TableHeaderCell>
                  <TableHeaderCell style={{ width: '120px' }}>Books lacked</TableHeaderCell>
                  <TableHeaderCell>Note</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {resolved.map(({ discrepancy, itemName, unit }) => (
                  <TableRow key={discrepancy.id} data-testid="resolved-row">
                    <TableCell>{discrepancy.resolvedAt === null ? '' : shortTime(discrepancy.resolvedAt)}</TableCell>
                    <TableCell>{itemName}</TableCell>
                    <TableCell><span className={styles.mono}>{discrepancy.batchNumber}</span></TableCell>
                    <TableCell>{units(discrepancy.quantity, unit)}</TableCell>
                    <TableCell>{discrepancy.outcome === 'no_variance' ? `No variance (counted ${discrepancy.counted ?? 0}): ` : ''}{discrepancy.resolution ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </Panel>
      )}
    </Page>
  );
}

function ResolveForm({ view, onCancel, onResolved }: { view: DiscrepancyView; onCancel(): void; onResolved(correction: number): void }) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const count = counted.trim() === '' ? undefined : Number(counted);
  const countValid = count !== undefined && Number.isInteger(count) && count >= 0;
  const correction = countValid ? count - view.bookNow : undefined;
  const { discrepancy } = view;
  const submit = async () => {
    if (!countValid || note.trim() === '') return;
    setSending(true);
    setError(undefined);
    const result = await pharmacy.resolveDiscrepancy(discrepancy.id, count, note.trim());
    setSending(false);
    if (!result.ok) return setError(result.error);
    onResolved(result.value.correction);
  };
  return (
    <form
      className={styles.form}
      aria-label={`Resolve the discrepancy of batch ${discrepancy.batchNumber}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field
        label={`Counted on the shelf (${view.unit}s)`}
        validationState={counted.trim() !== '' && !countValid ? 'error' : 'none'}
        validationMessage={counted.trim() !== '' && !countValid ? 'A whole number of units, 0 or more' : undefined}
      >
        <Input inputMode="numeric" value={counted} style={{ width: '120px' }} onChange={(_, data) => setCounted(data.value)} data-testid="discrepancy-counted" />
      </Field>
      <Field label="Note: what was found" required hint="Kept with the correction and the discrepancy (who counted, where the units came from).">
        <Textarea value={note} onChange={(_, data) => setNote(data.value)} resize="vertical" data-testid="discrepancy-note" />
      </Field>
      <Body1 style={{ gridColumn: '1 / span 2' }} data-testid="discrepancy-correction">
        {correction === undefined
          ? `The books hold ${units(view.bookNow, view.unit)} of batch ${discrepancy.batchNumber} now. Count the batch on the shelf.`
          : correction === 0
            ? `The count agrees with the books (${units(view.bookNow, view.unit)}): nothing is posted; the count and the note close the discrepancy.`
            : `Count correction: ${signed(correction)} (books ${view.bookNow}, counted ${count}).`}
      </Body1>
      {error === undefined ? null : (
        <MessageBar intent="error" layout="multiline" style={{ gridColumn: '1 / span 2' }} data-testid="discrepancy-error">
          <MessageBarBody><MessageBarTitle>Not resolved</MessageBarTitle>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={sending || !countValid || note.trim() === ''}>
          {sending ? 'Posting…' : correction === 0 ? 'Resolve: no variance' : 'Post count correction'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
