import { SPECIMEN_CONTAINER_LABELS } from '@hms/core';
import type { LabSpecimen, LabWorklistEntry } from '@hms/core';
import type { SpecimenLabelDocument } from '../printing/specimen-label.js';

/** One label per container collected: the patient, the specimen barcode, its tests, the container and the collection time. */
export function specimenLabels(entry: Pick<LabWorklistEntry, 'patientName' | 'mrn' | 'priority'>, specimens: readonly Pick<LabSpecimen, 'barcode' | 'tests' | 'container' | 'collectedAt'>[]): SpecimenLabelDocument[] {
  return specimens.map((specimen) => ({
    kind: 'specimenLabel',
    patient: { mrn: entry.mrn, name: entry.patientName },
    barcode: specimen.barcode,
    tests: [...specimen.tests],
    container: SPECIMEN_CONTAINER_LABELS[specimen.container],
    collectedAt: specimen.collectedAt,
    priority: entry.priority,
  }));
}
