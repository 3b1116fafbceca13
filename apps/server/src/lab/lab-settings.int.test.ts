import { describe, expect, it } from 'vitest';
import { insertTestCriticalAlert } from '../test-support/lab-cases.js';
import { ManualClock, createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { escalateCriticalAlerts } from './critical-service.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let admin: TestClient;
let tech: TestClient;
let supervisor: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    await createTestUser(s.db, 'matrix.doctor', ['doctor']);
    admin = await s.signedIn(['admin']);
    tech = await s.signedIn(['lab_technician']);
    supervisor = await s.signedIn(['lab_supervisor']);
  },
});

describe('lab settings', () => {
  it('the administrator changes the critical escalation minutes: audited, announced, and open alerts escalate by the new value', async () => {
    expect((await tech.call('lab.settings', {})).settings.criticalEscalationMinutes).toBe(15);
    const { alertId } = await insertTestCriticalAlert(stack.db);
    await stack.db('lab_critical_alerts').where({ id: alertId }).update({ raised_at: clock.now() });
    const { auditKey } = stack.database;
    const fiveMinutesOn = new Date(clock.now().getTime() + 5 * 60_000);
    expect(await escalateCriticalAlerts(stack.db, auditKey, fiveMinutesOn)).toBe(0);

    clock.advance(60_000);
    const { settings } = await admin.call('lab.updateSettings', { criticalEscalationMinutes: 5 });
    expect(settings).toEqual({ criticalEscalationMinutes: 5, updatedAt: clock.now().toISOString() });
    const told = await tech.waitForEvent((e) => e.event === 'reference.changed' && e.data.kind === 'settings' && e.data.id === 'lab');
    expect(told.data).toEqual({ kind: 'settings', id: 'lab', at: clock.now().toISOString() });
    const audit = await stack.db('audit_log').where({ action: 'lab.updateSettings' }).first('entity_type', 'before', 'after');
    expect(audit).toMatchObject({ entity_type: 'lab_settings', before: { criticalEscalationMinutes: 15 }, after: { criticalEscalationMinutes: 5 } });
    expect((await supervisor.call('lab.settings', {})).settings.criticalEscalationMinutes).toBe(5);

    expect(await escalateCriticalAlerts(stack.db, auditKey, new Date(fiveMinutesOn.getTime() - 1))).toBe(0);
    expect(await escalateCriticalAlerts(stack.db, auditKey, fiveMinutesOn)).toBe(1);
    const escalated = await stack.db('audit_log').where({ action: 'lab.escalateCritical' }).first('after');
    expect(escalated.after).toMatchObject({ alertId, afterMinutes: 5 });
  });

  it('only an administrator changes them, within 1 to 240 minutes; anything else writes nothing', async () => {
    const before = (await tech.call('lab.settings', {})).settings;
    expect((await supervisor.callError('lab.updateSettings', { criticalEscalationMinutes: 30 })).code).toBe('FORBIDDEN');
    for (const minutes of [0, 241, 2.5]) {
      expect((await admin.callError('lab.updateSettings', { criticalEscalationMinutes: minutes })).code).toBe('VALIDATION');
    }
    expect((await tech.call('lab.settings', {})).settings).toEqual(before);
    expect(await stack.db('audit_log').where({ action: 'lab.updateSettings' }).count('* as n')).toEqual([{ n: 1 }]);
  });
});
