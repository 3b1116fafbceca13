import {
  Badge, Button, Caption1, Input, Link, MessageBar, MessageBarBody, Spinner, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowLeft16Regular } from '@fluentui/react-icons';
import type { LabResult, ResultFlagCode } from '@hms/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EnterResultsOutcome, ResultSheetView } from '../../../shared/lab/result-views.js';
import type { LabReportDocument } from '../../../shared/printing/lab-report-document.js';
import { printedUnit } from '../../../shared/printing/lab-report-format.js';
import { printableHtml } from '../../../shared/printing/print-page.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { draftProblems, entryParams, gridTests, mayAmend, previewValue, releasable, validatable } from './result-grid.js';
import type { Draft, GridRow, GridTest } from './result-grid.js';
import { useLabModel } from './use-lab.js';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', columnGap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  scroll: { overflowX: 'auto' },
  value: { width: '110px', minWidth: 0 },
  comment: { width: '100%', minWidth: 0 },
  critical: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  report: { width: '100%', height: '760px', border: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: 'white' },
});

const STATUS_WORDS: Readonly<Record<LabResult['status'], string>> = { entered: 'Entered', validated: 'Validated', released: 'Released' };

function FlagBadge({ flag }: { flag: ResultFlagCode | null }) {
  if (flag === null) return null;
  const critical = flag === 'LL' || flag === 'HH';
  return <Badge appearance={critical ? 'filled' : 'tint'} color={critical ? 'danger' : 'warning'} data-testid="flag">{flag}</Badge>;
}

const reportKey = (requestId: string) => `lab-report:${requestId}`;

/**
 * One request at the result entry grid, keyboard first: each test whose specimen is received
 * is a table of its analytes (unit and the range in force beside each value); Tab goes value to
 * comment to the next value, Enter jumps to the next value, Ctrl+Enter saves the test. The flag
 * shows as the value is typed; the server's stored one replaces it on saving. Validation for the
 * lab, release and amendment for a supervisor (hidden from others; the server checks anyway).
 */
export function ResultScreen() {
  const styles = useStyles();
  const lab = useLabModel();
  const workstation = useModel();
  const { routeArgs, status, reference } = useWorkstation();
  const requestId = routeArgs[0] ?? '';
  const roles = status?.session.state === 'signedIn' ? status.session.user.roles : [];
  const [sheet, setSheet] = useState<ResultSheetView | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [drafts, setDrafts] = useState<Record<string, Record<string, Draft>>>({});
  const [busy, setBusy] = useState<string | undefined>();
  const [actionError, setActionError] = useState<HostError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [amending, setAmending] = useState<{ result: LabResult; value: string; reason: string } | undefined>();
  const [report, setReport] = useState<{ document: LabReportDocument; preliminary: boolean } | undefined>();
  const table = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const result = await lab.api.request('lab.resultSheet', { requestId });
    if (result.ok) {
      setSheet(result.value);
      setError(undefined);
    } else setError(result.error);
  }, [lab, requestId]);

  useEffect(() => {
    setSheet(undefined);
    setDrafts({});
    setReport(undefined);
    void load();
    return lab.api.on('lab.resultSheet', ({ requestIds }) => {
      if (requestIds.includes(requestId)) void load();
    });
  }, [lab, load, requestId]);

  const tests = useMemo(() => (sheet === undefined ? [] : gridTests(sheet)), [sheet]);
  const toValidate = validatable(tests);
  const toRelease = releasable(tests, roles);

  const draftOf = (test: GridTest, row: GridRow): Draft => drafts[test.test.id]?.[row.analyte.code] ?? { value: row.queued?.value ?? row.current?.value ?? '', comment: row.queued?.comment ?? row.current?.comment ?? '' };
  const setDraft = (test: GridTest, row: GridRow, patch: Partial<Draft>) => setDrafts((all) => ({ ...all, [test.test.id]: { ...all[test.test.id], [row.analyte.code]: { ...draftOf(test, row), ...patch } } }));

  const save = async (test: GridTest) => {
    const own = Object.fromEntries(test.rows.map((row) => [row.analyte.code, draftOf(test, row)]));
    if (Object.keys(draftProblems(test, own)).length > 0) return;
    const params = entryParams(test, own);
    if (params === undefined) return;
    setBusy(test.test.id);
    setActionError(undefined);
    const result = await lab.api.request('lab.enterResults', params);
    setBusy(undefined);
    if (!result.ok) {
      setActionError(result.error);
      return;
    }
    const outcome: EnterResultsOutcome = result.value;
    setNotice(outcome.status === 'queued'
      ? `${test.test.name}: saved on this workstation; sent when the server is back.`
      : outcome.alerts.length > 0 ? `${test.test.name}: saved. Critical value — the requesting clinician was alerted; phone them and record the read-back.` : `${test.test.name}: saved.`);
    setDrafts((all) => ({ ...all, [test.test.id]: {} }));
    await load();
  };

  const step = async (channel: 'lab.validate' | 'lab.release', resultIds: string[]) => {
    setBusy(channel);
    setActionError(undefined);
    const result = await lab.api.request(channel, { resultIds });
    setBusy(undefined);
    if (!result.ok) setActionError(result.error);
    else setNotice(channel === 'lab.validate' ? `${resultIds.length} result(s) validated.` : `${resultIds.length} result(s) released to the chart.`);
    await load();
  };

  const amend = async () => {
    if (amending === undefined) return;
    setBusy('lab.amend');
    setActionError(undefined);
    const result = await lab.api.request('lab.amend', { resultId: amending.result.id, value: amending.value, reason: amending.reason });
    setBusy(undefined);
    if (!result.ok) {
      setActionError(result.error);
      return;
    }
    setAmending(undefined);
    setNotice(`${result.value.result.analyte} amended; the requesting clinician is told.`);
    await load();
  };

  const openReport = async (preliminary: boolean) => {
    setActionError(undefined);
    const result = await lab.api.request('lab.reportDocument', { requestId, preliminary });
    if (result.ok) setReport({ document: result.value, preliminary });
    else setActionError(result.error);
  };

  /** Enter moves to the next value (keyboard first); Ctrl+Enter saves the test. */
  const onValueKey = (event: React.KeyboardEvent<HTMLInputElement>, test: GridTest) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.ctrlKey) {
      void save(test);
      return;
    }
    const values = [...(table.current?.querySelectorAll<HTMLInputElement>('input[data-role="value"]') ?? [])];
    const next = values[values.indexOf(event.currentTarget) + 1];
    next?.focus();
  };

  if (error !== undefined) return <Page title="Results"><ErrorBar error={error} what="The request could not be read" onRetry={() => void load()} /></Page>;
  if (sheet === undefined) return <Page title="Results"><Spinner label="Reading the request" /></Page>;
  const { entry } = sheet;

  return (
    <Page
      title={`Results · ${entry.patientName}`}
      breadcrumb={<Link onClick={() => lab.navigate('lab')}><ArrowLeft16Regular /> Lab worklist</Link>}
      meta={(
        <div className={styles.actions}>
          <Caption1>MRN {entry.mrn}</Caption1>
          <Caption1>Accession <b>{entry.accession}</b></Caption1>
          <Caption1>Requested by {entry.requestedBy}</Caption1>
          {entry.priority === 'routine' ? null : <Badge color="danger">{entry.priority}</Badge>}
          {sheet.source === 'cache' ? <Badge color="warning" data-testid="offline">Offline: kept copy, entries queued</Badge> : null}
        </div>
      )}
    >
      {notice === undefined ? null : <MessageBar intent="success"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {actionError === undefined ? null : <ErrorBar error={actionError} />}
      <div className={styles.actions}>
        {toValidate.length === 0 ? null : <Button appearance="primary" disabled={busy !== undefined} onClick={() => void step('lab.validate', toValidate)}>Validate {toValidate.length} result(s)</Button>}
        {toRelease.length === 0 ? null : <Button appearance="primary" disabled={busy !== undefined} onClick={() => void step('lab.release', toRelease)}>Release {toRelease.length} result(s)</Button>}
        <Button onClick={() => void openReport(false)}>Patient report</Button>
        <Button onClick={() => void openReport(true)}>Lab copy (preliminary)</Button>
      </div>
      <div ref={table} className={styles.stack}>
        {tests.map((test) => {
          const own = Object.fromEntries(test.rows.map((row) => [row.analyte.code, draftOf(test, row)]));
          const problems = draftProblems(test, own);
          const changed = entryParams(test, own) !== undefined;
          return (
            <Panel
              key={test.test.id}
              title={`${test.test.name} (${test.test.code})`}
              actions={test.locked === undefined
                ? <Button appearance="primary" disabled={!changed || Object.keys(problems).length > 0 || busy !== undefined} onClick={() => void save(test)}>Save {test.test.code}</Button>
                : <Caption1 className={styles.muted}>{test.locked}</Caption1>}
            >
              {test.specimen === undefined ? null : <Caption1 className={styles.muted}>From specimen {test.specimen.barcode}</Caption1>}
              <div className={styles.scroll}>
                <Table size="small" aria-label={`${test.test.name} results`}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '190px' }}>Test</TableHeaderCell><TableHeaderCell style={{ width: '130px' }}>Value</TableHeaderCell><TableHeaderCell style={{ width: '56px' }}>Flag</TableHeaderCell>
                      <TableHeaderCell style={{ width: '90px' }}>Unit</TableHeaderCell><TableHeaderCell style={{ width: '120px' }}>Reference range</TableHeaderCell><TableHeaderCell>Comment</TableHeaderCell><TableHeaderCell style={{ width: '170px' }}>Status</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {test.rows.map((row) => {
                      const draft = draftOf(test, row);
                      const preview = previewValue(row.analyte, draft.value);
                      const edited = draft.value.trim() !== (row.queued?.value ?? row.current?.value ?? '');
                      // The server's flag stands until the value is changed here.
                      const flag = !edited && row.current !== undefined && row.queued === undefined ? row.current.flag : preview.state === 'ok' ? preview.flag : null;
                      const editable = test.locked === undefined && !row.analyte.calculated;
                      return (
                        <TableRow key={row.analyte.code} data-analyte={row.analyte.code}>
                          <TableCell>{row.analyte.name}{row.analyte.name === row.analyte.code ? null : <Caption1 className={styles.muted}> {row.analyte.code}</Caption1>}</TableCell>
                          <TableCell>
                            {editable
                              ? <Input className={styles.value} data-role="value" aria-label={`${row.analyte.name} value`} value={draft.value} onChange={(_, data) => setDraft(test, row, { value: data.value })} onKeyDown={(event) => onValueKey(event, test)} />
                              : <span className={flag === 'LL' || flag === 'HH' ? styles.critical : undefined}>{row.current?.value ?? (row.analyte.calculated ? 'calculated' : '')}</span>}
                            {problems[row.analyte.code] === undefined ? null : <Caption1 className={styles.critical}> {problems[row.analyte.code]}</Caption1>}
                          </TableCell>
                          <TableCell><FlagBadge flag={flag} /></TableCell>
                          <TableCell>{printedUnit(row.current?.unit ?? row.analyte.unit)}</TableCell>
                          <TableCell>{(row.current?.range ?? row.analyte.range)?.text ?? ''}</TableCell>
                          <TableCell>
                            {editable
                              ? <Input className={styles.comment} aria-label={`${row.analyte.name} comment`} value={draft.comment} onChange={(_, data) => setDraft(test, row, { comment: data.value })} />
                              : row.current?.comment ?? ''}
                          </TableCell>
                          <TableCell>
                            {row.queued !== undefined ? <Badge color="warning">Queued</Badge> : row.current === undefined ? null : <Caption1>{STATUS_WORDS[row.current.status]} v{row.current.version}{row.current.amendmentReason === null ? '' : ' (amended)'}</Caption1>}
                            {row.current?.status === 'released' && mayAmend(roles) && row.queued === undefined
                              ? <Button size="small" appearance="subtle" onClick={() => setAmending({ result: row.current!, value: row.current!.value, reason: '' })}>Amend</Button>
                              : null}
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </div>
            </Panel>
          );
        })}
      </div>
      {amending === undefined ? null : (
        <Panel title={`Amend ${amending.result.analyte} (released ${amending.result.value})`}>
          <div className={styles.actions}>
            <Input aria-label="Corrected value" value={amending.value} onChange={(_, data) => setAmending({ ...amending, value: data.value })} />
            <Input className={styles.comment} aria-label="Reason for the correction" placeholder="Reason (printed on the report)" value={amending.reason} onChange={(_, data) => setAmending({ ...amending, reason: data.value })} />
            <Button appearance="primary" disabled={amending.reason.trim() === '' || amending.value.trim() === '' || busy !== undefined} onClick={() => void amend()}>Amend and tell the clinician</Button>
            <Button onClick={() => setAmending(undefined)}>Cancel</Button>
          </div>
        </Panel>
      )}
      {report === undefined ? null : (
        <Panel
          title={report.preliminary ? 'Lab copy (preliminary)' : 'Patient report'}
          actions={(
            <div className={styles.actions}>
              <Switch label="Lab copy" checked={report.preliminary} onChange={(_, data) => void openReport(data.checked)} />
              <Button appearance="primary" onClick={() => void workstation.prints.print(reportKey(requestId), `Report ${entry.accession ?? ''}`, report.document)}>Print on the page printer</Button>
            </div>
          )}
        >
          <PrintStatus keys={[reportKey(requestId)]} />
          <iframe title="Laboratory report" className={styles.report} sandbox="" srcDoc={printableHtml(report.document, reference?.hospital?.name ?? 'Hospital')} />
        </Panel>
      )}
    </Page>
  );
}
