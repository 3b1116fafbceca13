import { quantityWords, writeSig } from '@hms/core';
import type { Dispensation, FormularyDrugData, WorklistEntry } from '@hms/core';
import type { MedicationLabelDocument } from '../printing/medication-label.js';

export type LabelProduct = Pick<FormularyDrugData, 'genericName' | 'strengthText' | 'strength' | 'form' | 'components'>;

/**
 * The labels of one dispensation: one per line (a line is one batch), each with the item's
 * directions in words (core sig.ts, as the prescription printed them) and the quantity that
 * line handed out (a substitute's label is the product handed out, its instructions line naming what it stands for). A product the desk does not know cannot be written out: it is named in `missing`.
 */
export function medicationLabels(
  entry: WorklistEntry,
  lines: readonly (Pick<Dispensation['lines'][number], 'prescriptionItemId' | 'batchNumber' | 'expiry' | 'quantity'> & Partial<Pick<Dispensation['lines'][number], 'itemId' | 'substitution'>>)[],
  dispensedAt: string,
  product: (drugId: string) => LabelProduct | undefined,
  pharmacy: string,
): { labels: MedicationLabelDocument[]; missing: string[] } {
  const labels: MedicationLabelDocument[] = [];
  const missing: string[] = [];
  for (const line of lines) {
    const item = entry.items.find((candidate) => candidate.id === line.prescriptionItemId);
    if (item === undefined) continue;
    // A generic substitution's label is the product handed out, saying what it stands for.
    const substituted = line.substitution != null && line.itemId !== undefined;
    const facts = product(substituted ? line.itemId! : item.drugId);
    if (facts === undefined) {
      missing.push(item.name);
      continue;
    }
    const sigProduct = { ...facts, components: [...facts.components] };
    const written = writeSig(sigProduct, { ...item, quantity: line.quantity });
    labels.push({
      kind: 'medicationLabel',
      patient: { mrn: entry.patient.mrn, name: entry.patient.name },
      medicine: written.medicine,
      directions: written.directions,
      // The pack is the substitute (its name above); the line under the directions says what it stands for.
      ...(instructionsOf(substituted ? item.name : undefined, written.instructions)),
      quantity: quantityWords(sigProduct, line.quantity).replace(/^Quantity: /, '').replace(/\.$/, ''),
      batchNumber: line.batchNumber,
      expiry: line.expiry,
      dispensedAt,
      pharmacy,
      prescriptionNumber: entry.number,
    });
  }
  return { labels, missing };
}

function instructionsOf(substituteFor: string | undefined, instructions: string | undefined): { instructions?: string } {
  const parts = [substituteFor === undefined ? undefined : `Generic substitute for ${substituteFor}.`, instructions].filter((part): part is string => part !== undefined && part !== '');
  return parts.length === 0 ? {} : { instructions: parts.join(' ').slice(0, 200) };
}
