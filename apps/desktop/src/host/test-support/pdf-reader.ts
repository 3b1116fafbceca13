// Reads a printed PDF back as a person or a scanner would: its pages, their size, the text
// in reading order, and the barcodes on a page rendered at scanner resolution. Pure npm
// libraries (pdf.js, skia through @napi-rs/canvas, ZXing in WebAssembly): no system tools.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadResult } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);

export interface PdfReading {
  pages: number;
  /** The first page's size in points, as pdfinfo prints it ("841.89 x 595.28"). */
  size: string;
  /** Every page's text, one line per baseline, words in the order they stand. */
  text: string;
}

/** The document, handed to `use`, and pdf.js's resources released after. */
async function withPdf<T>(pdf: Uint8Array | string, use: (document: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const data = typeof pdf === 'string' ? new Uint8Array(await readFile(pdf)) : new Uint8Array(pdf);
  const task = getDocument({ data, useSystemFonts: false, verbosity: 0 });
  try {
    return await use(await task.promise);
  } finally {
    await task.destroy();
  }
}

const points = (value: number) => String(Number(value.toFixed(2)));

export async function readPdf(pdf: Uint8Array | string): Promise<PdfReading> {
  return withPdf(pdf, async (document) => {
    const lines: string[] = [];
    let size = '';
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      if (number === 1) size = `${points(x1 - x0)} x ${points(y1 - y0)}`;
      lines.push(...pageLines(await page.getTextContent()));
    }
    return { pages: document.numPages, size, text: lines.join('\n') };
  });
}

interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Runs on one baseline (within half a line) make a line; a gap wider than a hair is a space. */
function pageLines(content: Awaited<ReturnType<Awaited<ReturnType<PDFDocumentProxy['getPage']>>['getTextContent']>>): string[] {
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    runs.push({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, height: item.height });
  }
  runs.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of runs) {
    const line = lines.at(-1);
    if (line !== undefined && Math.abs(line[0]!.y - run.y) <= Math.max(line[0]!.height, run.height) / 2) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of line) {
      if (text !== '' && run.x - end > 0.5) text += ' ';
      text += run.str;
      end = run.x + run.width;
    }
    return text;
  });
}

export interface PageImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** One page drawn on white at `dpi` dots per inch, as a scanner or a camera sees the paper. */
export async function renderPdfPage(pdf: Uint8Array | string, pageNumber: number, dpi: number): Promise<PageImage> {
  return withPdf(pdf, async (document) => {
    const page = await document.getPage(pageNumber);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { data: image.data, width: image.width, height: image.height };
  });
}

let zxingReady: Promise<unknown> | undefined;

/** ZXing from the package's own .wasm file: it would otherwise fetch it from a CDN. */
async function zxing(): Promise<void> {
  zxingReady ??= readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).then((wasm) =>
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true }),
  );
  await zxingReady;
}

/** The barcodes a scanner reads in an image (Code 128, QR, DataMatrix, ...), with their symbology. */
export async function scanBarcodes(image: PageImage): Promise<ReadResult[]> {
  await zxing();
  return readBarcodes({ data: image.data, width: image.width, height: image.height, colorSpace: 'srgb' } as ImageData, { formats: [], tryHarder: true, maxNumberOfSymbols: 16 });
}
