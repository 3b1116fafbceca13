import { HmsError } from '@hms/core';
import type { OfflineRead } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { memoryKeyValues } from '../cache/local-cache.js';
import { OfflineReadLog } from './offline-reads.js';

const NURSE = { id: '00000000-0000-4000-8000-000000000001', roles: ['nurse'] as const };
const OTHER = { id: '00000000-0000-4000-8000-000000000002', roles: ['doctor'] as const };

function log(send: (reads: OfflineRead[]) => Promise<{ recorded: number; alreadyRecorded: number }>) {
  let user: { id: string; roles: readonly ('nurse' | 'doctor')[] } | undefined = NURSE;
  let online = false;
  let now = Date.parse('2026-12-02T10:00:00Z');
  let n = 0;
  const readLog = new OfflineReadLog({
    values: memoryKeyValues(), send, user: () => user, online: () => online, now: () => new Date(now), randomUUID: () => `read-${(n += 1)}`,
  });
  return { readLog, as: (next: typeof user) => { user = next; }, goOnline: () => { online = true; }, later: (hours: number) => { now += hours * 3_600_000; } };
}

describe('OfflineReadLog', () => {
  it('sends only the signed-in reader\'s reads, leaves another\'s for them, and keeps a read too old to send', async () => {
    const sent: OfflineRead[][] = [];
    const { readLog, as, goOnline, later } = log(async (reads) => {
      sent.push(reads);
      return { recorded: reads.length, alreadyRecorded: 0 };
    });
    readLog.record('p-old');
    later(80);
    readLog.record('p1');
    as(OTHER);
    readLog.record('p2');
    as(NURSE);
    goOnline();
    await readLog.flush();
    expect(sent).toEqual([[{ id: 'read-2', entityType: 'patient', entityId: 'p1', action: 'charts.get', at: '2026-12-05T18:00:00.000Z' }]]);
    expect(readLog.entries().map((entry) => entry.id)).toEqual(['read-1', 'read-3']);
  });

  it('keeps what a failed send carried, and marks the reads a VALIDATION names while the rest are recorded', async () => {
    let fail: Error | undefined = new HmsError('UNAVAILABLE', 'The server cannot be reached.');
    const sent: string[][] = [];
    const { readLog, goOnline } = log(async (reads) => {
      sent.push(reads.map((read) => read.entityId));
      if (fail !== undefined) throw fail;
      if (reads.some((read) => read.entityId === 'merged-away')) throw HmsError.validation({ 'reads.1.entityId': 'is not a patient of this hospital' });
      return { recorded: reads.length, alreadyRecorded: 0 };
    });
    readLog.record('p1');
    readLog.record('merged-away');
    readLog.record('p3');
    goOnline();
    await readLog.flush();
    expect(readLog.entries()).toHaveLength(3);
    fail = undefined;
    await readLog.flush();
    expect(sent.slice(1)).toEqual([['p1', 'merged-away', 'p3'], ['p1', 'p3']]);
    expect(readLog.entries()).toMatchObject([{ patientId: 'merged-away', refused: 'entityId is not a patient of this hospital' }]);
  });

  it('shows what it holds: the reads waiting to be sent, and each the server will not record with why', async () => {
    const { readLog, goOnline, later } = log(async (reads) => {
      if (reads.some((read) => read.entityId === 'merged-away')) throw HmsError.validation({ 'reads.0.entityId': 'is not a patient of this hospital' });
      return { recorded: reads.length, alreadyRecorded: 0 };
    });
    expect(readLog.view()).toEqual({ waiting: 0, unrecorded: [] });
    readLog.record('p-old');
    later(80);
    readLog.record('merged-away');
    readLog.record('p2');
    expect(readLog.view()).toMatchObject({ waiting: 2, unrecorded: [{ id: 'read-1', patientId: 'p-old', userId: NURSE.id, why: expect.stringContaining('Older than the 72 hours') }] });
    goOnline();
    await readLog.flush();
    // p2 recorded and gone; the refused one stays, said why, and is not counted as waiting.
    expect(readLog.view()).toEqual({
      waiting: 0,
      unrecorded: [
        { id: 'read-1', userId: NURSE.id, patientId: 'p-old', at: '2026-12-02T10:00:00.000Z', why: expect.stringContaining('Older than the 72 hours') },
        { id: 'read-2', userId: NURSE.id, patientId: 'merged-away', at: '2026-12-05T18:00:00.000Z', why: 'The server refused it: entityId is not a patient of this hospital.' },
      ],
    });
  });
});
