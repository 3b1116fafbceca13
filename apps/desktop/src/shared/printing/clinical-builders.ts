import type { FormularyDrugData, Prescription } from '@hms/core';
import type { PrintPrescriptionItem } from './clinical-documents.js';
import type { PrintDocumentInput } from './documents.js';
import { HostFailure } from '../result.js';

// From the wire's shapes to the printouts: what the doctor desk calls before printing.

type ProductFacts = Pick<FormularyDrugData, 'genericName' | 'strengthText' | 'strength' | 'form' | 'components'>;
type ItemFacts = Pick<Prescription['items'][number], 'dose' | 'doseUnit' | 'route' | 'frequency' | 'durationDays' | 'quantity'> & { instructions?: string | null | undefined };

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

type PrescriptionInput = Extract<PrintDocumentInput, { kind: 'prescription' }>;

/**
 * The prescription as printed, from the server's prescription (number set) or the desk's own
 * record of one written offline (number null: the codes carry its id).
 */
export function prescriptionDocumentOf(
  prescription: Pick<Prescription, 'id' | 'status' | 'createdAt' | 'prescriberName' | 'prescriberRegistration' | 'overrides'> & { number: string | null; items: readonly (ItemFacts & { drugId: string })[] },
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
    items: prescription.items.map((item) => {
      const drug = drugs(item.drugId);
      if (drug === undefined) throw new HostFailure('NOT_FOUND', 'A medicine of this prescription is not in this workstation\'s formulary, so it cannot be written out. Try again once the formulary is up to date.', { drugId: item.drugId });
      return printItemOf(item, drug);
    }),
    overriddenAlerts: prescription.overrides.length,
    reprint: options.reprint ?? false,
  };
}
