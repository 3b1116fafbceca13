import type { CatalogueEntry, LAB_SECTIONS, LabTest, SPECIMENS, SpecimenContainer } from '@hms/core';

type Section = (typeof LAB_SECTIONS)[number];
type Specimen = (typeof SPECIMENS)[number];

/** Glucose is drawn into fluoride oxalate, which stops the cells eating it before the bench runs it. */
const FLUORIDE_CODES = new Set(['RBG', 'FBG', 'GLU', 'OGTT', 'LACT']);

/**
 * The container a test is usually drawn into, from its specimen and section in the order
 * catalogue: blood for haematology, blood bank and malaria in EDTA, glucose in fluoride, other
 * chemistry and serology in serum, blood for culture in its bottle; other specimens in their own
 * pot. The phlebotomist may change it at the collection screen (the server takes any container).
 */
export function defaultContainer(test: Pick<LabTest, 'code' | 'section'>, specimen: Specimen | undefined): SpecimenContainer {
  if (FLUORIDE_CODES.has(test.code)) return 'fluoride';
  switch (specimen ?? (test.section === 'urinalysis' ? 'urine' : 'blood')) {
    case 'urine':
      return 'urine';
    case 'stool':
      return 'stool';
    case 'sputum':
      return 'sputum';
    case 'csf':
      return 'csf';
    case 'swab':
      return 'swab';
    case 'other':
      return 'other';
    case 'blood':
      return bloodContainer(test.section);
  }
}

function bloodContainer(section: Section): SpecimenContainer {
  switch (section) {
    case 'haematology':
    case 'blood_bank':
    case 'parasitology':
      return 'edta';
    case 'microbiology':
      return 'blood_culture';
    case 'chemistry':
    case 'serology':
      return 'serum';
    case 'urinalysis':
      return 'urine';
  }
}

export interface ContainerGroup {
  container: SpecimenContainer;
  tests: string[];
}

/** The tests still to collect, grouped one container per kind (the default: FBC and HB share one EDTA tube), in the order first met. */
export function groupByContainer(tests: readonly Pick<LabTest, 'code' | 'section' | 'status'>[], specimenOf: (code: string) => Specimen | undefined): ContainerGroup[] {
  const groups: ContainerGroup[] = [];
  for (const test of tests) {
    if (test.status !== 'awaiting_collection') continue;
    const container = defaultContainer(test, specimenOf(test.code));
    const group = groups.find((candidate) => candidate.container === container);
    if (group === undefined) groups.push({ container, tests: [test.code] });
    else group.tests.push(test.code);
  }
  return groups;
}

/** The specimen each lab test of the order catalogue is taken as. */
export function specimenIndex(items: readonly CatalogueEntry[]): Record<string, Specimen> {
  const index: Record<string, Specimen> = {};
  for (const item of items) if (item.kind === 'lab') index[item.code] = item.specimen;
  return index;
}
