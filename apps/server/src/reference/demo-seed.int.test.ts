import { describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.js';
import { insertTestPatient, useTestStack } from '../test-support/index.js';
import { DEMO_DOCTOR_USERNAMES } from './demo-seed.js';

const now = new Date('2026-03-02T05:00:00.000Z'); // Monday 08:00 in Nairobi
const stack = useTestStack({ clock: { now: () => now } });

async function counts(): Promise<Record<string, unknown>> {
  const tables = ['departments', 'doctor_profiles', 'doctor_departments', 'schedule_sessions', 'users'];
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, (await stack.db(table).count({ n: '*' }))[0]!.n])));
}

describe('front-desk demo data', () => {
  it('gives a working front desk: OPD, the demo doctor and colleagues with weekly clinics; a second run changes nothing', async () => {
    await seedDemo(stack.db, { password: 'demo passphrase 42', now, auditKey: stack.database.auditKey });
    const first = await counts();
    await seedDemo(stack.db, { password: 'demo passphrase 42', now, auditKey: stack.database.auditKey });
    expect(await counts()).toEqual(first);

    const client = await stack.connect();
    await client.signIn('dr.achieng', 'demo passphrase 42');
    expect((await client.call('settings.get', {})).settings).toMatchObject({ name: 'HMS Demo Hospital', timeZone: 'Africa/Nairobi' });
    expect((await client.call('departments.list', {})).items.map((d) => d.code)).toEqual(expect.arrayContaining(['OPD', 'EMR', 'PAED', 'MCH', 'DENT', 'LAB']));
    const doctors = (await client.call('doctors.list', { department: 'OPD' })).items;
    expect(doctors.map((d) => d.username)).toEqual(expect.arrayContaining(['doctor', 'dr.achieng']));
    expect(doctors.find((d) => d.username === 'doctor')).toMatchObject({ department: 'OPD', displayName: 'Demo Doctor' });
    expect((await client.call('doctors.list', {})).items.map((d) => d.username).sort()).toEqual([...DEMO_DOCTOR_USERNAMES].sort());
    const slots = await client.call('schedules.freeSlots', { department: 'OPD', from: '2026-03-02', to: '2026-03-06' });
    expect(slots.items.length).toBeGreaterThan(100);

    // The demo receptionist can check a patient in to OPD at once.
    const desk = await stack.connect();
    await desk.signIn('receptionist', 'demo passphrase 42');
    const patient = await insertTestPatient(stack.db);
    const { visit } = await desk.call('visits.checkIn', { patientId: patient.id, visitType: 'new', department: 'OPD' });
    expect(visit.token).toBe('OPD-001');
    await Promise.all([client.close(), desk.close()]);
  });
});
