import { expect, test } from '@playwright/test';
import { announce } from './support/admin-client.js';
import { shot } from './support/artifacts.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// Phase 1 of the reception workstation, end to end: sign-in, the status bar, settings with a
// test page to a (loopback) printer, the server going away and coming back, sign-out.

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});


test('sign in, status bar, printer test page, offline and back, sign out', async ({ page }) => {
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  const connection = statusBar.getByTestId('connection-state');

  await test.step('the sign-in screen', async () => {
    await page.goto(stack.hostUrl);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    // The loopback token does not stay in the address bar.
    expect(page.url()).not.toContain('hostToken');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shot(page, '01-sign-in');
  });

  await test.step('a wrong password is refused with the server\'s message', async () => {
    await page.getByLabel('Username').fill('receptionist');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('error-bar');
    await expect(error).toContainText('Wrong username or password.');
    await expect(error).toHaveAttribute('data-code', 'UNAUTHENTICATED');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await shot(page, '02-sign-in-wrong-password');
  });

  await test.step('the right password opens the reception desk', async () => {
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
    await expect(connection).toHaveAttribute('data-state', 'connected');
    await expect(statusBar.getByTestId('status-user')).toContainText('Demo Receptionist (receptionist)');
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '0');
    await expect(statusBar.getByTestId('status-outbox')).toContainText('0 changes waiting to send');
    // The header names the hospital as the server does (its settings), not the workstation.
    await expect(page.getByTestId('hospital-name')).toHaveText('HMS Demo Hospital');
  });

  await test.step('an announcement from the administrator arrives live', async () => {
    await announce(stack.serverUrl, stack.demoPassword, 'Pharmacy closes at 17:00 today for stock-taking.');
    await announce(stack.serverUrl, stack.demoPassword, 'Network maintenance tonight from 22:00; expect short interruptions.', 'warning');
    const feed = page.getByRole('list', { name: 'Announcements' });
    await expect(feed.getByRole('listitem')).toHaveCount(2);
    await expect(feed.getByRole('listitem').first()).toContainText('Network maintenance tonight');
    await shot(page, '03-reception-desk');
  });

  await test.step('lock and unlock the workstation', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    const lock = page.getByRole('dialog', { name: 'Workstation locked' });
    await expect(lock).toBeVisible();
    await lock.getByLabel('Password').fill('wrong');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(lock.getByTestId('error-bar')).toContainText('Wrong password.');
    await shot(page, '04-locked');
    await lock.getByLabel('Password').fill(stack.demoPassword);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(lock).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
  });

  await test.step('settings: a receptionist sets up the receipt printer and prints a test page', async () => {
    await page.getByRole('navigation').getByText('Settings').click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await page.getByLabel('Lock after (minutes idle)').fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await shot(page, '05-settings-workstation');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt printer' });
    await receipt.getByLabel('Printer type').selectOption('escpos');
    await receipt.getByLabel('Address').fill('127.0.0.1');
    await receipt.getByLabel('Port').fill(String(stack.printer.port));
    await receipt.getByRole('button', { name: 'Print test page' }).click();
    await expect(receipt.getByTestId('print-result')).toContainText(`127.0.0.1:${stack.printer.port} took the job`);
    await expect.poll(() => stack.printer.jobs.length).toBe(1);
    const job = stack.printer.jobs[0]!;
    expect(job.subarray(0, 2).toString('hex')).toBe('1b40');
    expect(job.toString('latin1')).toContain('Receipt printer test page');
    await shot(page, '06-settings-printers-test-page');
  });

  await test.step('a printer that is off gives a clear error and a retry', async () => {
    const label = page.getByRole('region', { name: 'Label printer' });
    await label.getByLabel('Printer type').selectOption('zpl');
    await label.getByLabel('Address').fill('127.0.0.1');
    await label.getByLabel('Port').fill('9');
    await label.getByRole('button', { name: 'Print test page' }).click();
    const error = label.getByTestId('error-bar');
    await expect(error).toHaveAttribute('data-code', 'PRINTER_UNREACHABLE');
    await expect(error).toContainText('Printer not reachable');
    await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
    await error.scrollIntoViewIfNeeded();
    await shot(page, '07-settings-printer-off');
  });

  await test.step('scanner settings', async () => {
    await page.getByRole('tab', { name: 'Scanners' }).click();
    await expect(page.getByRole('region', { name: 'Keyboard scanner' })).toBeVisible();
    // A keyboard-wedge scanner types fast and ends with Enter; a person typing does not count.
    // The browser is driven one key at a time (each waits for the page), so on a busy test
    // machine the gaps of a simulated scan are wider than a real scanner's: allow 100 ms, and
    // type the person's keys well beyond it.
    await page.getByLabel('Longest gap between keys (ms)').fill('100');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).click();
    await page.keyboard.type('slow', { delay: 300 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('last-scan')).toHaveCount(0);
    await page.keyboard.type('HMS-000123\n', { delay: 2 });
    await expect(page.getByTestId('last-scan')).toContainText('HMS-000123');
    await expect(page.getByTestId('last-scan')).toContainText('Keyboard scanner');
    await page.getByRole('region', { name: 'Last scan' }).scrollIntoViewIfNeeded();
    await shot(page, '08-settings-scanners');
  });

  await test.step('the reception desk\'s own settings: the department its check-ins start from', async () => {
    await page.getByRole('tab', { name: 'Reception desk' }).click();
    const desk = page.getByRole('region', { name: 'Reception desk' });
    await desk.getByLabel('Default department').selectOption({ label: 'General Outpatient' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await expect(desk.getByLabel('Default department')).toHaveValue('OPD');
    await shot(page, '08b-settings-reception-desk');
  });

  await test.step('the server stops: the status bar says offline; it comes back: connected', async () => {
    await page.getByRole('navigation').getByText('Find patient').click();
    await stack.stopServer();
    await expect(connection).toHaveAttribute('data-state', 'offline');
    await expect(connection).toContainText('Offline');
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await shot(page, '09-offline');
    await stack.startServer();
    await expect(connection).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(statusBar.getByTestId('status-user')).toContainText('Demo Receptionist');
    await expect(page.getByTestId('offline-banner')).toBeHidden();
    await shot(page, '10-back-online');
  });

  await test.step('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Username')).toBeVisible();
  });
});

test('the browser workstation: served by the server at /, online only', async ({ page }) => {
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  const response = await page.goto(`${stack.serverUrl}/`);
  expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill('receptionist');
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Reception', level: 1 })).toBeVisible();
  await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(statusBar.getByTestId('status-user')).toContainText('Demo Receptionist');
  await announce(stack.serverUrl, stack.demoPassword, 'Browser workstations hear announcements too.');
  await expect(page.getByRole('list', { name: 'Announcements' })).toContainText('Browser workstations hear announcements too.');
  await shot(page, '11-browser-workstation');
  await page.getByRole('navigation').getByText('Outbox').click();
  await expect(page.getByText('This browser workstation works online only')).toBeVisible();
  await shot(page, '12-browser-outbox');
  await page.getByRole('navigation').getByText('Settings').click();
  await page.getByRole('tab', { name: 'Printers' }).click();
  await expect(page.getByRole('region', { name: 'Receipt printer' })).toContainText("prints through the browser's print dialog");
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
