import type { LabCumulativeSeries } from '@hms/core';

/** One analyte's latest released value, as the chart's results list it. */
export interface LatestResultRow {
  key: string;
  code: string;
  name: string;
  analyte: string;
  value: string;
  unit: string | null;
  flag: LabCumulativeSeries['points'][number]['flag'];
  /** The range in force when the value was entered, as printed ("3.9–7.8"), or null without one. */
  range: string | null;
  releasedAt: string;
  collectedAt: string;
  amended: boolean;
  /** How many released values this analyte has (the trend's points). */
  count: number;
}

/** One numeric analyte over time: the points in its latest unit, oldest first, and its reference limits. */
export interface ResultTrend {
  key: string;
  title: string;
  unit: string | null;
  points: { at: string; value: number; flag: LatestResultRow['flag'] }[];
  low: number | null;
  high: number | null;
}

const keyOf = (series: LabCumulativeSeries) => `${series.code}:${series.analyte}`;

/** The latest value of each analyte: the tests released most recently first, a test's analytes together. */
export function latestResults(series: readonly LabCumulativeSeries[]): LatestResultRow[] {
  const rows = series.flatMap((one): LatestResultRow[] => {
    const last = one.points.at(-1);
    if (last === undefined) return [];
    return [{
      key: keyOf(one), code: one.code, name: one.name, analyte: one.analyte, value: last.value, unit: last.unit, flag: last.flag,
      range: last.range === null || last.range.text === '' ? null : last.range.text, releasedAt: last.releasedAt, collectedAt: last.collectedAt,
      amended: last.amended, count: one.points.length,
    }];
  });
  const latestOfTest = new Map<string, string>();
  for (const row of rows) if ((latestOfTest.get(row.code) ?? '') < row.releasedAt) latestOfTest.set(row.code, row.releasedAt);
  return rows.sort((a, b) => (latestOfTest.get(b.code) ?? '').localeCompare(latestOfTest.get(a.code) ?? '') || a.code.localeCompare(b.code) || a.analyte.localeCompare(b.analyte));
}

/**
 * The trends worth drawing: numeric analytes with at least two values in their latest unit (a
 * value in another unit would be a different scale on the same axis), newest activity first.
 */
export function resultTrends(series: readonly LabCumulativeSeries[], max = 8): ResultTrend[] {
  const trends = series.flatMap((one): ResultTrend[] => {
    const last = one.points.at(-1);
    if (last === undefined) return [];
    const points = one.points.flatMap((point) => (point.valueNumeric === null || point.unit !== last.unit ? [] : [{ at: point.collectedAt, value: point.valueNumeric, flag: point.flag }]));
    if (points.length < 2) return [];
    return [{
      key: keyOf(one),
      title: one.analyte === one.code ? one.name : `${one.name}: ${one.analyte}`,
      unit: last.unit,
      points,
      low: last.range?.low ?? null,
      high: last.range?.high ?? null,
    }];
  });
  const lastAt = (trend: ResultTrend) => trend.points.at(-1)?.at ?? '';
  return trends.sort((a, b) => lastAt(b).localeCompare(lastAt(a)) || a.key.localeCompare(b.key)).slice(0, max);
}
