import { Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { HeartPulse20Regular } from '@fluentui/react-icons';
import { LineChart } from '@fluentui/react-charts';
import type { LineChartPoints } from '@fluentui/react-charts';
import { VITAL_RANGES } from '@hms/core';
import type { LatestVitals, VitalMeasurement, Vitals } from '@hms/core';
import { Panel } from '../../components/Page.js';
import { DISPLAY_LOCALE, shortTime } from '../../components/format.js';
import { trendRange } from './trend-range.js';

/** Each trend's plot, axes included: tall enough to read a change of a few units, short enough for five on a screen. */
const TREND_HEIGHT_PX = 180;

const useStyles = makeStyles({
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))', gap: '8px' },
  tile: { display: 'flex', flexDirection: 'column', padding: '8px 10px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  value: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  charts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: '12px' },
  chart: { display: 'flex', flexDirection: 'column', rowGap: '2px', minWidth: 0, margin: 0 },
  // The same box for every trend, whatever its readings: the grid stays even and nothing jumps as readings arrive.
  legend: { display: 'flex', alignItems: 'center', columnGap: '10px', flexWrap: 'wrap' },
  key: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', color: tokens.colorNeutralForeground2 },
  swatch: { display: 'inline-block', width: '10px', height: '10px', borderRadius: '2px' },
  plot: { height: `${TREND_HEIGHT_PX}px`, overflow: 'hidden' },
});

const LABELS: Partial<Record<VitalMeasurement, string>> = {
  temperatureC: 'Temperature', pulseBpm: 'Pulse', respiratoryRate: 'Respiratory rate', spo2Percent: 'SpO₂', weightKg: 'Weight', heightCm: 'Height',
  painScore: 'Pain (0–10)', muacCm: 'MUAC', headCircumferenceCm: 'Head circumference',
};

/** The trends a doctor reads first: one chart each (blood pressure as two lines). */
const TRENDS: { title: string; usual?: [number, number]; lines: { field: VitalMeasurement; legend: string; color: string }[] }[] = [
  { title: 'Blood pressure (mmHg)', usual: [40, 180], lines: [{ field: 'systolicMmHg', legend: 'Systolic', color: tokens.colorPaletteRedForeground1 }, { field: 'diastolicMmHg', legend: 'Diastolic', color: tokens.colorPaletteBlueForeground2 }] },
  { title: 'Pulse (/min)', usual: [40, 160], lines: [{ field: 'pulseBpm', legend: 'Pulse', color: tokens.colorPaletteMagentaForeground2 }] },
  { title: 'Temperature (°C)', usual: [35, 41], lines: [{ field: 'temperatureC', legend: 'Temperature', color: tokens.colorPaletteDarkOrangeForeground1 }] },
  { title: 'SpO₂ (%)', usual: [80, 100], lines: [{ field: 'spo2Percent', legend: 'SpO₂', color: tokens.colorPaletteTealForeground2 }] },
  { title: 'Weight (kg)', lines: [{ field: 'weightKg', legend: 'Weight', color: tokens.colorPaletteGreenForeground1 }] },
];

function reading(value: number, field: VitalMeasurement): string {
  const unit = VITAL_RANGES[field].unit;
  return unit === '' ? String(value) : `${value} ${unit}`;
}

function rangeProps(lines: readonly LineChartPoints[], usual: [number, number] | undefined): { yMinValue?: number; yMaxValue?: number } {
  const range = trendRange(lines.flatMap((line) => line.data.map((point) => point.y)), usual);
  return range === undefined ? {} : { yMinValue: range.min, yMaxValue: range.max };
}

/** The latest reading of each measurement, as tiles. */
export function LatestVitalsTiles({ latest }: { latest: LatestVitals }) {
  const styles = useStyles();
  const systolic = latest.systolicMmHg;
  const diastolic = latest.diastolicMmHg;
  const tiles: { label: string; value: string; at: string }[] = [];
  if (systolic !== null && diastolic !== null) tiles.push({ label: 'Blood pressure', value: `${systolic.value}/${diastolic.value} mmHg`, at: systolic.takenAt });
  for (const [field, label] of Object.entries(LABELS) as [VitalMeasurement, string][]) {
    const latestReading = latest[field];
    if (latestReading !== null) tiles.push({ label, value: reading(latestReading.value, field), at: latestReading.takenAt });
  }
  if (latest.bmi !== null) tiles.push({ label: 'BMI', value: String(latest.bmi), at: '' });
  if (tiles.length === 0) return <Body1 className={styles.muted}>No vitals recorded yet.</Body1>;
  return (
    <div className={styles.tiles} data-testid="latest-vitals">
      {tiles.map((tile) => (
        <div key={tile.label} className={styles.tile} aria-label={`${tile.label} ${tile.value}`}>
          <Caption1 className={styles.muted}>{tile.label}</Caption1>
          <span className={styles.value}>{tile.value}</span>
          {tile.at === '' ? null : <Caption1 className={styles.muted}>{shortTime(tile.at)}</Caption1>}
        </div>
      ))}
    </div>
  );
}

/** Latest vitals and their trends over the readings the chart holds (oldest to newest). */
export function VitalsPanel({ latest, history }: { latest: LatestVitals; history: readonly Vitals[] }) {
  const styles = useStyles();
  const ordered = [...history].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
  const trends = TRENDS.map((trend) => ({
    title: trend.title,
    usual: trend.usual,
    lines: trend.lines.map((line): LineChartPoints => ({
      legend: line.legend,
      color: line.color,
      data: ordered.flatMap((vitals) => {
        const value = vitals[line.field];
        return value === null ? [] : [{ x: new Date(vitals.takenAt), y: value, xAxisCalloutData: shortTime(vitals.takenAt) }];
      }),
    })).filter((line) => line.data.length > 0),
  })).filter((trend) => trend.lines.length > 0);
  return (
    <Panel title="Vitals" icon={<HeartPulse20Regular />}>
      <LatestVitalsTiles latest={latest} />
      {trends.length === 0 ? null : (
        <div className={styles.charts} data-testid="vitals-trends">
          {trends.map((trend) => (
            <figure key={trend.title} className={styles.chart} aria-label={`${trend.title} trend`}>
              <span className={styles.legend}>
                <Caption1>{trend.title}</Caption1>
                {/* The legend beside the title, not under the plot: every plot keeps the same height. */}
                {trend.lines.length < 2 ? null : trend.lines.map((line) => (
                  <Caption1 key={line.legend} className={styles.key}><span className={styles.swatch} style={{ backgroundColor: line.color }} />{line.legend}</Caption1>
                ))}
              </span>
              <div className={styles.plot}>
                <LineChart
                  data={{ chartTitle: trend.title, lineChartData: trend.lines }}
                  height={TREND_HEIGHT_PX}
                  hideLegend
                  {...rangeProps(trend.lines, trend.usual)}
                  culture={DISPLAY_LOCALE}
                  // The hospital's way of writing times, as every other time on the desk: "09:41", "2 Mar 09:41".
                  customDateTimeFormatter={(date) => shortTime(date.toISOString())}
                  xAxisTickCount={4}
                  yAxisTickCount={4}
                />
              </div>
            </figure>
          ))}
        </div>
      )}
    </Panel>
  );
}
