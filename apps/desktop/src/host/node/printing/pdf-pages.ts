import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PrintContext } from '../../../shared/printing/documents.js';
import { barcode } from './pdf-codes.js';

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
