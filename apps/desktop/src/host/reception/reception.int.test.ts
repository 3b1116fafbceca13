import { HmsError } from '@hms/core';
import type { QueueBoard } from '@hms/core';
import * as serverSupport from '@hms/server/test-support';
import { TestClient, addDoctorToDepartment, createTestUser, insertTestDepartment, insertTestPatient } from '@hms/server/test-support';
import type { TestDatabase, TestDepartment, TestServer, TestUser } from '@hms/server/test-support';
import type { ConflictView } from '../../shared/protocol/records.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { QueueBoardView, ReceptionChange } from '../../shared/protocol/reception.js';
import { changesMrn, correctedParams } from '../../shared/reception/conflict-fix.js';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack, StackProxy } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The reception desk's host against the real server on real PostgreSQL: online, then cut off
// (a TCP relay the test cuts), then back; every record is checked in the database.

let stack: DeskStack<TestDatabase, TestServer>;
let database: TestDatabase;
let server: TestServer;
let proxy: StackProxy;
let reception: TestUser;
let nurse: TestUser;
let admin: TestUser;
let doctor: TestUser;
let opd: TestDepartment;
let dental: TestDepartment;
let host: Host;
const boards: QueueBoardView[] = [];
const changes: ReceptionChange[] = [];
/** The first Amina Yusuf registered (checked in to OPD online), and her twin. */
const registered: { amina?: { id: string; mrn: string }; twin?: { id: string } } = {};

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'reception' });
  ({ database, server, proxy } = stack);
  await database.db('hospital_settings').update({ name: 'St. Mary Mission Hospital', address: 'Mission Road, Nyeri', time_zone: 'Africa/Nairobi' });
  opd = await insertTestDepartment(database.db, undefined, 'Outpatients');
  dental = await insertTestDepartment(database.db, undefined, 'Dental');
  reception = await createTestUser(database.db, 'rita.reception', ['receptionist']);
  nurse = await createTestUser(database.db, 'nina.nurse', ['nurse']);
  admin = await createTestUser(database.db, 'ada.admin', ['admin']);
  doctor = await createTestUser(database.db, 'dr.otieno', ['doctor']);
  await addDoctorToDepartment(database.db, doctor.id, opd.id, { room: 'Room 2' });
  host = await openHost();
}, 60_000);

/** The desk's host on its data folder (opened again, it is the app restarted), signed in as the receptionist. */
async function openHost(): Promise<Host> {
  return stack.openHost({
    workstationId: 'reception-7',
    user: reception,
    onEvent: (event) => {
      if (event.event === 'reception.queue') boards.push(event.data);
      if (event.event === 'reception.changed') changes.push(event.data);
    },
  });
}

afterAll(async () => {
  await stack?.stop();
});

const demographics = (givenName: string, familyName: string, phone: string) => ({ givenName, familyName, sex: 'F' as const, birthDate: '1990-04-12', phone });
const latestBoard = (department: string): QueueBoard | null => boards.findLast((view) => view.department === department)?.board ?? null;
const withoutTime = (board: QueueBoard | null) => (board === null ? null : { ...board, at: undefined });

async function count(table: string, where: Record<string, unknown>): Promise<number> {
  const rows = await database.db(table).where(where).count<{ count: string }[]>('* as count');
  return Number(rows[0]?.count);
}

describe('Reception host, online', () => {
  it('keeps reference data and an MRN block, registers (warning of duplicates), searches, checks in, and follows the board live', async () => {
    const handlers = host.handlers;
    await waitUntil(() => host.offlineMrns!.pool.status({ serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId: 'reception-7' }, new Date()).remaining === 50, 'an MRN block');
    const overview = await handlers['reception.overview']({ refresh: false });
    expect(overview).toMatchObject({ hospital: { name: 'St. Mary Mission Hospital', address: 'Mission Road, Nyeri' }, source: 'server', mrnBlock: { remaining: 50 } });
    expect(overview.departments.map((department) => department.code)).toEqual(expect.arrayContaining([opd.code, dental.code]));
    expect(overview.doctors.map((item) => item.username)).toContain('dr.otieno');

    // Rules first, with the server's messages, before anything is sent.
    await expect(handlers['reception.register']({ givenName: 'Amina', familyName: '' })).rejects.toMatchObject({
      code: 'VALIDATION', details: { fields: { familyName: 'must not be empty', sex: 'is required (F, M, O or U)' } },
    });

    const amina = await handlers['reception.register'](demographics('Amina', 'Yusuf', '0722 123 456'));
    expect(amina).toMatchObject({ status: 'applied', patient: { givenName: 'Amina', phone: '+254722123456', registeredOffline: false } });
    const duplicate = await handlers['reception.register'](demographics('Amina', 'Yusuf', '0722 123 456')).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(HmsError);
    expect((duplicate as HmsError).code).toBe('CONFLICT');
    expect((duplicate as HmsError).details?.candidates).toMatchObject([{ patient: { id: amina.patient.id } }]);
    const twin = await handlers['reception.register']({ ...demographics('Amina', 'Yusuf', '0722 123 456'), confirmedNotDuplicate: true });
    expect(twin.status).toBe('applied');
    expect(await count('patients', { given_name: 'Amina', family_name: 'Yusuf' })).toBe(2);
    registered.amina = amina.patient;
    registered.twin = twin.patient;

    const found = await handlers['reception.search']({ query: 'amin yus', limit: 20 });
    expect(found).toMatchObject({ source: 'server' });
    expect(found.items.map((item) => item.id).sort()).toEqual([amina.patient.id, twin.patient.id].sort());
    expect(host.patients!.get(amina.patient.id)).toMatchObject({ detail: 'full', version: 1 });
    const byMrn = await handlers['reception.patient']({ mrn: amina.patient.mrn });
    expect(byMrn).toMatchObject({ source: 'server', detail: 'full', patient: { id: amina.patient.id } });

    const watched = await handlers['reception.watchQueue']({ department: opd.code.toLowerCase() });
    expect(watched).toMatchObject({ department: opd.code, live: true, board: { waiting: [] } });
    const checkIn = await handlers['reception.checkIn']({
      patient: { id: amina.patient.id, mrn: amina.patient.mrn, name: 'Amina Yusuf' }, visitType: 'new', department: opd.code, complaint: 'Headache',
    });
    expect(checkIn).toMatchObject({ status: 'applied', visit: { token: `${opd.code}-001`, position: 1 }, checkIn: { state: 'applied' } });
    // The event moves the board at once; the reload that follows names the patient.
    await waitUntil(() => latestBoard(opd.code)?.waiting[0]?.patient?.name === 'Amina Yusuf', 'the board to name the patient');

    // Another desk (a nurse) calls the patient in: the board follows, and agrees with the server's own.
    const nurseDesk = await TestClient.connect(server.wsUrl);
    try {
      await nurseDesk.signIn(nurse.username, nurse.password);
      await nurseDesk.call('queue.callNext', { department: opd.code, doctorId: doctor.id });
      await waitUntil(() => latestBoard(opd.code)?.nowServing.length === 1, 'now serving');
      const { board } = await nurseDesk.call('queue.board', { department: opd.code });
      expect(withoutTime(latestBoard(opd.code))).toEqual(withoutTime(board));
    } finally {
      await nurseDesk.close();
    }
    expect(await handlers['reception.checkIns']({})).toMatchObject([{ patient: { name: 'Amina Yusuf' }, visit: { token: `${opd.code}-001` } }]);
  });
});

describe('Reception host, offline', () => {
  it('registers with a block MRN and checks in with the arrival time; on reconnect the outbox replays each once, in order; refusals wait in the inbox', async () => {
    const handlers = host.handlers;
    const { amina, twin } = registered;
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    await waitUntil(() => boards.at(-1)?.live === false, 'the board to say it is not live');

    const before = Date.now();
    const bakari = await handlers['reception.register']({ givenName: 'Bakari', familyName: 'Mwinyi', sex: 'M', estimatedAgeYears: 40, phone: '0733 000 222' });
    expect(bakari).toMatchObject({ status: 'queued', patient: { registeredOffline: true, version: 0, birthDateEstimated: true } });
    const mrn = bakari.patient.mrn;
    expect(mrn).toMatch(/^PAT-\d{4}-\d{6}-[0-9A-Z]$/);
    // The workstation's copy has the new patient at once, marked as not sent yet.
    expect(await handlers['reception.search']({ query: 'bakari', limit: 5 })).toMatchObject({ source: 'cache', items: [{ mrn, pending: true }] });
    expect(await handlers['reception.patient']({ mrn })).toMatchObject({ source: 'cache', detail: 'provisional' });
    expect((await handlers['reception.watchQueue']({ department: opd.code })).live).toBe(false);

    const checkIn = await handlers['reception.checkIn']({ patient: { id: bakari.patient.id, mrn, name: 'Bakari Mwinyi' }, visitType: 'emergency', department: opd.code });
    expect(checkIn).toMatchObject({ status: 'queued', checkIn: { state: 'queued', visit: null } });
    // Amina is already waiting there: the server will refuse this one on replay.
    const again = await handlers['reception.checkIn']({ patient: { id: amina!.id, mrn: amina!.mrn, name: 'Amina Yusuf' }, visitType: 'follow_up', department: opd.code });
    expect(again.status).toBe('queued');
    expect(host.status().outbox).toMatchObject({ pending: 3, conflicts: 0 });
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual(['patients.register', 'visits.checkIn', 'visits.checkIn']);

    proxy.restore();
    await waitUntil(() => host.status().outbox.pending === 0 && host.status().outbox.conflicts === 1, 'the outbox to drain', 15_000);
    const patient = await database.db('patients').where({ mrn }).first();
    expect(patient).toMatchObject({ id: bakari.patient.id, registered_offline: true, given_name: 'Bakari' });
    expect((patient as { registered_at: Date }).registered_at.toISOString()).toBe(bakari.patient.registeredAt);
    expect(await count('patients', { mrn })).toBe(1);
    const visits = await database.db('visits').where({ patient_id: bakari.patient.id });
    expect(visits).toHaveLength(1);
    expect((visits[0] as { arrived_at: Date }).arrived_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await count('visits', { patient_id: amina!.id })).toBe(1);
    expect(host.patients!.get(bakari.patient.id)).toMatchObject({ detail: 'full', version: 1 });

    const today = await handlers['reception.checkIns']({});
    expect(today.find((item) => item.key === checkIn.checkIn.key)).toMatchObject({ state: 'applied', visit: { priority: 'emergency' } });
    expect(today.find((item) => item.key === again.checkIn.key)).toMatchObject({ state: 'rejected', visit: null });
    const [conflict] = (await handlers['outbox.list']({})).conflicts;
    expect(conflict).toMatchObject({ method: 'visits.checkIn', error: { code: 'CONFLICT', details: { reason: 'already_checked_in' } } });

    // The board watches again after the reconnect: a check-in at another desk reaches it.
    await waitUntil(() => boards.at(-1)?.live === true, 'the board live again');
    const otherDesk = await TestClient.connect(server.wsUrl);
    try {
      await otherDesk.signIn(reception.username, reception.password);
      await otherDesk.call('visits.checkIn', { patientId: twin!.id, visitType: 'new', department: opd.code });
      await waitUntil(() => latestBoard(opd.code)?.waiting.length === 2, 'the other desk\'s check-in on the board');
    } finally {
      await otherDesk.close();
    }

    // The refused check-in, corrected (another department) and sent again: resolved, on record.
    const resent = await handlers['outbox.resend']({ id: conflict!.id, params: { ...(conflict!.params as object), department: dental.code }, resolution: 'Checked in to Dental instead.' });
    expect(resent).toMatchObject({ status: 'applied', result: { visit: { token: `${dental.code}-001` } } });
    expect((await handlers['outbox.list']({})).conflicts[0]).toMatchObject({ resolution: expect.stringContaining('Checked in to Dental instead.') });
    expect(host.status().outbox.conflicts).toBe(0);
    expect(await count('visits', { patient_id: amina!.id })).toBe(2);
    const afterResend = await handlers['reception.checkIns']({});
    expect(afterResend.filter((item) => item.department === dental.code)).toMatchObject([{ state: 'applied', patient: { id: amina!.id } }]);
    // The refusal, resolved, no longer shows at the desk.
    expect(afterResend.find((item) => item.key === again.checkIn.key)).toBeUndefined();
  });
});

describe('Reception host, a registration whose reply was lost', () => {
  it('registers offline with the same id; the replay answers the patient as registered, and the desk is told to replace the wristband until a person says so, across a restart', async () => {
    const handlers = host.handlers;
    const connection = host.connection;
    const send = connection.call.bind(connection);
    // The registration reaches the server, then the link drops before its reply arrives.
    let loseReply = true;
    const calls = vi.spyOn(connection, 'call').mockImplementation((async (method, params, options) => {
      const result = await send(method, params, options);
      if (method !== 'patients.register' || !loseReply) return result;
      loseReply = false;
      proxy.cut();
      throw new HmsError('UNAVAILABLE', 'The connection was lost.');
    }) as typeof connection.call);
    try {
      const wanjiru = await handlers['reception.register'](demographics('Wanjiru', 'Kamau', '0722 900 100'));
      expect(wanjiru).toMatchObject({ status: 'queued', patient: { registeredOffline: true } });
      const printed = wanjiru.patient.mrn;
      const { id } = wanjiru.patient;
      const onServer = (await database.db('patients').where({ id }).first()) as { mrn: string };
      expect(onServer.mrn).not.toBe(printed);
      expect(await handlers['reception.mrnCorrections']({})).toEqual([]);
      const checkIn = await handlers['reception.checkIn']({ patient: { id, mrn: printed, name: 'Wanjiru Kamau' }, visitType: 'new', department: dental.code });
      expect(checkIn.status).toBe('queued');

      proxy.restore();
      await waitUntil(() => host.status().outbox.pending === 0, 'the replay', 15_000);
      expect(host.status().outbox.conflicts).toBe(0);
      expect(await count('patients', { given_name: 'Wanjiru', family_name: 'Kamau' })).toBe(1);
      expect(host.patients!.get(id)).toMatchObject({ mrn: onServer.mrn, detail: 'full' });
      expect(await handlers['reception.mrnCorrections']({})).toMatchObject([
        { patientId: id, patientName: 'Wanjiru Kamau', printedMrn: printed, mrn: onServer.mrn, reason: 'lostReply', patient: { id, mrn: onServer.mrn } },
      ]);
      expect(changes).toContainEqual({ what: 'mrnCorrections' });
      // Her check-in, made offline under the printed number, shows her MRN now.
      expect((await handlers['reception.checkIns']({})).find((item) => item.key === checkIn.checkIn.key)).toMatchObject({ state: 'applied', patient: { id, mrn: onServer.mrn } });
      // The wristband, scanned before it is replaced, still opens the patient.
      expect(await handlers['reception.patient']({ mrn: printed.toLowerCase() })).toMatchObject({ patient: { id, mrn: onServer.mrn } });

      // The app restarts: the desk is still told.
      calls.mockRestore();
      await host.stop();
      host = await openHost();
      const [kept] = await host.handlers['reception.mrnCorrections']({});
      expect(kept).toMatchObject({ patientId: id, printedMrn: printed, mrn: onServer.mrn });
      await host.handlers['reception.acknowledgeMrnCorrection']({ patientId: id, printedMrn: printed });
      expect(await host.handlers['reception.mrnCorrections']({})).toEqual([]);
      await expect(host.handlers['reception.acknowledgeMrnCorrection']({ patientId: id, printedMrn: printed })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(host.cache!.prepare('select acknowledged_by from mrn_corrections where patient_id = ?').get(id)).toEqual({ acknowledged_by: reception.username });
    } finally {
      calls.mockRestore();
      proxy.restore();
    }
  });
});

describe('Reception host, refused registrations', () => {
  it('a registration refused on replay (its MRN block was retired) is fixed and sent again for a new MRN, or discarded with its offline copy', async () => {
    const handlers = host.handlers;
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    const zawadi = await handlers['reception.register']({ givenName: 'Zawadi', familyName: 'Otieno', sex: 'F', birthDate: '2001-02-03' });
    const juma = await handlers['reception.register']({ givenName: 'Juma', familyName: 'Ali', sex: 'M', estimatedAgeYears: 60 });
    expect([zawadi.status, juma.status]).toEqual(['queued', 'queued']);
    // Meanwhile an administrator retires this desk's block: its numbers are no longer valid.
    const blockId = (host.cache!.prepare('select block_id from mrn_numbers where mrn = ?').get(zawadi.patient.mrn) as { block_id: string }).block_id;
    const office = await TestClient.connect(server.wsUrl);
    try {
      await office.signIn(admin.username, admin.password);
      await office.call('mrn.retireBlock', { blockId });
    } finally {
      await office.close();
    }
    proxy.restore();
    await waitUntil(() => host.status().outbox.pending === 0 && host.status().outbox.conflicts === 2, 'both refused', 15_000);
    const open = (await handlers['outbox.list']({})).conflicts.filter((conflict) => conflict.resolvedAt === null);
    const refusal = (id: string) => open.find((conflict) => (conflict.params as { id: string }).id === id) as ConflictView;
    expect(refusal(zawadi.patient.id).error).toMatchObject({ code: 'CONFLICT', details: { fields: { mrn: 'from a retired block' } } });

    // Fixed: the server now gives the MRN (the desk prints a new wristband); same client id.
    const fields = refusal(zawadi.patient.id).error.details?.fields as Record<string, string>;
    const params = correctedParams(refusal(zawadi.patient.id).params, { phone: '0722 555 000' }, fields);
    expect(changesMrn(refusal(zawadi.patient.id).params, params)).toBe(true);
    const resent = await handlers['outbox.resend']({ id: refusal(zawadi.patient.id).id, params, resolution: 'New MRN.' });
    expect(resent.status).toBe('applied');
    const row = await database.db('patients').where({ id: zawadi.patient.id }).first();
    expect(row).toMatchObject({ given_name: 'Zawadi', phone: '+254722555000', registered_offline: true });
    expect((row as { mrn: string }).mrn).not.toBe(zawadi.patient.mrn);
    expect(host.patients!.get(zawadi.patient.id)).toMatchObject({ detail: 'full', mrn: (row as { mrn: string }).mrn });
    // Her wristband shows the refused number: the desk is told until it is replaced.
    expect((await handlers['reception.mrnCorrections']({})).find((correction) => correction.patientId === zawadi.patient.id)).toMatchObject({
      printedMrn: zawadi.patient.mrn, mrn: (row as { mrn: string }).mrn, reason: 'refusedMrn',
    });

    // Discarded: kept on record with the reason; the offline copy of a patient the server never had goes.
    await handlers['outbox.resolveConflict']({ id: refusal(juma.patient.id).id, resolution: 'Discarded: registered again at the front desk.' });
    expect(host.patients!.get(juma.patient.id)).toBeUndefined();
    expect(await count('patients', { id: juma.patient.id })).toBe(0);
    expect(host.status().outbox.conflicts).toBe(0);
    expect((await handlers['outbox.list']({})).conflicts.filter((conflict) => conflict.resolution?.startsWith('Discarded')).length).toBe(1);
  });
});

describe('Reception host, keeping its copy fresh', () => {
  it('refreshes patients another desk changed with one patients.summaries call per batch; a merged record then opens its survivor, offline too', async () => {
    const handlers = host.handlers;
    const halima = (await handlers['reception.register'](demographics('Halima', 'Abdi', '0711 400 500'))).patient;
    const halimah = (await handlers['reception.register']({ ...demographics('Halimah', 'Abdi', '0711 400 500'), confirmedNotDuplicate: true })).patient;
    const calls = vi.spyOn(host.connection, 'call');
    const summaries = () => calls.mock.calls.filter(([method]) => method === 'patients.summaries').map(([, params]) => (params as { ids: string[] }).ids);
    const office = await TestClient.connect(server.wsUrl);
    try {
      await office.signIn(admin.username, admin.password);
      await office.call('patients.update', { id: halima.id, expectedVersion: 1, phone: '0700 333 444' });
      await waitUntil(() => host.patients!.get(halima.id)?.version === 2, 'the correction in the copy');
      expect(host.patients!.get(halima.id)).toMatchObject({ phone: '+254700333444', detail: 'brief' });
      expect(summaries()).toEqual([[halima.id]]);

      // A merge changes both records: one call for the two; the merged one answers with its survivor.
      const { merge } = await office.call('patients.merge', { survivorId: halima.id, mergedId: halimah.id, reason: 'Same person' });
      await waitUntil(() => host.patients!.get(halimah.id)?.mergedInto === halima.id && host.patients!.get(halima.id)!.version > 2, 'the merge in the copy');
      expect(summaries()).toHaveLength(2);
      expect([...summaries()[1]!].sort()).toEqual([halima.id, halimah.id].sort());
      // Searches and audited reads are not how the copy is refreshed.
      expect(calls.mock.calls.filter(([method]) => method === 'patients.search' || method === 'patients.get')).toEqual([]);

      proxy.cut();
      await waitUntil(() => host.status().connection.state === 'offline', 'offline');
      for (const ref of [{ id: halimah.id }, { mrn: halimah.mrn }]) {
        expect(await handlers['reception.patient'](ref)).toMatchObject({ source: 'cache', reachedThroughAlias: true, patient: { id: halima.id, mrn: halima.mrn } });
      }
      const found = await handlers['reception.search']({ query: 'halimah abdi', limit: 10 });
      expect(found).toMatchObject({ source: 'cache', items: [{ id: halima.id }] });
      proxy.restore();
      await waitUntil(() => host.status().connection.state === 'connected' && host.connection.currentSession !== undefined, 'back online');

      // Unmerged, the record is itself again.
      await office.call('patients.unmerge', { mergeId: merge.id });
      await waitUntil(() => host.patients!.get(halimah.id)?.mergedInto === null, 'the unmerge in the copy');
      await waitUntil(() => host.patients!.get(halimah.id)!.version > 1, 'the restored record refreshed');
      expect(await handlers['reception.patient']({ id: halimah.id })).toMatchObject({ reachedThroughAlias: false, patient: { id: halimah.id, givenName: 'Halimah' } });
    } finally {
      calls.mockRestore();
      proxy.restore();
      await office.close();
    }
  });
});

describe('Reception host, who may do what', () => {
  it('a nurse checks patients in but may not register, online or offline; a doctor may not check in', async () => {
    const handlers = host.handlers;
    const neema = await insertTestPatient(database.db, { givenName: 'Neema', familyName: 'Wafula' });
    const patient = { id: neema.id, mrn: neema.mrn, name: 'Neema Wafula' };
    try {
      await handlers['session.signIn']({ username: nurse.username, password: nurse.password });
      const checkIn = await handlers['reception.checkIn']({ patient, visitType: 'new', department: dental.code });
      expect(checkIn).toMatchObject({ status: 'applied', visit: { department: dental.code, patient: { mrn: neema.mrn } } });
      await expect(handlers['reception.register'](demographics('Neema', 'Wafula', '0700 111 222'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // Offline too: refused at once, rather than queued for the server to refuse later.
      proxy.cut();
      await waitUntil(() => host.status().connection.state === 'offline', 'offline');
      await expect(handlers['reception.register'](demographics('Neema', 'Wafula', '0700 111 222'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(host.status().outbox.pending).toBe(0);
      proxy.restore();
      await waitUntil(() => host.status().connection.state === 'connected', 'connected');
      await handlers['session.signIn']({ username: doctor.username, password: doctor.password });
      await expect(handlers['reception.checkIn']({ patient, visitType: 'new', department: opd.code })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await count('visits', { patient_id: neema.id })).toBe(1);
    } finally {
      proxy.restore();
      await handlers['session.signIn']({ username: reception.username, password: reception.password });
    }
  });
});
