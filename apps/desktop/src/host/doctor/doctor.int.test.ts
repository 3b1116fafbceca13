import { ROUTE_CODES } from '@hms/core';
import type { ParamsIn } from '@hms/core';
import * as serverSupport from '@hms/server/test-support';
import {
  TestClient, addDoctorToDepartment, createTestUser, ensureTestIcd10Release, insertTestDepartment, insertTestPatient, insertTestVisit,
} from '@hms/server/test-support';
import type { TcpProxy, TestDatabase, TestDepartment, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyPatientsView } from '../../shared/doctor/views.js';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';
import type { DoctorDesk } from './doctor-desk.js';

// The doctor desk's host against the real server on real PostgreSQL: a consultation online,
// one made whole with the server out of reach (a TCP relay the test cuts) and replayed in order,
// a prescription that an allergy recorded elsewhere meanwhile blocks on replay, the offline
// check against the server's, and a receptionist refused. Every record is checked in the database.

type Key = 'amina' | 'baraka' | 'chausiku' | 'dawit';
let stack: DeskStack<TestDatabase, TestServer>;
let database: TestDatabase;
let server: TestServer;
let proxy: Pick<TcpProxy, 'cut' | 'restore'>;
let doctor: TestUser;
let nurse: TestUser;
let reception: TestUser;
let opd: TestDepartment;
let host: Host;
let nurseDesk: TestClient;
const lists: MyPatientsView[] = [];
const patients = {} as Record<Key, { id: string; mrn: string; visitId: string }>;

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'doctor' });
  ({ database, server, proxy } = stack);
  await ensureTestIcd10Release(database.db);
  opd = await insertTestDepartment(database.db, undefined, 'Outpatients');
  doctor = await createTestUser(database.db, 'dr.otieno', ['doctor']);
  nurse = await createTestUser(database.db, 'nina.nurse', ['nurse']);
  reception = await createTestUser(database.db, 'rita.reception', ['receptionist']);
  await addDoctorToDepartment(database.db, doctor.id, opd.id, { room: 'Room 2' });
  const started = Date.now() - 60 * 60_000;
  const people: Array<[Key, string, string, string]> = [
    ['amina', 'Amina', 'Yusuf', '1990-04-12'], ['baraka', 'Baraka', 'Otieno', '1985-01-20'], ['chausiku', 'Chausiku', 'Mrema', '1978-09-02'], ['dawit', 'Dawit', 'Bekele', '2019-06-15'],
  ];
  for (const [index, [key, givenName, familyName, birthDate]] of people.entries()) {
    const patient = await insertTestPatient(database.db, { givenName, familyName, birthDate });
    // Amina and Dawit wait for this doctor, Baraka and Chausiku in the department's pool.
    const doctorId = key === 'amina' || key === 'dawit' ? doctor.id : null;
    const visit = await insertTestVisit(database.db, { patientId: patient.id, departmentId: opd.id, doctorId, queuedAt: new Date(started + index * 60_000) });
    patients[key] = { id: patient.id, mrn: patient.mrn, visitId: visit.id };
  }
  nurseDesk = await TestClient.connect(server.wsUrl);
  await nurseDesk.signIn(nurse.username, nurse.password);
  await nurseDesk.call('allergies.record', { patientId: patients.amina.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' }, severity: 'severe', status: 'active' });
  await nurseDesk.call('vitals.record', { patientId: patients.dawit.id, takenAt: new Date(Date.now() - 3_600_000).toISOString(), weightKg: 18 });
  host = await openHost(doctor);
}, 60_000);

/** The desk's host on its data folder (opened again, it is the app restarted), signed in when `user` is given and the server is there. */
async function openHost(user: TestUser | undefined): Promise<Host> {
  return stack.openHost({
    workstationId: 'consult-3',
    ...(user === undefined ? {} : { user }),
    onEvent: (event) => {
      if (event.event === 'doctor.myPatients') lists.push(event.data);
    },
  });
}

afterAll(async () => {
  await nurseDesk?.close();
  await stack?.stop();
});

const desk = () => host.desks.doctor as DoctorDesk;
const names = (entries: MyPatientsView['waiting'] | undefined) => entries?.map((entry) => entry.patient?.name) ?? [];
type Item = ParamsIn<'prescriptions.create'>['items'][number];

/** A drug found as the doctor types it (the server's search, or the kept formulary offline). */
async function drug(query: string, dose: number, fields: Partial<Item> = {}): Promise<Item> {
  const { items } = await host.handlers['doctor.searchDrugs']({ query, limit: 5 });
  const found = items[0];
  if (found === undefined) throw new Error(`no drug for ${query}`);
  return { drugId: found.id, dose, doseUnit: 'mg', route: found.routes[0]!, frequency: 'tds', durationDays: 5, quantity: 15, ...fields };
}

async function offline(): Promise<void> {
  proxy.cut();
  await waitUntil(() => host.status().connection.state === 'offline', 'offline');
}

async function online(): Promise<void> {
  proxy.restore();
  await waitUntil(() => host.status().connection.state === 'connected' && host.status().session.state === 'signedIn', 'online again');
}

describe('Doctor host, online', () => {
  it('lists My patients live, keeps their charts and the drug knowledge, and runs a consultation to the end', async () => {
    const { handlers } = host;
    await waitUntil(() => lists.at(-1)?.waiting.length === 4, 'My patients');
    const list = await handlers['doctor.myPatients']({});
    expect(list).toMatchObject({ doctorId: doctor.id, departments: [opd.code], live: true, inConsultation: [] });
    expect(names(list.waiting)).toEqual(['Amina Yusuf', 'Baraka Otieno', 'Chausiku Mrema', 'Dawit Bekele']);
    expect(list.waiting.map((entry) => entry.queue)).toEqual(['mine', 'pool', 'pool', 'mine']);
    // Their charts are read ahead in one call and kept, on record once for the list (nobody has seen them yet), and so are the formulary and the rules.
    await waitUntil(() => Object.values(patients).every(({ id }) => desk().charts.kept(id) !== undefined), 'the charts kept');
    const ids = Object.values(patients).map(({ id }) => id);
    const aheadRows = await database.db('audit_log').where({ actor_id: doctor.id, action: 'charts.readAhead' }).select('entity_type', 'details');
    expect(aheadRows).toEqual([{ entity_type: 'patient_list', details: { purpose: 'my_patients', patientIds: expect.arrayContaining(ids) } }]);
    expect(aheadRows[0].details.patientIds).toHaveLength(ids.length);
    expect(await database.db('audit_log').where({ actor_id: doctor.id, action: 'charts.get' }).whereIn('entity_id', ids).first()).toBeUndefined();
    await waitUntil(() => desk().knowledge.status().rules !== null && desk().knowledge.status().formulary !== null, 'the drug knowledge kept');
    const overview = await handlers['doctor.overview']({ refresh: false });
    expect(overview).toMatchObject({ doctor: { id: doctor.id, departments: [opd.code] }, mayReadCharts: true, mayPrescribe: true });
    expect(overview.knowledge.formulary!.drugs).toBeGreaterThan(250);

    const called = await handlers['doctor.callNext']({});
    expect(called.visit).toMatchObject({ id: patients.amina.visitId, status: 'in_consultation', servedBy: doctor.id });
    await waitUntil(() => lists.at(-1)?.inConsultation[0]?.visitId === patients.amina.visitId, 'Amina in consultation');
    // She did not hear her token: called again.
    expect((await handlers['doctor.recall']({ visitId: patients.amina.visitId })).visit).toMatchObject({ recallCount: 1 });
    const started = await handlers['doctor.startConsultation']({ visitId: patients.amina.visitId, patientId: patients.amina.id });
    expect(started).toMatchObject({ state: 'open', patient: { name: 'Amina Yusuf', mrn: patients.amina.mrn }, encounter: { status: 'open' } });
    const { encounterId } = started;
    expect(await database.db('encounters').where({ id: encounterId, visit_id: patients.amina.visitId }).first()).toBeDefined();
    // Started again (a screen opened twice), it is the same consultation.
    expect((await handlers['doctor.startConsultation']({ visitId: patients.amina.visitId, patientId: patients.amina.id })).encounterId).toBe(encounterId);

    // Read ahead, the chart is nobody's read yet: opened, it is read as the doctor's (on record); then kept current by its events,
    // opened again it answers that copy; a refresh reads it again (on record).
    const reads = async () => Number((await database.db('audit_log').where({ action: 'charts.get', entity_id: patients.amina.id, actor_id: doctor.id }).count<{ n: string }[]>('* as n'))[0]?.n);
    expect(await reads()).toBe(0);
    const chart = await handlers['doctor.chart']({ patientId: patients.amina.id, refresh: false });
    expect(chart).toMatchObject({ source: 'server', watched: true, chart: { allergies: { status: 'allergies', items: [{ substance: { text: 'Penicillin' } }] } } });
    expect(await reads()).toBe(1);
    const readOpened = await reads();
    await handlers['doctor.chart']({ patientId: patients.amina.id, refresh: false });
    expect(await reads()).toBe(readOpened);
    await handlers['doctor.chart']({ patientId: patients.amina.id, refresh: true });
    expect(await reads()).toBe(readOpened + 1);

    const typedAt = new Date().toISOString();
    expect(await handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Cough for a week', examination: 'Crackles right base' }, typedAt })).toMatchObject({ status: 'server', typedAt });
    const diagnoses = await handlers['doctor.searchDiagnoses']({ query: 'pneumonia', limit: 5 });
    expect(diagnoses).toMatchObject({ source: 'server', note: null, items: [{ code: 'J18.9' }] });
    expect(await handlers['doctor.addDiagnosis']({ encounterId, code: 'J18.9', description: diagnoses.items[0]!.description, certainty: 'confirmed' })).toMatchObject({ status: 'applied' });
    expect(await handlers['doctor.order']({ encounterId, items: [{ kind: 'lab', code: 'FBC', name: 'Full blood count', priority: 'routine' }] })).toMatchObject({ status: 'applied' });

    // Amoxicillin meets the penicillin allergy: the server's check blocks it, and the check here finds the same.
    const amoxicillin = await drug('amoxicillin 500 capsule', 500);
    const check = await handlers['doctor.checkPrescription']({ patientId: patients.amina.id, items: [amoxicillin] });
    expect(check).toMatchObject({ source: 'server', alerts: [{ kind: 'allergy', ruleCode: 'allergy.penicillins', blocking: true }] });
    expect(desk().prescribing.checkHere(patients.amina.id, [amoxicillin])).toMatchObject({ source: 'local', alerts: check.alerts, ruleSetVersion: check.ruleSetVersion });
    await expect(handlers['doctor.prescribe']({ encounterId, items: [amoxicillin], overrides: [] })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'blocking_alerts' } });

    const azithromycin = await drug('azithromycin 500', 500, { frequency: 'od', quantity: 3, durationDays: 3 });
    const prescribed = await handlers['doctor.prescribe']({ encounterId, items: [azithromycin], overrides: [] });
    expect(prescribed).toMatchObject({ status: 'applied', check: { source: 'server', alerts: [] } });
    expect(await database.db('prescriptions').where({ id: prescribed.prescriptionId, encounter_id: encounterId }).first()).toBeDefined();

    expect(await handlers['doctor.sign']({ encounterId })).toMatchObject({ status: 'applied', consultation: { state: 'signed' } });
    expect(await handlers['doctor.complete']({ visitId: patients.amina.visitId })).toMatchObject({ status: 'applied', consultation: { state: 'completed' } });
    const encounter = await database.db('encounters').where({ id: encounterId }).first();
    expect(encounter).toMatchObject({ status: 'signed' });
    expect(await database.db('visits').where({ id: patients.amina.visitId }).first()).toMatchObject({ status: 'completed' });
    const view = await handlers['doctor.consultation']({ visitId: patients.amina.visitId });
    expect(view?.writes.map((write) => [write.method, write.state])).toEqual([
      ['encounters.start', 'applied'], ['diagnoses.add', 'applied'], ['orders.create', 'applied'],
      ['prescriptions.create', 'applied'], ['encounters.sign', 'applied'], ['visits.complete', 'applied'],
    ]);
    expect(view?.note).toMatchObject({ sections: { complaint: 'Cough for a week' }, unsent: false, refused: null });
    await waitUntil(() => !names(lists.at(-1)?.inConsultation).includes('Amina Yusuf'), 'Amina to leave My patients');
  });
});

describe('Doctor host, offline', () => {
  it('makes a whole consultation with the server out of reach, from the kept list, chart and formulary; on reconnect the outbox replays it in order', async () => {
    const { handlers } = host;
    await offline();
    await waitUntil(() => lists.at(-1)?.live === false, 'My patients to say it is not live');
    expect(names((await handlers['doctor.myPatients']({})).waiting)).toEqual(['Baraka Otieno', 'Chausiku Mrema', 'Dawit Bekele']);
    await expect(handlers['doctor.callNext']({})).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    // The doctor calls Baraka in person: the start waits in the outbox, and he is in consultation here.
    const started = await handlers['doctor.startConsultation']({ visitId: patients.baraka.visitId, patientId: patients.baraka.id });
    expect(started).toMatchObject({ state: 'starting', encounter: null, patient: { name: 'Baraka Otieno' } });
    const { encounterId } = started;
    expect((await handlers['doctor.myPatients']({})).inConsultation).toMatchObject([{ visitId: patients.baraka.visitId, startedOffline: true }]);
    expect(await handlers['doctor.chart']({ patientId: patients.baraka.id, refresh: false })).toMatchObject({ source: 'cache', chart: { patient: { name: 'Baraka Otieno' } } });

    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    expect(await handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Fever' }, typedAt: at(0) })).toMatchObject({ status: 'queued' });
    // Typed a second later: kept on disk, not another outbox entry.
    expect(await handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Fever and cough' }, typedAt: at(1) })).toMatchObject({ status: 'kept' });
    const codes = await handlers['doctor.searchDiagnoses']({ query: 'pneumon', limit: 5 });
    expect(codes).toMatchObject({ source: 'cache', items: [{ code: 'J18.9' }], note: expect.stringContaining('only the codes') });
    await handlers['doctor.addDiagnosis']({ encounterId, code: 'J18.9', description: codes.items[0]!.description, certainty: 'provisional' });
    await handlers['doctor.order']({ encounterId, items: [{ kind: 'lab', code: 'FBC', name: 'Full blood count', priority: 'urgent' }] });

    const azithromycin = await drug('azithromycin 500', 500, { frequency: 'od', quantity: 3, durationDays: 3 });
    const check = await handlers['doctor.checkPrescription']({ patientId: patients.baraka.id, items: [azithromycin] });
    expect(check).toMatchObject({ source: 'local', alerts: [], reason: expect.stringContaining('cannot be reached') });
    expect(check.ruleSetVersion).toBe(desk().knowledge.status().rules!.version);
    // A route the product is not given by is refused here, as the server would on replay: nothing queued.
    const { items: [product] } = await handlers['doctor.drugs']({ ids: [azithromycin.drugId] });
    const wrongRoute = ROUTE_CODES.find((route) => !product!.routes.includes(route))!;
    await expect(handlers['doctor.prescribe']({ encounterId, items: [{ ...azithromycin, route: wrongRoute }], overrides: [] })).rejects.toMatchObject({
      code: 'VALIDATION', details: { fields: { 'items.0.route': expect.stringContaining(`is given ${product!.routes.join(' or ')}`) } },
    });
    const prescribed = await handlers['doctor.prescribe']({ encounterId, items: [azithromycin], overrides: [] });
    expect(prescribed).toMatchObject({ status: 'queued', check: { source: 'local' } });
    // What the printed prescription needs of each item, from the kept formulary.
    expect(await handlers['doctor.drugs']({ ids: [azithromycin.drugId, patients.baraka.id] })).toMatchObject({ items: [{ id: azithromycin.drugId, generic: 'azithromycin' }], missing: [patients.baraka.id] });
    await handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Fever and cough', plan: 'Azithromycin three days' }, typedAt: at(2) });
    expect(await handlers['doctor.sign']({ encounterId })).toMatchObject({ status: 'queued', consultation: { state: 'signed' } });
    await expect(handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'late' }, typedAt: at(3) })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await handlers['doctor.complete']({ visitId: patients.baraka.visitId })).toMatchObject({ status: 'queued', consultation: { state: 'completed' } });
    expect(names((await handlers['doctor.myPatients']({})).inConsultation)).toEqual([]);
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual([
      'encounters.start', 'notes.save', 'diagnoses.add', 'orders.create', 'prescriptions.create', 'notes.save', 'encounters.sign', 'visits.complete',
    ]);

    await online();
    await waitUntil(() => host.status().outbox.pending === 0, 'the replay', 15_000);
    expect(host.status().outbox.conflicts).toBe(0);
    const encounter = await database.db('encounters').where({ id: encounterId }).first();
    expect(encounter).toMatchObject({ visit_id: patients.baraka.visitId, patient_id: patients.baraka.id, doctor_id: doctor.id, status: 'signed' });
    const note = await database.db('encounter_notes').where({ encounter_id: encounterId }).first();
    expect(note).toMatchObject({ sections: { complaint: 'Fever and cough', plan: 'Azithromycin three days' } });
    expect(await database.db('encounter_diagnoses').where({ encounter_id: encounterId, certainty: 'provisional' }).select('code')).toMatchObject([{ code: expect.stringMatching(/^J18\.?9$/) }]);
    expect(await database.db('order_items').where({ encounter_id: encounterId, code: 'FBC', priority: 'urgent' }).first()).toBeDefined();
    expect(await database.db('prescriptions').where({ id: prescribed.prescriptionId, encounter_id: encounterId }).first()).toBeDefined();
    expect(await database.db('visits').where({ id: patients.baraka.visitId }).first()).toMatchObject({ status: 'completed', served_by: doctor.id });
    await waitUntil(() => desk().consultations.view(patients.baraka.visitId)?.writes.every((write) => write.state === 'applied') === true, 'every write applied');
    expect(desk().consultations.view(patients.baraka.visitId)).toMatchObject({ state: 'completed', encounter: { id: encounterId, status: 'signed' }, note: { unsent: false } });
  });

  it('sends to the conflicts inbox a prescription that an allergy recorded at another desk blocks on replay, and shows it with the consultation', async () => {
    const { handlers } = host;
    // Started online (she waits in the pool: the start with the desk's id calls her in).
    const started = await handlers['doctor.startConsultation']({ visitId: patients.chausiku.visitId, patientId: patients.chausiku.id });
    expect(started.state).toBe('open');
    await offline();
    const amoxicillin = await drug('amoxicillin 500 capsule', 500);
    // Nothing known here stops it: no allergy on the kept chart.
    const prescribed = await handlers['doctor.prescribe']({ encounterId: started.encounterId, items: [amoxicillin], overrides: [] });
    expect(prescribed).toMatchObject({ status: 'queued', check: { source: 'local', alerts: [] } });
    // Meanwhile the nurse records a penicillin allergy at her desk.
    await nurseDesk.call('allergies.record', { patientId: patients.chausiku.id, substance: { kind: 'drug', code: 'amoxicillin', text: 'Amoxicillin' }, severity: 'moderate', status: 'active' });

    await online();
    await waitUntil(() => host.status().outbox.pending === 0 && host.status().outbox.conflicts === 1, 'the refusal', 15_000);
    const [conflict] = (await handlers['outbox.list']({})).conflicts;
    expect(conflict).toMatchObject({ method: 'prescriptions.create', params: { id: prescribed.prescriptionId }, error: { code: 'CONFLICT', details: { reason: 'blocking_alerts', alerts: [{ kind: 'allergy' }] } } });
    expect(await database.db('prescriptions').where({ id: prescribed.prescriptionId }).first()).toBeUndefined();
    const view = await handlers['doctor.consultation']({ visitId: patients.chausiku.visitId });
    expect(view?.writes.find((write) => write.method === 'prescriptions.create')).toMatchObject({
      state: 'refused', params: { id: prescribed.prescriptionId }, error: { code: 'CONFLICT', details: { reason: 'blocking_alerts' } },
    });
    // The chart follows the allergy (its event reached the desk), so the next check here knows it too.
    await waitUntil(() => desk().charts.kept(patients.chausiku.id)?.chart.allergies.status === 'allergies', 'the chart read again');
    expect(desk().prescribing.checkHere(patients.chausiku.id, [amoxicillin]).alerts).toMatchObject([{ kind: 'allergy', blocking: true }]);

    // The doctor decides (the conflicts inbox's fix form): sent again with an override and its reason, it is written under the desk's id.
    const alerts = conflict!.error.details!.alerts as Array<{ alertKey: string }>;
    const overrides = alerts.map((alert) => ({ alertKey: alert.alertKey, reason: 'Took amoxicillin in 2024 with a mild rash only; no alternative in stock.' }));
    const resent = await handlers['outbox.resend']({ id: conflict!.id, params: { ...conflict!.params, overrides }, resolution: 'Allergy overridden.' });
    expect(resent).toMatchObject({ status: 'applied', result: { prescription: { id: prescribed.prescriptionId } } });
    expect(await database.db('prescription_overrides').where({ prescription_id: prescribed.prescriptionId }).select('alert_key')).toHaveLength(alerts.length);
    const after = await handlers['doctor.consultation']({ visitId: patients.chausiku.visitId });
    expect(after?.writes.filter((write) => write.method === 'prescriptions.create').map((write) => write.state)).toEqual(['resent', 'applied']);
    await handlers['doctor.complete']({ visitId: patients.chausiku.visitId });
  });
});

describe('Doctor host, the check here and the server\'s', () => {
  it('gives the same alerts for the same patient, items, formulary and rules (a child on warfarin, dosed by weight)', async () => {
    const { handlers } = host;
    const started = await handlers['doctor.startConsultation']({ visitId: patients.dawit.visitId, patientId: patients.dawit.id });
    const warfarin = await drug('warfarin 1 mg', 1, { frequency: 'od', quantity: 30, durationDays: 30 });
    await handlers['doctor.prescribe']({ encounterId: started.encounterId, items: [warfarin], overrides: [] });
    await waitUntil(() => (desk().charts.kept(patients.dawit.id)?.chart.medications.items.length ?? 0) === 1, 'the chart to list warfarin');
    const cases: Item[][] = [
      [await drug('ibuprofen 200', 200)],
      [await drug('paracetamol 500 tablet', 2000, { frequency: 'qds' })],
      [await drug('clarithromycin 500', 500, { frequency: 'bd' }), await drug('ibuprofen 200', 400)],
      [await drug('amoxicillin 500 capsule', 500)],
    ];
    for (const items of cases) {
      const server = await handlers['doctor.checkPrescription']({ patientId: patients.dawit.id, items });
      expect(server.source).toBe('server');
      expect(desk().prescribing.checkHere(patients.dawit.id, items)).toMatchObject({ source: 'local', alerts: server.alerts, ruleSetVersion: server.ruleSetVersion, formularyRevision: server.formularyRevision });
    }
    // Not every case is silent: the comparison means something.
    const interaction = await handlers['doctor.checkPrescription']({ patientId: patients.dawit.id, items: cases[0]! });
    expect(interaction.alerts.some((alert) => alert.kind === 'interaction' && alert.currentDrugId === warfarin.drugId)).toBe(true);
  });
});

describe('Doctor host, a crash while offline', () => {
  it('keeps every draft on disk: after a restart the words typed last reach the server once it is back', async () => {
    const consultation = desk().consultations.view(patients.dawit.visitId)!;
    const { encounterId } = consultation;
    await offline();
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    expect(await host.handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Bruising' }, typedAt: at(0) })).toMatchObject({ status: 'queued' });
    expect(await host.handlers['doctor.saveNote']({ encounterId, sections: { complaint: 'Bruising on both shins', plan: 'INR today' }, typedAt: at(1) })).toMatchObject({ status: 'kept' });
    // The app is killed and started again while the LAN is still down.
    await host.stop();
    host = await openHost(undefined);
    expect(desk().store.draft(encounterId)).toMatchObject({ sections: { complaint: 'Bruising on both shins', plan: 'INR today' } });
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual(['notes.save']);

    proxy.restore();
    await waitUntil(() => host.status().connection.state === 'connected', 'connected');
    await host.handlers['session.signIn']({ username: doctor.username, password: doctor.password });
    await waitUntil(() => desk().consultations.view(patients.dawit.visitId)?.note.unsent === false, 'the last draft sent', 15_000);
    expect(await database.db('encounter_notes').where({ encounter_id: encounterId }).first()).toMatchObject({ sections: { complaint: 'Bruising on both shins', plan: 'INR today' } });
    expect(host.status().outbox).toMatchObject({ pending: 0 });
  });
});

describe('Doctor host, offline, one patient at a time', () => {
  it('refuses an offline "See now" while another patient is still with the doctor; completed first, both replay in order', async () => {
    const { handlers } = host;
    // Dawit is still in consultation (the crash above left his visit open). Esther joins this doctor's queue.
    const esther = await insertTestPatient(database.db, { givenName: 'Esther', familyName: 'Njeri', birthDate: '1995-03-03' });
    const visit = await insertTestVisit(database.db, { patientId: esther.id, departmentId: opd.id, doctorId: doctor.id, queuedAt: new Date() });
    // Inserted behind the server's back: the boards read again after a reconnect.
    await offline();
    await online();
    await waitUntil(() => names(lists.at(-1)?.waiting).includes('Esther Njeri'), 'Esther in My patients');
    expect(names(lists.at(-1)?.inConsultation)).toEqual(['Dawit Bekele']);

    await offline();
    await expect(handlers['doctor.startConsultation']({ visitId: visit.id, patientId: esther.id })).rejects.toMatchObject({
      code: 'CONFLICT', details: { reason: 'still_serving', visitId: patients.dawit.visitId }, message: expect.stringContaining('Dawit Bekele'),
    });
    expect(host.outbox!.pending()).toEqual([]);
    expect(desk().consultations.view(visit.id)).toBeNull();
    // The doctor completes Dawit's visit, then sees Esther: queued in that order.
    expect(await handlers['doctor.complete']({ visitId: patients.dawit.visitId })).toMatchObject({ status: 'queued' });
    const started = await handlers['doctor.startConsultation']({ visitId: visit.id, patientId: esther.id });
    expect(started).toMatchObject({ state: 'starting' });
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual(['visits.complete', 'encounters.start']);

    await online();
    await waitUntil(() => host.status().outbox.pending === 0, 'the replay', 15_000);
    expect(host.status().outbox.conflicts).toBe(0);
    expect(await database.db('visits').where({ id: patients.dawit.visitId }).first()).toMatchObject({ status: 'completed' });
    expect(await database.db('visits').where({ id: visit.id }).first()).toMatchObject({ status: 'in_consultation', served_by: doctor.id });
    expect(await database.db('encounters').where({ id: started.encounterId, visit_id: visit.id, doctor_id: doctor.id }).first()).toBeDefined();
    await handlers['doctor.complete']({ visitId: visit.id });
  });
});

describe('Doctor host, a consultation started at another desk meanwhile', () => {
  it('adopts the server\'s encounter when the replayed start meets encounter_exists, and the queued writes land on it', async () => {
    const { handlers } = host;
    const fatuma = await insertTestPatient(database.db, { givenName: 'Fatuma', familyName: 'Ali', birthDate: '1988-08-08' });
    const visit = await insertTestVisit(database.db, { patientId: fatuma.id, departmentId: opd.id, doctorId: doctor.id, queuedAt: new Date() });
    await offline();
    await online();
    await waitUntil(() => names(lists.at(-1)?.waiting).includes('Fatuma Ali'), 'Fatuma in My patients');
    await offline();
    // With this desk's LAN down, the doctor starts her consultation at the desk next door.
    const nextDoor = await TestClient.connect(server.wsUrl);
    let serverEncounterId: string;
    try {
      await nextDoor.signIn(doctor.username, doctor.password);
      serverEncounterId = (await nextDoor.call('encounters.start', { visitId: visit.id, encounterId: crypto.randomUUID() })).encounter.id;
    } finally {
      await nextDoor.close();
    }
    // This desk still shows her waiting: the doctor starts her here too, and writes the consultation.
    const started = await handlers['doctor.startConsultation']({ visitId: visit.id, patientId: fatuma.id });
    const ownId = started.encounterId;
    expect(ownId).not.toBe(serverEncounterId);
    await handlers['doctor.saveNote']({ encounterId: ownId, sections: { complaint: 'Headache' }, typedAt: new Date().toISOString() });
    await handlers['doctor.order']({ encounterId: ownId, items: [{ kind: 'lab', code: 'FBC', name: 'Full blood count', priority: 'routine' }] });
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual(['encounters.start', 'notes.save', 'orders.create']);

    await online();
    await waitUntil(() => host.status().outbox.pending === 0, 'the replay', 15_000);
    expect(host.status().outbox.conflicts).toBe(0);
    const [start] = (await handlers['outbox.list']({})).conflicts.filter((conflict) => conflict.method === 'encounters.start' && (conflict.params as { visitId: string }).visitId === visit.id);
    expect(start).toMatchObject({ error: { details: { reason: 'encounter_exists', encounterId: serverEncounterId } }, resolution: expect.stringContaining(serverEncounterId) });
    expect(await database.db('encounter_notes').where({ encounter_id: serverEncounterId }).first()).toMatchObject({ sections: { complaint: 'Headache' } });
    expect(await database.db('order_items').where({ encounter_id: serverEncounterId, code: 'FBC' }).first()).toBeDefined();
    expect(await database.db('encounters').where({ id: ownId }).first()).toBeUndefined();
    await waitUntil(() => desk().consultations.view(visit.id)?.state === 'open', 'the consultation open on the server\'s encounter');
    expect(desk().consultations.view(visit.id)).toMatchObject({ encounterId: serverEncounterId, encounter: { id: serverEncounterId } });
    // The screen still holding the desk's id goes on writing: to the server's encounter.
    expect(await handlers['doctor.sign']({ encounterId: ownId })).toMatchObject({ status: 'applied' });
    expect(await database.db('encounters').where({ id: serverEncounterId }).first()).toMatchObject({ status: 'signed' });
    await handlers['doctor.complete']({ visitId: visit.id });
  });
});

describe('Doctor host, a prescription the sign overtook', () => {
  it('adds the refused offline prescription to the signed consultation from the conflicts inbox, with the reason, once the sign got there first', async () => {
    const { handlers } = host;
    const grace = await insertTestPatient(database.db, { givenName: 'Grace', familyName: 'Wanjiru', birthDate: '1992-02-02' });
    const visit = await insertTestVisit(database.db, { patientId: grace.id, departmentId: opd.id, doctorId: doctor.id, queuedAt: new Date() });
    await offline();
    await online();
    await waitUntil(() => names(lists.at(-1)?.waiting).includes('Grace Wanjiru'), 'Grace in My patients');
    const started = await handlers['doctor.startConsultation']({ visitId: visit.id, patientId: grace.id });
    const { encounterId } = started;
    await offline();
    const amoxicillin = await drug('amoxicillin 500 capsule', 500);
    const prescribed = await handlers['doctor.prescribe']({ encounterId, items: [amoxicillin], overrides: [] });
    expect(prescribed).toMatchObject({ status: 'queued' });
    expect(await handlers['doctor.sign']({ encounterId })).toMatchObject({ status: 'queued' });
    await nurseDesk.call('allergies.record', { patientId: grace.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' }, severity: 'severe', status: 'active' });

    // The replay: the prescription is refused (the allergy), the sign after it is applied.
    await online();
    await waitUntil(() => host.status().outbox.pending === 0, 'the replay', 15_000);
    expect(await database.db('encounters').where({ id: encounterId }).first()).toMatchObject({ status: 'signed' });
    const conflict = (await handlers['outbox.list']({})).conflicts.find((one) => one.method === 'prescriptions.create' && one.resolvedAt === null && (one.params as { id: string }).id === prescribed.prescriptionId)!;
    expect(conflict.error.details).toMatchObject({ reason: 'blocking_alerts' });
    const azithromycin = await drug('azithromycin 500 tablet', 500, { frequency: 'od', durationDays: 3, quantity: 3 });
    const fixed = { ...(conflict.params as ParamsIn<'prescriptions.create'>), items: [azithromycin] };
    // Corrected but sent as before, the signed consultation refuses it: the conflict stays open.
    await expect(handlers['outbox.resend']({ id: conflict.id, params: fixed, resolution: 'Azithromycin instead.' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'encounter_signed' } });
    expect((await handlers['outbox.list']({})).conflicts.find((one) => one.id === conflict.id)?.resolvedAt).toBeNull();

    const reason = 'Prescribed during the consultation with the LAN down; the sign reached the server first.';
    const resent = await handlers['outbox.resend']({ id: conflict.id, params: { ...fixed, afterSign: { reason } }, resolution: 'Azithromycin instead, after signing.' });
    expect(resent).toMatchObject({ status: 'applied', result: { prescription: { id: prescribed.prescriptionId, afterSignReason: reason } } });
    expect(await database.db('prescriptions').where({ id: prescribed.prescriptionId, encounter_id: encounterId }).first()).toMatchObject({ after_sign_reason: reason });
    const addenda = await database.db('encounter_addenda').where({ encounter_id: encounterId }).select('text', 'author_id');
    expect(addenda).toEqual([{ text: expect.stringMatching(/^Prescription RX-\d{6} \(Azithromycin .*\) added after signing: Prescribed during/), author_id: doctor.id }]);
    const view = await handlers['doctor.consultation']({ visitId: visit.id });
    expect(view?.writes.filter((write) => write.method === 'prescriptions.create').map((write) => write.state)).toEqual(['resent', 'applied']);
    await handlers['doctor.complete']({ visitId: visit.id });
  });
});

describe('Doctor host, who may use it', () => {
  it('refuses a receptionist every clinical request, online and offline, even for charts kept on this workstation', async () => {
    await host.handlers['session.signOut']({});
    await host.handlers['session.signIn']({ username: reception.username, password: reception.password });
    const { handlers } = host;
    expect(desk().charts.kept(patients.amina.id)).toBeDefined();
    await expect(handlers['doctor.chart']({ patientId: patients.amina.id, refresh: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['doctor.myPatients']({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['doctor.consultation']({ visitId: patients.amina.visitId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['doctor.searchDiagnoses']({ query: 'pneumonia', limit: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await offline();
    await expect(handlers['doctor.chart']({ patientId: patients.amina.id, refresh: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['doctor.checkPrescription']({ patientId: patients.amina.id, items: [{ drugId: patients.amina.id, dose: 1, doseUnit: 'mg', route: 'oral', frequency: 'od' }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await online();
    // The server refuses them too.
    const direct = await TestClient.connect(server.wsUrl);
    try {
      await direct.signIn(reception.username, reception.password);
      expect((await direct.callError('charts.get', { patientId: patients.amina.id })).code).toBe('FORBIDDEN');
    } finally {
      await direct.close();
    }
  });
});
