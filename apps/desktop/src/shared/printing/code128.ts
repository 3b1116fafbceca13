// Code 128 (ISO/IEC 15417) in pure TypeScript, for the barcodes drawn by the PDF fallback and
// the browser's print page; thermal and label printers encode Code 128 themselves.

/** Bar/space widths of symbol values 0..106 (106 is the stop pattern, 13 modules with its final bar). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

export const CODE128 = { START_B: 104, START_C: 105, CODE_B: 100, CODE_C: 99, STOP: 106, PATTERNS } as const;

export class Code128Error extends Error {
  override name = 'Code128Error';
}

/** Symbol values (start, data, checksum, stop) for `text`: subset B, with C for long digit runs. */
export function code128Values(text: string): number[] {
  if (text.length === 0) throw new Code128Error('Nothing to encode.');
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length !== 1 || code < 32 || code > 126) throw new Code128Error(`"${char}" cannot be encoded in a Code 128 barcode.`);
  }
  const values: number[] = [];
  let set: 'B' | 'C' | undefined;
  let i = 0;
  while (i < text.length) {
    const run = digitRun(text, i);
    const atEdge = i === 0 || i + run === text.length;
    if (run >= (atEdge ? 4 : 6)) {
      // An odd run keeps its first digit in subset B, so C gets pairs only.
      if (run % 2 === 1) {
        if (set === undefined) values.push(CODE128.START_B);
        else if (set === 'C') values.push(CODE128.CODE_B);
        set = 'B';
        values.push(text.charCodeAt(i) - 32);
        i += 1;
      }
      if (set === undefined) values.push(CODE128.START_C);
      else if (set !== 'C') values.push(CODE128.CODE_C);
      set = 'C';
      const end = i + run - (run % 2 === 1 ? 1 : 0);
      for (; i < end; i += 2) values.push(Number(text.slice(i, i + 2)));
      continue;
    }
    if (set === undefined) values.push(CODE128.START_B);
    else if (set === 'C') values.push(CODE128.CODE_B);
    set = 'B';
    values.push(text.charCodeAt(i) - 32);
    i += 1;
  }
  const checksum = values.reduce((sum, value, index) => sum + value * Math.max(index, 1), 0) % 103;
  return [...values, checksum, CODE128.STOP];
}

function digitRun(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end]! >= '0' && text[end]! <= '9') end += 1;
  return end - from;
}

/** Module widths, alternating bar, space, bar..., starting and ending with a bar. */
export function code128Modules(text: string): number[] {
  return code128Values(text).flatMap((value) => [...PATTERNS[value]!].map(Number));
}

export interface Bar {
  /** Offset from the left edge, in modules (quiet zone not included). */
  x: number;
  width: number;
}

/** The bars of `text` and the symbol's total width, in modules. */
export function code128Bars(text: string): { bars: Bar[]; width: number } {
  const bars: Bar[] = [];
  let x = 0;
  code128Modules(text).forEach((width, index) => {
    if (index % 2 === 0) bars.push({ x, width });
    x += width;
  });
  return { bars, width: x };
}

/**
 * How wide a printer's own Code 128 of `data` in subset B is, in modules without quiet zones:
 * start, data, check, stop (ESC/POS GS k 73 "{B...", ZPL ^BC without a mode).
 */
export function code128BModules(data: string): number {
  return 11 + data.length * 11 + 11 + 13;
}
