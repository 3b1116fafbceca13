import { describe, expect, it } from 'vitest';
import { runHousekeeping } from '../housekeeping/housekeeping.js';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

let admin: TestClient;
let tech: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    admin = await s.signedIn(['admin']);
    tech = await s.signedIn(['lab_technician']);
  },
});

// The housekeeping pass is given its clock: no waiting for real days to pass.
const now = new Date('2027-06-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

interface Row {
  direction: 'in' | 'out';
  status: string;
  days: number;
  kind?: string;
  replyTo?: string;
}

describe('message log retention', () => {
  it('removes the bodies of applied and sent messages past the limit, keeps their metadata, and never touches pending, dead-letter or dedup-answering rows', async () => {
    const created = await admin.call('interfaces.create', { name: 'Retention analyzer', protocol: 'hl7', transport: { kind: 'tcp-client', host: '127.0.0.1', port: 9 } });
    const interfaceId = created.interface.id;
    const insert = async (name: string, row: Row) => {
      const [inserted] = (await stack.db('interface_messages').insert({
        interface_id: interfaceId, direction: row.direction, at: daysAgo(row.days), status_at: daysAgo(row.days), kind: row.kind ?? (row.direction === 'in' ? 'ORU^R01' : 'OML^O21'),
        control_id: name, status: row.status, accession: `L-${name}`, raw: Buffer.from(`MSH|^~\\&|XN|LAB|HMS|HOSP|20260101120000||ORU^R01|${name}|P|2.5\r`, 'latin1'),
        reply_to: row.replyTo ?? null,
      }).returning('id')) as { id: string }[];
      return inserted!.id;
    };
    const ids = {
      oldApplied: await insert('old-applied', { direction: 'in', status: 'applied', days: 400 }),
      recentApplied: await insert('recent-applied', { direction: 'in', status: 'applied', days: 100 }),
      oldSent: await insert('old-sent', { direction: 'out', status: 'sent', days: 400 }),
      oldReceived: await insert('old-received', { direction: 'in', status: 'received', days: 400 }),
      oldParsed: await insert('old-parsed', { direction: 'in', status: 'parsed', days: 400 }),
      oldMapped: await insert('old-mapped', { direction: 'in', status: 'mapped', days: 400 }),
      oldRejected: await insert('old-rejected', { direction: 'in', status: 'rejected', days: 400 }),
      oldError: await insert('old-error', { direction: 'in', status: 'error', days: 400 }),
    };
    // The AE a dead-letter message got, and the ACK a repeat of an applied one is still answered with.
    const answerToParsed = await insert('answer-to-parsed', { direction: 'out', status: 'sent', days: 400, kind: 'ASTM query answer', replyTo: ids.oldParsed });
    const dedupAck = await insert('dedup-ack', { direction: 'out', status: 'sent', days: 400, kind: 'ACK AA', replyTo: ids.oldApplied });
    await stack.db('interface_dedup').insert({ interface_id: interfaceId, sender: 'XN^LAB', control_id: 'old-applied', message_id: ids.oldApplied, ack_id: dedupAck });

    // Default 365 days.
    expect((await tech.call('interfaces.settings', {})).settings.messageRetentionDays).toBe(365);
    expect((await runHousekeeping(stack.db, now)).interfaceMessageBodies).toBe(2);
    const bodies = async () => new Map(((await stack.db('interface_messages').where({ interface_id: interfaceId })
      .select('id', 'control_id', 'status', 'accession', stack.db.raw('octet_length(raw)::int as bytes'), 'raw_removed_at')) as Array<{ id: string; control_id: string; status: string; accession: string; bytes: number; raw_removed_at: Date | null }>)
      .map((row) => [row.id, row]));
    let rows = await bodies();
    expect(rows.get(ids.oldApplied)).toMatchObject({ bytes: 0, raw_removed_at: now, status: 'applied', control_id: 'old-applied', accession: 'L-old-applied' });
    expect(rows.get(ids.oldSent)).toMatchObject({ bytes: 0, raw_removed_at: now });
    for (const id of [ids.recentApplied, ids.oldReceived, ids.oldParsed, ids.oldMapped, ids.oldRejected, ids.oldError, answerToParsed, dedupAck]) {
      expect(rows.get(id)!.raw_removed_at, rows.get(id)!.control_id).toBeNull();
      expect(rows.get(id)!.bytes).toBeGreaterThan(0);
    }

    // The log still lists the message and shows it, saying the body is gone.
    const detail = (await tech.call('interfaces.message', { messageId: ids.oldApplied })).message;
    expect(detail).toMatchObject({ controlId: 'old-applied', status: 'applied', accession: 'L-old-applied', raw: '', bytes: 0, rawRemovedAt: now.toISOString() });
    expect(detail.parsed.ok).toBe(false);
    expect(detail.parsed.error).toMatch(/removed/);

    // A shorter limit, set by the administrator (audited), reaches the 100-day-old applied message; nothing else changes.
    await expect(tech.call('interfaces.updateSettings', { messageRetentionDays: 30 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.call('interfaces.updateSettings', { messageRetentionDays: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await admin.call('interfaces.updateSettings', { messageRetentionDays: 30 })).settings.messageRetentionDays).toBe(30);
    const audit = await stack.db('audit_log').where({ action: 'interfaces.updateSettings' }).orderBy('seq', 'desc').first('before', 'after');
    expect(audit).toMatchObject({ before: { messageRetentionDays: 365 }, after: { messageRetentionDays: 30 } });
    expect((await runHousekeeping(stack.db, now)).interfaceMessageBodies).toBe(1);
    rows = await bodies();
    expect(rows.get(ids.recentApplied)).toMatchObject({ bytes: 0, raw_removed_at: now });
    expect([...rows.values()].filter((row) => row.raw_removed_at !== null)).toHaveLength(3);
    // Run again: nothing more to do.
    expect((await runHousekeeping(stack.db, now)).interfaceMessageBodies).toBe(0);
  });
});
