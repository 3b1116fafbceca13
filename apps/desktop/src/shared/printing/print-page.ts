import { A5_STYLE, escapeHtml, prescriptionHtml, visitSummaryHtml } from './clinical-html.js';
import { BILLING_HTML_STYLE, claimHtml, invoiceHtml, receiptHtml, shiftReportHtml } from './billing/html.js';
import { code128Bars } from './code128.js';
import { LAB_REPORT_STYLE, labReportHtml } from './lab-report-html.js';
import { formatInstant, formatLocalDateTime, printedDateTime, sexAndBirth } from './format.js';
import type { PrintDocument, PrintPatient } from './documents.js';

// A printout as one HTML page, for a browser's print dialog: the browser workstation's only
// way to print. Pure strings; renderer/bridges/browser-print.ts puts it in a frame and prints it.

function barcodeSvg(text: string, moduleWidth = 2, height = 56): string {
  const { bars, width } = code128Bars(text);
  const quiet = 10;
  const rects = bars.map((bar) => `<rect x="${(bar.x + quiet) * moduleWidth}" y="0" width="${bar.width * moduleWidth}" height="${height}"/>`).join('');
  const total = (width + 2 * quiet) * moduleWidth;
  // Scaled down to the page's width if need be (a long code on A5), never up.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height}" viewBox="0 0 ${total} ${height}" preserveAspectRatio="none" style="max-width:100%" shape-rendering="crispEdges">${rects}</svg>`;
}

function patientLines(patient: PrintPatient): string {
  const details = sexAndBirth(patient.sex, patient.birthDate, patient.birthDateEstimated);
  return `<div class="name">${escapeHtml(patient.name)}</div>
    <div><span class="label">MRN</span> <b>${escapeHtml(patient.mrn)}</b></div>
    ${details === '' ? '' : `<div>${escapeHtml(details)}</div>`}
    ${patient.phone === undefined ? '' : `<div><span class="label">Phone</span> ${escapeHtml(patient.phone)}</div>`}`;
}

/** A5 documents bring their own page; the rest print as a receipt-width slip. */
function body(document: PrintDocument, hospitalName: string): { title: string; html: string; a5?: true; style?: string } {
  switch (document.kind) {
    case 'prescription':
      return { title: `Prescription ${document.number ?? ''}`.trim(), html: prescriptionHtml(document, hospitalName, (text) => barcodeSvg(text, 1.4, 44)), a5: true };
    case 'visitSummary':
      return { title: 'Visit summary', html: visitSummaryHtml(document, hospitalName), a5: true };
    case 'labReport':
      return { title: `Laboratory report ${document.accession}`, html: labReportHtml(document, hospitalName), a5: true, style: LAB_REPORT_STYLE };
    case 'invoice':
      return { title: `Invoice ${document.number}`, html: `<h1>${escapeHtml(hospitalName)}</h1><h2>INVOICE</h2>${invoiceHtml(document)}`, a5: true, style: BILLING_HTML_STYLE };
    case 'shiftReport':
      return { title: 'Shift report', html: `<h1>${escapeHtml(hospitalName)}</h1><h2>SHIFT REPORT</h2>${shiftReportHtml(document)}`, a5: true, style: BILLING_HTML_STYLE };
    case 'claim':
      return { title: `Claim ${document.reference}`, html: `<h1>${escapeHtml(hospitalName)}</h1><h2>INSURANCE CLAIM</h2>${claimHtml(document)}`, a5: true, style: BILLING_HTML_STYLE };
    case 'paymentReceipt':
      return { title: `Receipt ${escapeHtml(document.receiptNumber)}`, html: `${receiptHtml(document)}<div class="center">${barcodeSvg(document.receiptNumber)}</div>` };
    case 'registrationSlip':
      return {
        title: 'Patient registration',
        html: `${patientLines(document.patient)}
          <div><span class="label">Registered</span> ${escapeHtml(formatInstant(document.registeredAt))}</div>
          <div class="center">${barcodeSvg(document.patient.mrn)}</div>`,
      };
    case 'queueToken':
      return {
        title: escapeHtml(document.department),
        html: `<div class="center">Your number</div><div class="token">${escapeHtml(document.token)}</div>
          <div><span class="label">Patient</span> ${escapeHtml(document.patient.name)}</div>
          <div><span class="label">MRN</span> ${escapeHtml(document.patient.mrn)}</div>`,
      };
    case 'medicationLabel':
      return {
        title: 'Medication label',
        html: `<div class="name">${escapeHtml(document.patient.name)}</div><div>MRN ${escapeHtml(document.patient.mrn)}</div>
          <div><b>${escapeHtml(document.medicine)}</b></div><div>${escapeHtml(document.directions)}.</div>
          ${document.instructions === undefined ? '' : `<div>${escapeHtml(document.instructions)}</div>`}
          <div>Qty ${escapeHtml(document.quantity)}</div><div>Batch ${escapeHtml(document.batchNumber)}  Exp ${escapeHtml(document.expiry)}</div>
          <div class="label">${escapeHtml(printedDateTime(document.dispensedAt))} ${escapeHtml(document.pharmacy)}</div>`,
      };
    case 'specimenLabel':
      return {
        title: 'Specimen label',
        html: `<div class="name">${escapeHtml(document.patient.name)}</div><div>MRN ${escapeHtml(document.patient.mrn)}${document.priority === 'routine' ? '' : ` ${escapeHtml(document.priority.toUpperCase())}`}</div>
          <div>${barcodeSvg(document.barcode)}</div><div>${escapeHtml(document.barcode)}</div>
          <div><b>${escapeHtml(document.tests.join(' '))}</b></div><div>${escapeHtml(document.container)}</div>
          <div class="label">Coll ${escapeHtml(printedDateTime(document.collectedAt))}</div>`,
      };
    case 'wristband':
    case 'label':
      return { title: document.kind === 'wristband' ? 'Wristband' : 'Label', html: `${patientLines(document.patient)}<div>${barcodeSvg(document.patient.mrn)}</div>` };
    case 'testPage':
      return { title: 'Browser printing test page', html: `<div>If you can read this and the barcode, printing works.</div><div class="center">${barcodeSvg('HMS-TEST-128')}</div>` };
  }
}

/** The whole page the print frame holds. */
export function printableHtml(document: PrintDocument, hospitalName: string): string {
  const { title, html, a5, style = '' } = body(document, hospitalName);
  return a5 === true
    ? `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${A5_STYLE}${style}</style></head><body>${html}</body></html>`
    : `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
    body{font-family:'Segoe UI',Roboto,sans-serif;font-size:11pt;margin:8mm;max-width:80mm}
    h1{font-size:14pt;text-align:center;margin:0} h2{font-size:10pt;font-weight:normal;text-align:center;margin:2px 0 8px}
    .name{font-size:13pt;font-weight:600} .label{color:#555;font-size:9pt} .center{text-align:center;margin-top:8px}
    .token{font-size:40pt;font-weight:700;text-align:center} .foot{font-size:8pt;color:#555;text-align:center;margin-top:10px}
  </style></head><body><h1>${escapeHtml(hospitalName)}</h1><h2>${title}</h2>${html}
  <div class="foot">${escapeHtml(formatLocalDateTime(new Date()))}</div></body></html>`;
}

