import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { shot } from './support/artifacts.js';
import { deskOf, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The lab desk's result side end to end: the real renderer in Chromium, the dev/test host and
// the real server. A doctor's glucose and FBC, collected and received at another bench, open
// from the worklist's accession; the technologist types the values (the critical glucose shows
// LL as it is typed, the range in force beside it), saves each test and validates; the lab
// supervisor releases and views the patient report. Screenshots of each step are kept.

let stack: Stack;
let front: Desk;
let doctor: Desk;
let bench: Desk;
let accession = '';

test.beforeAll(async () => {
  stack = await startStack();
  front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  doctor = await deskOf(stack.serverUrl, 'doctor', stack.demoPassword);
  bench = await deskOf(stack.serverUrl, 'lab_technician', stack.demoPassword);
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  const doctorId = items.find((item) => item.username === 'doctor')!.id;
  const { visit } = await registerAndCheckIn(front, { givenName: 'Amina', familyName: 'Yusuf', sex: 'F', birthDate: '1990-04-12', complaint: 'Dizzy spells' }, doctorId);
  await doctor.call('queue.callNext', { department: 'OPD' });
  const { encounter } = await doctor.call('encounters.start', { visitId: visit.id });
  const { orderId } = await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab', code: 'RBG' }, { kind: 'lab', code: 'FBC' }] });
  const { entry, specimens } = await bench.call('lab.collect', { orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }, { container: 'edta', tests: ['FBC'] }] });
  await bench.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  accession = entry.accession!;
});

test.afterAll(async () => {
  for (const desk of [front, doctor, bench]) await desk?.close().catch(() => undefined);
  await stack?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

async function openResults(page: Page): Promise<void> {
  await page.getByRole('navigation').getByText('Lab worklist', { exact: true }).click();
  await page.getByTestId('open-results').filter({ hasText: accession }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results · Amina Yusuf');
}

const row = (page: Page, analyte: string) => page.locator(`tr[data-analyte="${analyte}"]`);

test('lab: values typed with their flags and ranges, saved, validated; the supervisor releases and views the report', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(stack.hostUrl);
  await signIn(page, 'lab_technician');

  await test.step('the grid opens from the worklist: each test with units and the range in force', async () => {
    await openResults(page);
    await expect(row(page, 'GLU')).toContainText('mmol/L');
    await expect(row(page, 'GLU')).toContainText('3.9');
    await shot(page, 'lab-results-empty');
  });

  await test.step('a critical glucose shows LL as it is typed; Enter goes to the next value', async () => {
    const haemoglobin = row(page, 'HGB').locator('input[data-role="value"]');
    await haemoglobin.fill('98');
    await expect(row(page, 'HGB').getByTestId('flag')).toBeVisible();
    await haemoglobin.press('Enter');
    await page.keyboard.type('7.2');
    await expect(row(page, 'WBC').locator('input[data-role="value"]')).toHaveValue('7.2');
    await expect(row(page, 'WBC').getByTestId('flag')).toHaveCount(0);
    const glucose = row(page, 'GLU').locator('input[data-role="value"]');
    await glucose.fill('1.9');
    await expect(row(page, 'GLU').getByTestId('flag')).toHaveText('LL');
    await shot(page, 'lab-results-typing');
  });

  await test.step('each test saved; the server\'s flags stand; the critical value is announced', async () => {
    await page.getByRole('button', { name: 'Save RBG' }).click();
    await expect(page.getByText('Critical value')).toBeVisible();
    await page.getByRole('button', { name: 'Save FBC' }).click();
    await expect(row(page, 'HGB')).toContainText('Entered v1');
    await page.getByRole('button', { name: /^Validate \d+ result/ }).click();
    await expect(row(page, 'GLU')).toContainText('Validated v1');
    // A technologist is not offered release.
    await expect(page.getByRole('button', { name: /^Release/ })).toHaveCount(0);
    await shot(page, 'lab-results-validated');
  });

  await test.step('the supervisor releases and views the patient report with flags and ranges', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'lab_supervisor');
    await openResults(page);
    await page.getByRole('button', { name: /^Release \d+ result/ }).click();
    await expect(row(page, 'GLU')).toContainText('Released v1');
    await expect(row(page, 'GLU').getByRole('button', { name: 'Amend' })).toBeVisible();
    await page.getByRole('button', { name: 'Patient report' }).click();
    const report = page.frameLocator('iframe[title="Laboratory report"]');
    await expect(report.locator('body')).toContainText('GLU');
    await expect(report.locator('body')).toContainText('3.9');
    await expect(report.locator('td.flag').first()).toBeVisible();
    await page.locator('iframe[title="Laboratory report"]').scrollIntoViewIfNeeded();
    await shot(page, 'lab-results-report');
  });
});
