import type { ContentCanvas } from 'pdfmake/interfaces.js';
import { code128Bars } from '../../../shared/printing/code128.js';

/** Code 128 as vector bars, `moduleWidth` points per module, with its quiet zones. */
export function barcode(text: string, moduleWidth: number, height: number): ContentCanvas {
  const { bars, width } = code128Bars(text);
  const quiet = 10 * moduleWidth;
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: width * moduleWidth + 2 * quiet, h: height, color: 'white' },
      ...bars.map((bar) => ({ type: 'rect' as const, x: quiet + bar.x * moduleWidth, y: 0, w: bar.width * moduleWidth, h: height, color: 'black' })),
    ],
  };
}

/** Code 128 bars in modules, quiet zones included: to size a symbol to the room it has. */
export function barcodeModules(text: string): number {
  return code128Bars(text).width + 20;
}
