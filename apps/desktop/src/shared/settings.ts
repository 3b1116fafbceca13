import { WorkstationIdSchema } from '@hms/core';
import { z } from 'zod';
import { BillingSettingsSchema } from './billing/index.js';
import { NurseSettingsSchema } from './nurse/index.js';
import type { PrinterRole } from './printing/documents.js';
import { ReceptionSettingsSchema } from './reception/index.js';

/** Where a raw printer is reached: TCP (port 9100), a serial port, or a raw system queue (CUPS). */
export const PrinterConnectionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('tcp'),
    host: z.string().trim().min(1, 'must not be empty').max(253),
    port: z.number().int().min(1).max(65535).default(9100),
  }),
  z.object({
    type: z.literal('serial'),
    path: z.string().trim().min(1, 'must not be empty').max(200),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
  }),
  z.object({
    type: z.literal('queue'),
    queue: z.string().trim().min(1, 'must not be empty').max(127).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits, _ . @ -'),
  }),
]);
export type PrinterConnection = z.infer<typeof PrinterConnectionSchema>;

/** The PDF fallback: a document sent to an ordinary system queue, or saved into a folder. */
export const PdfTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queue: z.string().trim().min(1).max(127).regex(/^[A-Za-z0-9_.@-]+$/) }),
  z.object({ type: z.literal('folder'), dir: z.string().trim().min(1).max(500) }),
]);
export type PdfTarget = z.infer<typeof PdfTargetSchema>;

export const ReceiptPrinterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('escpos'),
    connection: PrinterConnectionSchema,
    /** Characters per line at the normal font: 48 on most 80 mm printers, 42 on some, 32 on 58 mm. */
    columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).default(48),
    /** Ask the paper sensor (DLE EOT 4) before each job; only for printers that answer it. */
    statusQuery: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('pdf'), target: PdfTargetSchema }),
]);
export type ReceiptPrinter = z.infer<typeof ReceiptPrinterSchema>;

export const LabelPrinterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('zpl'),
    connection: PrinterConnectionSchema,
    dpi: z.union([z.literal(203), z.literal(300)]).default(203),
    /** Ask the printer's host status (~HS) before each job; only for printers that answer it. */
    statusQuery: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('pdf'), target: PdfTargetSchema }),
]);
export type LabelPrinter = z.infer<typeof LabelPrinterSchema>;

/** A page printer (A5/A4 laser) for prescriptions and visit summaries: always a PDF, to a queue or a folder. */
export const PagePrinterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('pdf'), target: PdfTargetSchema }),
]);
export type PagePrinter = z.infer<typeof PagePrinterSchema>;

export const SCAN_SUFFIXES = ['Enter', 'Tab', 'none'] as const;
export const SERIAL_TERMINATORS = ['CR', 'LF', 'CRLF'] as const;

export const ScannerSettingsSchema = z.object({
  wedge: z.object({
    enabled: z.boolean().default(true),
    /** Characters the scanner sends before the code (configured in the scanner), or empty. */
    prefix: z.string().max(8).default(''),
    suffix: z.enum(SCAN_SUFFIXES).default('Enter'),
    /** Keystrokes closer together than this are a scanner, not a person. */
    maxInterKeyMs: z.number().int().min(5).max(200).default(35),
    minLength: z.number().int().min(3).max(64).default(4),
  }).default({ enabled: true, prefix: '', suffix: 'Enter', maxInterKeyMs: 35, minLength: 4 }),
  serial: z.object({
    enabled: z.boolean().default(false),
    path: z.string().trim().max(200).default(''),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    terminator: z.enum(SERIAL_TERMINATORS).default('CR'),
  }).default({ enabled: false, path: '', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: 'CR' }),
});
export type ScannerSettings = z.infer<typeof ScannerSettingsSchema>;

export const ServerUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'an address such as http://hms-server:7400');

/** Each desk's own settings on this workstation, by desk (a desk's schema gives its defaults). */
export const DeskSettingsSchema = z.object({
  reception: ReceptionSettingsSchema.default({}),
  nurse: NurseSettingsSchema.default({ departments: [] }),
  billing: BillingSettingsSchema.default(BillingSettingsSchema.parse({})),
}).strict();
export type DeskSettings = z.infer<typeof DeskSettingsSchema>;

/** One workstation's own settings, kept in its cache database (the browser keeps them per browser). */
export const WorkstationSettingsSchema = z.object({
  serverUrl: ServerUrlSchema,
  workstationId: WorkstationIdSchema,
  hospitalName: z.string().trim().min(1).max(120).default('Hospital'),
  /** Minutes without keyboard or mouse before the screen locks. */
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
  receiptPrinter: ReceiptPrinterSchema.default({ kind: 'none' }),
  labelPrinter: LabelPrinterSchema.default({ kind: 'none' }),
  pagePrinter: PagePrinterSchema.default({ kind: 'none' }),
  scanner: ScannerSettingsSchema.default(ScannerSettingsSchema.parse({})),
  desks: DeskSettingsSchema.default(DeskSettingsSchema.parse({})),
});
export type WorkstationSettings = z.infer<typeof WorkstationSettingsSchema>;
export type WorkstationSettingsInput = z.input<typeof WorkstationSettingsSchema>;

/** The setting that holds each role's printer. */
export const PRINTER_SETTING = { receipt: 'receiptPrinter', label: 'labelPrinter', page: 'pagePrinter' } as const satisfies Record<PrinterRole, keyof WorkstationSettings>;

export function printerOf(settings: WorkstationSettings, role: PrinterRole): ReceiptPrinter | LabelPrinter | PagePrinter {
  return settings[PRINTER_SETTING[role]];
}

/** The WebSocket address of a server given as the http(s) address people read and type. */
export function serverSocketUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/ws';
  url.search = '';
  url.hash = '';
  return url.toString();
}

export function defaultSettings(serverUrl: string, workstationId: string): WorkstationSettings {
  return WorkstationSettingsSchema.parse({ serverUrl, workstationId });
}
