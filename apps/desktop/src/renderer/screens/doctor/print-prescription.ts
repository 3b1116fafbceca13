import type { Chart, Drug } from '@hms/core';
import { SEX_LABELS } from '../../../shared/patient-records.js';
import type { PrintClinicalPatient } from '../../../shared/printing/clinical-documents.js';
import { prescriptionDocumentOf } from '../../../shared/printing/clinical-builders.js';
import type { PrintDocumentInput } from '../../../shared/printing/documents.js';
import type { PrescriptionLine } from './consultation-lists.js';

/** The patient as a prescription names them: who, allergies as the chart has them, the latest weight. */
export function printPatientOfChart(chart: Chart): PrintClinicalPatient {
  const { patient, allergies, latestVitals } = chart;
  const active = allergies.items.filter((item) => item.status === 'active');
  return {
    mrn: patient.mrn,
    name: patient.name,
    sex: SEX_LABELS[patient.sex],
    ...(patient.birthDate === null ? {} : { birthDate: patient.birthDate, birthDateEstimated: patient.birthDateEstimated }),
    allergies: allergies.status === 'allergies' && active.length > 0
      ? { status: 'recorded', items: active.map((item) => (item.reaction === null ? item.substance.text : `${item.substance.text} (${item.reaction})`)) }
      : allergies.status === 'none_known' ? { status: 'noneKnown' } : { status: 'notRecorded' },
    ...(latestVitals.weightKg === null ? {} : { weightKg: latestVitals.weightKg.value }),
  };
}

/**
 * The prescription document of a line of the consultation: the server's (its RX- number), or the
 * desk's own while it waits (its id, marked provisional). `prescriber` fills in what only the
 * server's record carries.
 */
export function prescriptionDocument(
  line: PrescriptionLine,
  drugs: readonly Drug[],
  chart: Chart,
  prescriber: { name: string; registration: string | null },
  department: string | undefined,
): PrintDocumentInput {
  const byId = new Map(drugs.map((drug) => [drug.id, drug]));
  const document = prescriptionDocumentOf(
    line.prescription ?? {
      id: line.id,
      number: null,
      status: line.status,
      createdAt: line.createdAt,
      prescriberName: prescriber.name,
      prescriberRegistration: prescriber.registration,
      overrides: [],
      items: line.items,
    },
    (drugId) => byId.get(drugId),
    printPatientOfChart(chart),
    department === undefined ? {} : { department },
  );
  // The desk's own record counts its overrides; the server's carries them.
  return line.prescription === undefined ? { ...document, overriddenAlerts: line.overrides } : document;
}
