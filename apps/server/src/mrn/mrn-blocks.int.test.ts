import { DEFAULT_MRN_FORMAT, parseMrn, parseMrnFormat } from '@hms/core';
import type { Role } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

const format = parseMrnFormat(DEFAULT_MRN_FORMAT);

const stack = useTestStack();

const desk = (workstationId: string | undefined, roles: Role[] = ['receptionist']): Promise<TestClient> => stack.signedIn(roles, workstationId);

describe('MRN blocks', () => {
  it('hands disjoint blocks to workstations reserving at the same time, and online MRNs never collide with them', async () => {
    const desks = await Promise.all(Array.from({ length: 10 }, (_, i) => desk(`ward-${i}`)));
    const blocks = (await Promise.all(desks.map((client) => client.call('mrn.reserveBlock', { size: 25 })))).map((result) => result.block);
    const mrns = blocks.flatMap((block) => block.mrns);
    expect(new Set(mrns).size).toBe(250);
    for (const block of blocks) {
      expect(block.mrns).toHaveLength(25);
      expect(block.used).toBe(0);
      for (const mrn of block.mrns) expect(parseMrn(format, mrn)?.checkValid).toBe(true);
    }
    const online = await desks[0]!.call('patients.register', { givenName: 'Online', familyName: 'Patient', sex: 'M' });
    expect(mrns).not.toContain(online.patient.mrn);
  });

  it('registers offline with a reserved MRN, answers replays with the same patient, and refuses foreign or reused numbers', async () => {
    const ward = await desk('ward-a');
    const other = await desk('ward-b');
    const { block } = await ward.call('mrn.reserveBlock', { size: 3 });
    const id = '0b9f7a52-3e8e-4a55-9a59-2d0e3a3f0c11';
    const offline = {
      id, mrn: block.mrns[0]!, givenName: 'Kazungu', familyName: 'Charo', sex: 'M' as const,
      registeredOffline: true, registeredAt: new Date(Date.now() - 600_000).toISOString(),
    };
    const first = await ward.call('patients.register', offline);
    expect(first.patient).toMatchObject({ id, mrn: block.mrns[0], registeredOffline: true, registeredAt: offline.registeredAt });
    // The outbox resends it (say after a lost acknowledgement): same patient, no second row.
    expect((await ward.call('patients.register', offline)).patient.id).toBe(id);
    // Other details under the same id are another registration, not a replay (issue 9).
    expect(await ward.callError('patients.register', { ...offline, givenName: 'Changed' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'different_details' } });
    expect(Number((await stack.db('patients').where({ id }).count('* as n'))[0]?.n)).toBe(1);

    const reused = await ward.callError('patients.register', { ...offline, id: '0b9f7a52-3e8e-4a55-9a59-2d0e3a3f0c12' });
    expect(reused.code).toBe('CONFLICT');
    const foreign = await other.callError('patients.register', { ...offline, id: undefined, mrn: block.mrns[1]! });
    expect(foreign).toMatchObject({ code: 'CONFLICT', details: { fields: { mrn: 'not reserved to this workstation' } } });
    const typo = block.mrns[1]!.slice(0, -1) + String((Number(block.mrns[1]!.at(-1)) + 1) % 10);
    expect((await ward.callError('patients.register', { ...offline, id: undefined, mrn: typo })).code).toBe('VALIDATION');
    const future = await ward.callError('patients.register', { ...offline, id: undefined, mrn: block.mrns[1]!, registeredAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.details?.fields).toHaveProperty('registeredAt');

    expect((await ward.call('mrn.listBlocks', {})).items.find((item) => item.id === block.id)?.used).toBe(1);
    expect((await other.callError('mrn.retireBlock', { blockId: block.id })).code).toBe('FORBIDDEN');
    const retired = await ward.call('mrn.retireBlock', { blockId: block.id });
    expect(retired).toMatchObject({ unusedRetired: 2, block: { retiredAt: expect.any(String) } });
    const late = await ward.callError('patients.register', { ...offline, id: undefined, mrn: block.mrns[2]! });
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/retired/);
    expect((await ward.call('mrn.listBlocks', {})).items.map((item) => item.id)).not.toContain(block.id);
    const admin = await desk(undefined, ['admin']);
    expect((await admin.call('mrn.listBlocks', { allWorkstations: true, includeRetired: true })).items.map((item) => item.id)).toContain(block.id);
  });

  it('answers a registration sent online, whose reply was lost, then queued again with a block number, with the patient as registered', async () => {
    const ward = await desk('ward-c');
    const { block } = await ward.call('mrn.reserveBlock', { size: 2 });
    const id = '5d0c2a8e-7f61-4c1e-8f0a-0c6b1d2e3f41';
    const details = { id, givenName: 'Wanjiku', familyName: 'Mutua', sex: 'F' as const, birthDate: '1991-02-03' };
    const online = await ward.call('patients.register', details);
    expect(online.patient.mrn).not.toBe(block.mrns[0]);
    const replay = await ward.call('patients.register', { ...details, mrn: block.mrns[0]!, registeredOffline: true, registeredAt: new Date().toISOString() });
    expect(replay).toMatchObject({ patient: { id, mrn: online.patient.mrn }, unusedMrn: block.mrns[0] });
    expect(Number((await stack.db('patients').where({ id }).count('* as n'))[0]?.n)).toBe(1);
    expect((await ward.call('mrn.listBlocks', {})).items.find((item) => item.id === block.id)?.used).toBe(0);
  });

  it('needs a workstation id', async () => {
    const anonymous = await desk(undefined);
    expect((await anonymous.callError('mrn.reserveBlock', { size: 5 })).code).toBe('VALIDATION');
  });
});
