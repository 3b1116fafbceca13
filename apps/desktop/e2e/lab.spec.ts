import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readZpl } from '../src/host/test-support/zpl-read.js';
import { artifacts, shot } from './support/artifacts.js';
import { deskOf, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The lab desk's specimen side end to end: the real renderer in Chromium, the dev/test host
// (cache, outbox, a loopback ZPL label printer) and the real server on PostgreSQL. A doctor's
// FBC and glucose reach the lab worklist live; the technician collects them into an EDTA and a
// fluoride tube, one label each printed at once (the ZPL read back: patient, MRN, the barcode as
// Code 128, tests, container); the tubes are received, one is rejected as haemolysed and waits
// for its recollection; with the server stopped the recollection and a new order are collected
// and labelled (the new one from this desk's accession block) and replayed when it is back; a
// walk-in is registered with its referring clinician.

let stack: Stack;
let front: Desk;
let doctor: Desk;
let doctorId = '';

test.beforeAll(async () => {
  stack = await startStack();
  front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  doctor = await deskOf(stack.serverUrl, 'doctor', stack.demoPassword);
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  doctorId = items.find((item) => item.username === 'doctor')!.id;
});

test.afterAll(async () => {
  for (const desk of [front, doctor]) await desk?.close().catch(() => undefined);
  await stack?.close();
});

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();
const statusBar = (page: Page) => page.getByRole('contentinfo', { name: 'Status bar' });

function keepLabel(zpl: string, name: string): void {
  mkdirSync(`${artifacts}printouts`, { recursive: true });
  writeFileSync(`${artifacts}printouts/${name}.zpl`, zpl);
}

test('lab technician: a doctor\'s FBC and glucose arrive live, collected with a ZPL label per tube, received, one rejected and recollected offline with a new order labelled from the desk\'s accession block, replayed; a walk-in registered', async ({ page }) => {
  test.setTimeout(240_000);

  await test.step('sign in as the lab technician; specimen labels go to a ZPL printer on the LAN', async () => {
    await page.goto(stack.hostUrl);
    await page.getByLabel('Username').fill('lab_technician');
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('status-user')).toContainText('lab_technician');
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Printers' }).click();
    const label = page.getByRole('region', { name: 'Label printer' });
    await label.getByLabel('Printer type').selectOption('zpl');
    await label.getByLabel('Address').fill('127.0.0.1');
    await label.getByLabel('Port').fill(String(stack.printer.port));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await nav(page, 'Lab worklist');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lab worklist');
  });

  const patient = { id: '', mrn: '', name: 'Neema Wanjiru' };
  await test.step('the doctor orders an FBC and a random glucose: on the worklist within a second, waiting for collection', async () => {
    const neema = await registerAndCheckIn(front, { givenName: 'Neema', familyName: 'Wanjiru', sex: 'F', birthDate: '1988-03-14', complaint: 'Tired and dizzy' }, doctorId);
    Object.assign(patient, { id: neema.patient.id, mrn: neema.patient.mrn });
    await doctor.call('queue.callNext', { department: 'OPD' });
    const { encounter } = await doctor.call('encounters.start', { visitId: neema.visit.id });
    const row = page.getByTestId('lab-row').filter({ hasText: patient.name });
    await expect(row).toHaveCount(0);
    await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab', code: 'FBC' }, { kind: 'lab', code: 'RBG' }] });
    const ordered = Date.now();
    await expect(row).toBeVisible({ timeout: 1_000 });
    console.log(`the order reached the lab worklist ${Date.now() - ordered} ms after orders.create answered`);
    await expect(row).toContainText(patient.mrn);
    await expect(row).toContainText('FBC · To collect');
    await expect(row).toContainText('RBG · To collect');
    await shot(page, 'lab-00-worklist-live');
    // Chemistry's bench sees the glucose only.
    await page.getByRole('tab', { name: /^Chemistry/ }).click();
    await expect(row.getByTestId('lab-test')).toHaveText(['RBG · To collect']);
    await page.getByTestId('lab-search').fill('wanjiru');
    await expect(page.getByTestId('lab-row')).toHaveCount(1);
    await shot(page, 'lab-01-worklist-chemistry-search');
    await page.getByTestId('lab-search').fill('');
    await page.getByRole('tab', { name: /^All/ }).click();
  });

  let barcodes: string[] = [];
  await test.step('collect: FBC in EDTA, glucose in fluoride, one label per tube printed at once with its Code 128 barcode', async () => {
    await page.getByTestId('lab-row').filter({ hasText: patient.name }).getByTestId('lab-open-collect').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Collect: ${patient.name}`);
    await expect(page.getByLabel('Container for FBC')).toHaveValue('edta');
    await expect(page.getByLabel('Container for RBG')).toHaveValue('fluoride');
    await shot(page, 'lab-02-collect');
    const jobs = stack.printer.jobs.length;
    await page.getByTestId('lab-collect').click();
    await expect(page.getByTestId('lab-collected')).toHaveAttribute('data-status', 'applied');
    await expect(page.getByTestId('lab-labels-printed')).toContainText('2 labels');
    barcodes = await page.getByTestId('lab-collected-specimen').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-barcode') ?? ''));
    expect(barcodes).toHaveLength(2);
    await expect.poll(() => stack.printer.jobs.length).toBe(jobs + 2);
    const labels = stack.printer.jobs.slice(jobs).map((job) => job.toString('utf8'));
    labels.forEach((zpl, index) => keepLabel(zpl, `specimen-label-${index + 1}`));
    const read = labels.flatMap((zpl) => readZpl(zpl));
    expect(read.map((label) => label.code128.map((code) => code.data))).toEqual([[barcodes[0]], [barcodes[1]]]);
    expect(read[0]!.texts.slice(0, 5)).toEqual([patient.name, `MRN ${patient.mrn}`, barcodes[0], 'FBC', 'EDTA (purple)']);
    expect(read[1]!.texts.slice(0, 5)).toEqual([patient.name, `MRN ${patient.mrn}`, barcodes[1], 'RBG', 'Fluoride oxalate (grey)']);
    await shot(page, 'lab-03-collected');
    const stored = await stack.query<{ barcode: string; container: string }>('select barcode, container from lab_specimens where barcode = any($1) order by barcode', [barcodes]);
    expect(stored).toEqual([{ barcode: barcodes[0], container: 'edta' }, { barcode: barcodes[1], container: 'fluoride' }]);
  });

  await test.step('a typed specimen barcode finds its tube on the worklist', async () => {
    await page.getByRole('button', { name: 'Back to the worklist' }).click();
    await page.getByTestId('lab-code').fill(barcodes[1]!);
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByTestId('lab-scan-found')).toContainText(`Specimen ${barcodes[1]}`);
    await expect(page.getByTestId('lab-row').filter({ hasText: patient.name })).toContainText('Collected');
    await shot(page, 'lab-04-found');
  });

  await test.step('receive both tubes in the lab; reject the EDTA as haemolysed: FBC waits for a recollection', async () => {
    await nav(page, 'Receive specimens');
    for (const barcode of barcodes) {
      await page.getByTestId('lab-receive-code').fill(barcode);
      await page.getByTestId('lab-receive-code').press('Enter');
    }
    await expect(page.getByTestId('lab-receive-row')).toHaveCount(2);
    await shot(page, 'lab-05-receive-batch');
    await page.getByTestId('lab-receive').click();
    await expect(page.getByTestId('lab-receive-done')).toContainText('2 specimens received');
    await page.getByTestId('lab-reject-code').fill(barcodes[0]!);
    await page.getByTestId('lab-reject-reason').selectOption('haemolysed');
    await page.getByLabel('Note (optional)').fill('Pink plasma after spin');
    await page.getByTestId('lab-reject').click();
    await expect(page.getByTestId('lab-receive-done')).toContainText('rejected (haemolysed)');
    await shot(page, 'lab-06-rejected');
    const [rejected] = await stack.query<{ status: string; rejection_reason: string }>('select status, rejection_reason from lab_specimens where barcode = $1', [barcodes[0]]);
    expect(rejected).toEqual({ status: 'rejected', rejection_reason: 'haemolysed' });
    await nav(page, 'Lab worklist');
    const row = page.getByTestId('lab-row').filter({ hasText: patient.name });
    await expect(row).toContainText('FBC · To collect');
    await expect(row.getByTestId('lab-open-collect')).toHaveText('Recollect');
    await shot(page, 'lab-07-worklist-recollect');
  });

  await test.step('the server goes away: the recollection and a new order are collected and labelled offline (accession from this desk\'s block), sent on reconnect', async () => {
    const { items } = await doctor.call('orders.forPatient', { patientId: patient.id, kind: 'lab' });
    const encounterId = items[0]!.encounterId;
    await doctor.call('orders.create', { encounterId, items: [{ kind: 'lab', code: 'CREAT' }] });
    const waiting = page.locator('[data-testid="lab-row"][data-accession=""]').filter({ hasText: patient.name });
    await expect(waiting).toBeVisible({ timeout: 2_000 });
    const firstAccession = barcodes[0]!.split('-')[0]!;
    await stack.stopServer();
    await expect(statusBar(page).getByTestId('connection-state')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

    let jobs = stack.printer.jobs.length;
    await page.getByTestId('lab-row').filter({ hasText: firstAccession }).getByTestId('lab-open-collect').click();
    await expect(page.getByLabel('Container for FBC')).toHaveValue('edta');
    await page.getByTestId('lab-collect').click();
    await expect(page.getByTestId('lab-collected')).toHaveAttribute('data-status', 'queued');
    await expect.poll(() => stack.printer.jobs.length).toBe(jobs + 1);
    const recollection = readZpl(stack.printer.jobs.at(-1)!.toString('utf8'))[0]!;
    expect(recollection.code128[0]!.data).toBe(`${firstAccession}-3`);
    await shot(page, 'lab-08-recollected-offline');

    await page.getByRole('button', { name: 'Back to the worklist' }).click();
    jobs = stack.printer.jobs.length;
    await waiting.getByTestId('lab-open-collect').click();
    await expect(page.getByLabel('Container for CREAT')).toHaveValue('serum');
    await page.getByTestId('lab-collect').click();
    await expect(page.getByTestId('lab-collected')).toHaveAttribute('data-status', 'queued');
    await expect.poll(() => stack.printer.jobs.length).toBe(jobs + 1);
    const offlineLabel = readZpl(stack.printer.jobs.at(-1)!.toString('utf8'))[0]!;
    keepLabel(stack.printer.jobs.at(-1)!.toString('utf8'), 'specimen-label-offline');
    const blockBarcode = offlineLabel.code128[0]!.data;
    expect(blockBarcode).toMatch(/^L\d{10}-1$/);
    expect(blockBarcode.split('-')[0]).not.toBe(firstAccession);
    expect(offlineLabel.texts.slice(0, 5)).toEqual([patient.name, `MRN ${patient.mrn}`, blockBarcode, 'CREAT', 'Serum SST (gold)']);
    await expect(statusBar(page).getByTestId('status-outbox')).toHaveAttribute('data-pending', '2');
    await shot(page, 'lab-09-collected-offline');

    await stack.startServer();
    await expect(statusBar(page).getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(statusBar(page).getByTestId('status-outbox')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    const stored = await stack.query<{ barcode: string; block: boolean }>(
      'select s.barcode, r.accession_block_id is not null as block from lab_specimens s join lab_requests r on r.id = s.request_id where s.barcode = any($1) order by s.barcode', [[`${firstAccession}-3`, blockBarcode]]);
    expect(stored).toEqual([{ barcode: `${firstAccession}-3`, block: false }, { barcode: blockBarcode, block: true }].sort((a, b) => a.barcode.localeCompare(b.barcode)));
    await page.getByRole('button', { name: 'Back to the worklist' }).click();
  });

  await test.step('walk-in: a registered patient sent by an outside clinician for a malaria RDT, collected at once', async () => {
    await nav(page, 'Walk-in');
    await page.getByTestId('lab-walkin-search').fill('wanjiru');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('lab-walkin-patient').filter({ hasText: patient.mrn }).getByRole('button').click();
    await page.getByTestId('lab-walkin-clinician').fill('Dr Mwangi, Uhuru Clinic');
    await page.getByTestId('lab-walkin-filter').fill('malaria');
    await page.getByTestId('lab-walkin-test').first().click();
    await shot(page, 'lab-10-walk-in');
    await page.getByTestId('lab-walkin-register').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Collect: ${patient.name}`);
    await expect(page.getByText('Dr Mwangi, Uhuru Clinic')).toBeVisible();
    await shot(page, 'lab-11-walk-in-collect');
    const [request] = await stack.query<{ referring_clinician: string; source: string }>(`select referring_clinician, source from lab_requests where patient_id = $1 and source = 'walk_in'`, [patient.id]);
    expect(request).toEqual({ referring_clinician: 'Dr Mwangi, Uhuru Clinic', source: 'walk_in' });
  });
});
