import { printedDateTime } from '../../../shared/printing/format.js';
import type { MedicationLabelDocument } from '../../../shared/printing/medication-label.js';
import type { PrintContext } from '../../../shared/printing/documents.js';
import { ZplBuilder } from './zpl.js';

const mm = (millimetres: number, dpi: number) => Math.round((millimetres * dpi) / 25.4);

/** "Batch B1 · Exp 2027-01-31": the pack facts a recall is traced by. */
export function batchLine(document: Pick<MedicationLabelDocument, 'batchNumber' | 'expiry'>): string {
  return `Batch ${document.batchNumber}  Exp ${document.expiry}`;
}

/** Who dispensed it and when: the hospital, the pharmacy, the day. */
export function dispensedLine(document: Pick<MedicationLabelDocument, 'dispensedAt' | 'pharmacy'>, context: Pick<PrintContext, 'hospitalName'>): string {
  return `${printedDateTime(document.dispensedAt)}  ${context.hospitalName}, ${document.pharmacy}`;
}

/**
 * A medication label as ZPL, 50 x 25 mm: the patient, the medicine, the directions in words
 * (wrapped over up to three lines, two when the prescriber added instructions), the quantity,
 * batch and expiry, and who dispensed it when. Heights are at least 2.2 mm (17 dots at 203 dpi),
 * the smallest font 0 a thermal head prints legibly.
 */
export function renderMedicationLabel(document: MedicationLabelDocument, context: PrintContext, dpi: number): string {
  const d = (millimetres: number) => mm(millimetres, dpi);
  const zpl = new ZplBuilder({ widthDots: d(50), lengthDots: d(25) });
  const width = d(47);
  zpl.text(document.patient.name, { x: d(1.5), y: d(1), height: d(3), block: { width, lines: 1 } });
  const reference = document.prescriptionNumber === undefined || document.prescriptionNumber === '' ? '' : `  ${document.prescriptionNumber}`;
  zpl.text(`MRN ${document.patient.mrn}${reference}`, { x: d(1.5), y: d(4.3), height: d(2.2) });
  zpl.text(document.medicine, { x: d(1.5), y: d(7), height: d(2.8), block: { width, lines: 1 } });
  const hasInstructions = document.instructions !== undefined && document.instructions !== '';
  const directions = document.directions.charAt(0).toUpperCase() + document.directions.slice(1);
  zpl.text(`${directions}.`, { x: d(1.5), y: d(10.2), height: d(2.2), block: { width, lines: hasInstructions ? 2 : 3 } });
  if (hasInstructions) zpl.text(document.instructions!, { x: d(1.5), y: d(14.9), height: d(2.2), block: { width, lines: 1 } });
  zpl.text(`Qty ${document.quantity}`, { x: d(1.5), y: d(17.2), height: d(2.2), block: { width, lines: 1 } });
  zpl.text(batchLine(document), { x: d(1.5), y: d(19.6), height: d(2.2), block: { width, lines: 1 } });
  zpl.text(dispensedLine(document, context), { x: d(1.5), y: d(22), height: d(2), block: { width, lines: 1 } });
  return zpl.build(1);
}
