import { SPECIMEN_CONTAINER_LABELS, TEST_STATUSES } from '@hms/core';
import type { LAB_SECTIONS, LabSpecimen, SpecimenContainer, TestStatus } from '@hms/core';

type Section = (typeof LAB_SECTIONS)[number];

export const SECTION_LABELS: Readonly<Record<Section, string>> = {
  haematology: 'Haematology', chemistry: 'Chemistry', microbiology: 'Microbiology', serology: 'Serology',
  parasitology: 'Parasitology', urinalysis: 'Urinalysis', blood_bank: 'Blood bank',
};

export const TEST_STATUS_LABELS: Readonly<Record<TestStatus, string>> = {
  awaiting_collection: 'To collect', collected: 'Collected', received: 'Received', resulted: 'Resulted',
  validated: 'Validated', released: 'Released', cancelled: 'Cancelled',
};

export const SPECIMEN_STATUS_LABELS: Readonly<Record<LabSpecimen['status'], string>> = { collected: 'Collected', received: 'Received', rejected: 'Rejected' };

export function containerLabel(container: SpecimenContainer): string {
  return SPECIMEN_CONTAINER_LABELS[container];
}

/** The order statuses run in; a test's place in it (for "the furthest behind first"). */
export const statusRank = (status: TestStatus) => TEST_STATUSES.indexOf(status);
