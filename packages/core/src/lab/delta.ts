import { z } from 'zod';

/** A change from the patient's previous result bigger than this, within the window, is queried before release. */
export const DeltaRuleSchema = z.object({
  kind: z.enum(['absolute', 'percent']),
  threshold: z.number().positive(),
  windowHours: z.number().int().positive().max(24 * 365),
});
export type DeltaRule = z.output<typeof DeltaRuleSchema>;

export interface DeltaOutcome {
  exceeded: boolean;
  /** current - previous, in the test's unit. */
  change: number;
  /** Percent of the previous value; undefined when the previous was 0. */
  percentChange?: number;
}

/** Undefined when there is no previous result within the window (nothing to compare). */
export function deltaCheck(rule: DeltaRule, current: { value: number; at: Date }, previous: { value: number; at: Date } | undefined): DeltaOutcome | undefined {
  if (previous === undefined) return undefined;
  const hours = (current.at.getTime() - previous.at.getTime()) / 3_600_000;
  if (hours < 0 || hours > rule.windowHours) return undefined;
  const change = current.value - previous.value;
  const percentChange = previous.value === 0 ? undefined : (change / Math.abs(previous.value)) * 100;
  const exceeded = rule.kind === 'absolute'
    ? Math.abs(change) > rule.threshold
    : percentChange === undefined ? change !== 0 : Math.abs(percentChange) > rule.threshold;
  return percentChange === undefined ? { exceeded, change } : { exceeded, change, percentChange };
}
