import { InstantSchema } from '@hms/core';
import { z } from 'zod';
import { ClaimDocumentSchema, InvoiceDocumentSchema, PaymentReceiptDocumentSchema, ShiftReportDocumentSchema } from './billing/documents.js';
import { PrescriptionDocumentSchema, VisitSummaryDocumentSchema } from './clinical-documents.js';
import { LabReportDocumentSchema } from './lab-report-document.js';
import { MedicationLabelDocumentSchema } from './medication-label.js';
import { PrintPatientSchema } from './patient.js';
import { SpecimenLabelDocumentSchema } from './specimen-label.js';

// What a desk asks to print, as plain view models. Each renders to ESC/POS (receipts), ZPL
// (labels), a PDF fallback, or the browser's print dialog; none knows the domain behind it.

const line = (max: number) => z.string().trim().min(1).max(max);

export { PrintPatientSchema } from './patient.js';
export type { PrintPatient } from './patient.js';

/**
 * A workstation's printers: an 80 mm receipt printer, a label/wristband printer, and a page
 * printer (A5/A4 laser, as PDF) for the doctor's prescriptions and visit summaries and the lab's reports.
 */
export const PRINTER_ROLES = ['receipt', 'label', 'page'] as const;
export type PrinterRole = (typeof PRINTER_ROLES)[number];
export const PrinterRoleSchema = z.enum(PRINTER_ROLES);

export const PrintDocumentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('testPage'), role: PrinterRoleSchema }),
  z.object({
    kind: z.literal('registrationSlip'),
    patient: PrintPatientSchema,
    registeredAt: InstantSchema,
    registeredBy: z.string().trim().max(120).optional(),
  }),
  z.object({
    kind: z.literal('queueToken'),
    token: line(20),
    department: line(80),
    doctor: z.string().trim().max(120).optional(),
    patient: PrintPatientSchema,
    issuedAt: InstantSchema,
    waitingAhead: z.number().int().nonnegative().optional(),
  }),
  z.object({ kind: z.literal('wristband'), patient: PrintPatientSchema }),
  z.object({
    kind: z.literal('label'),
    patient: PrintPatientSchema,
    caption: z.string().trim().max(60).optional(),
    copies: z.number().int().min(1).max(20).default(1),
  }),
  MedicationLabelDocumentSchema,
  SpecimenLabelDocumentSchema,
  PrescriptionDocumentSchema,
  VisitSummaryDocumentSchema,
  LabReportDocumentSchema,
  PaymentReceiptDocumentSchema,
  InvoiceDocumentSchema,
  ShiftReportDocumentSchema,
  ClaimDocumentSchema,
]);
export type PrintDocument = z.infer<typeof PrintDocumentSchema>;
export type PrintDocumentInput = z.input<typeof PrintDocumentSchema>;
export type PrintDocumentKind = PrintDocument['kind'];
export type PrescriptionDocument = Extract<PrintDocument, { kind: 'prescription' }>;
export type VisitSummaryDocument = Extract<PrintDocument, { kind: 'visitSummary' }>;

/** Which of the workstation's printers a document goes to. */
export function printerRoleOf(document: PrintDocument): PrinterRole {
  switch (document.kind) {
    case 'testPage':
      return document.role;
    case 'registrationSlip':
    case 'queueToken':
      return 'receipt';
    case 'wristband':
    case 'label':
    case 'medicationLabel':
    case 'specimenLabel':
      return 'label';
    case 'prescription':
    case 'visitSummary':
    case 'labReport':
    case 'invoice':
    case 'shiftReport':
    case 'claim':
      return 'page';
    case 'paymentReceipt':
      return document.paper === 'roll' ? 'receipt' : 'page';
  }
}

/** Who and where, stamped by the host on every printout. */
export interface PrintContext {
  hospitalName: string;
  hospitalAddress?: string;
  workstationId: string;
  /** When the job was printed, already formatted for people (the host's local time). */
  printedAt: string;
}

export interface PrintOutcome {
  role: PrinterRole;
  /** The printer as people know it: "ESC/POS at 10.0.0.21:9100", "PDF to folder /srv/slips". */
  printer: string;
  bytes: number;
  /** A PDF saved to a folder, when that is where it went. */
  file?: string;
}

export function describeDate(isoDate: string | undefined): string {
  if (isoDate === undefined) return '';
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
