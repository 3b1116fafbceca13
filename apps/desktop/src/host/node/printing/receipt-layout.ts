import { formatInstant, sexAndBirth } from '../../../shared/printing/format.js';
import type { PrintContext, PrintDocument } from '../../../shared/printing/documents.js';
import { paymentReceiptEscPos } from './billing/receipt-escpos.js';
import { EscPosBuilder } from './escpos.js';

export type ReceiptDocument = Extract<PrintDocument, { kind: 'registrationSlip' | 'queueToken' | 'testPage' | 'paymentReceipt' }>;

/** One receipt as ESC/POS bytes for a roll of `columns` characters per line (32 on 58 mm, 42 or 48 on 80 mm). */
export function renderReceipt(document: ReceiptDocument, context: PrintContext, columns: number, printer: string): Uint8Array {
  if (document.kind === 'paymentReceipt') return paymentReceiptEscPos(document, context, columns);
  const out = new EscPosBuilder(columns).init();
  out.align('center').bold(true).size(2, 2).line(context.hospitalName.slice(0, Math.floor(columns / 2))).size(1).bold(false);
  if (context.hospitalAddress !== undefined) out.line(context.hospitalAddress.slice(0, columns));
  switch (document.kind) {
    case 'registrationSlip': {
      const { patient } = document;
      out.line('Patient registration').rule();
      out.align('left').bold(true).size(1, 2).line(patient.name).size(1).bold(false);
      out.pair('MRN', patient.mrn);
      const details = sexAndBirth(patient.sex, patient.birthDate, patient.birthDateEstimated);
      if (details !== '') out.line(details);
      if (patient.phone !== undefined && patient.phone !== '') out.pair('Phone', patient.phone);
      out.pair('Registered', formatInstant(document.registeredAt));
      if (document.registeredBy !== undefined) out.pair('By', document.registeredBy);
      out.rule().align('center').code128(patient.mrn, { height: 72, moduleWidth: 2 }).newline();
      out.line('Please bring this slip to every visit.');
      break;
    }
    case 'queueToken': {
      out.line(document.department).rule();
      out.line('Your number').bold(true).size(4, 4).line(document.token).size(1).bold(false).newline();
      out.align('left').pair('Patient', document.patient.name).pair('MRN', document.patient.mrn);
      if (document.doctor !== undefined && document.doctor !== '') out.pair('Doctor', document.doctor);
      out.pair('Issued', formatInstant(document.issuedAt));
      if (document.waitingAhead !== undefined) {
        out.align('center').newline().line(document.waitingAhead === 1 ? '1 patient ahead of you' : `${document.waitingAhead} patients ahead of you`);
      }
      out.align('center').newline().line('Please wait until your number is called.');
      break;
    }
    case 'testPage': {
      out.line('Receipt printer test page').rule().align('left');
      out.pair('Printer', printer.slice(0, columns - 10));
      out.pair('Characters per line', String(columns));
      out.line('Normal text 0123456789');
      out.bold(true).line('Bold text').bold(false);
      out.size(2, 1).line('Double width').size(1);
      out.size(1, 2).line('Double height').size(1);
      out.align('right').line('Right aligned').align('left');
      out.line('Accents: é è ü ö ñ ç');
      out.rule('=').align('center').code128('HMS-TEST-128', { height: 64 }).newline();
      out.line('If you can read this and the barcode, the');
      out.line('printer is ready.');
      break;
    }
  }
  out.align('center').newline().line(`${context.workstationId} - ${context.printedAt}`);
  return out.feed(3).cut().bytes();
}
