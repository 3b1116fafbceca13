import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts } from './artifacts.js';
import { startNode } from './processes.js';

// Steps the lab scenarios share: signing in at a workstation, pointing its printers at the
// test's loopback ZPL printer and a PDF folder, a second workstation (another room's desk), and
// keeping what was printed beside the screenshots.

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
}

export const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();

/** This workstation's printers: specimen labels to a ZPL printer at 127.0.0.1:`labelPort`, pages (reports) as PDFs into `pdfDir`. */
export async function setLabPrinters(page: Page, labelPort: number, pdfDir: string): Promise<void> {
  await nav(page, 'Settings');
  await page.getByRole('tab', { name: 'Printers' }).click();
  const label = page.getByRole('region', { name: 'Label printer' });
  await label.getByLabel('Printer type').selectOption('zpl');
  await label.getByLabel('Address').fill('127.0.0.1');
  await label.getByLabel('Port').fill(String(labelPort));
  const pagePrinter = page.getByRole('region', { name: 'Page printer (prescriptions)' });
  await pagePrinter.getByLabel('Printer type').selectOption('pdf');
  await pagePrinter.getByLabel('Send the PDF to').selectOption('folder');
  await pagePrinter.getByLabel('Folder').fill(pdfDir);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
}

/** The PDFs saved into `dir`, oldest first. */
export function savedPdfs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((file) => file.endsWith('.pdf')).map((file) => join(dir, file))
    .map((file) => ({ file, at: statSync(file).mtimeMs })).sort((a, b) => a.at - b.at || a.file.localeCompare(b.file)).map((entry) => entry.file);
}

export function keepPrintout(name: string, content: string | { copyOf: string }): void {
  mkdirSync(`${artifacts}printouts`, { recursive: true });
  if (typeof content === 'string') writeFileSync(`${artifacts}printouts/${name}`, content);
  else copyFileSync(content.copyOf, `${artifacts}printouts/${name}`);
}

export interface Workstation {
  /** The page to open: this workstation's renderer, its token in the fragment. */
  url: string;
  stop(): Promise<void>;
}

/** Another workstation (its own dev/test host, cache and settings) on the same server: the doctor's room beside the lab's bench. */
export async function startWorkstation(serverUrl: string, workstationId: string): Promise<Workstation> {
  const dir = mkdtempSync(join(tmpdir(), `hms-e2e-${workstationId}-`));
  const host = await startNode(
    join(repo, 'apps/desktop/dist/host/node/dev-host.js'),
    ['--server', serverUrl, '--data-dir', join(dir, 'workstation'), '--workstation', workstationId],
    { ...process.env, HMS_RENDERER_DIR: join(repo, 'apps/desktop/dist/renderer') },
    /^(\{.*"url".*\})$/m,
  );
  const { url } = JSON.parse(host.match[1]!) as { url: string };
  return {
    url,
    stop: async () => {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Watches `page` for `selector` to appear and notes the wall-clock time it did, in the page
 * itself (no polling delay of the test's own): read it with `appearedAt`.
 */
export async function watchFor(page: Page, selector: string): Promise<void> {
  await page.evaluate((wanted) => {
    const mark = window as unknown as Record<string, number | undefined>;
    mark.__appearedAt = undefined;
    const seen = () => {
      if (mark.__appearedAt === undefined && document.querySelector(wanted) !== null) mark.__appearedAt = Date.now();
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, attributes: true });
    seen();
  }, selector);
}

export async function appearedAt(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as Record<string, number | undefined>).__appearedAt);
}
