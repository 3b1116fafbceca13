import type { LabCatalogue } from '../analytes.js';
import { labCatalogue } from '../analytes.js';
import type { LabPanel, LabTestDefinition } from '../catalogue.js';
import { LabPanelSchema, LabTestDefinitionSchema } from '../catalogue.js';
import { CHEMISTRY_TESTS } from './chemistry.js';
import { HAEMATOLOGY_TESTS } from './haematology.js';
import { MICROBIOLOGY_TESTS } from './microbiology.js';
import { LAB_PANELS_DATA } from './panels.js';

/** Revision of the starter catalogue; the server seeds its editable ranges from it (docs/lab-catalogue.md). */
export const LAB_CATALOGUE_REVISION = 1;

/** The starter catalogue (our own list; ranges cite their sources), parsed once so a bad entry fails at start. */
export const LAB_TESTS: readonly LabTestDefinition[] = [...HAEMATOLOGY_TESTS, ...CHEMISTRY_TESTS, ...MICROBIOLOGY_TESTS].map((test) => LabTestDefinitionSchema.parse(test));
export const LAB_PANELS: readonly LabPanel[] = LAB_PANELS_DATA.map((panel) => LabPanelSchema.parse(panel));
export const STARTER_LAB_CATALOGUE: LabCatalogue = labCatalogue(LAB_TESTS, LAB_PANELS);
