import type { MethodName } from '@hms/core';
import type { Knex } from 'knex';
import { insertTestPatient } from './patients.js';
import type { MatrixCases } from './rbac-cases.js';
import {
  addDoctorToDepartment,
  insertAlwaysOpenSchedule,
  insertTestAppointment,
  insertTestDepartment,
  insertTestDoctor,
  insertTestVisit,
} from './front-desk.js';

type FrontDeskMethod = Extract<MethodName, `${'settings' | 'departments' | 'doctors' | 'schedules' | 'visits' | 'queue' | 'appointments'}.${string}`>;

/** The matrix's own doctor (`matrix.doctor`): doctor-only methods act on this doctor's patients. */
async function matrixDoctorId(db: Knex): Promise<string> {
  const row: { id: string } = await db('users').select('id').where({ username: 'matrix.doctor' }).first();
  return row.id;
}

/** A fresh department where the matrix doctor works, so each role's call starts clean. */
async function matrixDepartment(db: Knex) {
  const department = await insertTestDepartment(db);
  await addDoctorToDepartment(db, await matrixDoctorId(db), department.id);
  return department;
}

async function waitingVisit(db: Knex, options: { withMatrixDoctor: boolean }) {
  const department = await matrixDepartment(db);
  const patient = await insertTestPatient(db);
  return insertTestVisit(db, { patientId: patient.id, departmentId: department.id, doctorId: options.withMatrixDoctor ? await matrixDoctorId(db) : null });
}

/** Called in to the matrix doctor, so that a doctor acting on "own patients" may. */
async function visitWithMatrixDoctor(db: Knex) {
  const department = await matrixDepartment(db);
  const patient = await insertTestPatient(db);
  const doctorId = await matrixDoctorId(db);
  return insertTestVisit(db, { patientId: patient.id, departmentId: department.id, doctorId, status: 'in_consultation', servedBy: doctorId });
}

async function bookableDoctor(db: Knex) {
  const department = await insertTestDepartment(db);
  const doctor = await insertTestDoctor(db, [department.id]);
  await insertAlwaysOpenSchedule(db, doctor.id, department.id);
  return { department, doctor };
}

let nextSlot = 0;
/** Distinct future quarter-hours, so bookings of one doctor never clash. */
function futureSlot(): Date {
  nextSlot += 1;
  return new Date(Date.UTC(2031, 0, 1) + nextSlot * 15 * 60_000 + Math.floor(Math.random() * 1_000) * 24 * 3_600_000);
}

async function bookedAppointment(db: Knex, start = futureSlot()) {
  const { department, doctor } = await bookableDoctor(db);
  const patient = await insertTestPatient(db);
  return insertTestAppointment(db, { patientId: patient.id, doctorId: doctor.id, departmentId: department.id, start });
}

export const frontDeskMatrixCases: Pick<MatrixCases, FrontDeskMethod> = {
  'settings.get': { params: () => ({}) },
  'settings.update': { params: () => ({ name: 'Matrix General Hospital' }) },
  'departments.list': { params: () => ({}) },
  'departments.create': { params: () => ({ code: `N${Math.random().toString(16).slice(2, 9).toUpperCase()}`, name: 'New Clinic' }) },
  'departments.update': { params: async ({ db }) => ({ id: (await insertTestDepartment(db)).id, name: 'Renamed Clinic' }) },
  'doctors.list': { params: () => ({}) },
  'doctors.saveProfile': {
    params: async ({ db }) => {
      const department = await insertTestDepartment(db);
      const doctor = await insertTestDoctor(db, []);
      return { userId: doctor.id, departments: [department.code], specialty: 'Paediatrics' };
    },
  },
  'schedules.get': { params: async ({ db }) => ({ doctorId: (await bookableDoctor(db)).doctor.id }) },
  'schedules.setWeekly': { params: async ({ db }) => ({ doctorId: (await bookableDoctor(db)).doctor.id, sessions: [{ weekday: 1, start: '08:00', end: '12:00' }] }) },
  'schedules.addException': { params: async ({ db }) => ({ doctorId: (await bookableDoctor(db)).doctor.id, date: '2031-03-03', kind: 'closed' as const }) },
  'schedules.removeException': {
    params: async ({ db }) => {
      const { doctor } = await bookableDoctor(db);
      const [row] = await db('schedule_exceptions').insert({ doctor_id: doctor.id, date: '2031-03-03', kind: 'closed' }).returning('id');
      return { id: (row as { id: string }).id };
    },
  },
  'schedules.addLeave': { params: async ({ db }) => ({ doctorId: (await bookableDoctor(db)).doctor.id, from: '2031-04-01', to: '2031-04-05' }) },
  'schedules.cancelLeave': {
    params: async ({ db }) => {
      const { doctor } = await bookableDoctor(db);
      const [row] = await db('doctor_leave').insert({ doctor_id: doctor.id, from_date: '2031-04-01', to_date: '2031-04-02' }).returning('id');
      return { id: (row as { id: string }).id };
    },
  },
  'schedules.freeSlots': { params: async ({ db }) => ({ doctorId: (await bookableDoctor(db)).doctor.id, from: '2031-03-03', to: '2031-03-04' }) },
  'visits.checkIn': {
    params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id, visitType: 'new' as const, department: (await insertTestDepartment(db)).code }),
  },
  'visits.cancel': { params: async ({ db }) => ({ id: (await waitingVisit(db, { withMatrixDoctor: false })).id, reason: 'Registered in error' }) },
  'visits.markLeft': { params: async ({ db }) => ({ id: (await waitingVisit(db, { withMatrixDoctor: false })).id }) },
  'visits.complete': { params: async ({ db }) => ({ id: (await visitWithMatrixDoctor(db)).id }) },
  'visits.get': { params: async ({ db }) => ({ id: (await waitingVisit(db, { withMatrixDoctor: false })).id }) },
  'visits.list': { params: () => ({}) },
  'queue.board': { params: async ({ db }) => ({ department: (await matrixDepartment(db)).code }) },
  'queue.watch': { params: async ({ db }) => ({ department: (await matrixDepartment(db)).code }) },
  'queue.unwatch': { params: async ({ db }) => ({ department: (await matrixDepartment(db)).code }) },
  'queue.callNext': {
    params: async ({ db }) => {
      const department = await matrixDepartment(db);
      await insertTestVisit(db, { patientId: (await insertTestPatient(db)).id, departmentId: department.id });
      return { department: department.code };
    },
  },
  'queue.recall': { params: async ({ db }) => ({ visitId: (await visitWithMatrixDoctor(db)).id }) },
  'queue.skip': { params: async ({ db }) => ({ visitId: (await visitWithMatrixDoctor(db)).id }) },
  'queue.transfer': {
    params: async ({ db }) => ({ visitId: (await waitingVisit(db, { withMatrixDoctor: true })).id, department: (await insertTestDepartment(db)).code }),
  },
  'queue.triage': { params: async ({ db }) => ({ visitId: (await waitingVisit(db, { withMatrixDoctor: true })).id, priority: 'urgent' as const }) },
  'appointments.book': {
    params: async ({ db }) => {
      const { doctor } = await bookableDoctor(db);
      return { patientId: (await insertTestPatient(db)).id, doctorId: doctor.id, start: futureSlot().toISOString() };
    },
  },
  'appointments.reschedule': { params: async ({ db }) => ({ id: (await bookedAppointment(db)).id, start: futureSlot().toISOString() }) },
  'appointments.cancel': { params: async ({ db }) => ({ id: (await bookedAppointment(db)).id, reason: 'Patient asked' }) },
  'appointments.markNoShow': { params: async ({ db }) => ({ id: (await bookedAppointment(db, new Date(Date.now() - 3_600_000))).id }) },
  'appointments.arrive': { params: async ({ db }) => ({ id: (await bookedAppointment(db, new Date())).id }) },
  'appointments.list': { params: () => ({}) },
};
