import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatInstant, labelLine, sexAndBirth } from '../../../shared/printing/format.js';
import { batchLine, dispensedLine } from './medication-label-layout.js';
import { specimenCollectedLine, specimenIdLine, specimenTestsLine } from './specimen-label-layout.js';
import type { PrintContext, PrintDocument, PrintPatient } from '../../../shared/printing/documents.js';
import { claimPage } from './billing/claim-pdf.js';
import { invoicePage } from './billing/invoice-pdf.js';
import { receiptPage } from './billing/receipt-pdf.js';
import { shiftReportPage } from './billing/shift-report-pdf.js';
import { labReportPage } from './lab-report-pdf.js';
import { barcode } from './pdf-codes.js';
import { pageTestPage, prescriptionPage, visitSummaryPage } from './pdf-pages.js';

const MM = 72 / 25.4;
const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const FONT_FILES = {
  normal: join(fontDir, 'Roboto-Regular.ttf'),
  bold: join(fontDir, 'Roboto-Medium.ttf'),
  italics: join(fontDir, 'Roboto-Italic.ttf'),
  bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
};
const allowedFiles = new Set(Object.values(FONT_FILES));
let configured = false;

/** pdfmake is one shared instance: fonts from its own package, and no file or URL beyond them. */
function configure(): void {
  if (configured) return;
  pdfmake.addFonts({ Roboto: FONT_FILES });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowedFiles.has(path));
  configured = true;
}

function patientBlock(patient: PrintPatient): Content[] {
  const details = sexAndBirth(patient.sex, patient.birthDate, patient.birthDateEstimated);
  return [
    { text: patient.name, style: 'name' },
    { text: [{ text: 'MRN  ', style: 'label' }, { text: patient.mrn, bold: true }] },
    ...(details === '' ? [] : [{ text: details }]),
    ...(patient.phone === undefined || patient.phone === '' ? [] : [{ text: [{ text: 'Phone  ', style: 'label' }, patient.phone] }]),
  ];
}

const styles: TDocumentDefinitions['styles'] = {
  hospital: { fontSize: 13, bold: true, alignment: 'center' },
  address: { fontSize: 8, alignment: 'center', color: '#444444' },
  title: { fontSize: 9, alignment: 'center', color: '#444444', margin: [0, 1, 0, 6] },
  name: { fontSize: 12, bold: true, margin: [0, 0, 0, 2] },
  label: { color: '#555555', fontSize: 8 },
  footer: { fontSize: 7, color: '#555555', alignment: 'center', margin: [0, 8, 0, 0] },
  token: { fontSize: 40, bold: true, alignment: 'center', margin: [0, 2, 0, 6] },
};

/** A thin rule across the receipt. A new object each time: pdfmake writes layout state into nodes. */
function rule(): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 70 * MM, y2: 0, lineWidth: 0.5, lineColor: '#999999' }], margin: [0, 5, 0, 5] };
}

/** A receipt-sized page (80 mm roll, or the top of a laser page). */
function receipt(title: string, body: Content[], context: PrintContext): TDocumentDefinitions {
  return {
    pageSize: { width: 80 * MM, height: 'auto' },
    pageMargins: [5 * MM, 5 * MM, 5 * MM, 6 * MM],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles,
    info: { title, creator: 'HMS', producer: 'HMS' },
    content: [
      { text: context.hospitalName, style: 'hospital' },
      ...(context.hospitalAddress === undefined ? [] : [{ text: context.hospitalAddress, style: 'address' }]),
      { text: title, style: 'title' },
      ...body,
      { text: `${context.workstationId}  ·  ${context.printedAt}`, style: 'footer' },
    ],
  };
}

export function pdfDefinition(document: PrintDocument, context: PrintContext, printer: string): TDocumentDefinitions {
  switch (document.kind) {
    case 'registrationSlip':
      return receipt('Patient registration', [
        rule(),
        ...patientBlock(document.patient),
        { text: [{ text: 'Registered  ', style: 'label' }, formatInstant(document.registeredAt)], margin: [0, 3, 0, 0] },
        ...(document.registeredBy === undefined ? [] : [{ text: [{ text: 'By  ', style: 'label' }, document.registeredBy] }]),
        rule(),
        { ...barcode(document.patient.mrn, 0.85, 30), alignment: 'center' },
        { text: document.patient.mrn, alignment: 'center', fontSize: 8, margin: [0, 2, 0, 4] },
        { text: 'Please bring this slip to every visit.', alignment: 'center' },
      ], context);
    case 'queueToken':
      return receipt(document.department, [
        rule(),
        { text: 'Your number', alignment: 'center' },
        { text: document.token, style: 'token' },
        { text: [{ text: 'Patient  ', style: 'label' }, document.patient.name] },
        { text: [{ text: 'MRN  ', style: 'label' }, document.patient.mrn] },
        ...(document.doctor === undefined || document.doctor === '' ? [] : [{ text: [{ text: 'Doctor  ', style: 'label' }, document.doctor] }]),
        { text: [{ text: 'Issued  ', style: 'label' }, formatInstant(document.issuedAt)] },
        ...(document.waitingAhead === undefined
          ? []
          : [{ text: document.waitingAhead === 1 ? '1 patient ahead of you' : `${document.waitingAhead} patients ahead of you`, alignment: 'center' as const, margin: [0, 6, 0, 0] as [number, number, number, number] }]),
        { text: 'Please wait until your number is called.', alignment: 'center', margin: [0, 4, 0, 0] },
      ], context);
    case 'prescription':
      return prescriptionPage(document, context);
    case 'visitSummary':
      return visitSummaryPage(document, context);
    case 'labReport':
      return labReportPage(document, context);
    case 'paymentReceipt':
      return receiptPage(document, context);
    case 'invoice':
      return invoicePage(document, context);
    case 'shiftReport':
      return shiftReportPage(document, context);
    case 'claim':
      return claimPage(document, context);
    case 'testPage':
      if (document.role === 'page') return pageTestPage(context, printer);
      return document.role === 'receipt'
        ? receipt('Receipt printer test page', [
          rule(),
          { text: [{ text: 'Printer  ', style: 'label' }, printer] },
          { text: 'Normal text 0123456789' },
          { text: 'Bold text', bold: true },
          { text: 'Accents: é è ü ö ñ ç  Ł ő ș' },
          rule(),
          { ...barcode('HMS-TEST-128', 0.85, 28), alignment: 'center' },
          { text: 'If you can read this and the barcode, the printer is ready.', alignment: 'center', margin: [0, 4, 0, 0] },
        ], context)
        : labelPage([
          { text: 'HMS label printer test', bold: true, fontSize: 8 },
          { text: `${context.workstationId}  ${context.printedAt}`, fontSize: 6 },
          { text: printer, fontSize: 5.5, color: '#555555' },
          { ...barcode('HMS-TEST-128', 0.55, 20), margin: [-5.5, 2, 0, 0] },
        ]);
    case 'label':
      return labelPage(
        [
          { text: document.patient.name, bold: true, fontSize: 8.5 },
          { text: labelLine(document.patient), fontSize: 6.5 },
          { ...barcode(document.patient.mrn, 0.55, 22), margin: [-5.5, 2, 0, 0] },
          ...(document.caption === undefined || document.caption === '' ? [] : [{ text: document.caption, fontSize: 6 }]),
        ],
        document.copies,
      );
    case 'medicationLabel': {
      // Eight lines on 25 mm: tight line height, the medicine and the patient larger than the rest.
      const small = { fontSize: 5.2, lineHeight: 1 };
      return labelPage([
        { text: document.patient.name, bold: true, fontSize: 7, lineHeight: 1 },
        { text: `MRN ${document.patient.mrn}${document.prescriptionNumber === undefined ? '' : `  ${document.prescriptionNumber}`}`, ...small },
        { text: document.medicine, bold: true, fontSize: 6.2, lineHeight: 1, margin: [0, 0.5, 0, 0] },
        { text: `${document.directions.charAt(0).toUpperCase()}${document.directions.slice(1)}.`, ...small },
        ...(document.instructions === undefined || document.instructions === '' ? [] : [{ text: document.instructions, ...small }]),
        { text: `Qty ${document.quantity}`, ...small },
        { text: batchLine(document), ...small },
        { text: dispensedLine(document, context), ...small, fontSize: 4.8, color: '#333333' },
      ]);
    }
    case 'specimenLabel':
      return labelPage([
        { text: document.patient.name, bold: true, fontSize: 7, lineHeight: 1 },
        { text: specimenIdLine(document), fontSize: 5.5 },
        { ...barcode(document.barcode, 0.5, 18), margin: [-5.5, 1, 0, 0] },
        { text: document.barcode, fontSize: 6 },
        { text: specimenTestsLine(document), bold: true, fontSize: 6 },
        { text: document.container, fontSize: 5.5 },
        { text: specimenCollectedLine(document), fontSize: 5 },
      ]);
    case 'wristband':
      return wristbandSheet(document.patient, context);
  }
}

/** 50 x 25 mm labels, one per page, `copies` pages. */
function labelPage(body: Content[], copies = 1): TDocumentDefinitions {
  const pages: Content[] = [];
  for (let copy = 0; copy < copies; copy += 1) pages.push({ stack: body, ...(copy > 0 ? { pageBreak: 'before' as const } : {}) });
  return {
    pageSize: { width: 50 * MM, height: 25 * MM },
    pageMargins: [2 * MM, 1.5 * MM, 2 * MM, 1 * MM],
    defaultStyle: { font: 'Roboto', fontSize: 7, lineHeight: 1.05 },
    info: { title: 'Label', creator: 'HMS', producer: 'HMS' },
    content: pages,
  };
}

/**
 * A wristband on a laser wristband sheet: A4 landscape, the band (25 x 254 mm) along the
 * top, its patient zone after the clasp; the band's outline is drawn thin for alignment.
 */
function wristbandSheet(patient: PrintPatient, context: PrintContext): TDocumentDefinitions {
  const bandX = 20 * MM;
  const bandY = 20 * MM;
  const details = sexAndBirth(patient.sex, patient.birthDate, patient.birthDateEstimated);
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [0, 0, 0, 0],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    info: { title: `Wristband ${patient.mrn}`, creator: 'HMS', producer: 'HMS' },
    background: () => ({
      canvas: [{ type: 'rect', x: bandX, y: bandY, w: 254 * MM, h: 25 * MM, r: 12, lineWidth: 0.4, lineColor: '#bbbbbb', dash: { length: 3 } }],
    }),
    content: [
      {
        absolutePosition: { x: bandX + 55 * MM, y: bandY + 3 * MM },
        columns: [
          {
            width: 105 * MM,
            stack: [
              { text: patient.name, fontSize: 13, bold: true },
              { text: [{ text: 'MRN ', color: '#555555' }, { text: patient.mrn, bold: true }, details === '' ? '' : `    ${details}`], margin: [0, 2, 0, 0] },
              { text: context.hospitalName, fontSize: 7, color: '#555555', margin: [0, 2, 0, 0] },
            ],
          },
          { width: 'auto', ...barcode(patient.mrn, 0.9, 19 * MM) },
        ],
      },
    ],
  };
}

export async function renderPdf(document: PrintDocument, context: PrintContext, printer: string): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(pdfDefinition(document, context, printer)).getBuffer();
}
