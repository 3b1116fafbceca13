import { printedDateTime } from '../../../shared/printing/format.js';
import type { SpecimenLabelDocument } from '../../../shared/printing/specimen-label.js';
import { ZplBuilder } from './zpl.js';

const mm = (millimetres: number, dpi: number) => Math.round((millimetres * dpi) / 25.4);

/** "MRN 0001234  STAT": who, and how soon the bench should run it (routine is left unsaid). */
export function specimenIdLine(document: Pick<SpecimenLabelDocument, 'patient' | 'priority'>): string {
  return `MRN ${document.patient.mrn}${document.priority === 'routine' ? '' : `  ${document.priority.toUpperCase()}`}`;
}

/** "FBC RBG · EDTA (purple)": what the tube is for and what it is. */
export function specimenTestsLine(document: Pick<SpecimenLabelDocument, 'tests'>): string {
  return document.tests.join(' ');
}

export function specimenCollectedLine(document: Pick<SpecimenLabelDocument, 'collectedAt'>): string {
  return `Coll ${printedDateTime(document.collectedAt)}`;
}

/**
 * A specimen label as ZPL, 50 x 25 mm, wrapped round a tube: the patient, MRN and priority, the
 * specimen barcode in Code 128 (^BC, the accession and container number, about 45 mm at 203 dpi
 * with 2-dot modules, so it fits the label's width) with its text under it, the tests, the
 * container and the collection time. Heights at least 2 mm, which a thermal head prints legibly.
 */
export function renderSpecimenLabel(document: SpecimenLabelDocument, dpi: number): string {
  const d = (millimetres: number) => mm(millimetres, dpi);
  const zpl = new ZplBuilder({ widthDots: d(50), lengthDots: d(25) });
  const width = d(47);
  zpl.text(document.patient.name, { x: d(1.5), y: d(1), height: d(3), block: { width, lines: 1 } });
  zpl.text(specimenIdLine(document), { x: d(1.5), y: d(4.3), height: d(2.2) });
  zpl.code128(document.barcode, { x: d(1.5), y: d(6.9), height: d(6.5), moduleWidth: dpi >= 300 ? 3 : 2, interpretation: false });
  zpl.text(document.barcode, { x: d(1.5), y: d(13.8), height: d(2.4) });
  zpl.text(specimenTestsLine(document), { x: d(1.5), y: d(16.6), height: d(2.4), block: { width, lines: 1 } });
  zpl.text(document.container, { x: d(1.5), y: d(19.4), height: d(2.2), block: { width, lines: 1 } });
  zpl.text(specimenCollectedLine(document), { x: d(1.5), y: d(22), height: d(2) });
  return zpl.build(1);
}
