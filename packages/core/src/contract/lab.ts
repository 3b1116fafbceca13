import type { EventSpec, MethodSpec } from './method.js';

/**
 * The laboratory (issue 13): specimens and accession numbers, worklists, results with ranges and
 * flags, critical values, two-step validation and reports. The catalogue, ranges, flags and
 * calculations are pure rules in `../lab/`; the specimen workflow's rules in `../lab-workflow/`.
 */
export const labMethods = {} as const satisfies Record<string, MethodSpec>;

export const labEvents = {} as const satisfies Record<string, EventSpec>;
