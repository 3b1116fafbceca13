import { AllergySummarySchema, LatestVitalsSchema, SexSchema, VITAL_MEASUREMENTS, bodyMassIndex } from '@hms/core';
import type { AllergySummary, Chart, LatestVitals, Vitals } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const BannerSchema = z.object({
  id: z.string(), mrn: z.string(), name: z.string(), sex: SexSchema.nullable(), birthDate: z.string().nullable(), birthDateEstimated: z.boolean(),
});
const StoredChartSchema = z.object({
  serverUrl: z.string(),
  asOf: z.string(),
  patient: BannerSchema,
  allergies: AllergySummarySchema,
  latestVitals: LatestVitalsSchema,
});
export type StoredChart = z.infer<typeof StoredChartSchema>;
const IndexSchema = z.array(z.object({ patientId: z.string(), asOf: z.string() }));

const INDEX_KEY = 'nurse.charts';
const chartKey = (patientId: string) => `nurse.chart.${patientId}`;
/** Enough for a day's queues at a busy desk; the oldest copies go first. */
const MAX_CHARTS = 400;

/**
 * What the triage form needs of a patient's chart (banner, allergies, latest vitals), as last
 * read from one server or as this desk's own writes left it: what the desk shows offline.
 * Problems, encounters and medications are not kept: triage does not show them.
 */
export class ChartStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;

  constructor(values: KeyValueStore, serverUrl: () => string) {
    this.values = values;
    this.serverUrl = serverUrl;
  }

  get(patientId: string): StoredChart | undefined {
    const stored = this.values.getValue(chartKey(patientId), StoredChartSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  keepChart(chart: Chart, asOf: string): StoredChart {
    const { patient } = chart;
    return this.save({
      serverUrl: this.serverUrl(), asOf,
      patient: { id: patient.id, mrn: patient.mrn, name: patient.name, sex: patient.sex, birthDate: patient.birthDate, birthDateEstimated: patient.birthDateEstimated },
      allergies: chart.allergies, latestVitals: chart.latestVitals,
    });
  }

  /** The server's answer to an allergy write: the patient's allergies as they now stand. */
  setAllergies(patientId: string, allergies: AllergySummary, asOf: string): void {
    const stored = this.get(patientId);
    if (stored !== undefined) this.save({ ...stored, allergies, asOf });
  }

  /** Recorded vitals: each reading becomes the latest when it was taken no earlier than the one kept. */
  addVitals(vitals: Vitals): void {
    const stored = this.get(vitals.patientId);
    if (stored === undefined) return;
    this.save({ ...stored, latestVitals: withReadings(stored.latestVitals, vitals) });
  }

  private save(chart: StoredChart): StoredChart {
    this.values.setValue(chartKey(chart.patient.id), chart);
    const index = (this.values.getValue(INDEX_KEY, IndexSchema) ?? []).filter((item) => item.patientId !== chart.patient.id);
    index.push({ patientId: chart.patient.id, asOf: chart.asOf });
    index.sort((a, b) => a.asOf.localeCompare(b.asOf));
    while (index.length > MAX_CHARTS) this.values.deleteValue(chartKey(index.shift()!.patientId));
    this.values.setValue(INDEX_KEY, index);
    return chart;
  }
}

/** The latest readings with a new record's folded in (BMI from the latest weight and height, as the server's). Pure. */
export function withReadings(latest: LatestVitals, vitals: Vitals): LatestVitals {
  const next: LatestVitals = { ...latest };
  for (const name of VITAL_MEASUREMENTS) {
    const value = vitals[name];
    const current = next[name];
    if (value === null) continue;
    if (current === null || Date.parse(current.takenAt) <= Date.parse(vitals.takenAt)) next[name] = { value, takenAt: vitals.takenAt, vitalsId: vitals.id };
  }
  const weight = next.weightKg;
  const height = next.heightCm;
  next.bmi = weight === null || height === null ? null : bodyMassIndex(weight.value, height.value);
  return next;
}

/** When the newest of the latest readings was taken (null: nothing measured). */
export function latestTakenAt(latest: LatestVitals): string | null {
  let newest: string | null = null;
  for (const name of VITAL_MEASUREMENTS) {
    const reading = latest[name];
    if (reading !== null && (newest === null || Date.parse(reading.takenAt) > Date.parse(newest))) newest = reading.takenAt;
  }
  return newest;
}
