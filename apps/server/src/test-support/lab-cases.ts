import type { MethodName } from '@hms/core';
import { renderAccession, specimenBarcode } from '@hms/core';
import type { Knex } from 'knex';
import { randomInt } from 'node:crypto';
import { insertTestEncounter } from './clinical-cases.js';
import { insertTestPatient } from './patients.js';
import type { MatrixCases } from './rbac-cases.js';

type LabMethod = Extract<MethodName, `lab.${string}`>;

async function anyDoctorId(db: Knex): Promise<string> {
  const row = ((await db('users').where({ username: 'matrix.doctor' }).first('id')) ?? (await db('users').whereRaw(`'doctor' = any(roles)`).first('id'))) as { id: string };
  return row.id;
}

/** A doctor's lab order in an open encounter, inserted directly (test setup, not audited). */
export async function insertTestLabOrder(db: Knex, codes: readonly string[], doctorId?: string): Promise<{ orderId: string; patientId: string; itemIds: string[] }> {
  const doctor = doctorId ?? (await anyDoctorId(db));
  const encounter = await insertTestEncounter(db, { doctorId: doctor });
  const now = new Date();
  const [order] = await db('orders').insert({ patient_id: encounter.patientId, encounter_id: encounter.id, ordered_by: doctor, ordered_at: now }).returning('id');
  const orderId = (order as { id: string }).id;
  const names = new Map(((await db('order_catalogue').whereIn('code', codes).select('code', 'name')) as Array<{ code: string; name: string }>).map((row) => [row.code, row.name]));
  const items = await db('order_items').insert(codes.map((code) => ({
    order_id: orderId, patient_id: encounter.patientId, encounter_id: encounter.id, kind: 'lab', code, name: names.get(code) ?? code, priority: 'routine', ordered_at: now, ordered_by: doctor,
  }))).returning('id');
  return { orderId, patientId: encounter.patientId, itemIds: items.map((row: { id: string }) => row.id) };
}

/**
 * A doctor's order of one test with its request and a specimen in the state asked for, and
 * optionally a result version in `resultStatus`, inserted directly (test setup, not audited).
 */
export async function insertTestSpecimen(db: Knex, options: { code?: string; specimen?: 'collected' | 'received'; resultStatus?: 'entered' | 'validated' | 'released'; analyte?: string; value?: string; flag?: string | null } = {}) {
  const code = options.code ?? 'RBG';
  const order = await insertTestLabOrder(db, [code]);
  const doctor = await anyDoctorId(db);
  const now = new Date();
  const accession = renderAccession(2099, randomInt(1, 9_999_999));
  const [request] = await db('lab_requests').insert({
    accession, patient_id: order.patientId, source: 'order', order_id: order.orderId, ordering_user_id: doctor, priority: 'routine', created_at: now, created_by: doctor, recorded_at: now,
    closed_at: options.resultStatus === 'released' ? now : null,
  }).returning('id');
  const requestId = (request as { id: string }).id;
  const status = options.resultStatus === undefined ? (options.specimen ?? 'received') : options.resultStatus === 'entered' ? 'resulted' : options.resultStatus;
  const [test] = await db('lab_request_tests').insert({ request_id: requestId, order_item_id: order.itemIds[0], code, name: code, section: 'chemistry', status, status_at: now }).returning('id');
  const testId = (test as { id: string }).id;
  await db('order_items').where({ id: order.itemIds[0] }).update({ lab_taken_at: now });
  const received = (options.specimen ?? 'received') === 'received';
  const barcode = specimenBarcode(accession, 1);
  const [specimen] = await db('lab_specimens').insert({
    request_id: requestId, barcode, container: 'fluoride', status: received ? 'received' : 'collected', collected_by: doctor, collected_at: now,
    received_by: received ? doctor : null, received_at: received ? now : null,
  }).returning('id');
  const specimenId = (specimen as { id: string }).id;
  await db('lab_specimen_tests').insert({ specimen_id: specimenId, request_test_id: testId });
  let resultId: string | null = null;
  if (options.resultStatus !== undefined) {
    const validated = options.resultStatus !== 'entered';
    const released = options.resultStatus === 'released';
    const [result] = await db('lab_results').insert({
      request_test_id: testId, specimen_id: specimenId, patient_id: order.patientId, analyte: options.analyte ?? 'GLU', version: 1, value_text: options.value ?? '5.4',
      value_numeric: Number(options.value ?? '5.4'), unit: 'mmol/L', flag: options.flag ?? null, status: options.resultStatus, entered_by: doctor, entered_at: now,
      validated_by: validated ? doctor : null, validated_at: validated ? now : null, released_by: released ? doctor : null, released_at: released ? now : null,
    }).returning('id');
    resultId = (result as { id: string }).id;
  }
  return { ...order, requestId, testId, specimenId, barcode, accession, resultId, doctorId: doctor };
}

/** An open critical alert on a glucose of 1.8 for the matrix doctor's order. */
export async function insertTestCriticalAlert(db: Knex): Promise<{ alertId: string; doctorId: string; patientId: string }> {
  const made = await insertTestSpecimen(db, { resultStatus: 'entered', value: '1.8', flag: 'LL' });
  const [alert] = await db('lab_critical_alerts').insert({ result_id: made.resultId, patient_id: made.patientId, request_id: made.requestId, notify_user_id: made.doctorId, raised_at: new Date() }).returning('id');
  return { alertId: (alert as { id: string }).id, doctorId: made.doctorId, patientId: made.patientId };
}

/** RBAC matrix cases of the laboratory (issue 13). */
export const labMatrixCases: Pick<MatrixCases, LabMethod> = {
  'lab.worklist': { params: () => ({ limit: 5 }) },
  'lab.request': { params: async ({ db }) => ({ requestId: (await insertTestSpecimen(db)).requestId }) },
  'lab.report': { params: async ({ db }) => ({ requestId: (await insertTestSpecimen(db, { resultStatus: 'released' })).requestId }) },
  'lab.cumulative': { params: async ({ db }) => ({ patientId: (await insertTestSpecimen(db, { resultStatus: 'released' })).patientId }) },
  'lab.settings': { params: () => ({}) },
  'lab.updateSettings': { params: () => ({ criticalEscalationMinutes: 15 }) },
  'lab.reserveAccessions': { params: () => ({ size: 3 }) },
  'lab.registerWalkIn': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id, referringClinician: 'Dr A. Otieno, Riverside Clinic', tests: ['MAL_RDT'] }) },
  'lab.collect': { params: async ({ db }) => ({ orderId: (await insertTestLabOrder(db, ['FBC'])).orderId, containers: [{ container: 'edta' as const, tests: ['FBC'] }] }) },
  'lab.receive': { params: async ({ db }) => ({ barcodes: [(await insertTestSpecimen(db, { specimen: 'collected' })).barcode] }) },
  'lab.reject': { params: async ({ db }) => ({ barcode: (await insertTestSpecimen(db, { specimen: 'collected' })).barcode, reason: 'haemolysed' as const }) },
  'lab.enterResults': {
    params: async ({ db }) => {
      const made = await insertTestSpecimen(db);
      return { testId: made.testId, specimenBarcode: made.barcode, results: [{ analyte: 'GLU', value: '5.1' }] };
    },
  },
  'lab.validate': { params: async ({ db }) => ({ resultIds: [(await insertTestSpecimen(db, { resultStatus: 'entered' })).resultId!] }) },
  'lab.release': { params: async ({ db }) => ({ resultIds: [(await insertTestSpecimen(db, { resultStatus: 'validated' })).resultId!] }) },
  'lab.amend': { params: async ({ db }) => ({ resultId: (await insertTestSpecimen(db, { resultStatus: 'released' })).resultId!, value: '6.1', reason: 'Transcription error' }) },
  'lab.testLimits': { params: () => ({ testCode: 'CRP' }) },
  'lab.changeLimits': {
    params: async ({ db }) => {
      const current = (await db('lab_test_limits').where({ test_code: 'CRP' }).whereNull('superseded_at').first('version')) as { version: number };
      return { testCode: 'CRP', expectedVersion: current.version, ranges: [{ sex: 'any' as const, high: 5, source: 'Matrix case: the lab\'s own verification' }], critical: [], reason: 'RBAC matrix' };
    },
  },
  'lab.criticalAlerts': { params: () => ({}) },
  'lab.acknowledgeCritical': {
    params: async ({ db }) => ({ alertId: (await insertTestCriticalAlert(db)).alertId, toldName: 'Dr Wanjiru', toldAt: new Date().toISOString(), readBack: true as const }),
  },
  'lab.watchAlerts': { params: () => ({}) },
  'lab.unwatchAlerts': { params: () => ({}) },
};
