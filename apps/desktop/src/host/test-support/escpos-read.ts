import { decodeOn, PC437, PC858 } from '../node/printing/escpos-code-pages.js';

// Reads an ESC/POS job back as the paper shows it: the text of each printed line with its
// style, the barcodes and QR codes, and the cuts. Every command the job uses must be known
// here: an unknown one throws, so a test never passes over bytes it did not understand.

export interface EscPosLine {
  text: string;
  bold: boolean;
  /** Character size multipliers (GS !). */
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
}

export interface EscPosReading {
  /** ESC t's table (19 = PC858); undefined when the job never chose one. */
  codePage: number | undefined;
  initialised: boolean;
  lines: EscPosLine[];
  codes: Array<{ kind: 'code128' | 'qr'; data: string; afterLine: number }>;
  cuts: number;
  /** Nothing but feeds after the last cut: the receipt ends there. */
  endsWithCut: boolean;
}

const ESC = 0x1b;
const GS = 0x1d;
const ALIGNS = ['left', 'center', 'right'] as const;

export function readEscPos(job: Uint8Array): EscPosReading {
  const reading: EscPosReading = { codePage: undefined, initialised: false, lines: [], codes: [], cuts: 0, endsWithCut: false };
  let style = { bold: false, width: 1, height: 1, align: 'left' as EscPosLine['align'] };
  let pending: number[] = [];
  let lineBold = false;
  let lineHeight = 1;
  let lineWidth = 1;
  const decode = (bytes: number[]) => {
    const page = [PC437, PC858].find((candidate) => candidate.table === (reading.codePage ?? 0));
    if (page === undefined) throw new Error(`Code page ${reading.codePage} is not one the receipts use`);
    return decodeOn(page, bytes);
  };
  const printLine = () => {
    reading.lines.push({ text: decode(pending), bold: lineBold || style.bold, width: Math.max(lineWidth, style.width), height: Math.max(lineHeight, style.height), align: style.align });
    pending = [];
    lineBold = false;
    lineHeight = 1;
    lineWidth = 1;
    reading.endsWithCut = false;
  };
  let at = 0;
  const take = (count: number) => {
    if (at + count > job.length) throw new Error(`ESC/POS job ends inside a command at byte ${at}`);
    const bytes = job.subarray(at, at + count);
    at += count;
    return [...bytes];
  };
  while (at < job.length) {
    const byte = job[at]!;
    at += 1;
    if (byte === 0x0a) {
      printLine();
    } else if (byte === ESC) {
      const [command] = take(1);
      if (command === 0x40) {
        reading.initialised = true;
        style = { bold: false, width: 1, height: 1, align: 'left' };
      } else if (command === 0x74) [reading.codePage] = take(1);
      else if (command === 0x61) style.align = ALIGNS[take(1)[0]! % 48] ?? 'left';
      else if (command === 0x45) style.bold = take(1)[0] === 1;
      else if (command === 0x64) {
        const [lines] = take(1);
        if (pending.length > 0) printLine();
        const cut = reading.endsWithCut;
        for (let count = 0; count < lines!; count += 1) printLine();
        reading.endsWithCut = cut && lines === 0;
      } else throw new Error(`Unknown ESC command 0x${command!.toString(16)} at byte ${at - 2}`);
    } else if (byte === GS) {
      const [command] = take(1);
      if (command === 0x21) {
        const [size] = take(1);
        style.width = (size! >> 4) + 1;
        style.height = (size! & 0x0f) + 1;
      } else if (command === 0x68 || command === 0x77 || command === 0x48) take(1);
      else if (command === 0x6b) {
        const [symbology] = take(1);
        if (symbology! < 65) throw new Error('NUL-terminated barcodes are not used');
        const [length] = take(1);
        const data = decode(take(length!));
        if (symbology !== 73) throw new Error(`Barcode type ${symbology} is not Code 128`);
        reading.codes.push({ kind: 'code128', data: data.replace(/^\{[ABC]/, '').replace(/\{\{/g, '{'), afterLine: reading.lines.length });
      } else if (command === 0x28) {
        const [kind, low, high] = take(3);
        if (kind !== 0x6b) throw new Error(`Unknown GS ( ${String.fromCharCode(kind!)} command`);
        const body = take(low! + high! * 256);
        if (body[0] === 49 && body[1] === 80) reading.codes.push({ kind: 'qr', data: new TextDecoder().decode(Uint8Array.from(body.slice(3))), afterLine: reading.lines.length });
      } else if (command === 0x56) {
        const [mode] = take(1);
        if (mode === 65 || mode === 66) take(1);
        if (pending.length > 0) printLine();
        reading.cuts += 1;
        reading.endsWithCut = true;
      } else throw new Error(`Unknown GS command 0x${command!.toString(16)} at byte ${at - 2}`);
    } else if (byte < 0x20) {
      throw new Error(`Unknown control byte 0x${byte.toString(16)} at byte ${at - 1}`);
    } else {
      pending.push(byte);
      lineBold ||= style.bold;
      lineHeight = Math.max(lineHeight, style.height);
      lineWidth = Math.max(lineWidth, style.width);
    }
  }
  if (pending.length > 0) printLine();
  return reading;
}

/** The printed lines' text, trailing blanks trimmed: what a test compares. */
export function receiptText(reading: EscPosReading): string[] {
  return reading.lines.map((line) => line.text.replace(/\s+$/, ''));
}
