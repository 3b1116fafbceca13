import type { LabResult, LabSpecimen } from '@hms/core';

// Kept beside the report (shared printing code) so that the report and the lab desk's grid pick the same versions.
/**
 * The results that stand now: the highest version of each analyte of each test, leaving out
 * values read from a specimen that was rejected since (the server keeps them, superseded, and
 * the test waits for a recollection). The wire carries every version; this picks what the grid
 * and the report show.
 */
export function currentResults(results: readonly LabResult[], specimens: readonly Pick<LabSpecimen, 'id' | 'status'>[]): LabResult[] {
  const rejected = new Set(specimens.filter((specimen) => specimen.status === 'rejected').map((specimen) => specimen.id));
  const latest = new Map<string, LabResult>();
  for (const result of results) {
    const key = `${result.testId}\u0000${result.analyte}`;
    const kept = latest.get(key);
    if (kept === undefined || result.version > kept.version) latest.set(key, result);
  }
  return [...latest.values()].filter((result) => !rejected.has(result.specimenId));
}

/** The version a current one replaced, when it was an amendment after release (the report names the value it corrects). */
export function replacedVersion(results: readonly LabResult[], current: LabResult): LabResult | undefined {
  return current.supersedes === null ? undefined : results.find((result) => result.id === current.supersedes);
}
