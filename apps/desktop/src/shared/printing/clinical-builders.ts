import type { Encounter, FormularyDrugData, OrderItem, OrderKind, Prescription } from '@hms/core';
import type { PrintPrescriptionItem } from './clinical-documents.js';
import type { PrintDocumentInput } from './documents.js';
import { HostFailure } from '../result.js';

// From the wire's shapes to the printouts: what the doctor desk calls before printing.

type ProductFacts = Pick<FormularyDrugData, 'genericName' | 'strengthText' | 'strength' | 'form' | 'components'>;
type ItemFacts = Pick<Prescription['items'][number], 'dose' | 'doseUnit' | 'route' | 'frequency' | 'durationDays' | 'quantity'> & { instructions?: string | null | undefined };

/** An item as the wire (or the desk's offline record) has it: the facts and the product's id. */
type KeptItem = ItemFacts & { drugId: string };

/** One item with the formulary product it names (the desk's kept formulary, by the item's drugId). */
export function printItemOf(item: ItemFacts, drug: ProductFacts): PrintPrescriptionItem {
  return {
    product: { genericName: drug.genericName, strengthText: drug.strengthText, strength: drug.strength, form: drug.form, components: [...drug.components] },
    dose: item.dose,
    doseUnit: item.doseUnit,
    route: item.route,
    frequency: item.frequency,
    durationDays: item.durationDays,
    quantity: item.quantity,
    instructions: item.instructions ?? null,
  };
}

/** A product to write an item out with; without it the words cannot be written, so nothing prints. */
function productOf(drugs: (drugId: string) => ProductFacts | undefined, drugId: string): ProductFacts {
  const drug = drugs(drugId);
  if (drug === undefined) throw new HostFailure('NOT_FOUND', 'A medicine is not in this workstation\'s formulary, so it cannot be written out. Try again once the formulary is up to date.', { drugId });
  return drug;
}

type PrescriptionInput = Extract<PrintDocumentInput, { kind: 'prescription' }>;

/**
 * The prescription as printed, from the server's prescription (number set) or the desk's own
 * record of one written offline (number null: the codes carry its id).
 */
export function prescriptionDocumentOf(
  // The wire's Prescription, or the desk's record of one written offline (its write's params: overrides as sent, counted only).
  prescription: Pick<Prescription, 'id' | 'status' | 'createdAt' | 'prescriberName' | 'prescriberRegistration'> & { number: string | null; items: readonly KeptItem[]; overrides: readonly unknown[] },
  drugs: (drugId: string) => ProductFacts | undefined,
  patient: PrescriptionInput['patient'],
  options: { department?: string; reprint?: boolean } = {},
): PrescriptionInput {
  // A cancelled prescription on paper could still be dispensed: it is not printed.
  if (prescription.status === 'cancelled') throw new HostFailure('CONFLICT', 'This prescription was cancelled; it is not printed.', { reason: 'cancelled', prescriptionId: prescription.id });
  return {
    kind: 'prescription',
    id: prescription.id,
    number: prescription.number,
    writtenAt: prescription.createdAt,
    patient,
    ...(options.department === undefined ? {} : { department: options.department }),
    prescriber: { name: prescription.prescriberName, registration: prescription.prescriberRegistration },
    items: prescription.items.map((item) => printItemOf(item, productOf(drugs, item.drugId))),
    overriddenAlerts: prescription.overrides.length,
    reprint: options.reprint ?? false,
  };
}

type VisitSummaryInput = Extract<PrintDocumentInput, { kind: 'visitSummary' }>;

/** What an order is, in the patient's words. */
const ORDER_KIND_WORDS: Readonly<Record<OrderKind, string>> = { lab: 'laboratory test', radiology: 'X-ray or scan' };

/**
 * The visit summary from the encounter: its diagnoses (provisional ones marked), the medicines
 * of its prescriptions that stand (cancelled ones left out), its orders that stand, and the
 * plan as the advice.
 */
export function visitSummaryDocumentOf(
  encounter: Pick<Encounter, 'startedAt' | 'doctorName' | 'department' | 'diagnoses'> & { note: { sections: Pick<Encounter['note']['sections'], 'plan'> } },
  doctorRegistration: string | null,
  prescriptions: readonly (Pick<Prescription, 'status'> & { items: readonly KeptItem[] })[],
  orders: readonly Pick<OrderItem, 'name' | 'kind' | 'status'>[],
  drugs: (drugId: string) => ProductFacts | undefined,
  patient: VisitSummaryInput['patient'],
): VisitSummaryInput {
  const medicines = prescriptions
    .filter((prescription) => prescription.status === 'active')
    .flatMap((prescription) => prescription.items)
    .map((item) => printItemOf(item, productOf(drugs, item.drugId)));
  const advice = encounter.note.sections.plan?.trim() ?? '';
  return {
    kind: 'visitSummary',
    visitAt: encounter.startedAt,
    patient,
    department: encounter.department,
    doctor: { name: encounter.doctorName, registration: doctorRegistration },
    diagnoses: encounter.diagnoses.map((diagnosis) => ({ code: diagnosis.code, description: diagnosis.description, provisional: diagnosis.certainty === 'provisional' })),
    medicines,
    orders: orders.filter((order) => order.status !== 'cancelled').map((order) => ({ name: order.name, kind: ORDER_KIND_WORDS[order.kind] })),
    ...(advice === '' ? {} : { advice }),
  };
}
