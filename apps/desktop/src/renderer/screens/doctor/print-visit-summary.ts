import type { Chart, Doctor, Drug, OrderKind } from '@hms/core';
import type { ConsultationView } from '../../../shared/doctor/views.js';
import { printItemOf } from '../../../shared/printing/clinical-builders.js';
import type { PrintDocumentInput } from '../../../shared/printing/documents.js';
import { HostFailure } from '../../../shared/result.js';
import type { DiagnosisLine, OrderLine, PrescriptionLine } from './consultation-lists.js';
import { printPatientOfChart } from './print-prescription.js';

/** What an order is, in the patient's words (as the host's own visit summary says it). */
const ORDER_KIND_WORDS: Readonly<Record<OrderKind, string>> = { lab: 'laboratory test', radiology: 'X-ray or scan' };

export interface VisitSummaryFacts {
  view: ConsultationView;
  chart: Chart;
  /** The consultation's lines as the screen shows them: the server's and those still on their way from this desk. */
  diagnoses: readonly DiagnosisLine[];
  orders: readonly OrderLine[];
  prescriptions: readonly PrescriptionLine[];
  /** The plan as typed here (newer than the server's while it is being saved). */
  plan: string | undefined;
  drugs: readonly Drug[];
  doctor: Doctor | null;
}

/**
 * The visit summary the patient takes home, from what this desk shows of the consultation: also
 * offline, with what waits to be sent. What the server refused, and what was cancelled, is left
 * out (it is not what the patient was given).
 */
export function visitSummaryDocument(facts: VisitSummaryFacts): PrintDocumentInput {
  const { view, chart, doctor } = facts;
  const byId = new Map(facts.drugs.map((drug) => [drug.id, drug]));
  const medicines = facts.prescriptions
    .filter((line) => line.status === 'active' && line.pending !== 'refused')
    .flatMap((line) => line.items)
    .map((item) => {
      const drug = byId.get(item.drugId);
      if (drug === undefined) throw new HostFailure('NOT_FOUND', 'A medicine is not in this workstation\'s formulary, so it cannot be written out. Try again once the formulary is up to date.', { drugId: item.drugId });
      return printItemOf(item, drug);
    });
  const advice = facts.plan?.trim() ?? view.encounter?.note.sections.plan?.trim() ?? '';
  const department = view.encounter?.department ?? doctor?.department;
  return {
    kind: 'visitSummary',
    visitAt: view.encounter?.startedAt ?? view.startedAt,
    patient: printPatientOfChart(chart),
    ...(department === undefined ? {} : { department }),
    doctor: { name: view.encounter?.doctorName ?? doctor?.displayName ?? '', registration: doctor?.registrationNumber ?? null },
    diagnoses: facts.diagnoses
      .filter((line) => line.pending !== 'refused')
      .map((line) => ({ code: line.code, description: line.description, provisional: line.certainty === 'provisional' })),
    medicines,
    orders: facts.orders
      .filter((line) => line.status !== 'cancelled' && line.pending !== 'refused')
      .map((line) => ({ name: line.name, kind: ORDER_KIND_WORDS[line.kind] })),
    ...(advice === '' ? {} : { advice }),
  };
}

/** The print job of a visit's summary (PrintStatus shows it under this key). */
export function visitSummaryPrintKey(visitId: string): string {
  return `visitSummary:${visitId}`;
}
