import { describe, expect, it } from 'vitest';
import { paymentReceiptOf } from '../../../../shared/printing/billing/builders.js';
import { PrintDocumentSchema } from '../../../../shared/printing/documents.js';
import { WorkstationSettingsSchema } from '../../../../shared/settings.js';
import { invoiceOf, patient, payment, settings, visitCharges } from '../../../test-support/billing-fixtures.js';
import { readEscPos, receiptText } from '../../../test-support/escpos-read.js';
import { startFakePrinter } from '../../../test-support/fake-printer.js';
import { waitUntil } from '../../../test-support/wait.js';
import { PrinterService } from '../printer-service.js';

// The cashier's receipt through the workstation's printer service to a raw TCP printer (a real
// listener on 127.0.0.1 in port 9100's place), its paper sensor asked first, the bytes it got
// read back as the paper shows them.

describe('a payment receipt on a receipt printer over TCP', () => {
  it.each([32, 48] as const)('the %i-column printer gets the whole receipt, cut, after answering that it has paper', async (columns) => {
    const printer = await startFakePrinter({ status: 0x12 });
    try {
      const workstation = WorkstationSettingsSchema.parse({
        serverUrl: 'http://hms:7400', workstationId: 'cashier-2', hospitalName: 'St. Mary Hospital',
        receiptPrinter: { kind: 'escpos', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, columns, statusQuery: true },
      });
      const printers = new PrinterService({
        settings: () => workstation, now: () => new Date('2026-03-02T11:20:00Z'), hospital: () => ({ name: 'St. Mary Mission Hospital', address: 'PO Box 12-40100, Kisumu' }),
        timeouts: { connectMs: 1_000, statusMs: 500, writeMs: 3_000 },
      });
      const cash = payment(7, 'cash', 200_000, { changeMinor: 50_000 });
      const receipt = paymentReceiptOf({ payment: cash, patient, invoice: invoiceOf(visitCharges, { payments: [cash] }), settings });
      // Through the IPC's own schema, as the desk's request arrives at the host.
      const outcome = await printers.print(PrintDocumentSchema.parse(receipt));
      expect(outcome.role).toBe('receipt');
      await waitUntil(() => printer.jobs.length === 1, 'the receipt');
      const job = printer.jobs[0]!;
      expect(job.length).toBe(outcome.bytes);
      const reading = readEscPos(job);
      const text = receiptText(reading);
      expect(text[0]).toBe('St. Mary Mission Hospital');
      expect(text).toContain('PAYMENT RECEIPT');
      for (const line of reading.lines) expect(line.text.length * line.width).toBeLessThanOrEqual(columns);
      const figure = (label: string) => text.find((line) => line.startsWith(label))?.replace(label, '').trim();
      expect(figure('Receipt No.')).toBe('RCT-2026-000007');
      expect(figure('AMOUNT PAID')).toBe('KSh 2,000.00');
      expect(figure('Change')).toBe('KSh 500.00');
      expect(figure('Balance left')).toBe('KSh 1,117.00');
      expect(reading.codes.map((code) => code.data)).toEqual(['RCT-2026-000007']);
      expect(reading.endsWithCut).toBe(true);
    } finally {
      await printer.close();
    }
  });

  it('refuses to print on a printer out of paper, and nothing reaches it', async () => {
    const printer = await startFakePrinter({ status: 0x72 });
    try {
      const workstation = WorkstationSettingsSchema.parse({
        serverUrl: 'http://hms:7400', workstationId: 'cashier-2',
        receiptPrinter: { kind: 'escpos', connection: { type: 'tcp', host: '127.0.0.1', port: printer.port }, columns: 48, statusQuery: true },
      });
      const printers = new PrinterService({ settings: () => workstation, now: () => new Date('2026-03-02T11:20:00Z'), timeouts: { connectMs: 1_000, statusMs: 500, writeMs: 3_000 } });
      const receipt = paymentReceiptOf({ payment: payment(7, 'card', 200_000, { reference: 'AUTH 1' }), patient, cashier: 'Rita Cashier', invoice: null, settings });
      await expect(printers.print(receipt)).rejects.toMatchObject({ code: 'PRINTER_NOT_READY' });
      await waitUntil(() => printer.connectionsClosed === 1, 'the connection closed');
      expect(printer.jobs).toEqual([]);
    } finally {
      await printer.close();
    }
  });
});
