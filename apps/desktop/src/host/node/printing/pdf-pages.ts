import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PrintPrescriber } from '../../../shared/printing/clinical-documents.js';
import { ageSexLine, allergiesLine, itemCountLine, overridesLine, prescriptionCode, PROVISIONAL_NOTE, registrationLine, REPRINT_NOTE, writtenItem } from '../../../shared/printing/clinical-format.js';
import type { PrescriptionDocument, PrintContext, VisitSummaryDocument } from '../../../shared/printing/documents.js';
import type { PrintClinicalPatient, PrintPrescriptionItem } from '../../../shared/printing/clinical-documents.js';
import { printedDateTime } from '../../../shared/printing/format.js';
import { barcode, barcodeModules } from './pdf-codes.js';

// A5 portrait pages (148 x 210 mm) for a laser printer: the prescription and the visit summary.

const MM = 72 / 25.4;
const MARGIN = 12 * MM;
const WIDTH = 148 * MM - 2 * MARGIN;

const styles: TDocumentDefinitions['styles'] = {
  hospital: { fontSize: 14, bold: true, alignment: 'center' },
  address: { fontSize: 8, alignment: 'center', color: '#444444' },
  title: { fontSize: 12, bold: true, alignment: 'center', margin: [0, 4, 0, 0] },
  subtitle: { fontSize: 8.5, alignment: 'center', color: '#444444' },
  name: { fontSize: 12, bold: true },
  label: { fontSize: 7.5, color: '#555555' },
  allergies: { fontSize: 9.5, bold: true, margin: [0, 4, 0, 0] },
  heading: { fontSize: 10, bold: true, margin: [0, 8, 0, 3] },
  medicine: { fontSize: 10.5, bold: true },
  small: { fontSize: 7.5, color: '#555555' },
};

/** A thin rule across the page. A new object each time: pdfmake writes layout state into nodes. */
function rule(): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: WIDTH, y2: 0, lineWidth: 0.6, lineColor: '#888888' }], margin: [0, 5, 0, 5] };
}

function header(context: PrintContext, title: string, department: string | undefined): Content[] {
  return [
    { text: context.hospitalName, style: 'hospital' },
    ...(context.hospitalAddress === undefined ? [] : [{ text: context.hospitalAddress, style: 'address' }]),
    { text: title, style: 'title' },
    ...(department === undefined || department === '' ? [] : [{ text: department, style: 'subtitle' }]),
    rule(),
  ];
}

function labelled(label: string, value: string, bold = false): Content {
  return { text: [{ text: `${label}  `, style: 'label' }, { text: value, bold }] };
}

function patientBlock(patient: PrintClinicalPatient, at: string, right: Content[], forDispensing: boolean): Content[] {
  const details = ageSexLine(patient, at);
  return [
    {
      columns: [
        {
          width: '*',
          stack: [
            { text: patient.name, style: 'name' },
            labelled('MRN', patient.mrn, true),
            ...(details === '' ? [] : [{ text: details }]),
          ],
        },
        { width: 'auto', stack: right, alignment: 'right' },
      ],
      columnGap: 8,
    },
    { text: allergiesLine(patient.allergies, forDispensing), style: 'allergies', color: patient.allergies.status === 'recorded' ? '#a00000' : 'black' },
    rule(),
  ];
}

/** One item in words: the medicine bold, then the directions, the prescriber's words and the quantity. */
function itemBlock(item: PrintPrescriptionItem, index: number): Content {
  const written = writtenItem(item);
  const directions = written.directions.charAt(0).toUpperCase() + written.directions.slice(1);
  return {
    columns: [
      { width: 14, text: `${index + 1}.`, style: 'medicine' },
      {
        width: '*',
        stack: [
          { text: written.medicine, style: 'medicine' },
          { text: `${directions}.` },
          ...(written.instructions === undefined ? [] : [{ text: written.instructions, italics: true }]),
          { text: written.quantity, bold: true },
        ],
      },
    ],
    margin: [0, 0, 0, 7],
    unbreakable: true,
  };
}

function signatureBlock(prescriber: PrintPrescriber): Content[] {
  return [
    { text: 'Signature', style: 'label', margin: [0, 14, 0, 0] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 55 * MM, y2: 0, lineWidth: 0.6 }], margin: [0, 12, 0, 3] },
    { text: prescriber.name, bold: true },
    { text: registrationLine(prescriber.registration) },
  ];
}

/** The codes the pharmacy scans: a QR beside the signature, a Code 128 across the page under it. */
function prescriptionCodes(document: PrescriptionDocument): Content[] {
  const code = prescriptionCode(document);
  // As wide a module as fits (a scanner reads wide bars from further away), at most 1.2 pt.
  const moduleWidth = Math.min(1.2, WIDTH / barcodeModules(code.value));
  return [
    {
      columns: [
        { width: '*', stack: signatureBlock(document.prescriber) },
        {
          width: 'auto',
          stack: [
            { qr: code.value, fit: 78, margin: [0, 4, 0, 0] },
            { text: code.provisional ? 'Provisional' : code.value, alignment: 'center', style: 'small' },
          ],
        },
      ],
      columnGap: 10,
    },
    { ...barcode(code.value, moduleWidth, 30), alignment: 'center', margin: [0, 8, 0, 2] },
    { text: code.value, alignment: 'center', fontSize: 8 },
    ...(code.provisional ? [{ text: PROVISIONAL_NOTE, style: 'small', alignment: 'center' as const, margin: [0, 3, 0, 0] as [number, number, number, number] }] : []),
  ];
}

function page(title: string, context: PrintContext, footer: (current: number, count: number) => string, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A5',
    pageMargins: [MARGIN, MARGIN, MARGIN, 14 * MM],
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.15 },
    styles,
    info: { title, creator: 'HMS', producer: 'HMS' },
    footer: (current, count) => ({ text: footer(current, count), style: 'small', alignment: 'center', margin: [MARGIN, 3.5 * MM, MARGIN, 0] }),
    content,
  };
}

export function prescriptionPage(document: PrescriptionDocument, context: PrintContext): TDocumentDefinitions {
  const code = prescriptionCode(document);
  const overrides = overridesLine(document.overriddenAlerts);
  const number = document.number ?? 'not yet assigned (provisional)';
  return page(
    `Prescription ${code.value}`,
    context,
    // Every page names its prescription and patient: a second page is read on its own too.
    (current, count) => `Prescription ${document.number ?? '(provisional)'} for ${document.patient.name}, MRN ${document.patient.mrn}  ·  page ${current} of ${count}\n${context.workstationId}  ·  printed ${context.printedAt}`,
    [
      ...header(context, document.reprint ? 'PRESCRIPTION (REPRINT)' : 'PRESCRIPTION', document.department),
      ...patientBlock(document.patient, document.writtenAt, [labelled('Date', printedDateTime(document.writtenAt)), labelled('No.', number, true)], true),
      ...document.items.map(itemBlock),
      { text: `${itemCountLine(document.items.length)} on this prescription. Nothing is to be added below this line.`, style: 'small', margin: [0, 2, 0, 0] },
      ...(overrides === undefined ? [] : [{ text: overrides, style: 'small', margin: [0, 2, 0, 0] as [number, number, number, number] }]),
      ...(document.reprint ? [{ text: REPRINT_NOTE, style: 'small', margin: [0, 2, 0, 0] as [number, number, number, number] }] : []),
      rule(),
      { stack: prescriptionCodes(document), unbreakable: true },
    ],
  );
}

function section(title: string, body: Content[]): Content[] {
  return body.length === 0 ? [] : [{ text: title, style: 'heading' }, ...body];
}

export function visitSummaryPage(document: VisitSummaryDocument, context: PrintContext): TDocumentDefinitions {
  return page(
    'Visit summary',
    context,
    (current, count) => `Visit summary for ${document.patient.name}  ·  page ${current} of ${count}  ·  printed ${context.printedAt}`,
    [
      ...header(context, 'VISIT SUMMARY', document.department),
      ...patientBlock(document.patient, document.visitAt, [labelled('Visit', printedDateTime(document.visitAt))], false),
      ...section('What the doctor found', document.diagnoses.map((diagnosis) => ({
        text: [diagnosis.description, diagnosis.provisional ? { text: '  (to be confirmed)', italics: true } : '', diagnosis.code === undefined || diagnosis.code === '' ? '' : { text: `  ${diagnosis.code}`, style: 'small' }],
        margin: [0, 0, 0, 2] as [number, number, number, number],
      }))),
      ...section('Your medicines', document.medicines.map(itemBlock)),
      ...section('Tests ordered', document.orders.map((order) => ({
        text: [order.name, order.kind === undefined || order.kind === '' ? '' : { text: `  (${order.kind})`, style: 'small' }],
        margin: [0, 0, 0, 2] as [number, number, number, number],
      }))),
      ...section('Advice and follow-up', document.advice === undefined || document.advice === '' ? [] : [{ text: document.advice }]),
      rule(),
      { stack: [{ text: 'Doctor', style: 'label' }, { text: document.doctor.name, bold: true }, { text: registrationLine(document.doctor.registration) }], unbreakable: true },
    ],
  );
}

export function pageTestPage(context: PrintContext, printer: string): TDocumentDefinitions {
  return page('Page printer test', context, () => `${context.workstationId}  ·  ${context.printedAt}`, [
    ...header(context, 'PAGE PRINTER TEST', undefined),
    labelled('Printer', printer),
    { text: 'This page is A5 (148 x 210 mm). Prescriptions and visit summaries print here.', margin: [0, 6, 0, 0] },
    { text: 'Accents: é è ü ö ñ ç  Ł ő ș   Fractions: ¼ ½ ¾', margin: [0, 4, 0, 8] },
    { columns: [{ width: '*', ...barcode('HMS-TEST-128', 1.2, 30) }, { width: 'auto', qr: 'HMS-TEST-QR', fit: 70 }] },
    { text: 'If you can read this and scan both codes, the printer is ready.', margin: [0, 8, 0, 0] },
  ]);
}
