import { DEFAULT_MRN_FORMAT, isValidMrn, parseMrnFormat } from '@hms/core';
import type { Role } from '@hms/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
const format = parseMrnFormat(DEFAULT_MRN_FORMAT);

const stack = useTestStack({ clock, timeZone: 'Africa/Nairobi' });

const as = (role: Role, workstationId = 'desk-1'): Promise<TestClient> => stack.signedIn([role], workstationId);

describe('patients.register', () => {
  it('registers with a server-allocated MRN, audits it and tells watchers', async () => {
    const desk = await as('receptionist');
    const doctor = await as('doctor');
    await doctor.call('patients.watch', {});
    const { patient } = await desk.call('patients.register', {
      givenName: ' Grace ', familyName: 'Achieng', sex: 'F', estimatedAgeYears: 30, phone: '0711 222 333', nationalId: '2233 4455',
      insurance: { payer: 'NHIF', memberNumber: 'M-1', validTo: '2026-12-31' },
    });
    expect(patient).toMatchObject({ givenName: 'Grace', familyName: 'Achieng', birthDate: '1996-03-02', birthDateEstimated: true, phone: '+254711222333', nationalId: '22334455', version: 1 });
    expect(patient.mrn).toMatch(/^PAT-2026-\d{6}-\d$/);
    expect(isValidMrn(format, patient.mrn)).toBe(true);
    const event = await doctor.waitForEvent((e) => e.event === 'patients.changed');
    expect(event.data).toEqual({ change: 'registered', patients: [{ id: patient.id, version: 1, mergedInto: null }] });
    const audit = await stack.db('audit_log').where({ action: 'patients.register', entity_id: patient.id }).first();
    expect(audit.after).toMatchObject({ mrn: patient.mrn, givenName: 'Grace' });
  });

  it('answers VALIDATION per field', async () => {
    const desk = await as('receptionist');
    const error = await desk.callError('patients.register', { givenName: ' ', familyName: 'X', sex: 'M', birthDate: '2030-01-01', phone: '123' });
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.fields).toMatchObject({ givenName: 'must not be empty', birthDate: 'must not be in the future', phone: expect.stringContaining('phone') });
    expect((await desk.callError('patients.register', { givenName: 'A', familyName: 'B', sex: 'X' as 'F' })).code).toBe('VALIDATION');
  });

  it('refuses likely duplicates with the candidates unless confirmed (audited)', async () => {
    const desk = await as('receptionist');
    const first = (await desk.call('patients.register', { givenName: 'Wanjiru', familyName: 'Kimani', sex: 'F', birthDate: '1990-07-14', phone: '0722 555 010' })).patient;
    const error = await desk.callError('patients.register', { givenName: 'Wanjiru', familyName: 'Kimanni', sex: 'F', birthDate: '1990-07-14' });
    expect(error.code).toBe('CONFLICT');
    const candidates = error.details?.candidates as Array<{ patient: { id: string }; likelihood: string; reasons: string[] }>;
    expect(candidates[0]).toMatchObject({ patient: { id: first.id }, likelihood: 'likely' });
    expect(candidates[0]!.reasons).toContain('birth_date');

    const { patient } = await desk.call('patients.register', { givenName: 'Wanjiru', familyName: 'Kimanni', sex: 'F', birthDate: '1990-07-14', confirmedNotDuplicate: true });
    const audit = await stack.db('audit_log').where({ action: 'patients.register', entity_id: patient.id }).first();
    expect(audit.details).toMatchObject({ confirmedNotDuplicate: true, likelyDuplicates: [{ patientId: first.id }] });

    const found = await desk.call('patients.findDuplicates', { patientId: patient.id });
    expect(found.candidates.map((c) => c.patient.id)).toContain(first.id);
    const byDemographics = await desk.call('patients.findDuplicates', { givenName: 'Wanjiru', familyName: 'Kimani', phone: '0722555010' });
    expect(byDemographics.candidates[0]?.patient.id).toBe(first.id);
  });

  it('allocates unique consecutive MRNs under concurrent registration from many connections', async () => {
    const desks = await Promise.all(Array.from({ length: 12 }, () => as('receptionist')));
    const results = await Promise.all(
      desks.flatMap((desk, d) => [0, 1, 2].map((n) => desk.call('patients.register', { givenName: `Concurrent${d}x${n}`, familyName: `Desk${d}n${n}`, sex: 'U' }))),
    );
    const numbers = results.map((result) => Number(result.patient.mrn.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(results.map((result) => result.patient.mrn)).size).toBe(36);
    expect(numbers.at(-1)! - numbers[0]!).toBe(35);
  });
});

describe('patients.update, get and history', () => {
  it('corrects demographics with optimistic versions, audits before/after and keeps history', async () => {
    const desk = await as('receptionist');
    const admin = await as('admin');
    const { patient } = await desk.call('patients.register', { givenName: 'Otieno', familyName: 'Ouma', sex: 'M', birthDate: '1980-01-01' });
    const updated = await desk.call('patients.update', { id: patient.id, expectedVersion: 1, phone: '0733 444 555', middleName: 'Odhiambo' });
    expect(updated.patient).toMatchObject({ version: 2, phone: '+254733444555', middleName: 'Odhiambo' });
    const stale = await desk.callError('patients.update', { id: patient.id, expectedVersion: 1, phone: null });
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2 } });
    await desk.call('patients.update', { id: patient.id, estimatedAgeYears: 50 });

    const history = await admin.call('patients.history', { id: patient.id });
    expect(history.items.map((item) => [item.action, item.version])).toEqual([['patients.register', 1], ['patients.update', 2], ['patients.update', 3]]);
    expect(history.items[1]!.changedFields).toEqual(['middleName', 'phone']);
    expect(history.items[2]!.changedFields).toEqual(['birthDate', 'birthDateEstimated']);
    const paged = await admin.call('patients.history', { id: patient.id, limit: 2 });
    expect(paged.items).toHaveLength(2);
    expect((await admin.call('patients.history', { id: patient.id, cursor: paged.nextCursor! })).items.map((i) => i.version)).toEqual([3]);

    const got = await desk.call('patients.get', { id: patient.id });
    expect(got).toMatchObject({ reachedThroughAlias: false, patient: { version: 3, birthDate: '1976-03-02' } });
    expect((await desk.call('patients.get', { mrn: patient.mrn.toLowerCase() })).patient.id).toBe(patient.id);
    const reads = await stack.db('audit_log').whereIn('action', ['patients.get', 'patients.history']).where({ entity_id: patient.id });
    expect(reads.length).toBe(5);
    expect((await desk.callError('patients.get', { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('patients.search', () => {
  let kamau: { id: string; mrn: string };

  beforeAll(async () => {
    const desk = await as('receptionist');
    kamau = (await desk.call('patients.register', { givenName: 'Joseph', middleName: 'Mwangi', familyName: 'Kamau', sex: 'M', birthDate: '1984-05-01', phone: '0722 123 456', nationalId: '12345678' })).patient;
    await desk.call('patients.register', { givenName: 'Mary', familyName: 'Kamau', sex: 'F', birthDate: '1990-02-02', phone: '0799 000 001' });
    await desk.call('patients.register', { givenName: 'Mary', familyName: 'Njeri', sex: 'F', phone: '0722 999 888' });
  });

  it('finds by MRN, typed or scanned, and flags a wrong check character', async () => {
    const doctor = await as('doctor');
    for (const query of [kamau.mrn, kamau.mrn.toLowerCase().replaceAll('-', ' '), `]C1${kamau.mrn}\r`]) {
      const result = await doctor.call('patients.search', { query });
      expect(result.interpretedAs).toMatchObject({ kind: 'mrn', mrn: kamau.mrn });
      expect(result.items.map((item) => [item.id, item.matchedBy])).toEqual([[kamau.id, ['mrn']]]);
    }
    const wrong = kamau.mrn.slice(0, -1) + String((Number(kamau.mrn.at(-1)) + 1) % 10);
    expect(await doctor.call('patients.search', { query: wrong })).toMatchObject({ items: [], interpretedAs: { mrnCheckFailed: true } });
  });

  it('still finds an MRN issued before the hospital changed its MRN format', async () => {
    const admin = await as('admin');
    const doctor = await as('doctor');
    const desk = await as('receptionist');
    const { patient } = await desk.call('patients.register', { givenName: 'Baraka', familyName: 'Oldformat', sex: 'M', birthDate: '1970-01-01' });
    // Searches read settings at most a second old, in the background: wait until the format read is `current`.
    const searchesWith = async (current: boolean) => {
      for (let tries = 0; tries < 100; tries += 1) {
        clock.advance(1_100);
        const { interpretedAs } = await doctor.call('patients.search', { query: patient.mrn });
        if ((interpretedAs.kind === 'mrn') === current) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the search never read the new MRN format');
    };
    await admin.call('settings.update', { mrnFormat: 'KNH{YY}{NNNNN}{C30}' });
    try {
      await searchesWith(false);
      const result = await doctor.call('patients.search', { query: patient.mrn.toLowerCase() });
      expect(result.items.map((item) => [item.id, item.matchedBy])).toEqual([[patient.id, ['mrn']]]);
    } finally {
      await admin.call('settings.update', { mrnFormat: DEFAULT_MRN_FORMAT });
      await searchesWith(true);
    }
  });

  it('finds by the second phone too, whole or its start', async () => {
    const desk = await as('receptionist');
    const { patient } = await desk.call('patients.register', { givenName: 'Imani', familyName: 'Secondphone', sex: 'F', phone: '0733 410 001', alternatePhone: '0711 940 002' });
    const doctor = await as('doctor');
    expect((await doctor.call('patients.search', { query: '0711 940 002' })).items.map((item) => [item.id, item.matchedBy])).toEqual([[patient.id, ['phone']]]);
    expect((await doctor.call('patients.search', { query: '071194' })).items.map((item) => item.id)).toEqual([patient.id]);
  });

  it('finds by phone, national ID, birth date and names with typos, alone and combined', async () => {
    const doctor = await as('doctor');
    const ids = async (query: string) => (await doctor.call('patients.search', { query })).items.map((item) => item.id);
    expect(await ids('0722123456')).toEqual([kamau.id]);
    expect(await ids('+254 722 123 456')).toEqual([kamau.id]);
    expect(await ids('12345678')).toEqual([kamau.id]);
    expect(await ids('1984-05-01')).toEqual([kamau.id]);
    expect(await ids('01/05/1984')).toEqual([kamau.id]);
    expect(await ids('kamau 1984')).toEqual([kamau.id]);
    expect(await ids('Joseph Kamua')).toEqual([kamau.id]);
    expect(await ids('josef mwangi')).toEqual([kamau.id]);
    const marys = await doctor.call('patients.search', { query: 'mary 0722' });
    expect(marys.interpretedAs.kind).toBe('combined');
    expect(marys.items.map((item) => item.familyName)).toEqual(['Njeri']);
    const byName = await doctor.call('patients.search', { query: 'kamau' });
    expect(byName.items.map((item) => `${item.givenName} ${item.familyName}`)).toEqual(['Joseph Kamau', 'Mary Kamau']);
    expect(byName.items[0]!.score).toBe(1);
    expect((await doctor.call('patients.search', { query: 'kam' })).items.length).toBeGreaterThanOrEqual(2);
    expect(await ids('zzzzqqq')).toEqual([]);
  });

  it('pages with an opaque cursor, ranked and streamed alike', async () => {
    for (let i = 0; i < 45; i += 1) await insertTestPatient(stack.db, { givenName: 'Zawadi', familyName: `Family${String(i).padStart(2, '0')}`, birthDate: '1999-09-09' });
    const doctor = await as('doctor');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Awaited<ReturnType<typeof doctor.call<'patients.search'>>> = await doctor.call('patients.search', { query: 'zawadi', limit: 20, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.items.map((item) => item.familyName));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(45);
    expect(seen).toEqual([...seen].sort());

    // Smaller pages walk the same order.
    const small: string[] = [];
    cursor = undefined;
    do {
      const page: Awaited<ReturnType<typeof doctor.call<'patients.search'>>> = await doctor.call('patients.search', { query: 'zawadi', limit: 7, ...(cursor === undefined ? {} : { cursor }) });
      small.push(...page.items.map((item) => item.familyName));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(small).toEqual(seen);

    const byDate = await doctor.call('patients.search', { query: '1999-09-09', limit: 40 });
    expect(byDate.items).toHaveLength(40);
    const rest = await doctor.call('patients.search', { query: '1999-09-09', limit: 40, cursor: byDate.nextCursor! });
    expect(rest.items).toHaveLength(5);
    expect((await doctor.callError('patients.search', { query: 'zawadi', cursor: byDate.nextCursor! })).code).toBe('VALIDATION');
  });
});
