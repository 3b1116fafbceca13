import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPdf } from '../src/host/test-support/pdf-reader.js';
import { artifacts, shot } from './support/artifacts.js';
import { deskOf, drugNamed, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The doctor desk end to end: the real renderer in Chromium, the dev/test host and the real
// server on PostgreSQL. A patient triaged with a penicillin allergy and vitals is called in;
// the banner shows the allergy, the chart the vitals and their trends; the doctor writes the
// note (saved as typed), codes pneumonia by typing it, orders a full blood count, meets the
// blocking penicillin alert for amoxicillin and prescribes azithromycin instead; a patient on
// warfarin meets the NSAID interaction; the prescription is printed (the PDF read back); the
// note is signed and the visit completed. Then the same consultation with the server stopped:
// started, written, checked against the rules kept on the workstation, printed with its
// provisional id, signed and completed, and replayed in order when the server is back.

let stack: Stack;
let front: Desk;
let nurse: Desk;
const reconnect = async () => {
  front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  nurse = await deskOf(stack.serverUrl, 'nurse', stack.demoPassword);
};
let doctorId = '';

test.beforeAll(async () => {
  stack = await startStack();
  await reconnect();
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  doctorId = items.find((doctor) => doctor.username === 'doctor')!.id;
});

test.afterAll(async () => {
  await front?.close();
  await nurse?.close();
  await stack?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(stack.hostUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

/** The PDFs the page printer saved, oldest first. */
function savedPdfs(): string[] {
  if (!existsSync(stack.pdfDir)) return [];
  return readdirSync(stack.pdfDir).filter((file) => file.endsWith('.pdf')).sort().map((file) => join(stack.pdfDir, file));
}

function keepPdf(file: string, name: string): void {
  mkdirSync(`${artifacts}printouts`, { recursive: true });
  copyFileSync(file, `${artifacts}printouts/${name}.pdf`);
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Picks the first option the search box offers for what was typed. */
async function pick(page: Page, box: string, typed: string, option: RegExp): Promise<void> {
  const combobox = page.getByRole('combobox', { name: box });
  await combobox.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Azithromycin 500 mg once a day for three days, three tablets: ready to prescribe. */
async function addAzithromycin(page: Page): Promise<void> {
  await pick(page, 'Add a drug', 'azithromycin 500', /^Azithromycin 500 mg tablet/);
  const line = page.getByRole('group', { name: /^Azithromycin 500 mg tablet/ });
  await line.getByLabel('Frequency').selectOption('od');
  await line.getByLabel('Days').fill('3');
  await line.getByLabel('Quantity').fill('3');
  await expect(page.getByRole('button', { name: 'Prescribe' })).toBeEnabled();
}

test('doctor: call the triaged patient, chart and banner, note, diagnosis, order, prescribing with alerts, sign and complete', async ({ page }) => {
  test.setTimeout(240_000);
  const grace = await registerAndCheckIn(front, { givenName: 'Grace', familyName: 'Wanjiru', sex: 'F', birthDate: '1988-05-14', complaint: 'Cough and fever for five days' }, doctorId);

  await test.step('the nurse triages her: vitals twice (a trend) and an allergy to penicillin', async () => {
    // The nurse desk's screens are another engineer's; its writes are the server's own methods.
    await nurse.call('vitals.record', { patientId: grace.patient.id, visitId: grace.visit.id, takenAt: minutesAgo(40), temperatureC: 38.9, pulseBpm: 104, respiratoryRate: 24, systolicMmHg: 128, diastolicMmHg: 82, spo2Percent: 93, weightKg: 64, heightCm: 165 });
    await nurse.call('vitals.record', { patientId: grace.patient.id, visitId: grace.visit.id, takenAt: minutesAgo(10), temperatureC: 38.4, pulseBpm: 98, systolicMmHg: 124, diastolicMmHg: 80, spo2Percent: 94 });
    await nurse.call('allergies.record', { patientId: grace.patient.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Rash and swelling', severity: 'severe', status: 'active' });
  });

  await test.step('My patients lists her, live; N calls her and opens the consultation', async () => {
    await signIn(page, 'doctor');
    // Prescriptions go to the page printer: an A5 PDF into a folder here.
    await page.getByRole('navigation').getByText('Settings', { exact: true }).click();
    await page.getByRole('tab', { name: 'Printers' }).click();
    const pagePrinter = page.getByRole('region', { name: 'Page printer (prescriptions)' });
    await pagePrinter.getByLabel('Printer type').selectOption('pdf');
    await pagePrinter.getByLabel('Send the PDF to').selectOption('folder');
    await pagePrinter.getByLabel('Folder').fill(stack.pdfDir);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.getByRole('navigation').getByText('My patients', { exact: true }).click();
    const waiting = page.getByRole('table', { name: 'Waiting' });
    await expect(waiting.getByRole('row').filter({ hasText: 'Grace Wanjiru' })).toContainText('Yours');
    await shot(page, '40-my-patients');
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('n');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultation: Grace Wanjiru');
  });

  await test.step('the banner names her allergy; the vitals are there', async () => {
    const banner = page.getByTestId('patient-banner');
    await expect(banner.getByTestId('banner-mrn')).toHaveText(grace.patient.mrn);
    await expect(banner.getByTestId('banner-age-sex')).toContainText('Female');
    await expect(banner.getByTestId('banner-allergies')).toHaveAttribute('data-status', 'allergies');
    await expect(banner.getByTestId('banner-allergies')).toContainText('Penicillins (severe: Rash and swelling)');
    await expect(page.getByTestId('latest-vitals')).toContainText('124/80 mmHg');
    await expect(page.getByTestId('latest-vitals')).toContainText('38.4 °C');
    await shot(page, '41-consultation-opened');
  });

  await test.step('the note is saved as the doctor types', async () => {
    await page.getByLabel('Presenting complaint').fill('Productive cough and fever for five days.');
    await page.getByLabel('History').fill('No recent travel. Non-smoker.');
    await page.getByLabel('Examination').fill('Crackles at the right base. RR 24.');
    await expect(page.getByTestId('note-status')).toHaveAttribute('data-state', 'saved', { timeout: 5_000 });
    await expect.poll(async () => {
      const { encounter } = (await nurse.call('encounters.get', { encounterId: await encounterOf(grace.visit.id) }));
      return encounter.note.sections.examination ?? '';
    }).toBe('Crackles at the right base. RR 24.');
  });

  await test.step('a diagnosis by typing "pneumonia"', async () => {
    await pick(page, 'Add a diagnosis', 'pneumonia', /^J18\.9 /);
    await expect(page.getByRole('list', { name: 'Diagnoses' })).toContainText('J18.9');
  });

  await test.step('a full blood count from the catalogue', async () => {
    await pick(page, 'Order a test or imaging', 'full blood', /full blood count/i);
    await expect(page.getByRole('list', { name: 'Orders' })).toContainText(/full blood count/i);
    await shot(page, '42-note-diagnosis-order');
  });

  await test.step('amoxicillin meets the penicillin allergy: a blocking alert naming its rule; Prescribe stays off', async () => {
    await pick(page, 'Add a drug', 'amoxicillin 500', /^Amoxicillin 500 mg capsule/);
    const line = page.getByRole('group', { name: /^Amoxicillin 500 mg capsule/ });
    await line.getByLabel('Frequency').selectOption('tds');
    const alert = page.getByTestId('safety-alert').filter({ hasText: /penicillin/i });
    await expect(alert).toHaveAttribute('data-blocking', 'true');
    await expect(alert.getByTestId('alert-rule')).toContainText(/Rule \S+ v\d+/);
    await expect(page.getByRole('button', { name: 'Prescribe' })).toBeDisabled();
    await expect(page.getByTestId('rx-blocked')).toBeVisible();
    await alert.scrollIntoViewIfNeeded();
    await shot(page, '43-amoxicillin-blocked');
  });

  await test.step('switch to azithromycin: no blocking alert, prescribed', async () => {
    await page.getByRole('button', { name: /^Remove Amoxicillin/ }).click();
    await expect(page.getByTestId('safety-alert')).toHaveCount(0);
    await addAzithromycin(page);
    await expect(page.getByTestId('safety-alert').and(page.locator('[data-blocking="true"]'))).toHaveCount(0);
    await page.getByRole('button', { name: 'Prescribe' }).click();
    await expect(page.getByRole('list', { name: 'Prescribed' })).toContainText(/RX-\d+/);
    await expect(page.getByRole('list', { name: 'Prescribed' })).toContainText('Azithromycin 500 mg tablet');
    await shot(page, '44-azithromycin-prescribed');
  });

  await test.step('print the prescription: an A5 PDF naming the patient, her allergy, the medicine in words and the number', async () => {
    const prescribed = page.getByTestId('prescribed').filter({ hasText: /RX-\d+/ });
    const number = /RX-\d+/.exec((await prescribed.textContent()) ?? '')![0];
    await prescribed.getByRole('button', { name: 'Print' }).click();
    await expect(prescribed.getByTestId('print-done')).toBeVisible();
    const [pdf] = savedPdfs();
    const text = (await readPdf(pdf!)).text;
    expect(text).toContain('Grace Wanjiru');
    expect(text).toContain(grace.patient.mrn);
    expect(text).toContain(number);
    expect(text).toMatch(/azithromycin/i);
    expect(text).toMatch(/penicillin/i);
    keepPdf(pdf!, 'prescription-online');
  });

  await test.step('the chart: banner, vitals with trends, problems, medications, encounters', async () => {
    await page.getByRole('button', { name: 'Full chart' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chart: Grace Wanjiru');
    await expect(page.getByTestId('vitals-trends').locator('svg').first()).toBeVisible();
    await expect(page.getByRole('list', { name: 'Current medications' })).toContainText('Azithromycin');
    await expect(page.getByRole('list', { name: 'Encounters timeline' })).toContainText('OPD');
    await shot(page, '45-chart');
    await page.getByText('Back', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultation: Grace Wanjiru');
  });

  await test.step('sign the note, complete the visit: she leaves My patients', async () => {
    await page.getByLabel('Assessment').fill('Community-acquired pneumonia, penicillin allergy.');
    await page.getByLabel('Plan').fill('Azithromycin 3 days; FBC; review in 48 h.');
    await page.getByRole('button', { name: 'Sign note' }).click();
    await expect(page.getByTestId('encounter-status')).toHaveText('Signed');
    await expect(page.getByRole('button', { name: 'Complete visit' })).toBeEnabled();
    await page.getByRole('button', { name: 'Complete visit' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My patients');
    await expect(page.getByRole('table', { name: 'With me now' })).toHaveCount(0);
    const [row] = await stack.query<{ status: string; visit_status: string }>(
      'select e.status, v.status as visit_status from encounters e join visits v on v.id = e.visit_id where e.visit_id = $1', [grace.visit.id]);
    expect(row).toEqual({ status: 'signed', visit_status: 'completed' });
    await shot(page, '46-completed');
  });

  await test.step('a patient already on warfarin: ibuprofen shows the interaction', async () => {
    const achieng = await deskOf(stack.serverUrl, 'dr.achieng', stack.demoPassword);
    const { items } = await front.call('doctors.list', { department: 'OPD' });
    const joseph = await registerAndCheckIn(front, { givenName: 'Joseph', familyName: 'Kamau', sex: 'M', birthDate: '1952-02-03', complaint: 'Knee pain' }, items.find((doctor) => doctor.username === 'dr.achieng')!.id);
    await nurse.call('allergies.noneKnown', { patientId: joseph.patient.id });
    // Dr. Achieng put him on warfarin at an earlier visit today.
    await achieng.call('queue.callNext', { department: 'OPD' });
    const { encounter } = await achieng.call('encounters.start', { visitId: joseph.visit.id });
    const warfarin = await drugNamed(achieng, 'Warfarin 5 mg');
    await achieng.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId: warfarin.id, dose: 5, doseUnit: 'mg', route: 'oral', frequency: 'od', durationDays: 30, quantity: 30 }] });
    await achieng.call('visits.complete', { id: joseph.visit.id });
    await achieng.close();
    await front.call('visits.checkIn', { patientId: joseph.patient.id, visitType: 'follow_up', department: 'OPD', doctorId, complaint: 'Knee still painful' });

    await page.getByRole('button', { name: 'Call next patient' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultation: Joseph Kamau');
    await expect(page.getByTestId('banner-allergies')).toContainText('No known allergies');
    await pick(page, 'Add a drug', 'ibuprofen 400', /^Ibuprofen 400 mg tablet/);
    await page.getByRole('group', { name: /^Ibuprofen 400 mg tablet/ }).getByLabel('Frequency').selectOption('tds');
    const alert = page.getByTestId('safety-alert').filter({ hasText: /warfarin/i });
    await expect(alert).toHaveAttribute('data-kind', 'interaction');
    await expect(alert.getByTestId('alert-rule')).toContainText('ddi.warfarin-nsaids');
    await alert.scrollIntoViewIfNeeded();
    await shot(page, '47-warfarin-ibuprofen');
    // Paracetamol instead; his visit ends (a doctor calls the next patient only once the last one is done).
    await page.getByRole('button', { name: /^Remove Ibuprofen/ }).click();
    await page.getByRole('button', { name: 'Sign note' }).click();
    await expect(page.getByTestId('encounter-status')).toHaveText('Signed');
    await page.getByRole('button', { name: 'Complete visit' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My patients');
  });

  await test.step('offline: the same consultation with the server stopped', async () => {
    const mary = await registerAndCheckIn(front, { givenName: 'Mary', familyName: 'Atieno', sex: 'F', birthDate: '1994-09-30', complaint: 'Fever and cough' }, doctorId);
    await nurse.call('vitals.record', { patientId: mary.patient.id, visitId: mary.visit.id, takenAt: minutesAgo(5), temperatureC: 38.6, pulseBpm: 102, systolicMmHg: 118, diastolicMmHg: 76, spo2Percent: 95, weightKg: 58 });
    await nurse.call('allergies.record', { patientId: mary.patient.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Hives', severity: 'moderate', status: 'active' });
    const row = page.getByRole('table', { name: 'Waiting' }).getByRole('row').filter({ hasText: 'Mary Atieno' });
    // The doctor glances at her chart while she waits: the workstation keeps it.
    await row.getByRole('button', { name: 'Chart' }).click();
    await expect(page.getByTestId('banner-allergies')).toContainText('Penicillins');
    await page.getByText('Back', { exact: true }).click();

    await front.close();
    await nurse.close();
    await stack.stopServer();
    const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await expect(page.getByTestId('my-patients-offline')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Call next patient' })).toBeDisabled();
    await shot(page, '50-offline-my-patients');
    await page.getByRole('table', { name: 'Waiting' }).getByRole('row').filter({ hasText: 'Mary Atieno' }).getByRole('button', { name: 'See now' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultation: Mary Atieno');
    await expect(page.getByTestId('doctor-offline')).toBeVisible();
    await expect(page.getByTestId('banner-allergies')).toContainText('Penicillins (moderate: Hives)');

    await page.getByLabel('Presenting complaint').fill('Fever and productive cough, three days.');
    await page.getByLabel('Examination').fill('Bronchial breathing at the left base.');
    await expect(page.getByTestId('note-status')).toHaveAttribute('data-state', 'kept', { timeout: 5_000 });
    // Offline the desk finds the codes it has used: J18.9 from this morning.
    await pick(page, 'Add a diagnosis', 'pneumonia', /^J18\.9 /);
    await expect(page.getByRole('list', { name: 'Diagnoses' })).toContainText('J18.9');
    await pick(page, 'Order a test or imaging', 'full blood', /full blood count/i);
    await expect(page.getByRole('list', { name: 'Orders' }).getByTestId('pending-queued')).toBeVisible();

    await pick(page, 'Add a drug', 'amoxicillin 500', /^Amoxicillin 500 mg capsule/);
    await page.getByRole('group', { name: /^Amoxicillin 500 mg capsule/ }).getByLabel('Frequency').selectOption('tds');
    const alert = page.getByTestId('safety-alert').filter({ hasText: /penicillin/i });
    await expect(alert).toHaveAttribute('data-blocking', 'true');
    await expect(page.getByTestId('checked-locally')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Prescribe' })).toBeDisabled();
    await alert.scrollIntoViewIfNeeded();
    await shot(page, '51-offline-amoxicillin-blocked-locally');
    await page.getByRole('button', { name: /^Remove Amoxicillin/ }).click();
    await addAzithromycin(page);
    await page.getByRole('button', { name: 'Prescribe' }).click();
    const prescribed = page.getByTestId('prescribed').filter({ hasText: 'Number to follow' });
    await expect(prescribed.getByTestId('pending-queued')).toBeVisible();
    const before = savedPdfs().length;
    await prescribed.getByRole('button', { name: 'Print' }).click();
    await expect(prescribed.getByTestId('print-done')).toBeVisible();
    const pdf = savedPdfs()[before]!;
    const text = (await readPdf(pdf)).text;
    expect(text).toContain('Mary Atieno');
    expect(text).toMatch(/provisional/i);
    keepPdf(pdf, 'prescription-offline');
    await shot(page, '52-offline-prescribed');

    await page.getByRole('button', { name: 'Sign note' }).click();
    await expect(page.getByTestId('encounter-status')).toHaveText('Signed');
    await page.getByRole('button', { name: 'Complete visit' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My patients');
    await expect(statusBar.getByTestId('status-outbox')).not.toHaveAttribute('data-pending', '0');
    await shot(page, '53-offline-completed');

    await stack.startServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(statusBar.getByTestId('status-conflicts')).toHaveCount(0);
    const [encounter] = await stack.query<{ id: string; status: string; visit_status: string; served_by: string }>(
      'select e.id, e.status, v.status as visit_status, v.served_by from encounters e join visits v on v.id = e.visit_id where e.visit_id = $1', [mary.visit.id]);
    expect(encounter).toMatchObject({ status: 'signed', visit_status: 'completed', served_by: doctorId });
    const diagnoses = await stack.query<{ code: string }>('select code from encounter_diagnoses where encounter_id = $1', [encounter!.id]);
    // Stored without the dot, as ICD-10-CM's own files write codes.
    expect(diagnoses.map((item) => item.code)).toEqual(['J189']);
    const orders = await stack.query<{ code: string }>('select code from order_items where encounter_id = $1', [encounter!.id]);
    expect(orders).toHaveLength(1);
    const prescriptions = await stack.query<{ n: string }>('select count(*) as n from prescriptions where encounter_id = $1', [encounter!.id]);
    expect(Number(prescriptions[0]!.n)).toBe(1);
    await reconnect();
  });
});

/** The encounter the doctor's desk started for a visit (read from the database the server writes). */
async function encounterOf(visitId: string): Promise<string> {
  const [row] = await stack.query<{ id: string }>('select id from encounters where visit_id = $1', [visitId]);
  if (row === undefined) throw new Error('no encounter yet');
  return row.id;
}
