import type { TestLimits } from './analytes.js';
import type { LabTestDefinition } from './catalogue.js';
import type { ReferenceRange } from './ranges.js';
import { dateReaching, selectRange } from './ranges.js';

// Band edges are compared in days from a reference birth date (months and years vary in length).
const BIRTH = '2000-01-01';
const DAY0 = dateReaching(BIRTH, { value: 0, unit: 'd' });
const start = (band: ReferenceRange) => (band.ageFrom === undefined ? 0 : dateReaching(BIRTH, band.ageFrom) - DAY0);
const end = (band: ReferenceRange) => (band.ageTo === undefined ? Infinity : dateReaching(BIRTH, band.ageTo) - DAY0);
/** Ages at which the critical limits are compared with the range: each band's first day. */
const probeDays = (bands: readonly ReferenceRange[]) => [...new Set(bands.flatMap((band) => [start(band), end(band) - 1]).filter(Number.isFinite))];

function overlaps(bands: readonly ReferenceRange[], field: string): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const sex of ['F', 'M', 'any'] as const) {
    const mine = bands.map((band, index) => ({ band, index })).filter(({ band }) => band.sex === sex).sort((a, b) => start(a.band) - start(b.band));
    for (let i = 1; i < mine.length; i += 1) {
      if (start(mine[i]!.band) < end(mine[i - 1]!.band)) problems[`${field}.${mine[i]!.index}`] = `overlaps the ages of band ${mine[i - 1]!.index + 1} (${sex})`;
    }
  }
  bands.forEach((band, index) => {
    if (start(band) >= end(band)) problems[`${field}.${index}.ageTo`] = 'is not after ageFrom';
    if (band.low !== undefined && band.high !== undefined && band.low > band.high) problems[`${field}.${index}.high`] = 'is below low';
  });
  return problems;
}

/**
 * Why a lab's edited ranges and critical limits cannot be used for a test (empty when they can):
 * only numeric tests have them; bands of one sex may not overlap in age; a critical limit must
 * lie beyond the reference range wherever both apply.
 */
export function limitsProblems(test: LabTestDefinition, limits: TestLimits): Record<string, string> {
  if (test.result.type !== 'numeric') return { testCode: `${test.code} is a ${test.result.type} test: it has no numeric ranges` };
  const problems = { ...overlaps(limits.ranges, 'ranges'), ...overlaps(limits.critical, 'critical') };
  if (Object.keys(problems).length > 0) return problems;
  for (const day of probeDays([...limits.ranges, ...limits.critical])) {
    const onDate = new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 10);
    for (const sex of ['F', 'M'] as const) {
      const range = selectRange(limits.ranges, { birthDate: BIRTH, sex }, onDate);
      const critical = selectRange(limits.critical, { birthDate: BIRTH, sex }, onDate);
      if (range === undefined || critical === undefined) continue;
      if (critical.low !== undefined && range.low !== undefined && critical.low >= range.low) return { critical: `the critical low ${critical.low} is not below the range's low ${range.low} (${sex}, day ${day})` };
      if (critical.high !== undefined && range.high !== undefined && critical.high <= range.high) return { critical: `the critical high ${critical.high} is not above the range's high ${range.high} (${sex}, day ${day})` };
    }
  }
  return problems;
}
