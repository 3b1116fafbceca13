import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** Where the suite leaves what people look at: screenshots of each screen, printouts. */
export const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: false });
}
