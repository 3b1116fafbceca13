import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { shot } from './support/artifacts.js';
import { deskOf, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The doctor's side of the lab, end to end: the real renderer in Chromium, the dev/test host and
// the real server on PostgreSQL. The doctor's glucose and electrolytes orders (made on the
// doctor's own connection, as the consultation would) are collected, received and resulted by the
// lab on theirs. A critical glucose and a critical potassium appear above the doctor's screen
// without anything being clicked, one after the other; the first is acknowledged with read-back
// for the nurse who took the call, the second taken down when the lab acknowledges it after
// phoning. Released, the values reach the chart with unit, flag and range, and the glucose's
// trend over two visits.

let stack: Stack;
let front: Desk;
let doctor: Desk;
let lab: Desk;
let supervisor: Desk;
let doctorId = '';

test.beforeAll(async () => {
  stack = await startStack();
  front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  doctor = await deskOf(stack.serverUrl, 'doctor', stack.demoPassword);
  lab = await deskOf(stack.serverUrl, 'lab_technician', stack.demoPassword);
  supervisor = await deskOf(stack.serverUrl, 'lab_supervisor', stack.demoPassword);
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  doctorId = items.find((item) => item.username === 'doctor')!.id;
});

test.afterAll(async () => {
  for (const desk of [front, doctor, lab, supervisor]) await desk?.close();
  await stack?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

/** The doctor sees the checked-in patient and orders `codes` in the consultation. */
async function consultAndOrder(visitId: string, codes: string[]): Promise<{ orderId: string; encounterId: string }> {
  const { visit } = await doctor.call('queue.callNext', { department: 'OPD' });
  expect(visit?.id).toBe(visitId);
  const { encounter } = await doctor.call('encounters.start', { visitId });
  const { orderId } = await doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code })) });
  return { orderId, encounterId: encounter.id };
}

type Container = 'fluoride' | 'serum';

/** The lab collects the order (one container per test), receives it, and answers how to enter a test's values. */
async function collected(orderId: string, containers: Record<string, Container>) {
  const { entry, specimens } = await lab.call('lab.collect', { orderId, containers: Object.entries(containers).map(([code, container]) => ({ container, tests: [code] })) });
  await lab.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  /** Enters a test's values; answers the result ids and the alerts raised. */
  return async (code: string, values: Record<string, string>) => {
    const testId = entry.tests.find((item) => item.code === code)!.id!;
    const specimen = specimens.find((item) => item.tests.includes(code))!;
    const answer = await lab.call('lab.enterResults', { testId, specimenBarcode: specimen.barcode, results: Object.entries(values).map(([analyte, value]) => ({ analyte, value })) });
    return { resultIds: answer.results.map((result) => result.id), alertIds: answer.alerts.map((alert) => alert.id) };
  };
}

async function release(resultIds: string[]): Promise<void> {
  await lab.call('lab.validate', { resultIds });
  await supervisor.call('lab.release', { resultIds });
}

test('a critical value reaches the doctor\'s screen, is acknowledged with read-back, and the released values reach the chart with a trend', async ({ page }) => {
  // An earlier visit's glucose, released: the trend's first point.
  const { patient, visit } = await registerAndCheckIn(front, { givenName: 'Neema', familyName: 'Kiprono', sex: 'F', birthDate: '1968-05-14', complaint: 'Thirst and tiredness' }, doctorId);
  const first = await consultAndOrder(visit.id, ['RBG']);
  const earlier = await (await collected(first.orderId, { RBG: 'fluoride' }))('RBG', { GLU: '6.4' });
  expect(earlier.alertIds).toEqual([]);
  await release(earlier.resultIds);
  await doctor.call('encounters.sign', { encounterId: first.encounterId });
  await doctor.call('visits.complete', { id: visit.id });

  const { visit: today } = await front.call('visits.checkIn', { patientId: patient.id, visitType: 'follow_up', department: 'OPD', doctorId, complaint: 'Confused this morning' });
  const second = await consultAndOrder(today.id, ['RBG', 'UE']);

  await signIn(page, 'doctor');
  await page.getByRole('navigation').getByText('My patients', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My patients');
  await expect(page.getByTestId('critical-alert')).toHaveCount(0);

  // The lab enters a critical glucose and a critical potassium: the alert comes up on its own.
  const enter = await collected(second.orderId, { RBG: 'fluoride', UE: 'serum' });
  const { resultIds, alertIds } = await enter('RBG', { GLU: '1.8' });
  const alert = page.getByTestId('critical-alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Neema Kiprono');
  await expect(alert).toContainText(patient.mrn);
  await expect(alert).toContainText('GLU 1.8 mmol/L');
  await expect(alert).toContainText('LL critically low');
  const electrolytes = await enter('UE', { NA: '138', K: '7.1', CL: '102', HCO3: '24', UREA: '6.2', CREAT: '88' });
  alertIds.push(...electrolytes.alertIds);
  resultIds.push(...electrolytes.resultIds);
  expect(alertIds).toHaveLength(2);
  await expect(alert).toContainText('1 of 2');
  await shot(page, 'doctor-critical-alert');

  // The patient's name opens the chart: the alert stays above that screen too.
  await alert.getByText('Neema Kiprono').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chart: Neema Kiprono');
  await expect(alert).toContainText('GLU 1.8 mmol/L');

  // Acknowledged for the nurse who took the call, with the value read back.
  await alert.getByRole('button', { name: 'Acknowledge…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Acknowledge the critical value' });
  await expect(dialog.getByTestId('read-back')).toContainText('GLU 1.8 mmol/L, critically low');
  await dialog.getByLabel('Someone else, by name').check();
  await dialog.getByLabel('Name of the person told').fill('Nurse Wanjiku Mutua');
  const acknowledge = dialog.getByRole('button', { name: 'Acknowledge' });
  await expect(acknowledge).toBeDisabled();
  await dialog.getByLabel(/The value was read back/).check();
  await shot(page, 'doctor-critical-acknowledge');
  await acknowledge.click();
  await expect(dialog).toHaveCount(0);
  // The potassium is next.
  await expect(alert).toContainText('K 7.1 mmol/L');
  await expect(alert).not.toContainText('1 of');
  const [row] = await stack.query<{ told_name: string; read_back: boolean; acknowledged_by: string }>(
    'select told_name, read_back, acknowledged_by from lab_critical_alerts where id = $1', [alertIds[0]],
  );
  expect(row).toEqual({ told_name: 'Nurse Wanjiku Mutua', read_back: true, acknowledged_by: doctorId });

  // The lab phoned the doctor about the potassium and acknowledged it: it leaves the screen.
  await lab.call('lab.acknowledgeCritical', { alertId: alertIds[1]!, toldName: 'Dr (demo doctor), by phone', toldAt: new Date().toISOString(), readBack: true });
  await expect(alert).toHaveCount(0);

  // Released: the chart shows the values with unit, flag and range, and the glucose over the two visits.
  await release(resultIds);
  const results = page.getByTestId('lab-results');
  await expect(results.locator('[data-analyte="GLU"]')).toContainText('1.8 mmol/L');
  await expect(results.locator('[data-analyte="GLU"]')).toContainText('LL');
  await expect(results.locator('[data-analyte="GLU"]')).toContainText('3.9');
  await expect(results.locator('[data-analyte="K"]')).toContainText('7.1 mmol/L');
  await expect(page.getByTestId('lab-trend').first()).toBeVisible();
  await expect(page.getByRole('figure', { name: /GLU \(mmol\/L\) trend/ })).toBeVisible();
  await page.getByTestId('lab-results').scrollIntoViewIfNeeded();
  await shot(page, 'doctor-chart-lab-results');
  await page.getByTestId('lab-trends').scrollIntoViewIfNeeded();
  await shot(page, 'doctor-chart-lab-trend');
});

