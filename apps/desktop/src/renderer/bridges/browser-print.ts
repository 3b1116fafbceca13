import type { PrintDocument } from '../../shared/printing/documents.js';
import { printableHtml } from '../../shared/printing/print-page.js';

/**
 * The browser workstation prints through the browser's own dialog: the document goes into a
 * hidden frame (no scripts in it) and that frame is printed.
 */
export function printInBrowser(document: PrintDocument, hospitalName: string): Promise<void> {
  const frame = window.document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('sandbox', 'allow-modals allow-same-origin');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  frame.srcdoc = printableHtml(document, hospitalName);
  return new Promise((resolve) => {
    frame.onload = () => {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
      setTimeout(() => frame.remove(), 1_000);
      resolve();
    };
    window.document.body.append(frame);
  });
}
