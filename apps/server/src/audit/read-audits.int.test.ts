import { describe, expect, it } from 'vitest';
import { createTestSession, createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import { ReadAudits } from './read-audits.js';
import { verifyAuditChain } from './verify.js';

const stack = useTestStack();

const stamp = (workstationId: string) => ({ at: new Date(), actor: null, origin: { address: '127.0.0.1', workstationId } });

describe('the audit rows of reads', () => {
  it('50 desks opening a chart at once: each answer comes after its own row is committed, the rows share transactions, the chain holds', async () => {
    const patient = await insertTestPatient(stack.db);
    const nurse = await createTestUser(stack.db, 'reads.nurse', ['nurse']);
    const token = await createTestSession(stack.db, nurse.id);
    const desks = await Promise.all(Array.from({ length: 50 }, async (_, index) => {
      const client = await stack.connect();
      await client.call('auth.resume', { token, workstationId: `ward-${index}` });
      return client;
    }));
    const committedOnAnswer = await Promise.all(desks.map(async (desk, index) => {
      await desk.call('charts.get', { patientId: patient.id });
      return stack.db('audit_log').where({ action: 'charts.get', entity_id: patient.id, workstation_id: `ward-${index}` }).count({ n: '*' }).first();
    }));
    expect(committedOnAnswer.every((row) => Number(row!.n) === 1)).toBe(true);
    // Rows inserted in one transaction share its xmin: fewer transactions than reads.
    const transactions = await stack.db.raw(`select count(distinct xmin::text)::int as n from audit_log where action = 'charts.get' and entity_id = ?`, [patient.id]);
    expect((transactions.rows[0] as { n: number }).n).toBeLessThan(50);
    expect(await verifyAuditChain(stack.db, stack.database.auditKey)).toMatchObject({ ok: true });
  });

  it('a row that cannot be stored fails its own read only', async () => {
    const audits = new ReadAudits(stack.db, stack.database.auditKey);
    const entityId = (await insertTestPatient(stack.db)).id;
    const appends = ['a', 'b', 'bad', 'c'].map((name) => audits.append(stamp(`desk-${name}`), {
      action: 'charts.get', entityType: 'patient', entityId,
      // PostgreSQL's jsonb takes no NUL character: this row's insert fails.
      details: name === 'bad' ? { note: 'nul \u0000' } : { name },
    }));
    const settled = await Promise.allSettled(appends);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await stack.db('audit_log').where({ entity_id: entityId }).orderBy('seq').pluck('workstation_id');
    expect(rows).toEqual(['desk-a', 'desk-b', 'desk-c']);
    expect(await verifyAuditChain(stack.db, stack.database.auditKey)).toMatchObject({ ok: true });
  });
});
