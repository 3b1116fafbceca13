import type { PrintClinicalPatient, PrintPrescriber, PrintPrescriptionItem } from './clinical-documents.js';
import { ageSexLine, allergiesLine, itemCountLine, overridesLine, prescriptionCode, PROVISIONAL_NOTE, registrationLine, REPRINT_NOTE, writtenItem } from './clinical-format.js';
import type { PrescriptionDocument, VisitSummaryDocument } from './documents.js';
import { printedDateTime } from './format.js';

// The prescription and the visit summary as HTML, for the browser workstation's print dialog
// (an A5 page). The same words as the PDF; the browser page carries the Code 128 only, which a
// pharmacy scanner reads as well as the QR.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** CSS for an A5 page. */
export const A5_STYLE = `@page{size:A5 portrait;margin:12mm}
  body{font-family:Roboto,'Segoe UI',sans-serif;font-size:10pt;line-height:1.3;margin:0}
  h1{font-size:14pt;text-align:center;margin:0} .address{font-size:8pt;text-align:center;color:#444}
  h2{font-size:12pt;text-align:center;margin:4px 0 0} .sub{font-size:8.5pt;text-align:center;color:#444}
  hr{border:0;border-top:0.6pt solid #888;margin:6px 0} .row{display:flex;justify-content:space-between;gap:8px}
  .name{font-size:12pt;font-weight:600} .label{color:#555;font-size:7.5pt} .allergies{font-weight:600;margin-top:4px}
  .allergies.recorded{color:#a00000} h3{font-size:10pt;margin:10px 0 3px} .item{display:flex;gap:6px;margin-bottom:8px;break-inside:avoid}
  .medicine{font-weight:600} .small{font-size:7.5pt;color:#555} .center{text-align:center} .sign{margin-top:18px;break-inside:avoid}
  .line{border-top:0.6pt solid #000;width:55mm;margin:22px 0 3px}`;

function header(hospitalName: string, title: string, department: string | undefined, hospitalAddress?: string): string {
  return `<h1>${escapeHtml(hospitalName)}</h1>${hospitalAddress === undefined ? '' : `<div class="address">${escapeHtml(hospitalAddress)}</div>`}
    <h2>${title}</h2>${department === undefined || department === '' ? '' : `<div class="sub">${escapeHtml(department)}</div>`}<hr>`;
}

function patientBlock(patient: PrintClinicalPatient, at: string, right: string, forDispensing: boolean): string {
  const details = ageSexLine(patient, at);
  return `<div class="row"><div><div class="name">${escapeHtml(patient.name)}</div>
    <div><span class="label">MRN</span> <b>${escapeHtml(patient.mrn)}</b></div>${details === '' ? '' : `<div>${escapeHtml(details)}</div>`}</div>
    <div style="text-align:right">${right}</div></div>
    <div class="allergies ${patient.allergies.status}">${escapeHtml(allergiesLine(patient.allergies, forDispensing))}</div><hr>`;
}

function itemHtml(item: PrintPrescriptionItem, index: number): string {
  const written = writtenItem(item);
  const directions = written.directions.charAt(0).toUpperCase() + written.directions.slice(1);
  return `<div class="item"><div class="medicine">${index + 1}.</div><div><div class="medicine">${escapeHtml(written.medicine)}</div>
    <div>${escapeHtml(directions)}.</div>${written.instructions === undefined ? '' : `<div><i>${escapeHtml(written.instructions)}</i></div>`}
    <div><b>${escapeHtml(written.quantity)}</b></div></div></div>`;
}

function doctorHtml(doctor: PrintPrescriber, signature: boolean): string {
  return `<div class="sign">${signature ? '<div class="label">Signature</div><div class="line"></div>' : '<div class="label">Doctor</div>'}
    <div><b>${escapeHtml(doctor.name)}</b></div><div>${escapeHtml(registrationLine(doctor.registration))}</div></div>`;
}

export function prescriptionHtml(document: PrescriptionDocument, hospitalName: string, barcodeSvg: (text: string) => string): string {
  const code = prescriptionCode(document);
  const overrides = overridesLine(document.overriddenAlerts);
  const right = `<div><span class="label">Date</span> ${escapeHtml(printedDateTime(document.writtenAt))}</div>
    <div><span class="label">No.</span> <b>${escapeHtml(document.number ?? 'not yet assigned (provisional)')}</b></div>`;
  return `${header(hospitalName, document.reprint ? 'PRESCRIPTION (REPRINT)' : 'PRESCRIPTION', document.department)}${patientBlock(document.patient, document.writtenAt, right, true)}
    ${document.items.map(itemHtml).join('')}
    <div class="small">${escapeHtml(itemCountLine(document.items.length))} on this prescription. Nothing is to be added below this line.</div>
    ${overrides === undefined ? '' : `<div class="small">${escapeHtml(overrides)}</div>`}
    ${document.reprint ? `<div class="small">${escapeHtml(REPRINT_NOTE)}</div>` : ''}<hr>
    ${doctorHtml(document.prescriber, true)}
    <div class="center" style="margin-top:10px">${barcodeSvg(code.value)}<div style="font-size:8pt">${escapeHtml(code.value)}</div>
    ${code.provisional ? `<div class="small">${escapeHtml(PROVISIONAL_NOTE)}</div>` : ''}</div>`;
}

export function visitSummaryHtml(document: VisitSummaryDocument, hospitalName: string): string {
  const section = (title: string, body: string[]) => (body.length === 0 ? '' : `<h3>${title}</h3>${body.join('')}`);
  return `${header(hospitalName, 'VISIT SUMMARY', document.department)}
    ${patientBlock(document.patient, document.visitAt, `<div><span class="label">Visit</span> ${escapeHtml(printedDateTime(document.visitAt))}</div>`, false)}
    ${section('What the doctor found', document.diagnoses.map((diagnosis) => `<div>${escapeHtml(diagnosis.description)}${diagnosis.provisional ? ' <i>(to be confirmed)</i>' : ''}${diagnosis.code === undefined || diagnosis.code === '' ? '' : ` <span class="small">${escapeHtml(diagnosis.code)}</span>`}</div>`))}
    ${section('Your medicines', document.medicines.map(itemHtml))}
    ${section('Tests ordered', document.orders.map((order) => `<div>${escapeHtml(order.name)}${order.kind === undefined || order.kind === '' ? '' : ` <span class="small">(${escapeHtml(order.kind)})</span>`}</div>`))}
    ${section('Advice and follow-up', document.advice === undefined || document.advice === '' ? [] : [`<div style="white-space:pre-wrap">${escapeHtml(document.advice)}</div>`])}
    <hr>${doctorHtml(document.doctor, false)}`;
}
