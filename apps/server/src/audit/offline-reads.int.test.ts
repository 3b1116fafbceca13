import { OFFLINE_READS_MAX } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { verifyAuditChain } from './verify.js';

// audit.recordOfflineReads: chart reads a desk answered from its kept copy offline reach the
// audit log, once each, as the reader's, marked offline with the desk's time; bad batches change nothing.

let nurse: TestClient;
let nurseId: string;
let receptionist: TestClient;

const stack = useTestStack({
  setup: async () => {
    const user = await createTestUser(stack.db, 'offline.nurse', ['nurse']);
    nurseId = user.id;
    nurse = await stack.signedIn(user, 'triage-2');
    receptionist = await stack.signedIn(await createTestUser(stack.db, 'offline.reception', ['receptionist']), 'front-1');
  },
});

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const read = (patientId: string, at: string) => ({ id: randomUUID(), entityType: 'patient' as const, entityId: patientId, action: 'charts.get' as const, at });
const offlineRows = (patientId: string) => stack.db('audit_log').where({ entity_type: 'patient', entity_id: patientId }).whereRaw("details->>'offline' = 'true'").orderBy('seq');

describe('offline chart reads on record', () => {
  it('records each read as the reader\'s, marked offline with the desk\'s time, and a replay of the same reads records none twice', async () => {
    const amina = await insertTestPatient(stack.db);
    const baraka = await insertTestPatient(stack.db);
    const reads = [read(amina.id, ago(90)), read(baraka.id, ago(60)), read(amina.id, ago(30))];
    expect(await nurse.call('audit.recordOfflineReads', { reads })).toEqual({ recorded: 3, alreadyRecorded: 0 });
    const rows = await offlineRows(amina.id);
    expect(rows).toMatchObject([
      { action: 'charts.get', actor_id: nurseId, actor_username: 'offline.nurse', workstation_id: 'triage-2', details: { offline: true, readId: reads[0]!.id, readAt: reads[0]!.at } },
      { action: 'charts.get', actor_id: nurseId, details: { offline: true, readId: reads[2]!.id, readAt: reads[2]!.at } },
    ]);
    // The answer was lost on the way back: sent again, with one read more.
    const later = read(baraka.id, ago(10));
    expect(await nurse.call('audit.recordOfflineReads', { reads: [...reads, later] })).toEqual({ recorded: 1, alreadyRecorded: 3 });
    expect(await offlineRows(amina.id)).toHaveLength(2);
    expect((await offlineRows(baraka.id)).map((row) => (row.details as { readId: string }).readId)).toEqual([reads[1]!.id, later.id]);
    expect(await verifyAuditChain(stack.db, stack.database.auditKey)).toMatchObject({ ok: true });
  });

  it('refuses reads too old, in the future or of an unknown patient, and a batch too large, recording none of the batch', async () => {
    const patient = await insertTestPatient(stack.db);
    const fine = read(patient.id, ago(5));
    const cases: Array<[ReturnType<typeof read>[], Record<string, unknown>]> = [
      [[fine, read(patient.id, ago(73 * 60))], { 'reads.1.at': expect.stringContaining('72 hours') }],
      [[fine, read(patient.id, ago(-60))], { 'reads.1.at': 'is in the future' }],
      [[fine, read(randomUUID(), ago(5))], { 'reads.1.entityId': expect.stringContaining('not a patient') }],
    ];
    for (const [reads, fields] of cases) {
      const error = await nurse.callError('audit.recordOfflineReads', { reads });
      expect(error).toMatchObject({ code: 'VALIDATION', details: { fields } });
    }
    const tooMany = Array.from({ length: OFFLINE_READS_MAX + 1 }, () => read(patient.id, ago(5)));
    expect((await nurse.callError('audit.recordOfflineReads', { reads: tooMany })).code).toBe('VALIDATION');
    expect(await offlineRows(patient.id)).toHaveLength(0);
    expect(await stack.db('offline_read_receipts').where({ read_id: fine.id }).first()).toBeUndefined();
    // Those who may not read charts may not put reads on record either.
    expect((await receptionist.callError('audit.recordOfflineReads', { reads: [fine] })).code).toBe('FORBIDDEN');
  });

  it('keeps the receipts append-only in the database itself', async () => {
    await expect(stack.db('offline_read_receipts').delete()).rejects.toThrow(/append-only/);
  });
});
