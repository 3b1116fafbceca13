import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readPdf } from '../src/host/test-support/pdf-reader.js';
import { shot } from './support/artifacts.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The page printer (prescriptions and visit summaries) set up in Settings by a doctor, and its
// A5 test page printed silently into a folder, read back.

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});

test('a doctor sets up the page printer and prints its A5 test page', async ({ page }) => {
  await page.goto(stack.hostUrl);
  await page.getByLabel('Username').fill('doctor');
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText('doctor');

  await page.getByRole('navigation').getByText('Settings').click();
  await page.getByRole('tab', { name: 'Printers' }).click();
  const printer = page.getByRole('region', { name: 'Page printer (prescriptions)' });
  // A page printer prints PDFs only: no thermal or label printer to choose.
  await expect(printer.getByLabel('Printer type').locator('option')).toHaveText(['No printer', 'A5 PDF (laser printer or folder)']);
  await printer.getByLabel('Printer type').selectOption('pdf');
  await printer.getByLabel('Send the PDF to').selectOption('folder');
  const dir = join(stack.pdfDir, 'pages');
  await printer.getByLabel('Folder').fill(dir);
  await printer.getByRole('button', { name: 'Print test page' }).click();
  await expect(printer.getByTestId('print-result')).toContainText(`Saved as ${dir}/testPage-`);
  await printer.getByTestId('print-result').scrollIntoViewIfNeeded();
  await shot(page, 'page-printer-settings');

  const [file] = await readdir(dir);
  const read = await readPdf(join(dir, file!));
  expect(read.size).toBe('419.53 x 595.28');
  expect(read.text).toContain('PAGE PRINTER TEST');
});
