import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  createTestUser,
  insertTestAppointment,
  insertTestDepartment,
  insertTestDoctor,
  insertTestPatient,
  useTestStack,
} from '../test-support/index.js';
import type { TestClient, TestDepartment } from '../test-support/index.js';

// Monday 2 March 2026, 07:00 in Nairobi (UTC+3).
const clock = new ManualClock(new Date('2026-03-02T04:00:00.000Z'));
let admin: TestClient;
let desk: TestClient;
let opd: TestDepartment;

const at = (local: string) => new Date(`${local}:00+03:00`).toISOString();

const stack = useTestStack({
  clock,
  setup: async () => {
    admin = await stack.resumed(['admin']);
    desk = await stack.resumed(['receptionist']);
    opd = await insertTestDepartment(stack.db, 'OPD', 'General Outpatient');
  },
});

describe('settings', () => {
  it('are read by anyone and changed by an administrator, audited and announced', async () => {
    expect((await desk.call('settings.get', {})).settings).toMatchObject({ name: 'Hospital', timeZone: 'UTC', mrnFormat: 'PAT-{YYYY}-{NNNNNN}-{C}', serviceDate: '2026-03-02' });
    const { settings } = await admin.call('settings.update', { name: 'Mama Lucy Hospital', address: 'Kayole, Nairobi', timeZone: 'Africa/Nairobi' });
    expect(settings).toMatchObject({ name: 'Mama Lucy Hospital', address: 'Kayole, Nairobi', timeZone: 'Africa/Nairobi', updatedAt: clock.now().toISOString() });
    const event = await desk.waitForEvent((e) => e.event === 'reference.changed' && e.data.kind === 'settings');
    expect(event.data).toEqual({ kind: 'settings', id: null, at: clock.now().toISOString() });
    const audit = await stack.db('audit_log').where({ action: 'settings.update' }).first();
    expect([audit.before.timeZone, audit.after.timeZone]).toEqual(['UTC', 'Africa/Nairobi']);
    // 21:30 UTC is already the next day in Nairobi.
    clock.set(new Date('2026-03-02T21:30:00.000Z'));
    expect((await desk.call('settings.get', {})).settings.serviceDate).toBe('2026-03-03');
    clock.set(new Date('2026-03-02T04:00:00.000Z'));
    expect((await admin.call('settings.update', { address: null })).settings.address).toBeNull();
  });

  it('refuse a time zone that is not IANA, an unusable MRN format, and an empty change', async () => {
    expect(await admin.callError('settings.update', { timeZone: 'Nairobi/Kenya' })).toMatchObject({ code: 'VALIDATION', details: { fields: { timeZone: expect.stringContaining('IANA') } } });
    expect(await admin.callError('settings.update', { timeZone: '+03:00' })).toMatchObject({ code: 'VALIDATION' });
    expect(await admin.callError('settings.update', { mrnFormat: 'PAT-{YYYY}' })).toMatchObject({ code: 'VALIDATION', details: { fields: { mrnFormat: expect.stringContaining('running number') } } });
    expect(await admin.callError('settings.update', {})).toMatchObject({ code: 'VALIDATION' });
    await expect(admin.call('settings.update', { mrnFormat: 'KNH/{YY}/{NNNNNNN}{C30}' })).resolves.toMatchObject({ settings: { mrnFormat: 'KNH/{YY}/{NNNNNNN}{C30}' } });
  });
});

describe('departments', () => {
  it('are created with a permanent code, renamed, and deactivated rather than deleted', async () => {
    const { department } = await admin.call('departments.create', { code: 'paed', name: 'Paediatrics' });
    expect(department).toMatchObject({ code: 'PAED', name: 'Paediatrics', active: true });
    expect(await admin.callError('departments.create', { code: 'PAED', name: 'Again' })).toMatchObject({ code: 'CONFLICT', details: { fields: { code: 'is taken' } } });
    expect(await admin.callError('departments.create', { code: 'P', name: 'Too short' })).toMatchObject({ code: 'VALIDATION', details: { fields: { code: expect.any(String) } } });
    await admin.call('departments.update', { id: department.id, name: 'Paediatric Outpatient' });
    const closed = (await admin.call('departments.update', { id: department.id, active: false })).department;
    expect(closed).toMatchObject({ code: 'PAED', name: 'Paediatric Outpatient', active: false });
    expect((await desk.call('departments.list', {})).items.map((d) => d.code)).not.toContain('PAED');
    expect((await desk.call('departments.list', { includeInactive: true })).items.map((d) => d.code)).toContain('PAED');
    expect((await admin.callError('departments.update', { id: '00000000-0000-4000-8000-000000000000', active: true })).code).toBe('NOT_FOUND');
    expect((await admin.callError('departments.update', { id: department.id })).code).toBe('VALIDATION');
  });
});

describe('doctors', () => {
  it('are staff users with the doctor role and a profile of departments, slot length and room', async () => {
    await insertTestDepartment(stack.db, 'DENT', 'Dental');
    const user = await createTestUser(stack.db, 'dr.wanjiru', ['doctor']);
    const { doctor } = await admin.call('doctors.saveProfile', { userId: user.id, departments: ['DENT', 'opd'], specialty: 'Dentistry', consultationMinutes: 20, room: 'Dental 1' });
    expect(doctor).toEqual({
      id: user.id,
      username: 'dr.wanjiru',
      displayName: 'Test dr.wanjiru',
      department: 'DENT',
      departments: ['DENT', 'OPD'],
      specialty: 'Dentistry',
      consultationMinutes: 20,
      room: 'Dental 1',
      active: true,
      registrationNumber: null,
    });
    expect((await desk.call('doctors.list', { department: 'OPD' })).items.map((d) => d.id)).toContain(user.id);
    // Saving again replaces the profile (audited with before and after).
    await admin.call('doctors.saveProfile', { userId: user.id, departments: ['DENT'] });
    expect((await desk.call('doctors.list', { department: 'OPD' })).items.map((d) => d.id)).not.toContain(user.id);
    expect((await desk.call('doctors.list', { department: 'DENT' })).items.find((d) => d.id === user.id)).toMatchObject({ consultationMinutes: 15, specialty: null });
    const audits = await stack.db('audit_log').where({ action: 'doctors.saveProfile', entity_id: user.id }).orderBy('seq');
    expect(audits.map((row) => row.before?.departments ?? null)).toEqual([null, ['DENT', 'OPD']]);
  });

  it('leaves out inactive profiles and disabled accounts unless asked', async () => {
    const doctor = await insertTestDoctor(stack.db, [opd.id]);
    await admin.call('doctors.saveProfile', { userId: doctor.id, departments: ['OPD'], active: false });
    expect((await desk.call('doctors.list', {})).items.map((d) => d.id)).not.toContain(doctor.id);
    expect((await desk.call('doctors.list', { includeInactive: true })).items.find((d) => d.id === doctor.id)?.active).toBe(false);
    const disabled = await insertTestDoctor(stack.db, [opd.id]);
    await stack.db('users').where({ id: disabled.id }).update({ disabled_at: clock.now() });
    expect((await desk.call('doctors.list', {})).items.map((d) => d.id)).not.toContain(disabled.id);
  });

  it('refuse a profile for an account without the doctor role or with unknown departments', async () => {
    const nurse = await createTestUser(stack.db, 'not.a.doctor', ['nurse']);
    expect(await admin.callError('doctors.saveProfile', { userId: nurse.id, departments: ['OPD'] })).toMatchObject({ code: 'VALIDATION', details: { fields: { userId: expect.stringContaining('doctor role') } } });
    const user = await createTestUser(stack.db, 'dr.new', ['doctor']);
    expect(await admin.callError('doctors.saveProfile', { userId: user.id, departments: ['OPD', 'NOPE'] })).toMatchObject({ code: 'VALIDATION', details: { fields: { 'departments.1': 'there is no department NOPE' } } });
    expect(await admin.callError('doctors.saveProfile', { userId: user.id, departments: ['OPD', 'OPD'] })).toMatchObject({ code: 'VALIDATION' });
    expect((await admin.callError('doctors.saveProfile', { userId: '00000000-0000-4000-8000-000000000000', departments: ['OPD'] })).code).toBe('NOT_FOUND');
  });
});

describe('schedules', () => {
  it('keep a weekly template without overlaps, in departments the doctor works in', async () => {
    const doctor = await insertTestDoctor(stack.db, [opd.id], { consultationMinutes: 20 });
    const { weekly } = await admin.call('schedules.setWeekly', {
      doctorId: doctor.id,
      sessions: [
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 1, start: '14:00', end: '16:00', slotMinutes: 30 },
        { weekday: 3, start: '08:00', end: '13:00', effectiveFrom: '2026-03-01' },
      ],
    });
    expect(weekly.map((s) => [s.weekday, s.start, s.end, s.slotMinutes, s.department])).toEqual([
      [1, '08:00', '12:00', 20, 'OPD'],
      [1, '14:00', '16:00', 30, 'OPD'],
      [3, '08:00', '13:00', 20, 'OPD'],
    ]);
    const overlap = await admin.callError('schedules.setWeekly', { doctorId: doctor.id, sessions: [{ weekday: 2, start: '08:00', end: '12:00' }, { weekday: 2, start: '11:00', end: '13:00' }] });
    expect(overlap).toMatchObject({ code: 'VALIDATION', details: { fields: { 'sessions.1.start': 'overlaps session 1' } } });
    const elsewhere = await admin.callError('schedules.setWeekly', { doctorId: doctor.id, sessions: [{ weekday: 2, start: '08:00', end: '12:00', department: 'DENT' }] });
    expect(elsewhere).toMatchObject({ code: 'VALIDATION', details: { fields: { 'sessions.0.department': expect.stringContaining('does not work in DENT') } } });
    expect(await admin.callError('schedules.setWeekly', { doctorId: doctor.id, sessions: [{ weekday: 2, start: '12:00', end: '08:00' }] })).toMatchObject({ code: 'VALIDATION', details: { fields: { 'sessions.0.end': 'must end after it starts' } } });
    expect((await desk.call('schedules.get', { doctorId: doctor.id })).weekly).toHaveLength(3);
  });

  it('find free slots in the hospital\'s zone, minus bookings, closures and leave, and report bookings they strand', async () => {
    await stack.db('hospital_settings').update({ time_zone: 'Africa/Nairobi' });
    const doctor = await insertTestDoctor(stack.db, [opd.id], { consultationMinutes: 30 });
    await admin.call('schedules.setWeekly', { doctorId: doctor.id, sessions: [{ weekday: 1, start: '08:00', end: '10:00' }, { weekday: 2, start: '08:00', end: '09:00' }] });
    const slots = async (from: string, to: string) =>
      (await desk.call('schedules.freeSlots', { doctorId: doctor.id, from, to })).items.map((slot) => slot.start);
    expect(await slots('2026-03-02', '2026-03-03')).toEqual([
      at('2026-03-02T08:00'), at('2026-03-02T08:30'), at('2026-03-02T09:00'), at('2026-03-02T09:30'), at('2026-03-03T08:00'), at('2026-03-03T08:30'),
    ]);
    const patient = await insertTestPatient(stack.db);
    const booked = await insertTestAppointment(stack.db, { patientId: patient.id, doctorId: doctor.id, departmentId: opd.id, start: new Date(at('2026-03-09T08:30')), minutes: 30 });
    expect(await slots('2026-03-09', '2026-03-09')).toEqual([at('2026-03-09T08:00'), at('2026-03-09T09:00'), at('2026-03-09T09:30')]);

    const closure = await admin.call('schedules.addException', { doctorId: doctor.id, date: '2026-03-09', kind: 'closed', start: '08:00', end: '09:00', reason: 'CME' });
    expect(closure.exception).toMatchObject({ kind: 'closed', start: '08:00', end: '09:00', reason: 'CME' });
    expect(closure.affectedAppointments).toEqual([{ id: booked.id, patientId: patient.id, start: at('2026-03-09T08:30'), end: at('2026-03-09T09:00') }]);
    expect(await slots('2026-03-09', '2026-03-09')).toEqual([at('2026-03-09T09:00'), at('2026-03-09T09:30')]);
    const extra = await admin.call('schedules.addException', { doctorId: doctor.id, date: '2026-03-14', kind: 'extra', start: '09:00', end: '10:00' });
    expect(extra.exception).toMatchObject({ department: 'OPD', slotMinutes: 30 });
    expect(await slots('2026-03-14', '2026-03-14')).toEqual([at('2026-03-14T09:00'), at('2026-03-14T09:30')]);
    await admin.call('schedules.removeException', { id: closure.exception.id });
    expect(await slots('2026-03-09', '2026-03-09')).toHaveLength(3);
    expect((await admin.callError('schedules.removeException', { id: closure.exception.id })).code).toBe('NOT_FOUND');

    const { leave, affectedAppointments } = await admin.call('schedules.addLeave', { doctorId: doctor.id, from: '2026-03-09', to: '2026-03-10', reason: 'Conference' });
    expect(affectedAppointments.map((a) => a.id)).toEqual([booked.id]);
    expect(await slots('2026-03-09', '2026-03-10')).toEqual([]);
    expect((await desk.call('schedules.get', { doctorId: doctor.id, from: '2026-03-01', to: '2026-03-31' })).leave).toEqual([leave]);
    await admin.call('schedules.cancelLeave', { id: leave.id });
    expect(await slots('2026-03-09', '2026-03-10')).toHaveLength(5);
    expect((await admin.callError('schedules.cancelLeave', { id: leave.id })).code).toBe('CONFLICT');
  });

  it('search a department\'s doctors together, within a bounded span', async () => {
    const paed = await insertTestDepartment(stack.db);
    const first = await insertTestDoctor(stack.db, [paed.id]);
    const second = await insertTestDoctor(stack.db, [paed.id, opd.id]);
    await admin.call('schedules.setWeekly', { doctorId: first.id, sessions: [{ weekday: 2, start: '09:00', end: '09:30' }] });
    await admin.call('schedules.setWeekly', { doctorId: second.id, sessions: [{ weekday: 2, start: '09:00', end: '09:15', department: paed.code }, { weekday: 2, start: '10:00', end: '10:15', department: 'OPD' }] });
    const { items, truncated } = await desk.call('schedules.freeSlots', { department: paed.code, from: '2026-03-03', to: '2026-03-03' });
    expect(truncated).toBe(false);
    const byTimeThenDoctor = (a: string[], b: string[]) => a[1]!.localeCompare(b[1]!) || a[0]!.localeCompare(b[0]!);
    expect(items.map((slot) => slot.start)).toEqual([...items.map((slot) => slot.start)].sort());
    // The second doctor's OPD session is not in this department's search.
    expect(items.map((slot) => [slot.doctorId, slot.start, slot.department]).sort(byTimeThenDoctor)).toEqual(
      [[first.id, at('2026-03-03T09:00'), paed.code], [second.id, at('2026-03-03T09:00'), paed.code], [first.id, at('2026-03-03T09:15'), paed.code]].sort(byTimeThenDoctor),
    );
    expect(await desk.callError('schedules.freeSlots', { department: paed.code, from: '2026-03-01', to: '2026-04-15' })).toMatchObject({ code: 'VALIDATION', details: { fields: { to: expect.stringContaining('31') } } });
    expect(await desk.callError('schedules.freeSlots', { from: '2026-03-01', to: '2026-03-02' })).toMatchObject({ code: 'VALIDATION', details: { fields: { doctorId: expect.any(String) } } });
  });
});
