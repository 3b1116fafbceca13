/** One ZPL label read back: its text fields (^FH hex escapes undone) and its Code 128 barcodes, in order. */
export interface ZplLabel {
  texts: string[];
  code128: Array<{ data: string; x: number; y: number; moduleWidth: number; height: number }>;
  width: number;
  length: number;
}

/** Reads the labels of a ZPL job (^XA ... ^XZ each), as a printer would lay them out. */
export function readZpl(job: string): ZplLabel[] {
  const labels: ZplLabel[] = [];
  for (const part of job.split('^XZ').map((chunk) => chunk.trim()).filter((chunk) => chunk.startsWith('^XA'))) {
    const label: ZplLabel = { texts: [], code128: [], width: Number(/\^PW(\d+)/.exec(part)?.[1]), length: Number(/\^LL(\d+)/.exec(part)?.[1]) };
    for (const field of part.split('^FS')) {
      const data = /\^FD([\s\S]*)$/.exec(field)?.[1];
      if (data === undefined) continue;
      const origin = /\^FO(\d+),(\d+)/.exec(field);
      const barcode = /\^BY(\d+),[\d.]+,(\d+)\^BC/.exec(field);
      if (barcode !== null) {
        label.code128.push({ data: data.replace(/></g, '>'), x: Number(origin?.[1]), y: Number(origin?.[2]), moduleWidth: Number(barcode[1]), height: Number(barcode[2]) });
      } else {
        label.texts.push(field.includes('^FH_') ? data.replace(/_([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : data);
      }
    }
    labels.push(label);
  }
  return labels;
}

export { code128BModules } from '../../shared/printing/code128.js';
