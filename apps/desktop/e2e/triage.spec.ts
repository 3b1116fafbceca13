import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { callAs } from './support/admin-client.js';
import { shot } from './support/artifacts.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The nurse desk end to end: the real renderer in Chromium, the dev/test host (cache, outbox) and
// the real server on PostgreSQL. Two patients are checked in at reception; the nurse triages the
// second from the keyboard (vitals with a reading refused by the rules first, an allergy to
// penicillin, urgent priority) and the server has each record, with the patient moved up the
// queue. Then the server stops: the nurse triages the other patient offline, the desk says what
// is queued, and once the server is back every write reaches PostgreSQL once.

let stack: Stack;
const shots = '/tmp/shots';

test.beforeAll(async () => {
  stack = await startStack();
  mkdirSync(shots, { recursive: true });
});

test.afterAll(async () => {
  await stack?.close();
});

async function look(page: Page, name: string): Promise<void> {
  await shot(page, `triage-${name}`);
  await page.screenshot({ path: `${shots}/nurse-${name}.png`, fullPage: true });
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();
const rows = (page: Page) => page.getByTestId('triage-row');

async function checkIn(givenName: string, familyName: string, complaint: string): Promise<{ patientId: string; visitId: string; token: string; mrn: string }> {
  const { patient } = await callAs(stack.serverUrl, 'receptionist', stack.demoPassword, 'patients.register', {
    givenName, familyName, sex: 'F', birthDate: '1988-03-14', phone: `07${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, confirmedNotDuplicate: true,
  });
  const { visit } = await callAs(stack.serverUrl, 'receptionist', stack.demoPassword, 'visits.checkIn', { patientId: patient.id, visitType: 'new', department: 'OPD', complaint });
  return { patientId: patient.id, visitId: visit.id, token: visit.token, mrn: patient.mrn };
}

test('triage: a nurse records vitals, an allergy to penicillin and the priority, online and offline', async ({ page }) => {
  test.setTimeout(180_000);
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  const neema = await checkIn('Neema', 'Mollel', 'Cough for a week');
  const zawadi = await checkIn('Zawadi', 'Kimaro', 'Fever and headache');

  await test.step('the nurse signs in and sees the waiting patients, in calling order, with their waiting time', async () => {
    await page.goto(stack.hostUrl);
    await page.getByLabel('Username').fill('nurse');
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('status-user')).toContainText('nurse');
    await nav(page, 'Triage list');
    await expect(rows(page).filter({ hasText: 'Zawadi Kimaro' })).toBeVisible();
    const tokens = await rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-token')));
    expect(tokens.indexOf(neema.token)).toBeLessThan(tokens.indexOf(zawadi.token));
    await expect(page.getByTestId('triage-live')).toHaveAttribute('data-live', 'true');
    await expect(rows(page).filter({ hasText: 'Zawadi Kimaro' })).toContainText('Not taken');
    await look(page, '01-list');
  });

  await test.step('from the keyboard: Down to the second patient, Enter opens the triage form', async () => {
    const first = rows(page).filter({ hasText: 'Neema Mollel' });
    await first.focus();
    // Zawadi is the row after Neema (both are normal priority, Neema arrived first).
    const index = await rows(page).evaluateAll((elements, token) => elements.findIndex((element) => element.getAttribute('data-token') === token), zawadi.token);
    const neemaIndex = await rows(page).evaluateAll((elements, token) => elements.findIndex((element) => element.getAttribute('data-token') === token), neema.token);
    for (let step = neemaIndex; step < index; step += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Zawadi Kimaro', level: 1 })).toBeVisible();
    await expect(page.getByTestId('triage-banner')).toContainText(zawadi.token);
    await expect(page.getByRole('note', { name: 'Allergy status' })).toHaveText('Allergies not recorded');
  });

  await test.step('vitals: a reading the rules refuse is named on its box before anything is sent; BMI as weight and height are typed', async () => {
    const vitals = page.getByRole('form', { name: 'Vitals' });
    await expect(vitals.getByLabel('Temperature')).toBeFocused();
    await page.keyboard.type('73');
    await page.keyboard.press('Tab');
    await expect(vitals.getByText('73 °C is outside 25 °C to 45 °C: check the reading')).toBeVisible();
    await vitals.getByLabel('Systolic BP').fill('118');
    await vitals.getByLabel('Systolic BP').press('Enter');
    await expect(vitals.getByText('a blood pressure needs both the systolic and the diastolic reading')).toBeVisible();
    await look(page, '02-vitals-refused');
    expect(await stack.query('select id from vitals where patient_id = $1', [zawadi.patientId])).toHaveLength(0);

    await vitals.getByLabel('Temperature').fill('38.2');
    await vitals.getByLabel('Pulse').fill('104');
    await vitals.getByLabel('Respiratory rate').fill('22');
    await vitals.getByLabel('Diastolic BP').fill('76');
    await vitals.getByLabel('SpO₂').fill('96');
    await vitals.getByLabel('Weight').fill('70');
    await vitals.getByLabel('Height').fill('175');
    await expect(page.getByTestId('bmi')).toContainText('22.9');
    await look(page, '03-vitals-typed');
    await vitals.getByLabel('Height').press('Enter');
    await expect(page.getByText('Vitals recorded', { exact: true })).toBeVisible();
    await expect(vitals.getByLabel('Temperature')).toHaveValue('');
    await expect(vitals.getByText(/Last 38.2 °C/)).toBeVisible();
  });

  await test.step('allergy: penicillin, picked from the formulary\'s classes, with reaction and severity', async () => {
    const form = page.getByRole('form', { name: 'Record an allergy' });
    await form.getByRole('combobox', { name: 'Substance' }).fill('penicil');
    await page.getByRole('option', { name: /Penicillins/ }).click();
    await form.getByLabel('Reaction').fill('Hives and swollen lips');
    await form.getByLabel('Severity').selectOption('severe');
    await form.getByRole('button', { name: 'Record allergy' }).click();
    await expect(page.getByRole('note', { name: 'Allergy status' })).toHaveText('Allergies: Penicillins');
    await expect(page.getByRole('list', { name: 'Recorded allergies' })).toContainText('Hives and swollen lips');
    await expect(form.getByRole('button', { name: 'No known allergies' })).toBeDisabled();
  });

  await test.step('priority: urgent, and the patient moves up the queue', async () => {
    const form = page.getByRole('form', { name: 'Triage priority' });
    await form.getByRole('radio', { name: /Urgent/ }).check();
    await form.getByRole('button', { name: 'Set priority' }).click();
    await expect(page.getByTestId('triage-priority')).toHaveText('Urgent');
    // The next one to triage is offered: the other patient, whose vitals are not taken yet.
    await expect(page.getByTestId('triage-next')).toContainText('Neema Mollel');
    await look(page, '04-triaged');
    // Something typed and not saved stays with its patient: the next one's form starts empty.
    await page.getByRole('form', { name: 'Vitals' }).getByLabel('Temperature').fill('37');
    await page.getByTestId('triage-next').click();
    await expect(page.getByRole('heading', { name: 'Neema Mollel', level: 1 })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Vitals' }).getByLabel('Temperature')).toHaveValue('');
    await page.getByTestId('triage-back').click();
    await expect(rows(page).first()).toHaveAttribute('data-token', zawadi.token);
    await expect(rows(page).first()).toContainText('Taken');
    await look(page, '05-list-after');
  });

  await test.step('the server has them: the vitals of the visit, the penicillin allergy (the class the prescription checks match), the priority and her place', async () => {
    const [vitals] = await stack.query<{ temperature_c: string; pulse_bpm: number; systolic_mmhg: number; visit_id: string; weight_kg: string }>(
      'select * from vitals where patient_id = $1', [zawadi.patientId],
    );
    expect(vitals).toMatchObject({ pulse_bpm: 104, systolic_mmhg: 118, visit_id: zawadi.visitId });
    expect(Number(vitals!.temperature_c)).toBe(38.2);
    const allergies = await stack.query('select substance_kind, substance_code, substance_text, reaction, severity, status from allergy_entries where patient_id = $1', [zawadi.patientId]);
    expect(allergies).toEqual([{ substance_kind: 'drugClass', substance_code: 'penicillins', substance_text: 'Penicillins', reaction: 'Hives and swollen lips', severity: 'severe', status: 'active' }]);
    expect(await stack.query('select priority from visits where id = $1', [zawadi.visitId])).toEqual([{ priority: 'urgent' }]);
    const { board } = await callAs(stack.serverUrl, 'receptionist', stack.demoPassword, 'queue.board', { department: 'OPD' });
    const order = board.waiting.map((entry) => entry.visitId);
    expect(order.indexOf(zawadi.visitId)).toBeLessThan(order.indexOf(neema.visitId));
  });

  await test.step('meanwhile a doctor records a penicillin allergy for the other patient at another desk (this desk\'s copy does not know)', async () => {
    await callAs(stack.serverUrl, 'doctor', stack.demoPassword, 'allergies.record', {
      patientId: neema.patientId, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, severity: 'mild', status: 'active',
    });
  });

  await test.step('offline: the list stays with its time, the other patient is triaged from what the desk kept, and it says what is queued', async () => {
    await stack.stopServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline');
    await expect(page.getByTestId('triage-live')).toHaveAttribute('data-live', 'false');
    await expect(page.getByTestId('triage-live')).toContainText('Offline');
    await rows(page).filter({ hasText: 'Neema Mollel' }).click();
    await expect(page.getByRole('heading', { name: 'Neema Mollel', level: 1 })).toBeVisible();
    await expect(page.getByTestId('triage-offline')).toContainText('Offline');
    const vitals = page.getByRole('form', { name: 'Vitals' });
    await vitals.getByLabel('Temperature').fill('36.9');
    await vitals.getByLabel('Pulse').fill('82');
    await vitals.getByLabel('Pulse').press('Enter');
    await expect(page.getByText('Vitals queued', { exact: true })).toBeVisible();
    const form = page.getByRole('form', { name: 'Record an allergy' });
    await form.getByRole('combobox', { name: 'Substance' }).fill('Peanuts');
    await form.getByLabel('Kind').selectOption('food');
    await form.getByLabel('Severity').selectOption('moderate');
    await form.getByRole('button', { name: 'Record allergy' }).click();
    await expect(page.getByRole('list', { name: 'Recorded allergies' })).toContainText('Peanuts');
    await form.getByRole('combobox', { name: 'Substance' }).fill('penicil');
    await page.getByRole('option', { name: /Penicillins/ }).click();
    await form.getByLabel('Reaction').fill('Wheeze');
    await form.getByLabel('Severity').selectOption('life-threatening');
    await form.getByRole('button', { name: 'Record allergy' }).click();
    await page.getByRole('form', { name: 'Triage priority' }).getByRole('radio', { name: /Emergency/ }).check();
    await page.getByRole('form', { name: 'Triage priority' }).getByRole('button', { name: 'Set priority' }).click();
    const pending = page.getByRole('region', { name: 'Not sent yet' });
    await expect(pending.getByRole('listitem')).toHaveCount(4);
    await expect(pending).toContainText('Vitals · Neema Mollel');
    await expect(page.getByRole('list', { name: 'Recorded allergies' })).toContainText('Not sent yet');
    await expect(page.getByTestId('triage-priority')).toHaveText('Emergency');
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '4');
    await look(page, '06-offline-patient');
    await page.getByTestId('triage-back').click();
    await expect(rows(page).first()).toHaveAttribute('data-token', neema.token);
    await expect(rows(page).first()).toContainText('4 not sent');
    await look(page, '07-offline-list');
    await nav(page, 'Outbox');
    await expect(page.getByRole('list', { name: 'Changes waiting to send' }).getByRole('listitem')).toHaveCount(4);
    await look(page, '08-offline-outbox');
  });

  await test.step('the server is back: each queued write reaches PostgreSQL once, in order, and the queue takes the priority; the second penicillin allergy is refused', async () => {
    await stack.startServer();
    await expect(statusBar.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(statusBar.getByTestId('status-outbox')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
    await expect(statusBar.getByTestId('status-conflicts')).toHaveAttribute('data-conflicts', '1');
    const vitals = await stack.query<{ pulse_bpm: number; visit_id: string }>('select pulse_bpm, visit_id from vitals where patient_id = $1', [neema.patientId]);
    expect(vitals).toEqual([{ pulse_bpm: 82, visit_id: neema.visitId }]);
    expect(await stack.query("select substance_kind, substance_text from allergy_entries where patient_id = $1 and substance_kind = 'food'", [neema.patientId])).toEqual([{ substance_kind: 'food', substance_text: 'Peanuts' }]);
    expect(await stack.query('select priority from visits where id = $1', [neema.visitId])).toEqual([{ priority: 'emergency' }]);
    await nav(page, 'Triage list');
    await expect(page.getByTestId('triage-live')).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
    await expect(rows(page).first()).toHaveAttribute('data-token', neema.token);
    await expect(rows(page).first()).toContainText('1 refused');
    await look(page, '09-back-online');
  });

  await test.step('the refused allergy is fixed in the inbox: sent as an update of the one the doctor recorded, with the severity the nurse found', async () => {
    await statusBar.getByTestId('status-conflicts').getByText('1 conflict to resolve').click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toContainText('Allergy');
    await expect(conflict).toContainText('recorded already');
    await conflict.getByRole('button', { name: 'Fix and send again' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Send this as an update of that allergy')).toBeChecked();
    await expect(dialog.getByLabel('Severity')).toHaveValue('life-threatening');
    await look(page, '10-conflict-fix');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await expect(page.getByTestId('conflict')).toHaveCount(0);
    await expect(statusBar.getByTestId('status-conflicts')).toHaveCount(0);
    const revisions = await stack.query<{ revision: number; severity: string; reaction: string | null }>(
      "select revision, severity, reaction from allergy_entries where patient_id = $1 and substance_code = 'penicillins' order by revision", [neema.patientId],
    );
    expect(revisions).toEqual([{ revision: 1, severity: 'mild', reaction: null }, { revision: 2, severity: 'life-threatening', reaction: 'Wheeze' }]);
    await nav(page, 'Triage list');
    await expect(rows(page).first()).not.toContainText('refused');
    await rows(page).first().click();
    await expect(page.getByRole('note', { name: 'Allergy status' })).toContainText('Penicillins');
    await expect(page.getByRole('note', { name: 'Allergy status' })).toContainText('Peanuts');
    await look(page, '11-after-fix');
    // Peanuts turn out not to be an allergy: a refuted revision, the history kept.
    await page.getByRole('button', { name: 'Peanuts: not an allergy' }).click();
    await expect(page.getByRole('note', { name: 'Allergy status' })).toHaveText('Allergies: Penicillins');
    await expect(page.getByRole('list', { name: 'Recorded allergies' }).getByRole('listitem').filter({ hasText: 'Peanuts' })).toContainText('Not an allergy');
    await page.getByRole('list', { name: 'Recorded allergies' }).scrollIntoViewIfNeeded();
    await look(page, '11b-refuted');
    expect(await stack.query("select revision, status from allergy_entries where patient_id = $1 and substance_text = 'Peanuts' order by revision", [neema.patientId])).toEqual([
      { revision: 1, status: 'active' }, { revision: 2, status: 'refuted' },
    ]);
  });

  await test.step('Settings: the triage list follows the departments chosen for this desk', async () => {
    await nav(page, 'Settings');
    await page.getByRole('tab', { name: 'Triage desk' }).click();
    const desk = page.getByRole('region', { name: 'Triage desk' });
    await desk.getByRole('checkbox', { name: 'General Outpatient' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await look(page, '12-settings');
    await nav(page, 'Triage list');
    await expect(page.getByText('General Outpatient · 2 waiting')).toBeVisible();
    await expect(page.getByLabel('Department')).toContainText('General Outpatient');
    await expect(page.getByLabel('Department').locator('option')).toHaveCount(2);
  });
});
