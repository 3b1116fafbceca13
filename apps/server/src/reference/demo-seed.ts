import type { Knex } from 'knex';

/**
 * Demo reference data for the front desk: the hospital's name and zone, departments (OPD, the
 * general outpatient clinic, first), the demo `doctor` and a few more demo doctors (they sign
 * in with the demo password, like the role users), and their weekly clinics. Converges:
 * anything already there, or changed by an administrator since, is left as it is.
 */

const DEPARTMENTS: ReadonlyArray<readonly [code: string, name: string]> = [
  ['OPD', 'General Outpatient'],
  ['EMR', 'Emergency'],
  ['PAED', 'Paediatrics'],
  ['MCH', 'Maternal and Child Health'],
  ['DENT', 'Dental'],
  ['EYE', 'Eye Clinic'],
  ['LAB', 'Laboratory'],
  ['RAD', 'Radiology'],
  ['PHARM', 'Pharmacy'],
];

interface DemoDoctor {
  username: string;
  displayName: string;
  departments: readonly string[];
  specialty: string;
  consultationMinutes: number;
  room: string;
  /** A made-up council registration number (printed on the demo's prescriptions). */
  registrationNumber: string;
  /** Weekly sessions: ISO weekdays, local HH:MM. */
  sessions: ReadonlyArray<{ weekdays: readonly number[]; start: string; end: string }>;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const OFFICE_HOURS = [
  { weekdays: WEEKDAYS, start: '08:00', end: '13:00' },
  { weekdays: WEEKDAYS, start: '14:00', end: '17:00' },
];

const DOCTORS: readonly DemoDoctor[] = [
  { username: 'doctor', displayName: 'Demo Doctor', departments: ['OPD', 'EMR'], specialty: 'General practice', consultationMinutes: 15, room: 'OPD Room 1', registrationNumber: 'DEMO-1001', sessions: [...OFFICE_HOURS, { weekdays: [6], start: '09:00', end: '12:00' }] },
  { username: 'dr.achieng', displayName: 'Dr. Achieng Otieno', departments: ['OPD'], specialty: 'Family medicine', consultationMinutes: 15, room: 'OPD Room 2', registrationNumber: 'DEMO-1002', sessions: OFFICE_HOURS },
  { username: 'dr.mwangi', displayName: 'Dr. Peter Mwangi', departments: ['PAED', 'OPD'], specialty: 'Paediatrics', consultationMinutes: 20, room: 'Paediatrics Room 1', registrationNumber: 'DEMO-1003', sessions: OFFICE_HOURS },
  { username: 'dr.hassan', displayName: 'Dr. Amina Hassan', departments: ['MCH'], specialty: 'Obstetrics and gynaecology', consultationMinutes: 20, room: 'MCH Room 1', registrationNumber: 'DEMO-1004', sessions: [{ weekdays: [1, 3, 5], start: '08:00', end: '13:00' }] },
  { username: 'dr.kiprono', displayName: 'Dr. Kiprono Langat', departments: ['DENT'], specialty: 'Dentistry', consultationMinutes: 30, room: 'Dental Chair 1', registrationNumber: 'DEMO-1005', sessions: [{ weekdays: [2, 4], start: '08:30', end: '16:30' }] },
  { username: 'dr.njeri', displayName: 'Dr. Njeri Kamau', departments: ['EMR', 'OPD'], specialty: 'Emergency medicine', consultationMinutes: 15, room: 'Resuscitation Bay', registrationNumber: 'DEMO-1006', sessions: OFFICE_HOURS },
];

export const DEMO_DOCTOR_USERNAMES = DOCTORS.map((doctor) => doctor.username);

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export async function seedFrontDeskReference(trx: Knex.Transaction, now: Date): Promise<void> {
  // Only a hospital still named by the migration's placeholder gets the demo identity.
  await trx('hospital_settings')
    .where({ id: 1, name: 'Hospital', time_zone: 'UTC' })
    .update({ name: 'HMS Demo Hospital', address: 'Hospital Road, Nairobi', time_zone: 'Africa/Nairobi', updated_at: now });

  await trx('departments')
    .insert(DEPARTMENTS.map(([code, name]) => ({ code, name, created_at: now, updated_at: now })))
    .onConflict('code')
    .ignore();
  const departments = new Map(((await trx('departments').select('id', 'code')) as Array<{ id: string; code: string }>).map((row) => [row.code, row.id]));

  // Extra demo doctors sign in with the demo password: the role users' hash, set just before.
  const demoHash: { password_hash: string } | undefined = await trx('users').select('password_hash').where({ username: 'doctor' }).first();
  if (demoHash === undefined) return;
  for (const doctor of DOCTORS) {
    await trx('users')
      .insert({ username: doctor.username, display_name: doctor.displayName, roles: ['doctor'], password_hash: demoHash.password_hash, created_at: now, updated_at: now })
      .onConflict('username')
      .merge({ password_hash: demoHash.password_hash, disabled_at: null, updated_at: now });
    const user: { id: string } = await trx('users').select('id').where({ username: doctor.username }).first();
    const created = await trx('doctor_profiles')
      .insert({ user_id: user.id, specialty: doctor.specialty, consultation_minutes: doctor.consultationMinutes, room: doctor.room, registration_number: doctor.registrationNumber, created_at: now, updated_at: now })
      .onConflict('user_id')
      .ignore()
      .returning('user_id');
    if (created.length === 0) continue;
    await trx('doctor_departments').insert(doctor.departments.map((code, position) => ({ doctor_id: user.id, department_id: departments.get(code), position })));
    await trx('schedule_sessions').insert(
      doctor.sessions.flatMap((session) =>
        session.weekdays.map((weekday) => ({
          doctor_id: user.id,
          department_id: departments.get(doctor.departments[0]!),
          weekday,
          start_minute: minutes(session.start),
          end_minute: minutes(session.end),
          slot_minutes: doctor.consultationMinutes,
          created_at: now,
        })),
      ),
    );
  }
}
