import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { astmInstrumentOn, ptyPair } from '@hms/server/test-support';
import { shot } from './support/artifacts.js';
import { deskOf, registerAndCheckIn } from './support/clinical-seed.js';
import type { Desk } from './support/clinical-seed.js';
import { startStack } from './support/stack.js';
import type { Stack } from './support/stack.js';

// The admin desk's Interfaces section end to end (issue 14): the real renderer in Chromium, the
// dev/test host and the real server, with an ASTM analyzer simulated on a socat pty pair. IT adds
// the analyzer on the pty's device and sees it connect; a glucose result arrives under a code
// the interface does not know and waits; IT reads it raw and parsed, maps the code to the
// catalogue's random glucose, replays the waiting message, and the lab technician finds the
// result on the specimen, awaiting validation. Screenshots of each screen are kept.

let stack: Stack;
let desks: Desk[] = [];
let dir = '';
let pty: Awaited<ReturnType<typeof ptyPair>> | undefined;
let barcode = '';
let accession = '';

test.beforeAll(async () => {
  stack = await startStack();
  const front = await deskOf(stack.serverUrl, 'receptionist', stack.demoPassword);
  const doctor = await deskOf(stack.serverUrl, 'doctor', stack.demoPassword);
  const bench = await deskOf(stack.serverUrl, 'lab_technician', stack.demoPassword);
  desks = [front, doctor, bench];
  const { items } = await front.call('doctors.list', { department: 'OPD' });
  const doctorId = items.find((item) => item.username === 'doctor')!.id;
  const { visit } = await registerAndCheckIn(front, { givenName: 'Amina', familyName: 'Yusuf', sex: 'F', birthDate: '1990-04-12', complaint: 'Thirst and tiredness' }, doctorId);
  await doctor.call('queue.callNext', { department: 'OPD' });
  const { encounter } = await doctor.call('encounters.start', { visitId: visit.id });
  const { orderId } = await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab', code: 'RBG' }] });
  // The specimen must exist and be in the lab for the analyzer's result to land on it.
  const { entry, specimens } = await bench.call('lab.collect', { orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  await bench.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  barcode = specimens[0]!.barcode;
  accession = entry.accession!;
  dir = await mkdtemp(join(tmpdir(), 'hms-e2e-pty-'));
  pty = await ptyPair(dir, 'chem');
});

test.afterAll(async () => {
  for (const desk of desks) await desk.close().catch(() => undefined);
  await stack?.close();
  await pty?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(stack.demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('status-user')).toContainText(username);
}

const nav = (page: Page, label: string) => page.getByRole('navigation').getByText(label, { exact: true }).click();

/** One ASTM transfer from a chemistry analyzer: the specimen's barcode in O-3, glucose under the analyzer's own code GLUC. */
const transfer = () => [
  'H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1',
  'P|1||||^Yusuf^Amina',
  `O|1|${barcode}||^^^GLUC|R||||||N||||||||||||||F`,
  'R|1|^^^GLUC|5.4|mmol/L||N||F||||20261203080000',
  'L|1|N',
].join('\r') + '\r';

test('IT adds an ASTM analyzer on a serial line, maps the code a result waited on, replays it, and the lab sees it awaiting validation', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(stack.hostUrl);
  await signIn(page, 'admin');
  const row = page.getByTestId('interface-row').filter({ hasText: 'cobas c 311 chemistry' });

  await test.step('the desk opens on no interfaces; a device that is not one is refused on its field by the server', async () => {
    await nav(page, 'Interfaces');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interfaces');
    await expect(page.getByText('No analyzer or feed yet')).toBeVisible();
    await shot(page, 'admin-interfaces-empty');
    await page.getByRole('button', { name: 'Add interface' }).click();
    await page.getByLabel('Name').fill('cobas c 311 chemistry');
    await page.getByLabel('Protocol').selectOption('astm');
    await page.getByLabel('Transport').selectOption('serial');
    await page.getByLabel('Device').fill('serial port 1');
    await page.getByLabel('Baud rate').selectOption('9600');
    await page.getByLabel('Accept faulty frames').check();
    await page.getByRole('button', { name: 'Save and enable' }).click();
    await expect(page.getByText('a serial device such as /dev/ttyUSB0')).toBeVisible();
    await shot(page, 'admin-interface-form-error');
  });

  await test.step('saved on the pty and enabled: the list shows it connected to its serial line', async () => {
    await page.getByLabel('Device').fill(pty!.device);
    await page.getByRole('button', { name: 'Save and enable' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interfaces');
    await expect(row.getByTestId('interface-state')).toHaveAttribute('data-state', 'connected');
    await expect(row).toContainText('Serial');
    await expect(row).toContainText('9600 8N1');
    await expect(row.getByTestId('interface-last-message')).toHaveText('—');
    await shot(page, 'admin-interfaces-connected');
  });

  await test.step('a result under an unmapped code arrives: the live state shows the message and that it needs attention', async () => {
    const { instrument, close } = await astmInstrumentOn(pty!.peer);
    try {
      expect(await instrument.send(transfer(), 'glucose')).toBe('sent');
    } finally {
      await close();
    }
    await expect(row.getByTestId('interface-last-message')).not.toHaveText('—');
    await expect(row.getByTestId('interface-attention')).toHaveText('1 needs attention');
    await shot(page, 'admin-interfaces-message');
  });

  await test.step('the dead-letter list shows the waiting message; read raw and parsed, fields named', async () => {
    await nav(page, 'Needs attention');
    const waiting = page.getByTestId('message-row').filter({ hasText: barcode });
    await expect(waiting.getByTestId('message-status')).toHaveText('Waiting (unmapped)');
    await expect(waiting).toContainText('Unmapped: GLUC');
    await shot(page, 'admin-attention');
    await waiting.getByRole('button', { name: 'View' }).click();
    const result = page.getByTestId('parsed-segment').and(page.locator('[data-segment="R"]'));
    await expect(result).toContainText('Data or measurement value');
    await expect(result).toContainText('5.4');
    await result.scrollIntoViewIfNeeded();
    await shot(page, 'admin-message-parsed');
    await page.getByRole('tab', { name: 'Raw' }).click();
    await expect(page.getByTestId('raw-message')).toContainText(`O|1|${barcode}||^^^GLUC`);
    await expect(page.getByTestId('raw-message')).toContainText('<CR>');
    await shot(page, 'admin-message-raw');
  });

  await test.step('IT maps GLUC to random blood glucose (analyte and unit offered from the catalogue)', async () => {
    await page.getByRole('button', { name: 'Map codes' }).click();
    const unmapped = page.getByTestId('unmapped-code').filter({ hasText: 'GLUC' });
    await expect(unmapped).toContainText('1 message waiting');
    await unmapped.getByLabel('Test for GLUC on cobas c 311 chemistry').selectOption('RBG');
    await expect(unmapped.getByLabel('Analyte for GLUC')).toHaveValue('GLU');
    await expect(unmapped.getByLabel('Unit for GLUC')).toHaveValue('mmol/L');
    await shot(page, 'admin-mapping-unmapped');
    await unmapped.getByRole('button', { name: 'Map' }).click();
    await expect(page.getByTestId('mapping-saved')).toContainText('GLUC → RBG · GLU');
    await expect(page.getByTestId('mapping-row').filter({ hasText: 'GLUC' })).toContainText('RBG');
    await expect(page.getByTestId('unmapped-code')).toHaveCount(0);
    await shot(page, 'admin-mapping-done');
  });

  await test.step('the waiting message is replayed and applied', async () => {
    await page.getByRole('button', { name: 'Waiting messages' }).click();
    const waiting = page.getByTestId('message-row').filter({ hasText: barcode });
    await waiting.getByRole('button', { name: 'Replay' }).click();
    await expect(waiting.getByTestId('message-status')).toHaveText('Applied');
    await shot(page, 'admin-attention-replayed');
    await nav(page, 'Message log');
    await expect(page.getByTestId('message-row').filter({ hasText: barcode }).getByTestId('message-status')).toHaveText('Applied');
    await shot(page, 'admin-message-log');
  });

  await test.step('at 1024 px the list and the log still read', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, 'admin-message-log-1024');
    await nav(page, 'Interfaces');
    await expect(row.getByTestId('interface-state')).toHaveAttribute('data-state', 'connected');
    await shot(page, 'admin-interfaces-1024');
    await page.setViewportSize({ width: 1366, height: 800 });
  });

  await test.step('the lab technician finds the analyzer\'s glucose on the specimen, awaiting validation', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'lab_technician');
    await expect(page.getByRole('navigation').getByText('Interfaces', { exact: true })).toHaveCount(0);
    await nav(page, 'Lab worklist');
    await page.getByTestId('open-results').filter({ hasText: accession }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results · Amina Yusuf');
    const glucose = page.locator('tr[data-analyte="GLU"]');
    await expect(glucose).toContainText('Entered v1');
    await expect(glucose.locator('input[data-role="value"]')).toHaveValue('5.4');
    await shot(page, 'admin-interfaces-lab-result');
  });
  const rows = await stack.query<{ status: string; replays: number }>('select status, replays from interface_messages where direction = \'in\'');
  expect(rows).toEqual([{ status: 'applied', replays: 1 }]);
});
