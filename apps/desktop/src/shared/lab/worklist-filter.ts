import type { LabTest, LabWorklistEntry } from '@hms/core';
import type { LAB_SECTIONS } from '@hms/core';

export type LabSection = (typeof LAB_SECTIONS)[number];

/** The tests of an entry a section's bench works on (all of them with no section chosen). */
export function sectionTests(entry: LabWorklistEntry, section: LabSection | undefined): LabTest[] {
  return section === undefined ? entry.tests : entry.tests.filter((test) => test.section === section);
}

/**
 * The worklist narrowed to a section (entries with a test of it) and to `query`: every word must
 * be in the patient's name, MRN, accession, a specimen barcode or a test's code or name.
 */
export function filterWorklist(entries: readonly LabWorklistEntry[], section: LabSection | undefined, query: string): LabWorklistEntry[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
  return entries.filter((entry) => {
    if (sectionTests(entry, section).length === 0) return false;
    if (words.length === 0) return true;
    const haystack = [
      entry.patientName, entry.mrn, entry.accession ?? '', entry.requestedBy,
      ...entry.specimens.map((specimen) => specimen.barcode),
      ...entry.tests.flatMap((test) => [test.code, test.name]),
    ].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** How many entries of the worklist each section has work in. */
export function sectionCounts(entries: readonly LabWorklistEntry[]): Map<LabSection, number> {
  const counts = new Map<LabSection, number>();
  for (const entry of entries) for (const section of new Set(entry.tests.map((test) => test.section))) counts.set(section, (counts.get(section) ?? 0) + 1);
  return counts;
}
