import { Badge, Body1, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Beaker20Regular } from '@fluentui/react-icons';
import { LineChart } from '@fluentui/react-charts';
import type { LineChartPoints } from '@fluentui/react-charts';
import type { Chart, LabCumulativeSeries } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import { DISPLAY_LOCALE, shortTime } from '../../components/format.js';
import { latestResults, resultTrends } from './lab-results.js';
import type { LatestResultRow, ResultTrend } from './lab-results.js';
import { trendRange } from './trend-range.js';
import { useDoctorModel } from './use-doctor.js';

/** As the vitals' trends: the same plot height, so both grids read alike. */
const TREND_HEIGHT_PX = 180;

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  list: { display: 'flex', flexDirection: 'column', rowGap: '4px', margin: 0, padding: 0, listStyleType: 'none' },
  value: { fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
  abnormal: { color: tokens.colorStatusDangerForeground1 },
  code: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  charts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: '12px', marginTop: '12px' },
  chart: { display: 'flex', flexDirection: 'column', rowGap: '2px', minWidth: 0, margin: 0 },
  plot: { height: `${TREND_HEIGHT_PX}px`, overflow: 'hidden' },
});

const FLAG_COLOUR = { L: 'warning', H: 'warning', LL: 'danger', HH: 'danger', A: 'warning' } as const;

interface Cumulative {
  series: LabCumulativeSeries[] | undefined;
  error: HostError | undefined;
}

/**
 * The patient's released values over time (lab.cumulative, an audited read), read when the
 * chart opens and again whenever the chart's results change (a release or an amendment reaches
 * the chart through lab.resultReleased, and the chart is read again).
 */
function useCumulative(patientId: string, resultsKey: string, enabled: boolean): Cumulative {
  const doctor = useDoctorModel();
  const [state, setState] = useState<Cumulative>({ series: undefined, error: undefined });
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    void doctor.api.call('lab.cumulative', { patientId, limit: 50 }).then((result) => {
      if (!current) return;
      setState(result.ok ? { series: result.value.series, error: undefined } : (previous) => ({ series: previous.series, error: result.error }));
    });
    return () => {
      current = false;
    };
  }, [doctor, patientId, resultsKey, enabled]);
  return state;
}

function FlagBadge({ flag }: { flag: LatestResultRow['flag'] }) {
  return flag === null ? null : <Badge appearance={flag === 'LL' || flag === 'HH' ? 'filled' : 'tint'} color={FLAG_COLOUR[flag]}>{flag}</Badge>;
}

function LatestTable({ rows }: { rows: LatestResultRow[] }) {
  const styles = useStyles();
  return (
    <Table size="small" aria-label="Latest results" data-testid="lab-results">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Test</TableHeaderCell>
          <TableHeaderCell>Value</TableHeaderCell>
          <TableHeaderCell>Flag</TableHeaderCell>
          <TableHeaderCell>Range</TableHeaderCell>
          <TableHeaderCell>Released</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key} data-analyte={row.analyte}>
            <TableCell>
              {row.analyte === row.code ? row.name : <>{row.name} <span className={styles.code}>{row.analyte}</span></>}
              {row.amended ? <> <Badge appearance="outline" color="important">amended</Badge></> : null}
            </TableCell>
            <TableCell><span className={row.flag === null ? styles.value : `${styles.value} ${styles.abnormal}`}>{row.value}{row.unit === null ? '' : ` ${row.unit}`}</span></TableCell>
            <TableCell><FlagBadge flag={row.flag} /></TableCell>
            <TableCell>{row.range ?? <span className={styles.muted}>—</span>}</TableCell>
            <TableCell><Caption1>{shortTime(row.releasedAt)}</Caption1></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Trend({ trend }: { trend: ResultTrend }) {
  const styles = useStyles();
  const title = `${trend.title}${trend.unit === null ? '' : ` (${trend.unit})`}`;
  const x = (at: string) => new Date(at);
  const first = trend.points[0]!.at;
  const last = trend.points.at(-1)!.at;
  const lines: LineChartPoints[] = [
    { legend: trend.title, color: tokens.colorPaletteBerryForeground1, data: trend.points.map((point) => ({ x: x(point.at), y: point.value, xAxisCalloutData: shortTime(point.at) })) },
    // The reference limits in force at the latest value, as flat dashed-looking guides across the span.
    ...(trend.low === null ? [] : [{ legend: 'Low limit', color: tokens.colorNeutralStroke1, data: [{ x: x(first), y: trend.low }, { x: x(last), y: trend.low }] }]),
    ...(trend.high === null ? [] : [{ legend: 'High limit', color: tokens.colorNeutralStroke1, data: [{ x: x(first), y: trend.high }, { x: x(last), y: trend.high }] }]),
  ];
  const usual = trend.low !== null && trend.high !== null ? [trend.low, trend.high] as [number, number] : undefined;
  const range = trendRange(trend.points.map((point) => point.value), usual);
  return (
    <figure className={styles.chart} aria-label={`${title} trend`} data-testid="lab-trend">
      <Caption1>{title}{trend.low === null && trend.high === null ? '' : ` · range ${trend.low ?? ''}–${trend.high ?? ''}`}</Caption1>
      <div className={styles.plot}>
        <LineChart
          data={{ chartTitle: title, lineChartData: lines }}
          height={TREND_HEIGHT_PX}
          hideLegend
          {...(range === undefined ? {} : { yMinValue: range.min, yMaxValue: range.max })}
          culture={DISPLAY_LOCALE}
          customDateTimeFormatter={(date) => shortTime(date.toISOString())}
          xAxisTickCount={4}
          yAxisTickCount={4}
        />
      </div>
    </figure>
  );
}

/**
 * The chart's results: tests still awaited, each analyte's latest released value with unit, flag
 * and the range in force, and trends of numeric tests over time. Offline (or before the server
 * offers lab.cumulative) the chart's own one-line summaries stand in.
 */
export function LabResultsPanel({ patientId, results, online }: { patientId: string; results: Chart['results']; online: boolean }) {
  const styles = useStyles();
  const released = results.items.filter((item) => item.status !== 'pending');
  const pending = results.items.filter((item) => item.status === 'pending');
  const resultsKey = released.map((item) => `${item.orderId}:${item.code}:${item.status}:${item.resultedAt ?? ''}:${item.summary ?? ''}`).join('|');
  const { series, error } = useCumulative(patientId, resultsKey, online && results.available && released.length > 0);
  const rows = series === undefined ? [] : latestResults(series);
  const trends = series === undefined ? [] : resultTrends(series);
  const useSummaries = released.length > 0 && (series === undefined || !online);
  return (
    <Panel title="Results" icon={<Beaker20Regular />}>
      {!results.available ? <Body1 className={styles.muted}>Results are not recorded on this server yet; orders are listed in the consultation.</Body1> : null}
      {results.available && results.items.length === 0 ? <Body1 className={styles.muted}>No pending or recent results.</Body1> : null}
      {pending.length === 0 ? null : (
        <Caption1 className={styles.muted} data-testid="lab-pending">Awaited: {pending.map((item) => item.name).join(', ')}</Caption1>
      )}
      {!useSummaries && rows.length > 0 ? <LatestTable rows={rows} /> : null}
      {useSummaries ? (
        <ul className={styles.list} aria-label="Results">
          {released.map((item) => (
            <li key={`${item.orderId}:${item.code}`}>
              <Body1>{item.name}</Body1> <Caption1>{item.summary}</Caption1>
              {item.resultedAt === null ? null : <Caption1 className={styles.muted}> · {shortTime(item.resultedAt)}</Caption1>}
            </li>
          ))}
        </ul>
      ) : null}
      {error === undefined || !online ? null : <Caption1 className={styles.muted}>Values over time not read: {error.message}</Caption1>}
      {trends.length === 0 || !online ? null : (
        <div className={styles.charts} data-testid="lab-trends">
          {trends.map((trend) => <Trend key={trend.key} trend={trend} />)}
        </div>
      )}
    </Panel>
  );
}
