import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPdf } from '../src/host/test-support/pdf-reader.js';
import { callAs } from './support/admin-client.js';
import { artifacts, shot } from './support/artifacts.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// Phase 2, the reception desk end to end: the real renderer in Chromium, the dev/test host
// (cache, outbox, printers) and the real server on PostgreSQL. Register (field errors, the
// duplicate warning), find, correct, check in with a printed token, a queue board kept live
// by another desk, then the server stopped: register and check in offline, restart, and
// every record reaches PostgreSQL exactly once; the refused one is fixed in the inbox. Then a
// registration whose reply was lost asks for a new wristband until told it was replaced, and a
// refused offline registration is fixed in the inbox for a new MRN.

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
});

test.afterAll(async () => {
  await stack?.close();
});


async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

/** The PDFs the fallback printer saved, newest last; copied into the artifacts to look at. */
function savedPdfs(): string[] {
  if (!existsSync(stack.pdfDir)) return [];
  return readdirSync(stack.pdfDir).filter((file) => file.endsWith('.pdf')).sort().map((file) => join(stack.pdfDir, file));
}

async function pdfText(file: string): Promise<string> {
  return (await readPdf(file)).text;
}

function keepPdf(file: string, name: string): void {
  mkdirSync(`${artifacts}printouts`, { recursive: true });
  copyFileSync(file, `${artifacts}printouts/${name}.pdf`);
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();
/** A form box by its label, exactly (a required box's label ends with an asterisk). */
const field = (scope: Page | Locator, label: string) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`));

test('reception: register, duplicates, search, correct, check in, live board, offline and back', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  let aminaMrn = '';
  let bakariMrn = '';

  await test.step('sign in and set up the printers: receipts on a thermal printer, wristbands on a label printer that is off', async () => {
    await signIn(page, stack.hostUrl, 'receptionist');
    await expect(page.getByTestId('hospital-name')).toHaveText('HMS Demo Hospital');
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt printer' });
    await receipt.getByLabel('Printer type').selectOption('escpos');
    await receipt.getByLabel('Address').fill('127.0.0.1');
    await receipt.getByLabel('Port').fill(String(stack.printer.port));
    const label = page.getByRole('region', { name: 'Label printer' });
    await label.getByLabel('Printer type').selectOption('zpl');
    await label.getByLabel('Address').fill('127.0.0.1');
    await label.getByLabel('Port').fill('9');
    // The browser is driven one key at a time (each waits for the page), so on a busy test
    // machine the gaps of a simulated scan are wider than a real scanner's.
    await page.getByRole('tab', { name: 'Scanners' }).click();
    await page.getByLabel('Longest gap between keys (ms)').fill('100');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
  });

  await test.step('the server\'s field errors land on their boxes', async () => {
    await nav(page, 'Register patient');
    await expect(page.getByRole('heading', { name: 'Register a patient', level: 1 })).toBeVisible();
    await field(page, 'Given name').fill('Amina');
    await field(page, 'Phone').fill('12');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const form = page.getByRole('form', { name: 'Patient registration' });
    await expect(form.getByText('must not be empty')).toBeVisible();
    await expect(form.getByText('is required (F, M, O or U)')).toBeVisible();
    await expect(form.getByText(/is not a phone number/)).toBeVisible();
    await shot(page, '20-register-field-errors');
  });

  await test.step('register a patient: the MRN, the slip on the receipt printer, the wristband printer off with "Try again"', async () => {
    // A box's message goes as soon as it is edited; the others stay until the next submit.
    const form = page.getByRole('form', { name: 'Patient registration' });
    await field(page, 'Phone').fill('0722 123 456');
    await expect(form.getByText(/is not a phone number/)).toHaveCount(0);
    await expect(form.getByText('must not be empty')).toBeVisible();
    await field(page, 'Family name').fill('Yusuf');
    await field(page, 'Sex').selectOption('F');
    await expect(form.getByText('must not be empty')).toHaveCount(0);
    await expect(form.getByText('is required (F, M, O or U)')).toHaveCount(0);
    await expect(form.getByText('Please check the form')).toHaveCount(0);
    await field(page, 'Date of birth').fill('1990-04-12');
    await field(page, 'National ID').fill('29384756');
    await field(page, 'Village or estate').fill('Kibera');
    await field(page, 'Town or city').fill('Nairobi');
    await field(page, 'Contact name').fill('Hassan Yusuf');
    await field(page, 'Relationship').fill('Brother');
    await field(page, 'Contact phone').fill('0733 000 111');
    await field(page, 'Insurer (payer)').fill('NHIF');
    await field(page, 'Member number').fill('NH-448812');
    await field(page, 'Blood group').selectOption('O+');
    await field(page, 'Preferred language').fill('Swahili');
    await shot(page, '21-register-form');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Registration done' })).toBeVisible();
    aminaMrn = (await page.getByTestId('registered-mrn').textContent()) ?? '';
    expect(aminaMrn).toMatch(/^PAT-\d{4}-\d{6}-[0-9A-Z]$/);
    // The slip went to the thermal printer, with the hospital's name from the server.
    await expect.poll(() => stack.printer.jobs.length).toBe(1);
    const slip = stack.printer.jobs[0]!.toString('latin1');
    expect(slip).toContain('HMS Demo Hospital');
    expect(slip).toContain('Hospital Road, Nairobi');
    expect(slip).toContain(aminaMrn);
    // The wristband printer is off: a clear error and a way to try again.
    const error = page.getByTestId('error-bar');
    await expect(error).toHaveAttribute('data-code', 'PRINTER_UNREACHABLE');
    await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
    await shot(page, '22-registered-printer-off');
  });

  await test.step('the label printer falls back to PDF: "Try again" prints the wristband', async () => {
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const label = page.getByRole('region', { name: 'Label printer' });
    await label.getByLabel('Printer type').selectOption('pdf');
    await label.getByLabel('Send the PDF to').selectOption('folder');
    await label.getByLabel('Folder').fill(stack.pdfDir);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    // The failed job waits on the patient's record, with its "Try again".
    await nav(page, 'Find patient');
    await page.getByRole('combobox', { name: 'Search patients' }).fill(aminaMrn);
    await page.getByRole('option').filter({ hasText: aminaMrn }).click();
    await page.getByTestId('error-bar').getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('print-done').filter({ hasText: 'Wristband' })).toBeVisible();
    const [wristband] = savedPdfs();
    expect(await pdfText(wristband!)).toContain(aminaMrn);
    keepPdf(wristband!, 'wristband-online');
  });

  await test.step('the same patient again: a duplicate warning with the candidate, then "Register anyway"', async () => {
    await nav(page, 'Register patient');
    await field(page, 'Given name').fill('Amina');
    await field(page, 'Family name').fill('Yusuf');
    await field(page, 'Sex').selectOption('F');
    await field(page, 'Date of birth').fill('1990-04-12');
    await field(page, 'Phone').fill('0722 123 456');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const duplicates = page.getByRole('region', { name: 'Possible duplicates' });
    await expect(duplicates).toContainText('This patient may already be registered');
    const candidate = duplicates.getByRole('row').filter({ hasText: aminaMrn });
    await expect(candidate).toContainText('Same phone');
    await expect(candidate.getByRole('button', { name: 'Open' })).toBeVisible();
    await shot(page, '23-duplicate-warning');
    await duplicates.getByRole('button', { name: 'Register anyway' }).click();
    await expect(page.getByRole('region', { name: 'Registration done' })).toBeVisible();
    const rows = await stack.query<{ n: string }>("select count(*) as n from patients where given_name = 'Amina' and family_name = 'Yusuf'");
    expect(Number(rows[0]!.n)).toBe(2);
  });

  await test.step('find a patient as you type, choose with the arrows, open with Enter', async () => {
    await nav(page, 'Find patient');
    const search = page.getByRole('combobox', { name: 'Search patients' });
    await search.fill('amin yus');
    const results = page.getByRole('listbox', { name: 'Patients found' });
    await expect(results.getByRole('option')).toHaveCount(2);
    await expect(results.getByRole('option').filter({ hasText: aminaMrn })).toContainText('+254 722 123 456');
    await shot(page, '24-search-results');
    const second = await results.getByRole('option').nth(1).textContent();
    await search.press('ArrowDown');
    await expect(results.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
    await search.press('Enter');
    await expect(page.getByTestId('patient-mrn')).toHaveText(second!.slice(0, aminaMrn.length));
  });

  await test.step('a scanned MRN opens that patient; correct the record (its version guards the change)', async () => {
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.type(`${aminaMrn}\n`, { delay: 2 });
    await expect(page.getByTestId('patient-mrn')).toHaveText(aminaMrn);
    await expect(page.getByRole('region', { name: 'Emergency contact' })).toContainText('Hassan Yusuf');
    await shot(page, '25-patient-record');
    await page.getByRole('button', { name: 'Edit details' }).click();
    await field(page, 'Other phone').fill('0711 222 333');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('region', { name: 'Contact', exact: true })).toContainText('+254 711 222 333');
    await expect(page.getByText(/^Version 2/)).toBeVisible();
    // The record's history (an audited read): registration, then the correction.
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: 'History of Amina Yusuf' });
    await expect(history.getByRole('row')).toHaveCount(3);
    await expect(history.getByRole('row').nth(2)).toContainText('alternatePhone');
    await shot(page, '25b-patient-history');
    await history.getByRole('button', { name: 'Close' }).click();
  });

  await test.step('check in: the token on screen and on the receipt printer', async () => {
    await page.getByRole('button', { name: 'Check in', exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Check-in' });
    await form.getByLabel('Department').selectOption('OPD');
    await form.getByLabel('Complaint').fill('Headache for three days');
    await shot(page, '26-check-in-form');
    await form.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByTestId('queue-token')).toHaveText('OPD-001');
    await expect.poll(() => stack.printer.jobs.some((job) => job.toString('latin1').includes('OPD-001'))).toBe(true);
    await expect(page.getByTestId('print-done').filter({ hasText: 'Queue token' })).toBeVisible();
    await shot(page, '27-checked-in');
  });

  await test.step('the queue board follows another desk within a second (a second browser context)', async () => {
    await nav(page, 'Queue board');
    const waiting = page.getByRole('table', { name: 'Waiting' });
    await expect(waiting.getByRole('row').filter({ hasText: 'OPD-001' })).toContainText('Amina Yusuf');
    await expect(page.getByTestId('board-live')).toHaveAttribute('data-live', 'true');

    // Another desk: the browser workstation served by the server, in its own context.
    const other = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    try {
      const desk = await other.newPage();
      await signIn(desk, `${stack.serverUrl}/`, 'receptionist');
      await desk.getByRole('combobox', { name: 'Search patients' }).fill('amina yusuf');
      await desk.getByRole('listbox', { name: 'Patients found' }).getByRole('option').filter({ hasNotText: aminaMrn }).click();
      await desk.getByRole('button', { name: 'Check in', exact: true }).first().click();
      // A desk with no default department of its own and no check-in yet starts from the first listed: choose.
      await desk.getByRole('form', { name: 'Check-in' }).getByLabel('Department').selectOption('OPD');
      await desk.getByRole('form', { name: 'Check-in' }).getByRole('radio', { name: 'Emergency' }).check();
      await desk.getByRole('form', { name: 'Check-in' }).getByRole('button', { name: 'Check in', exact: true }).click();
      await expect(desk.getByTestId('queue-token')).toHaveText('OPD-002');
      await shot(desk, '28-second-desk-check-in');
      // On this desk's board within a second: the emergency goes first.
      await expect(waiting.getByRole('row').nth(1)).toContainText('OPD-002', { timeout: 1_000 });
      await expect(waiting.getByRole('row').nth(1)).toContainText('Emergency');
      // A nurse calls the next patient: the board moves it to "Now serving".
      await callAs(stack.serverUrl, 'nurse', stack.demoPassword, 'queue.callNext', { department: 'OPD', room: 'Triage 1' });
      await expect(page.getByRole('list', { name: 'Now serving' })).toContainText('OPD-002', { timeout: 1_000 });
      await expect(waiting.getByRole('row')).toHaveCount(2);
      await shot(page, '29-queue-board-live');
    } finally {
      await other.close();
    }
  });

  await test.step('a nurse at the desk: offered check-in, not registration, correction or the history', async () => {
    const other = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    try {
      const desk = await other.newPage();
      await signIn(desk, `${stack.serverUrl}/`, 'nurse');
      await expect(desk.getByRole('navigation').getByText('Find patient', { exact: true })).toBeVisible();
      await expect(desk.getByRole('navigation').getByText('Register patient', { exact: true })).toHaveCount(0);
      await desk.getByRole('combobox', { name: 'Search patients' }).fill('amina yusuf');
      await expect(desk.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(2);
      await expect(desk.getByRole('button', { name: /Register/ })).toHaveCount(0);
      await desk.getByRole('listbox', { name: 'Patients found' }).getByRole('option').filter({ hasNotText: aminaMrn }).click();
      const actions = desk.getByRole('toolbar', { name: 'Patient actions' });
      await expect(actions.getByRole('button', { name: 'Check in', exact: true })).toBeVisible();
      await expect(actions.getByRole('button', { name: 'Print wristband' })).toBeVisible();
      await expect(actions.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
      await expect(actions.getByRole('button', { name: 'History' })).toHaveCount(0);
      await actions.getByRole('button', { name: 'Check in', exact: true }).click();
      const form = desk.getByRole('form', { name: 'Check-in' });
      await form.getByLabel('Department').selectOption('EMR');
      await form.getByRole('radio', { name: 'Emergency' }).check();
      await shot(desk, '29b-nurse-check-in');
      await form.getByRole('button', { name: 'Check in', exact: true }).click();
      await expect(desk.getByTestId('queue-token')).toHaveText('EMR-001');
    } finally {
      await other.close();
    }
  });

  await test.step('offline: register with an MRN from the block (wristband printed at once) and check in', async () => {
    await stack.stopServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline');
    await expect(page.getByTestId('board-live')).toHaveAttribute('data-live', 'false');
    await nav(page, 'Register patient');
    await field(page, 'Given name').fill('Bakari');
    await field(page, 'Family name').fill('Mwinyi');
    await field(page, 'Sex').selectOption('M');
    await page.getByLabel('Only the age is known').check();
    await field(page, 'Age (years)').fill('40');
    await field(page, 'Phone').fill('0733 000 222');
    const pdfsBefore = savedPdfs().length;
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByTestId('registered-offline')).toBeVisible();
    bakariMrn = (await page.getByTestId('registered-mrn').textContent()) ?? '';
    expect(bakariMrn).toMatch(/^PAT-\d{4}-\d{6}-[0-9A-Z]$/);
    await expect(page.getByTestId('print-done').filter({ hasText: 'Wristband' })).toBeVisible();
    const wristband = savedPdfs().slice(pdfsBefore)[0]!;
    expect(await pdfText(wristband)).toContain(bakariMrn);
    keepPdf(wristband, 'wristband-offline');
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '1');
    await shot(page, '30-offline-registered');
    await page.getByRole('button', { name: 'Check in now' }).click();
    const form = page.getByRole('form', { name: 'Check-in' });
    await form.getByLabel('Department').selectOption('OPD');
    await form.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByTestId('checked-in-offline')).toBeVisible();
    await shot(page, '31-offline-checked-in');
  });

  await test.step('offline: the workstation\'s copy finds patients, and a check-in the server will refuse', async () => {
    await nav(page, 'Find patient');
    const search = page.getByRole('combobox', { name: 'Search patients' });
    await search.fill('bakari');
    await expect(page.getByTestId('search-offline')).toBeVisible();
    await expect(page.getByRole('option').filter({ hasText: bakariMrn })).toContainText('Not sent yet');
    await shot(page, '32-offline-search');
    // Amina is already waiting in OPD, which this desk cannot know while offline.
    await search.fill(aminaMrn);
    await page.getByRole('option').filter({ hasText: aminaMrn }).click();
    await page.getByRole('button', { name: 'Check in', exact: true }).first().click();
    await page.getByRole('form', { name: 'Check-in' }).getByLabel('Department').selectOption('OPD');
    await page.getByRole('form', { name: 'Check-in' }).getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByTestId('checked-in-offline')).toBeVisible();
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '3');
    await nav(page, 'Outbox');
    await expect(page.getByRole('list', { name: 'Changes waiting to send' }).getByRole('listitem')).toHaveCount(3);
    await shot(page, '33-offline-outbox');
  });

  await test.step('the server is back: the outbox drains in order, each record once in PostgreSQL; the refusal waits in the inbox', async () => {
    await stack.startServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    await expect(statusBar.getByTestId('status-conflicts')).toHaveAttribute('data-conflicts', '1');

    const bakari = await stack.query<{ id: string; registered_offline: boolean }>('select id, registered_offline from patients where mrn = $1', [bakariMrn]);
    expect(bakari).toHaveLength(1);
    expect(bakari[0]!.registered_offline).toBe(true);
    const bakariVisits = await stack.query<{ token: string; arrived_at: Date; checked_in_at: Date }>(
      'select token, arrived_at, checked_in_at from visits where patient_id = $1', [bakari[0]!.id],
    );
    expect(bakariVisits).toHaveLength(1);
    expect(bakariVisits[0]!.token).toBe('OPD-003');
    // The arrival is the desk's time, before the server recorded it.
    expect(bakariVisits[0]!.arrived_at.getTime()).toBeLessThan(bakariVisits[0]!.checked_in_at.getTime());
    const byName = await stack.query<{ n: string }>("select count(*) as n from patients where given_name in ('Amina', 'Bakari')");
    expect(Number(byName[0]!.n)).toBe(3);
    const aminaVisits = await stack.query<{ n: string }>('select count(*) as n from visits v join patients p on p.id = v.patient_id where p.mrn = $1', [aminaMrn]);
    expect(Number(aminaVisits[0]!.n)).toBe(1);

    await statusBar.getByTestId('status-conflicts').getByText('1 conflict to resolve').click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toContainText('already checked in');
    await shot(page, '34-conflicts-inbox');
  });

  await test.step('fix the refused check-in (another department) and send it again', async () => {
    await page.getByTestId('conflict').getByRole('button', { name: 'Fix and send again' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Department').selectOption('DENT');
    await shot(page, '35-conflict-fix');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await expect(page.getByTestId('conflict')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Resolved conflicts' })).toContainText('Corrected and sent again.');
    await expect(statusBar.getByTestId('status-conflicts')).toHaveCount(0);
    const dental = await stack.query<{ token: string }>(
      "select v.token from visits v join patients p on p.id = v.patient_id join departments d on d.id = v.department_id where p.mrn = $1 and d.code = 'DENT'", [aminaMrn],
    );
    expect(dental.map((row) => row.token)).toEqual(['DENT-001']);
  });

  await test.step('today at this desk: the offline check-in has its token now', async () => {
    await nav(page, 'Find patient');
    const today = page.getByRole('list', { name: 'Check-ins today' });
    await expect(today.getByRole('listitem').filter({ hasText: 'Bakari Mwinyi' })).toContainText('OPD-003');
    // Amina's refused check-in was corrected and sent again: only the Dental one shows.
    await expect(today.getByRole('listitem')).toHaveCount(3);
    await expect(today.getByRole('listitem').filter({ hasText: 'Amina Yusuf' }).first()).toContainText('DENT-001');
    await shot(page, '36-today-at-this-desk');
  });

  // Two registrations made offline: the first had reached the server before the link dropped
  // (its reply lost), the other's MRN block is retired meanwhile. The desk is signed out while
  // this happens elsewhere, so that its outbox waits.
  const offline: Record<'chiku' | 'daudi', { id: string; printedMrn: string }> = { chiku: { id: '', printedMrn: '' }, daudi: { id: '', printedMrn: '' } };

  await test.step('offline again: two more registrations, wristbands printed with block MRNs', async () => {
    await stack.stopServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline');
    for (const [key, given, family, sex, born] of [['chiku', 'Chiku', 'Njeri', 'F', '1985-07-19'], ['daudi', 'Daudi', 'Ochieng', 'M', '1979-11-02']] as const) {
      await nav(page, 'Register patient');
      await field(page, 'Given name').fill(given);
      await field(page, 'Family name').fill(family);
      await field(page, 'Sex').selectOption(sex);
      await field(page, 'Date of birth').fill(born);
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await expect(page.getByTestId('registered-offline')).toBeVisible();
      offline[key].printedMrn = (await page.getByTestId('registered-mrn').textContent()) ?? '';
      await expect(page.getByTestId('print-done').filter({ hasText: 'Wristband' })).toBeVisible();
      await page.getByRole('button', { name: 'Open record' }).click();
      await expect(page.getByTestId('patient-mrn')).toHaveText(offline[key].printedMrn);
      offline[key].id = /#\/patient\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    }
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '2');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('Username')).toBeVisible();

    await stack.startServer();
    // What happened elsewhere: Chiku's registration had reached the server (the server gave her
    // its own MRN); an administrator retired the block the desk's numbers came from.
    const chiku = await callAs(stack.serverUrl, 'receptionist', stack.demoPassword, 'patients.register', {
      id: offline.chiku.id, givenName: 'Chiku', familyName: 'Njeri', sex: 'F', birthDate: '1985-07-19',
    });
    expect(chiku.patient.mrn).not.toBe(offline.chiku.printedMrn);
    const { items } = await callAs(stack.serverUrl, 'admin', stack.demoPassword, 'mrn.listBlocks', { allWorkstations: true }, 'records-office');
    const block = items.find((item) => item.mrns.includes(offline.daudi.printedMrn));
    expect(block?.mrns).toContain(offline.chiku.printedMrn);
    await callAs(stack.serverUrl, 'admin', stack.demoPassword, 'mrn.retireBlock', { blockId: block!.id }, 'records-office');
  });

  await test.step('signed in again: Chiku\'s replay answers her as registered, and the desk asks for a new wristband until told it was replaced', async () => {
    // The workstation finds the server again on its own; then the receptionist signs in.
    await expect(page.getByText('Connected', { exact: true })).toBeVisible({ timeout: 30_000 });
    await signIn(page, stack.hostUrl, 'receptionist');
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    await expect(statusBar.getByTestId('status-conflicts')).toHaveAttribute('data-conflicts', '1');
    const [chiku] = await stack.query<{ mrn: string }>('select mrn from patients where id = $1', [offline.chiku.id]);
    expect((await stack.query<{ n: string }>("select count(*) as n from patients where given_name = 'Chiku'"))[0]!.n).toBe('1');
    const notice = page.getByTestId('mrn-correction').filter({ hasText: 'Chiku Njeri' });
    await expect(notice).toContainText(`shows ${offline.chiku.printedMrn}, but the patient's MRN is ${chiku!.mrn}`);
    await nav(page, 'Find patient');
    await expect(notice).toBeVisible();
    await shot(page, '37-wristband-to-replace');

    const pdfsBefore = savedPdfs().length;
    const jobsBefore = stack.printer.jobs.length;
    await notice.getByRole('button', { name: 'Reprint wristband' }).click();
    await notice.getByRole('button', { name: 'Reprint slip' }).click();
    await expect.poll(() => savedPdfs().length).toBe(pdfsBefore + 1);
    const wristband = savedPdfs().at(-1)!;
    expect(await pdfText(wristband)).toContain(chiku!.mrn);
    expect(await pdfText(wristband)).not.toContain(offline.chiku.printedMrn);
    keepPdf(wristband, 'wristband-replaced');
    await expect.poll(() => stack.printer.jobs.length).toBe(jobsBefore + 1);
    expect(stack.printer.jobs.at(-1)!.toString('latin1')).toContain(chiku!.mrn);
    await notice.getByRole('button', { name: 'Wristband replaced' }).click();
    await expect(page.getByTestId('mrn-correction')).toHaveCount(0);
  });

  await test.step('fix the refused offline registration in the inbox: sent again for a new MRN, and a new wristband asked for', async () => {
    await statusBar.getByTestId('status-conflicts').getByText('1 conflict to resolve').click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toHaveAttribute('data-method', 'patients.register');
    await expect(conflict).toContainText('Registration refused');
    await expect(conflict).toContainText('from a retired block');
    await conflict.getByRole('button', { name: 'Fix and send again' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('it gives a new one. Print a new wristband afterwards.');
    await expect(field(dialog, 'Given name')).toHaveValue('Daudi');
    await field(dialog, 'Phone').fill('0745 300 400');
    await shot(page, '38-conflict-fix-registration');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await expect(page.getByTestId('patient-mrn')).not.toHaveText(offline.daudi.printedMrn);
    const daudi = await stack.query<{ mrn: string; phone: string; registered_offline: boolean }>('select mrn, phone, registered_offline from patients where id = $1', [offline.daudi.id]);
    expect(daudi).toHaveLength(1);
    expect(daudi[0]).toMatchObject({ phone: '+254745300400', registered_offline: true });
    expect(daudi[0]!.mrn).not.toBe(offline.daudi.printedMrn);
    await expect(page.getByTestId('patient-mrn')).toHaveText(daudi[0]!.mrn);
    await expect(statusBar.getByTestId('status-conflicts')).toHaveCount(0);
    const notice = page.getByTestId('mrn-correction').filter({ hasText: 'Daudi Ochieng' });
    await expect(notice).toContainText(`shows ${offline.daudi.printedMrn}, but the patient's MRN is ${daudi[0]!.mrn}`);
    await shot(page, '39-refused-mrn-replaced');
    await notice.getByRole('button', { name: 'Wristband replaced' }).click();
    await expect(page.getByTestId('mrn-correction')).toHaveCount(0);
  });
});
