import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLocalDateTime } from '../../../shared/printing/format.js';
import { printerRoleOf } from '../../../shared/printing/documents.js';
import type { PrintContext, PrintDocument, PrintOutcome, PrinterRole } from '../../../shared/printing/documents.js';
import { HostFailure } from '../../../shared/result.js';
import { printerOf } from '../../../shared/settings.js';
import type { LabelPrinter, PagePrinter, PdfTarget, PrinterConnection, ReceiptPrinter, WorkstationSettings } from '../../../shared/settings.js';
import { PAPER_STATUS_REQUEST, parsePaperStatus } from './escpos.js';
import { renderLabel } from './label-layout.js';
import type { LabelDocument } from './label-layout.js';
import { renderPdf } from './pdf.js';
import { renderReceipt } from './receipt-layout.js';
import type { ReceiptDocument } from './receipt-layout.js';
import { sendQueue, sendSerial, sendTcp } from './transports.js';
import type { PrinterTimeouts, StatusProbe } from './transports.js';
import { HOST_STATUS_REQUEST, parseHostStatus } from './zpl.js';

export interface PrinterServiceDeps {
  settings: () => WorkstationSettings;
  /** The hospital as the server names it; the workstation's own setting until the server was reached. */
  hospital?: () => { name: string; address: string | null } | undefined;
  now: () => Date;
  /** The CUPS `lp` program; tests put a stand-in here. */
  lpCommand?: string;
  timeouts?: Partial<PrinterTimeouts>;
}

export function describeConnection(connection: PrinterConnection): string {
  switch (connection.type) {
    case 'tcp':
      return `${connection.host}:${connection.port}`;
    case 'serial':
      return `${connection.path} at ${connection.baudRate} baud`;
    case 'queue':
      return `system queue "${connection.queue}"`;
  }
}

function describePdfTarget(target: PdfTarget): string {
  return target.type === 'queue' ? `PDF to system queue "${target.queue}"` : `PDF into folder ${target.dir}`;
}

export function describePrinter(printer: ReceiptPrinter | LabelPrinter | PagePrinter): string {
  switch (printer.kind) {
    case 'none':
      return 'No printer';
    case 'escpos':
      return `Receipt printer (ESC/POS) at ${describeConnection(printer.connection)}`;
    case 'zpl':
      return `Label printer (ZPL) at ${describeConnection(printer.connection)}`;
    case 'pdf':
      return describePdfTarget(printer.target);
  }
}

const escposPaperProbe: StatusProbe = {
  request: PAPER_STATUS_REQUEST,
  read(received) {
    for (const byte of received) {
      const status = parsePaperStatus(byte);
      if (status === 'out') return { ready: false, problem: 'out of paper' };
      if (status !== undefined) return { ready: true };
    }
    return undefined;
  },
};

const zplStatusProbe: StatusProbe = {
  request: new TextEncoder().encode(HOST_STATUS_REQUEST),
  read(received) {
    const status = parseHostStatus(received.toString('latin1'));
    if (status === undefined) return undefined;
    return status.ready ? { ready: true } : { ready: false, problem: status.problems.join(', ') };
  },
};

const ROLE_NAMES = { receipt: 'receipt printer', label: 'label printer', page: 'page printer (for prescriptions)' } as const satisfies Record<PrinterRole, string>;

/**
 * Prints a document on this workstation's printer for its role, without a dialog: ESC/POS or
 * ZPL over TCP, serial or a raw queue, or the PDF fallback (queue or folder).
 */
export class PrinterService {
  private readonly deps: PrinterServiceDeps;

  constructor(deps: PrinterServiceDeps) {
    this.deps = deps;
  }

  printerFor(role: PrinterRole): ReceiptPrinter | LabelPrinter | PagePrinter {
    return printerOf(this.deps.settings(), role);
  }

  async print(document: PrintDocument): Promise<PrintOutcome> {
    const role = printerRoleOf(document);
    const printer = this.printerFor(role);
    const name = describePrinter(printer);
    const settings = this.deps.settings();
    const hospital = this.deps.hospital?.();
    const context: PrintContext = {
      hospitalName: hospital?.name ?? settings.hospitalName,
      ...(hospital?.address == null || hospital.address === '' ? {} : { hospitalAddress: hospital.address }),
      workstationId: settings.workstationId,
      printedAt: formatLocalDateTime(this.deps.now()),
    };
    switch (printer.kind) {
      case 'none':
        throw new HostFailure(
          'PRINTER_NOT_CONFIGURED',
          `No ${ROLE_NAMES[role]} is set up on this workstation. Choose one in Settings.`,
          { role },
        );
      case 'escpos': {
        if (role !== 'receipt') throw new HostFailure('PRINTER_NOT_CONFIGURED', 'An ESC/POS printer prints receipts only.', { role });
        const bytes = renderReceipt(document as ReceiptDocument, context, printer.columns, name);
        await this.sendRaw(printer.connection, bytes, name, printer.statusQuery ? escposPaperProbe : undefined);
        return { role, printer: name, bytes: bytes.length };
      }
      case 'zpl': {
        if (role !== 'label') throw new HostFailure('PRINTER_NOT_CONFIGURED', 'A ZPL printer prints labels and wristbands only.', { role });
        const bytes = new TextEncoder().encode(renderLabel(document as LabelDocument, context, printer.dpi, name));
        await this.sendRaw(printer.connection, bytes, name, printer.statusQuery ? zplStatusProbe : undefined);
        return { role, printer: name, bytes: bytes.length };
      }
      case 'pdf': {
        const pdf = await renderPdf(document, context, name);
        if (printer.target.type === 'queue') {
          await sendQueue(printer.target.queue, pdf, this.queueOptions(name, false));
          return { role, printer: name, bytes: pdf.length };
        }
        const file = join(printer.target.dir, `${document.kind}-${fileStamp(this.deps.now())}-${randomBytes(3).toString('hex')}.pdf`);
        try {
          await mkdir(printer.target.dir, { recursive: true });
          await writeFile(file, pdf);
        } catch (error) {
          throw new HostFailure('PRINTER_UNREACHABLE', `The PDF could not be saved in ${printer.target.dir} (${(error as Error).message}).`, { printer: name });
        }
        return { role, printer: name, bytes: pdf.length, file };
      }
    }
  }

  private async sendRaw(connection: PrinterConnection, bytes: Uint8Array, name: string, probe: StatusProbe | undefined): Promise<void> {
    const options = { name, ...(probe === undefined ? {} : { probe }), ...(this.deps.timeouts === undefined ? {} : { timeouts: this.deps.timeouts }) };
    switch (connection.type) {
      case 'tcp':
        return sendTcp(connection.host, connection.port, bytes, options);
      case 'serial':
        return sendSerial({ path: connection.path, baudRate: connection.baudRate }, bytes, options);
      case 'queue':
        // A raw queue gives no status back; the probe does not apply.
        return sendQueue(connection.queue, bytes, this.queueOptions(name, true));
    }
  }

  private queueOptions(name: string, raw: boolean) {
    return {
      name,
      raw,
      ...(this.deps.lpCommand === undefined ? {} : { lpCommand: this.deps.lpCommand }),
      ...(this.deps.timeouts === undefined ? {} : { timeouts: this.deps.timeouts }),
    };
  }
}

function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}
