// ESC/POS for 80 mm thermal receipt printers (Epson TM-T20/T88 and the many compatibles).
// Pure byte building: no I/O here.

import { encodeOn, PC437 } from './escpos-code-pages.js';
import type { CodePage } from './escpos-code-pages.js';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;
const DLE = 0x10;
const EOT = 0x04;

export type Align = 'left' | 'center' | 'right';

/** DLE EOT 4: the paper roll sensor status (one byte back). */
export const PAPER_STATUS_REQUEST = Uint8Array.of(DLE, EOT, 4);

export type PaperStatus = 'ok' | 'nearEnd' | 'out';

/**
 * Reads the answer to DLE EOT 4. Bits 2-3 set: paper near its end; bits 5-6 set: no paper.
 * Bits 1 and 4 are always 1 and bits 0 and 7 always 0, which tells a status byte from noise.
 */
export function parsePaperStatus(byte: number): PaperStatus | undefined {
  if ((byte & 0b1001_0011) !== 0b0001_0010) return undefined;
  if ((byte & 0x60) !== 0) return 'out';
  if ((byte & 0x0c) !== 0) return 'nearEnd';
  return 'ok';
}

/**
 * Text in code page 437 (the printers' default): letters it lacks lose their accents ("Łukasz"
 * becomes "Lukasz"), and what remains unknown prints as "?".
 */
export function encodeCp437(text: string): number[] {
  return encodeOn(PC437, text);
}

export interface BarcodeOptions {
  /** Bar height in dots (1-255); 80 dots is 10 mm at 203 dpi. */
  height?: number;
  /** Module width 2-6 dots. */
  moduleWidth?: number;
  /** Human-readable text under the bars. */
  hri?: boolean;
}

/** Builds one ESC/POS job. Every method returns the builder, `bytes()` ends it. */
export class EscPosBuilder {
  private readonly out: number[] = [];
  readonly columns: number;
  private readonly codePage: CodePage;

  constructor(columns = 48, codePage: CodePage = PC437) {
    this.columns = columns;
    this.codePage = codePage;
  }

  /** ESC @ (reset) and ESC t n (the code page: 437 unless another was given). */
  init(): this {
    this.out.push(ESC, 0x40, ESC, 0x74, this.codePage.table);
    return this;
  }

  align(align: Align): this {
    this.out.push(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
    return this;
  }

  bold(on: boolean): this {
    this.out.push(ESC, 0x45, on ? 1 : 0);
    return this;
  }

  /** Character size as width and height multipliers, 1-8 each (GS !). */
  size(width: number, height = width): this {
    const w = Math.min(8, Math.max(1, Math.trunc(width))) - 1;
    const h = Math.min(8, Math.max(1, Math.trunc(height))) - 1;
    this.out.push(GS, 0x21, (w << 4) | h);
    return this;
  }

  text(text: string): this {
    const flat = text.replace(/[\r\n]+/g, ' ');
    this.out.push(...encodeOn(this.codePage, flat));
    return this;
  }

  line(text = ''): this {
    return this.text(text).newline();
  }

  newline(): this {
    this.out.push(LF);
    return this;
  }

  /** ESC d n: prints and feeds n lines. */
  feed(lines: number): this {
    this.out.push(ESC, 0x64, Math.min(255, Math.max(0, Math.trunc(lines))));
    return this;
  }

  /** A full-width line of `char`. */
  rule(char = '-'): this {
    return this.line(char.repeat(this.columns));
  }

  /** A label on the left and a value on the right of one line; the label is cut if both do not fit. */
  pair(label: string, value: string): this {
    const room = Math.max(0, this.columns - value.length - 1);
    const left = label.length > room ? label.slice(0, room) : label;
    return this.line(`${left}${' '.repeat(Math.max(1, this.columns - left.length - value.length))}${value}`);
  }

  /** Code 128 through GS k 73, subset B ("{B"); the printer draws it. */
  code128(data: string, options: BarcodeOptions = {}): this {
    const payload = encodeCp437(`{B${data.replace(/\{/g, '{{')}`);
    if (payload.length > 255) throw new RangeError('Barcode data is too long.');
    this.out.push(GS, 0x68, Math.min(255, Math.max(1, options.height ?? 80)));
    this.out.push(GS, 0x77, Math.min(6, Math.max(2, options.moduleWidth ?? 2)));
    this.out.push(GS, 0x48, options.hri === false ? 0 : 2);
    this.out.push(GS, 0x6b, 73, payload.length, ...payload);
    return this;
  }

  /** A QR code (model 2) through GS ( k: store, then print. */
  qr(data: string, options: { moduleSize?: number; errorCorrection?: 'L' | 'M' | 'Q' | 'H' } = {}): this {
    const bytes = [...new TextEncoder().encode(data)];
    const store = bytes.length + 3;
    const level = { L: 48, M: 49, Q: 50, H: 51 }[options.errorCorrection ?? 'M'];
    this.out.push(GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0);
    this.out.push(GS, 0x28, 0x6b, 3, 0, 49, 67, Math.min(16, Math.max(1, options.moduleSize ?? 6)));
    this.out.push(GS, 0x28, 0x6b, 3, 0, 49, 69, level);
    this.out.push(GS, 0x28, 0x6b, store & 0xff, store >> 8, 49, 80, 48, ...bytes);
    this.out.push(GS, 0x28, 0x6b, 3, 0, 49, 81, 48);
    return this;
  }

  /** GS V 66 n: feeds n dots past the print head, then a partial cut. */
  cut(feedDots = 48): this {
    this.out.push(GS, 0x56, 66, Math.min(255, Math.max(0, feedDots)));
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
