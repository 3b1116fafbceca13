import { labelLine, sexAndBirth } from '../../../shared/printing/format.js';
import type { PrintContext, PrintDocument } from '../../../shared/printing/documents.js';
import { renderMedicationLabel } from './medication-label-layout.js';
import { renderSpecimenLabel } from './specimen-label-layout.js';
import { ZplBuilder } from './zpl.js';

export type LabelDocument = Extract<PrintDocument, { kind: 'wristband' | 'label' | 'medicationLabel' | 'specimenLabel' | 'testPage' }>;

const mm = (millimetres: number, dpi: number) => Math.round((millimetres * dpi) / 25.4);

/**
 * One label as ZPL. Wristbands are 25 x 280 mm bands printed along their length (fields
 * rotated 90°), patient zone after the clasp; labels are 50 x 25 mm.
 */
export function renderLabel(document: LabelDocument, context: PrintContext, dpi: number, printer: string): string {
  const d = (millimetres: number) => mm(millimetres, dpi);
  switch (document.kind) {
    case 'wristband': {
      const { patient } = document;
      const zpl = new ZplBuilder({ widthDots: d(25), lengthDots: d(280) });
      // Rotated R: x runs across the band (right edge = top of the text), y along it.
      zpl.text(patient.name, { x: d(14), y: d(70), height: d(5), rotation: 'R', block: { width: d(120), lines: 1 } });
      zpl.text(`MRN ${patient.mrn}`, { x: d(8.5), y: d(70), height: d(4), rotation: 'R' });
      const details = sexAndBirth(patient.sex, patient.birthDate, patient.birthDateEstimated);
      if (details !== '') zpl.text(details, { x: d(3.5), y: d(70), height: d(3.5), rotation: 'R' });
      zpl.code128(patient.mrn, { x: d(5), y: d(200), height: d(14), moduleWidth: dpi >= 300 ? 3 : 2, rotation: 'R', interpretation: false });
      return zpl.build(1);
    }
    case 'label': {
      const { patient } = document;
      const zpl = new ZplBuilder({ widthDots: d(50), lengthDots: d(25) });
      zpl.text(patient.name, { x: d(2), y: d(1.5), height: d(3.5), block: { width: d(46), lines: 1 } });
      zpl.text(labelLine(patient), { x: d(2), y: d(6), height: d(2.8) });
      zpl.code128(patient.mrn, { x: d(2), y: d(10), height: d(9), moduleWidth: dpi >= 300 ? 3 : 2, interpretation: false });
      if (document.caption !== undefined && document.caption !== '') zpl.text(document.caption, { x: d(2), y: d(21), height: d(2.5) });
      return zpl.build(document.copies);
    }
    case 'medicationLabel':
      return renderMedicationLabel(document, context, dpi);
    case 'specimenLabel':
      return renderSpecimenLabel(document, dpi);
    case 'testPage': {
      const zpl = new ZplBuilder({ widthDots: d(50), lengthDots: d(25) });
      zpl.text('HMS label printer test', { x: d(2), y: d(1.5), height: d(3.2) });
      zpl.text(`${context.workstationId}  ${context.printedAt}`, { x: d(2), y: d(5.5), height: d(2.5) });
      zpl.text(printer, { x: d(2), y: d(8.5), height: d(2.2), block: { width: d(46), lines: 1 } });
      zpl.code128('HMS-TEST-128', { x: d(2), y: d(12), height: d(8), moduleWidth: 2 });
      return zpl.build(1);
    }
  }
}
