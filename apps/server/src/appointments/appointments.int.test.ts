import { beforeEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  createTestUser,
  insertTestDepartment,
  insertTestDoctor,
  insertTestPatient,
  insertTestSessions,
  useTestStack,
} from '../test-support/index.js';
import type { TestClient, TestDepartment, TestDoctor } from '../test-support/index.js';

// Nairobi, UTC+3. Monday 2 March 2026, 07:00 local.
const clock = new ManualClock(new Date('2026-03-02T04:00:00.000Z'));
let desk: TestClient;
let opd: TestDepartment;

const stack = useTestStack({
  clock,
  timeZone: 'Africa/Nairobi',
  setup: async () => {
    opd = await insertTestDepartment(stack.db, 'OPD', 'General Outpatient');
    desk = await stack.resumed(['receptionist']);
  },
});

/** A local Nairobi wall time as a UTC instant. */
const at = (local: string) => new Date(`${local}:00+03:00`).toISOString();

/** A doctor working Monday and Wednesday 08:00-12:00 in 15-minute slots, and Monday 14:00-16:00 in 30-minute ones. */
async function scheduledDoctor(): Promise<TestDoctor> {
  const doctor = await insertTestDoctor(stack.db, [opd.id]);
  await insertTestSessions(stack.db, doctor.id, opd.id, [
    { weekday: 1, start: 8 * 60, end: 12 * 60 },
    { weekday: 1, start: 14 * 60, end: 16 * 60, slotMinutes: 30 },
    { weekday: 3, start: 8 * 60, end: 12 * 60 },
  ]);
  return doctor;
}

const patient = async () => (await insertTestPatient(stack.db)).id;

beforeEach(() => {
  clock.set(new Date('2026-03-02T04:00:00.000Z'));
});

describe('appointments.book', () => {
  it('books inside the doctor\'s sessions, for the doctor\'s slot length by default', async () => {
    const doctor = await scheduledDoctor();
    const patientId = await patient();
    const { appointment } = await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-02T08:30'), reason: 'BP review' });
    expect(appointment).toMatchObject({ patientId, doctorId: doctor.id, department: 'OPD', start: at('2026-03-02T08:30'), end: at('2026-03-02T08:45'), status: 'booked', reason: 'BP review', visitId: null });
    const longer = (await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-04T11:00'), durationMinutes: 60 })).appointment;
    expect(longer.end).toBe(at('2026-03-04T12:00'));
    const audit = await stack.db('audit_log').where({ action: 'appointments.book', entity_id: appointment.id }).first();
    expect(audit.after).toMatchObject({ status: 'booked', doctorId: doctor.id });
  });

  it('refuses times outside the schedule, in the past, during closures and on leave, saying why', async () => {
    const doctor = await scheduledDoctor();
    const patientId = await patient();
    const refuse = async (start: string, durationMinutes?: number) =>
      desk.callError('appointments.book', { patientId, doctorId: doctor.id, start, ...(durationMinutes === undefined ? {} : { durationMinutes }) });
    expect(await refuse(at('2026-03-03T09:00'))).toMatchObject({ code: 'VALIDATION', details: { reason: 'outside_schedule', fields: { start: expect.stringContaining('does not work') } } });
    expect(await refuse(at('2026-03-02T11:50'))).toMatchObject({ details: { reason: 'outside_schedule' } }); // runs past 12:00
    expect(await refuse(at('2026-03-02T06:00'))).toMatchObject({ details: { reason: 'in_past' } });
    await stack.db('schedule_exceptions').insert({ doctor_id: doctor.id, date: '2026-03-09', kind: 'closed', start_minute: 9 * 60, end_minute: 10 * 60 });
    expect(await refuse(at('2026-03-09T09:15'))).toMatchObject({ details: { reason: 'closed' } });
    expect((await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-09T10:00') })).appointment)
      .toMatchObject({ patientId, doctorId: doctor.id, status: 'booked', start: at('2026-03-09T10:00') });
    await stack.db('doctor_leave').insert({ doctor_id: doctor.id, from_date: '2026-03-16', to_date: '2026-03-20' });
    expect(await refuse(at('2026-03-16T09:00'))).toMatchObject({ details: { reason: 'on_leave', fields: { start: 'The doctor is on leave on 2026-03-16.' } } });
    expect(await desk.callError('appointments.book', { patientId: '00000000-0000-4000-8000-000000000000', doctorId: doctor.id, start: at('2026-03-02T09:00') })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await stack.db('appointments').where({ doctor_id: doctor.id }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('makes double booking impossible under races: of many desks booking one slot at once, exactly one wins', async () => {
    const doctor = await scheduledDoctor();
    const receptionist = await createTestUser(stack.db, 'race.desk', ['receptionist']);
    const desks = await Promise.all(Array.from({ length: 24 }, () => stack.resumed(receptionist)));
    const patients = await Promise.all(desks.map(() => patient()));
    // Same slot, and overlapping starts a few minutes apart: all clash with each other.
    const starts = ['2026-03-02T10:00', '2026-03-02T10:05', '2026-03-02T09:55'];
    const results = await Promise.allSettled(desks.map((client, index) =>
      client.call('appointments.book', { patientId: patients[index]!, doctorId: doctor.id, start: at(starts[index % 3]!), durationMinutes: 15 })));
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(23);
    for (const failure of lost) expect(failure.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'slot_taken' } });
    const rows = await stack.db('appointments').where({ doctor_id: doctor.id }).whereNot('status', 'cancelled');
    expect(rows).toHaveLength(1);
  });

  it('is guarded by PostgreSQL itself: overlapping rows inserted straight into the table, at once, leave exactly one', async () => {
    const doctor = await scheduledDoctor();
    const patientId = await patient();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, index) =>
      stack.db.transaction((trx) => trx('appointments').insert({
        patient_id: patientId,
        doctor_id: doctor.id,
        department_id: opd.id,
        starts_at: new Date(Date.parse(at('2026-03-09T09:00')) + index * 60_000),
        ends_at: new Date(Date.parse(at('2026-03-09T09:20')) + index * 60_000),
      }))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      // 23P01 exclusion violation, or a deadlock between two inserters that PostgreSQL broke.
      if (result.status === 'rejected') expect(['23P01', '40P01']).toContain((result.reason as { code: string }).code);
    }
    // Cancelled appointments hold no time.
    await stack.db('appointments').where({ doctor_id: doctor.id }).update({ status: 'cancelled', cancel_reason: 'test' });
    const rebooked = await stack.db('appointments').insert({ patient_id: patientId, doctor_id: doctor.id, department_id: opd.id, starts_at: at('2026-03-09T09:05'), ends_at: at('2026-03-09T09:20') }).returning(['status', 'starts_at']);
    expect(rebooked).toEqual([{ status: 'booked', starts_at: new Date(at('2026-03-09T09:05')) }]);
  });

  it('frees the time of a cancelled appointment, and free-slot search agrees', async () => {
    const doctor = await scheduledDoctor();
    const first = (await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T14:00') })).appointment;
    expect(first.end).toBe(at('2026-03-02T14:30'));
    const slots = async () => (await desk.call('schedules.freeSlots', { doctorId: doctor.id, from: '2026-03-02', to: '2026-03-02' })).items.map((slot) => slot.start);
    expect(await slots()).not.toContain(at('2026-03-02T14:00'));
    expect(await slots()).toContain(at('2026-03-02T14:30'));
    const taken = await desk.callError('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T14:15') });
    expect(taken).toMatchObject({ code: 'CONFLICT', details: { reason: 'slot_taken' } });
    const cancelled = (await desk.call('appointments.cancel', { id: first.id, reason: 'Patient travelling' })).appointment;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patient travelling' });
    expect(await slots()).toContain(at('2026-03-02T14:00'));
    expect((await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T14:15') })).appointment)
      .toMatchObject({ doctorId: doctor.id, status: 'booked', start: at('2026-03-02T14:15'), end: at('2026-03-02T14:45') });
    expect(await desk.callError('appointments.cancel', { id: first.id, reason: 'again' })).toMatchObject({ code: 'CONFLICT', details: { from: 'cancelled' } });
  });
});

describe('appointments.reschedule, markNoShow', () => {
  it('moves a booking to a free time (or another doctor), never onto a taken one', async () => {
    const doctor = await scheduledDoctor();
    const colleague = await scheduledDoctor();
    const mine = (await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T09:00'), durationMinutes: 30 })).appointment;
    await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T10:00') });
    expect(await desk.callError('appointments.reschedule', { id: mine.id, start: at('2026-03-02T09:45') })).toMatchObject({ code: 'CONFLICT', details: { reason: 'slot_taken' } });
    const moved = (await desk.call('appointments.reschedule', { id: mine.id, start: at('2026-03-04T08:00') })).appointment;
    expect(moved).toMatchObject({ start: at('2026-03-04T08:00'), end: at('2026-03-04T08:30'), version: 2 });
    // Its old time is free again; overlapping its own previous time is not a clash.
    expect((await desk.call('appointments.reschedule', { id: mine.id, start: at('2026-03-04T08:15') })).appointment)
      .toMatchObject({ id: mine.id, start: at('2026-03-04T08:15'), end: at('2026-03-04T08:45'), version: 3 });
    const other = (await desk.call('appointments.reschedule', { id: mine.id, start: at('2026-03-02T10:00'), doctorId: colleague.id })).appointment;
    expect(other).toMatchObject({ doctorId: colleague.id, end: at('2026-03-02T10:15') });
    expect(await desk.callError('appointments.reschedule', { id: mine.id, start: at('2026-03-03T10:00') })).toMatchObject({ code: 'VALIDATION', details: { reason: 'outside_schedule' } });
    const audit = await stack.db('audit_log').where({ action: 'appointments.reschedule', entity_id: mine.id }).orderBy('seq').first();
    expect([audit.before.start, audit.after.start]).toEqual([at('2026-03-02T09:00'), at('2026-03-04T08:00')]);
  });

  it('marks a no-show only once the appointment has started', async () => {
    const doctor = await scheduledDoctor();
    const { appointment } = await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-02T08:00') });
    expect(await desk.callError('appointments.markNoShow', { id: appointment.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_started' } });
    clock.set(new Date(at('2026-03-02T08:20')));
    expect((await desk.call('appointments.markNoShow', { id: appointment.id })).appointment.status).toBe('no_show');
    expect(await desk.callError('appointments.reschedule', { id: appointment.id, start: at('2026-03-04T08:00') })).toMatchObject({ code: 'CONFLICT', details: { from: 'no_show' } });
  });
});

describe('appointments.arrive', () => {
  it('turns the appointment into a check-in to its doctor\'s queue, linked both ways', async () => {
    const doctor = await scheduledDoctor();
    const patientId = await patient();
    const { appointment } = await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-02T09:00'), reason: 'Diabetes review' });
    clock.set(new Date(at('2026-03-02T08:40')));
    const arrived = await desk.call('appointments.arrive', { id: appointment.id });
    expect(arrived.visit).toMatchObject({ patientId, doctorId: doctor.id, department: 'OPD', appointmentId: appointment.id, visitType: 'follow_up', status: 'checked_in', complaint: 'Diabetes review', token: 'OPD-001' });
    expect(arrived.appointment).toMatchObject({ status: 'arrived', visitId: arrived.visit.id });
    expect(await desk.callError('appointments.arrive', { id: appointment.id })).toMatchObject({ code: 'CONFLICT', details: { from: 'arrived' } });
    expect(await desk.callError('appointments.cancel', { id: appointment.id, reason: 'x' })).toMatchObject({ code: 'CONFLICT' });
    const doctorDesk = await stack.resumed(doctor);
    expect((await doctorDesk.call('queue.callNext', { department: 'OPD' })).visit!.id).toBe(arrived.visit.id);
  });

  it('checks in an appointment only on its day, and through visits.checkIn too', async () => {
    const doctor = await scheduledDoctor();
    const patientId = await patient();
    const wednesday = (await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-04T09:00') })).appointment;
    expect(await desk.callError('appointments.arrive', { id: wednesday.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_today', date: '2026-03-04' } });
    const today = (await desk.call('appointments.book', { patientId, doctorId: doctor.id, start: at('2026-03-02T11:00') })).appointment;
    const someoneElse = await patient();
    expect(await desk.callError('visits.checkIn', { patientId: someoneElse, visitType: 'new', department: 'OPD', appointmentId: today.id })).toMatchObject({ code: 'VALIDATION', details: { fields: { appointmentId: expect.any(String) } } });
    const { visit } = await desk.call('visits.checkIn', { patientId, visitType: 'new', department: 'OPD', appointmentId: today.id });
    expect(visit).toMatchObject({ appointmentId: today.id, doctorId: doctor.id });
    const list = await desk.call('appointments.list', { patientId });
    expect(list.items.map((item) => [item.id, item.status, item.visitId])).toEqual([[today.id, 'arrived', visit.id], [wednesday.id, 'booked', null]]);
  });
});

describe('appointments.list', () => {
  it('lists a doctor\'s or a department\'s day in start order, page by page', async () => {
    const doctor = await scheduledDoctor();
    const ids: string[] = [];
    for (const time of ['10:30', '08:00', '09:15', '11:45']) {
      ids.push((await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at(`2026-03-02T${time}`) })).appointment.id);
    }
    await desk.call('appointments.book', { patientId: await patient(), doctorId: doctor.id, start: at('2026-03-04T08:00') });
    const page1 = await desk.call('appointments.list', { doctorId: doctor.id, limit: 3 });
    const page2 = await desk.call('appointments.list', { doctorId: doctor.id, limit: 3, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((item) => item.id)).toEqual([ids[1], ids[2], ids[0], ids[3]]);
    expect(page2.nextCursor).toBeUndefined();
    expect((await desk.call('appointments.list', { doctorId: doctor.id, from: '2026-03-02', to: '2026-03-08' })).items).toHaveLength(5);
    expect((await desk.call('appointments.list', { department: 'OPD', from: '2026-03-04', status: ['booked'] })).items.map((item) => item.doctorId)).toContain(doctor.id);
    expect(await desk.callError('appointments.list', { from: '2026-03-01', to: '2026-08-01' })).toMatchObject({ code: 'VALIDATION', details: { fields: { to: expect.any(String) } } });
  });
});
