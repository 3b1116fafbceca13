import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { shot } from './support/artifacts.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The browser workstation, end to end: the page the LAN server serves at `/` runs the same
// Host kernel and reception module as the desktop, on the browser's platform (no cache, no
// outbox, printing through the browser's dialog). Online it registers, finds and checks in;
// with the server gone, a registration fails plainly instead of being kept for later.

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();
/** A form box by its label, exactly (a required box's label ends with an asterisk). */
const field = (scope: Page | Locator, label: string) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`));

test('browser workstation: the reception module online, and a plain refusal offline', async ({ page }) => {
  test.setTimeout(120_000);
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  let mrn = '';

  await test.step('the server\'s own page signs in to the reception desk', async () => {
    await page.goto(stack.serverUrl);
    await page.getByLabel('Username').fill('receptionist');
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('status-user')).toContainText('receptionist');
    await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
    await expect(page.getByTestId('hospital-name')).toHaveText('HMS Demo Hospital');
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shot(page, '60-browser-reception');
  });

  await test.step('register a patient: the server gives the MRN', async () => {
    await nav(page, 'Register patient');
    await field(page, 'Given name').fill('Wairimu');
    await field(page, 'Family name').fill('Njeri');
    await field(page, 'Sex').selectOption('F');
    await field(page, 'Date of birth').fill('1985-06-01');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Registration done' })).toBeVisible();
    mrn = (await page.getByTestId('registered-mrn').textContent()) ?? '';
    expect(mrn).toMatch(/^PAT-\d{4}-\d{6}-[0-9A-Z]$/);
    const rows = await stack.query<{ mrn: string; registered_offline: boolean }>("select mrn, registered_offline from patients where given_name = 'Wairimu'");
    expect(rows).toEqual([{ mrn, registered_offline: false }]);
    await shot(page, '61-browser-registered');
  });

  await test.step('find her and check her in: the token from the server', async () => {
    await nav(page, 'Find patient');
    await page.getByRole('combobox', { name: 'Search patients' }).fill('wairimu njeri');
    await page.getByRole('option').filter({ hasText: mrn }).click();
    await expect(page.getByTestId('patient-mrn')).toHaveText(mrn);
    await page.getByRole('button', { name: 'Check in', exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Check-in' });
    await form.getByLabel('Department').selectOption('OPD');
    await form.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByTestId('queue-token')).toHaveText('OPD-001');
    const visits = await stack.query<{ token: string }>('select v.token from visits v join patients p on p.id = v.patient_id where p.mrn = $1', [mrn]);
    expect(visits).toEqual([{ token: 'OPD-001' }]);
    await shot(page, '62-browser-checked-in');
  });

  await test.step('the server goes away: registering fails UNAVAILABLE at once, nothing is kept for later', async () => {
    await stack.stopServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline');
    await nav(page, 'Register patient');
    await field(page, 'Given name').fill('Otieno');
    await field(page, 'Family name').fill('Okoth');
    await field(page, 'Sex').selectOption('M');
    await field(page, 'Date of birth').fill('1970-01-01');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('error-bar')).toHaveAttribute('data-code', 'UNAVAILABLE');
    await expect(page.getByTestId('registered-offline')).toHaveCount(0);
    await shot(page, '63-browser-offline-refused');
    await stack.startServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    const rows = await stack.query<{ n: string }>("select count(*) as n from patients where given_name = 'Otieno'");
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
