import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEscPos, receiptText } from '../src/host/test-support/escpos-read.js';
import { readPdf } from '../src/host/test-support/pdf-reader.js';
import { artifacts, shot } from './support/artifacts.js';
import { deskOf, drugNamed, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { prescribeAs } from './support/pharmacy-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The cashier desk end to end: the real renderer in Chromium, the dev/test host (cache, outbox,
// a loopback ESC/POS receipt printer, a PDF folder as the page printer) and the real server on
// PostgreSQL. A patient is checked in, seen by the doctor and dispensed amoxicillin: the dispense
// is charged (captured by the server from dispensing's outbox). The cashier opens a shift with a
// float, adds a manual registration fee, invoices, takes a partial cash payment (change shown,
// the receipt read back from the ESC/POS bytes) and the rest by mobile money, prints the invoice
// PDF (read back); a refund is refused without a supervisor and done with one typing their own
// credentials on the cashier's screen; the supervisor sees the open shift; the shift closes with
// the cash counted by denomination, short, the note required, and its report printed.

let stack: Stack;
let front: Desk;
let nurse: Desk;
let doctor: Desk;
let pharmacist: Desk;
let supervisor: Desk;
let doctorId = '';
let amoxicillinId = '';

test.beforeAll(async () => {
  stack = await startStack();
  front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  nurse = await deskOf(stack.serverUrl, 'nurse', stack.demoPassword);
  doctor = await deskOf(stack.serverUrl, 'doctor', stack.demoPassword);
  pharmacist = await deskOf(stack.serverUrl, 'pharmacist', stack.demoPassword);
  supervisor = await deskOf(stack.serverUrl, 'billing_supervisor', stack.demoPassword);
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  doctorId = items.find((item) => item.username === 'doctor')!.id;
  amoxicillinId = (await drugNamed(doctor, 'Amoxicillin 500 mg capsule')).id;
  // The price list: what the cashier adds by hand.
  await supervisor.call('prices.set', { serviceCode: 'REG', service: { name: 'Registration fee', category: 'registration' }, priceMinor: 500_00 });
  await supervisor.call('prices.set', { serviceCode: 'DRESS', service: { name: 'Wound dressing', category: 'procedure' }, priceMinor: 350_00 });
});

test.afterAll(async () => {
  for (const desk of [front, nurse, doctor, pharmacist, supervisor]) await desk?.close().catch(() => undefined);
  await stack?.close();
});

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();

async function look(page: Page, name: string): Promise<void> {
  await shot(page, `billing-${name}`);
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

/** Chromium's contexts for the other people at their desks (the supervisor). */
async function otherDesk(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${stack.serverUrl}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
  return page;
}

function savedPdfs(): string[] {
  if (!existsSync(stack.pdfDir)) return [];
  return readdirSync(stack.pdfDir).filter((file) => file.endsWith('.pdf')).map((file) => join(stack.pdfDir, file)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

function keep(name: string, bytes: Uint8Array): void {
  mkdirSync(`${artifacts}printouts`, { recursive: true });
  writeFileSync(`${artifacts}printouts/${name}`, bytes);
}

test('cashier: a dispense and a manual charge invoiced, paid in part by cash and by mobile money, receipt and invoice printed, refund with a supervisor, the shift closed short', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const patient = { id: '', mrn: '', name: 'Zawadi Njeri' };
  let invoiceNumber = '';
  let cashReceipt = '';

  await test.step('check-in, consultation and a dispense: the dispense is charged', async () => {
    const seen = await registerAndCheckIn(front, { givenName: 'Zawadi', familyName: 'Njeri', sex: 'F', birthDate: '1988-02-11', complaint: 'Cough for a week' }, doctorId);
    patient.id = seen.patient.id;
    patient.mrn = seen.patient.mrn;
    await nurse.call('allergies.noneKnown', { patientId: patient.id });
    const rx = await prescribeAs(doctor, seen.visit.id, [
      { drugId: amoxicillinId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15, instructions: 'Finish the course.' },
    ]);
    await pharmacist.call('dispensing.dispense', { prescriptionId: rx.id, lines: [{ prescriptionItemId: rx.itemIds[0]!, quantity: 15 }] });
    // The server charges dispensing's events every 2 s.
    await expect.poll(async () => (await supervisor.call('charges.forPatient', { patientId: patient.id })).charges.map((charge) => charge.source), { timeout: 15_000 }).toContain('dispensation_line');
  });

  await test.step('the cashier signs in and sets up the desk: receipts on the thermal printer, invoices as PDF, the desk code', async () => {
    await signIn(page, 'cashier');
    const menu = page.getByRole('navigation');
    await expect(menu.getByText('Find patient', { exact: true })).toBeVisible();
    await expect(menu.getByText('My shift', { exact: true })).toBeVisible();
    await expect(menu.getByText('Open shifts', { exact: true })).toHaveCount(0);
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt printer' });
    await receipt.getByLabel('Printer type').selectOption('escpos');
    await receipt.getByLabel('Address').fill('127.0.0.1');
    await receipt.getByLabel('Port').fill(String(stack.printer.port));
    const pagePrinter = page.getByRole('region', { name: 'Page printer (prescriptions)' });
    await pagePrinter.getByLabel('Printer type').selectOption('pdf');
    await pagePrinter.getByLabel('Send the PDF to').selectOption('folder');
    await pagePrinter.getByLabel('Folder').fill(stack.pdfDir);
    await page.getByRole('tab', { name: 'Cashier desk' }).click();
    await page.getByLabel('Desk code').fill('CSH1');
    await look(page, '00-settings');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
  });

  await test.step('the shift opens with a float of 5,000', async () => {
    await nav(page, 'My shift');
    await page.getByLabel(/Float in the drawer/).fill('5000');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await expect(page.getByTestId('expected-cash')).toHaveText('KES 5,000.00');
    await look(page, '01-shift-open');
  });

  await test.step('find the patient by MRN: the dispense waits to be invoiced; a registration fee added by hand', async () => {
    await nav(page, 'Find patient');
    await page.getByLabel('Find a patient by name or MRN').fill(patient.mrn);
    await page.getByRole('table', { name: 'Patients found' }).getByRole('row').filter({ hasText: patient.name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(patient.name);
    const charges = page.getByRole('table', { name: 'Uninvoiced charges' });
    await expect(charges.getByRole('row').filter({ hasText: 'Dispensed' })).toContainText('KES 75.00');
    await page.getByLabel('Find a service').fill('Registration');
    await expect(page.getByLabel('Service to charge')).toHaveValue('REG');
    await page.getByRole('button', { name: 'Add charge' }).click();
    await expect(charges.getByRole('row').filter({ hasText: 'Registration fee' })).toContainText('KES 500.00');
    await expect(page.getByTestId('uninvoiced-total')).toHaveText('Not yet invoiced: KES 575.00');
    await look(page, '02-account-charges');
  });

  await test.step('the invoice is made of both', async () => {
    await page.getByRole('button', { name: 'Create invoice' }).click();
    const row = page.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: /INV-\d{4}-\d{6}/ });
    await expect(row).toHaveCount(1);
    invoiceNumber = /INV-\d{4}-\d{6}/.exec(await row.innerText())![0];
    await expect(row).toContainText('KES 575.00');
    await expect(page.getByTestId('no-open-charges')).toBeVisible();
    await expect(page.getByTestId('balance-owed')).toHaveText('Owed KES 575.00');
  });

  await test.step('a partial cash payment: 300 of 575, 500 handed over, 200 change; the receipt printed at once', async () => {
    await expect(page.getByLabel('Paying')).toContainText(invoiceNumber);
    await page.getByLabel(/^Amount/).fill('300');
    await page.getByLabel(/^Cash handed over/).fill('500');
    await expect(page.getByTestId('change-due')).toHaveText('KES 200.00');
    await look(page, '03-cash-tendered');
    const jobs = stack.printer.jobs.length;
    await page.getByRole('button', { name: 'Take payment' }).click();
    const taken = page.getByTestId('payment-taken');
    await expect(taken).toContainText(/Receipt RCT-\d{4}-\d{6}/);
    await expect(taken).toContainText('change KES 200.00');
    cashReceipt = /RCT-\d{4}-\d{6}/.exec(await taken.innerText())![0];
    await expect(page.getByTestId('balance-owed')).toHaveText('Owed KES 275.00');
    await expect.poll(() => stack.printer.jobs.length).toBe(jobs + 1);
    const job = stack.printer.jobs.at(-1)!;
    keep('billing-receipt-cash.escpos', job);
    const reading = readEscPos(job);
    const text = receiptText(reading).join('\n');
    for (const expected of [cashReceipt, patient.name, patient.mrn, invoiceNumber, 'Cash', '300.00', '500.00', '200.00', '275.00']) expect(text, `${expected} on the receipt:\n${text}`).toContain(expected);
    expect(reading.endsWithCut).toBe(true);
    await look(page, '04-cash-taken');
  });

  await test.step('the rest by mobile money with its transaction reference: nothing owed', async () => {
    await page.getByRole('radio', { name: 'Mobile money' }).check();
    await page.getByLabel(/^Amount/).fill('275');
    await expect(page.getByRole('button', { name: 'Take payment' })).toBeDisabled();
    await page.getByLabel('Transaction reference').fill('QK7H2XYZ9');
    const jobs = stack.printer.jobs.length;
    await page.getByRole('button', { name: 'Take payment' }).click();
    await expect(page.getByTestId('payment-taken')).toContainText('Mobile money KES 275.00');
    await expect(page.getByTestId('balance-owed')).toHaveText('Owed KES 0.00');
    await expect.poll(() => stack.printer.jobs.length).toBe(jobs + 1);
    expect(receiptText(readEscPos(stack.printer.jobs.at(-1)!)).join('\n')).toContain('QK7H2XYZ9');
    await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row')).toHaveCount(3);
  });

  await test.step('the invoice as a PDF on the page printer, read back: items, shares, both payments, nothing owed', async () => {
    const before = savedPdfs().length;
    await page.getByRole('button', { name: `Print ${invoiceNumber}` }).click();
    await expect(page.getByTestId('invoice-printed')).toBeVisible();
    await expect.poll(() => savedPdfs().length).toBe(before + 1);
    const read = await readPdf(savedPdfs().at(-1)!);
    for (const expected of [invoiceNumber, patient.name, patient.mrn, 'Registration fee', 'Amoxicillin', '575.00', cashReceipt, 'QK7H2XYZ9']) expect(read.text, `${expected} in the invoice:\n${read.text}`).toContain(expected);
    await look(page, '05-paid');
  });

  await test.step('a refund of 100 of the cash: refused without a supervisor, done with one signing in on this screen', async () => {
    await page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: cashReceipt }).getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount to refund/).fill('100');
    await dialog.getByLabel('Reason').fill('Two capsules returned unopened');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(dialog.getByTestId('error-bar')).toHaveAttribute('data-code', 'FORBIDDEN');
    await look(page, '06-refund-refused');
    await dialog.getByLabel('Supervisor username').fill('billing_supervisor');
    await dialog.getByLabel('Supervisor password').fill('not the password');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(dialog.getByTestId('error-bar')).toHaveAttribute('data-code', 'FORBIDDEN');
    await dialog.getByLabel('Supervisor password').fill(stack.demoPassword);
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: cashReceipt })).toContainText('KES 100.00 refunded');
    const refunds = await stack.query<{ amount_minor: number }>(`select amount_minor from billing_payments where kind = 'refund'`);
    expect(refunds.map((row) => Number(row.amount_minor))).toEqual([100_00]);
  });

  await test.step('the supervisor sees the cashier\'s open shift: float 5,000, cash expected 5,200', async () => {
    const desk = await otherDesk(browser, 'billing_supervisor');
    try {
      await desk.getByRole('navigation').getByText('Open shifts', { exact: true }).click();
      const row = desk.getByRole('table', { name: 'Open shifts' }).getByRole('row').filter({ hasText: 'Demo Cashier' });
      await expect(row).toContainText('KES 5,200.00');
      await shot(desk, 'billing-07-supervisor-open-shifts');
    } finally {
      await desk.context().close();
    }
  });

  await test.step('the shift closes counted by denomination: 100 short, a note required, the report printed', async () => {
    await nav(page, 'My shift');
    await expect(page.getByTestId('expected-cash')).toHaveText('KES 5,200.00');
    await page.getByLabel('Pieces of 1,000').fill('5');
    await page.getByLabel('Pieces of 100').fill('1');
    await expect(page.getByTestId('count-variance')).toHaveText('Variance: KES -100.00 short');
    await expect(page.getByRole('button', { name: 'Close the shift' })).toBeDisabled();
    await look(page, '08-count-short');
    await page.getByLabel('Note on the variance').fill('A 100 note given as change twice by mistake');
    const before = savedPdfs().length;
    await page.getByRole('button', { name: 'Close the shift' }).click();
    await expect(page.getByTestId('closed-variance')).toHaveText('KES -100.00');
    await expect.poll(() => savedPdfs().length).toBe(before + 1);
    const report = await readPdf(savedPdfs().at(-1)!);
    for (const expected of ['5,000.00', '5,200.00', '5,100.00', '-100.00', 'A 100 note given as change twice by mistake']) expect(report.text, `${expected} in the shift report:\n${report.text}`).toContain(expected);
    await look(page, '09-shift-closed');
    const [shift] = await stack.query<{ variance_minor: number }>(`select variance_minor from billing_shifts`);
    expect(Number(shift!.variance_minor)).toBe(-100_00);
  });

  await test.step('a nurse and a doctor see no money screens', async () => {
    for (const who of ['nurse', 'doctor']) {
      const desk = await otherDesk(browser, who);
      try {
        await expect(desk.getByRole('navigation').getByText('Workstation', { exact: true })).toBeVisible();
        await expect(desk.getByRole('navigation').getByText('Cashier', { exact: true })).toHaveCount(0);
        await expect(desk.getByRole('navigation').getByText('My shift', { exact: true })).toHaveCount(0);
      } finally {
        await desk.context().close();
      }
    }
  });
});
