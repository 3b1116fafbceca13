import { MllpDecoder, encodeMllp, escapeHl7, formatHl7Timestamp, parseHl7 } from '@hms/hl7';
import type { Knex } from 'knex';
import { createConnection } from 'node:net';
import { queryAnswer } from './astm-ingest.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { mappingsOf } from './interfaces-repo.js';
import type { OrderLine } from './runners/runner.js';

/** Test hooks: a test need not wait seconds for a retry or an ACK that never comes. */
export interface OrdersOutTimings {
  /** First retry delay; it doubles per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long an HL7 receiver has to answer with its ACK. */
  ackTimeoutMs: number;
  /** How long a claimed order is kept from other senders while it is on its way (then it may be sent again, same control ID). */
  leaseMs: number;
}

const DEFAULT_TIMINGS: OrdersOutTimings = { retryBaseMs: 1_000, retryMaxMs: 300_000, ackTimeoutMs: 10_000, leaseMs: 60_000 };
let timings: OrdersOutTimings = DEFAULT_TIMINGS;
/** @internal for tests only. */
export function setOrdersOutTimingsForTests(overrides: Partial<OrdersOutTimings>): void {
  timings = { ...DEFAULT_TIMINGS, ...overrides };
}

export function retryDelayMs(attempts: number): number {
  return Math.min(timings.retryMaxMs, timings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

interface DueRow {
  id: string;
  specimen_id: string;
  action: 'new' | 'cancel';
  attempts: number;
  control_id: string | null;
  code: string;
  name: string;
  barcode: string;
  container: string;
  collected_at: Date;
  mrn: string;
  family_name: string;
  given_name: string;
  birth_date: string | null;
  sex: string;
}

/** One message's worth: a specimen's tests queued with the same action. */
interface OrderGroup {
  ids: string[];
  action: 'new' | 'cancel';
  attempts: number;
  controlId: string;
  rows: DueRow[];
}

/** Takes the due rows of one interface, a group per specimen and action, out of other senders' reach for the lease. */
async function claimDue(db: Knex, interfaceId: string, now: Date): Promise<OrderGroup[]> {
  return db.transaction(async (trx) => {
    const rows = (await trx('interface_order_queue as q')
      .join('lab_specimens as s', 's.id', 'q.specimen_id')
      .join('lab_request_tests as t', 't.id', 'q.request_test_id')
      .join('lab_requests as r', 'r.id', 's.request_id')
      .join('patients as p', 'p.id', 'r.patient_id')
      .where({ 'q.interface_id': interfaceId, 'q.status': 'pending' })
      .where('q.next_attempt_at', '<=', now)
      .orderBy([{ column: 'q.created_at' }, { column: 't.code' }])
      .limit(200)
      .forUpdate('q').skipLocked()
      .select('q.id', 'q.specimen_id', 'q.action', 'q.attempts', 'q.control_id', 't.code', 't.name', 's.barcode', 's.container', 's.collected_at',
        'p.mrn', 'p.family_name', 'p.given_name', trx.raw(`to_char(p.birth_date, 'YYYYMMDD') as birth_date`), 'p.sex')) as DueRow[];
    const groups = new Map<string, OrderGroup>();
    for (const row of rows) {
      const key = `${row.specimen_id}\n${row.action}`;
      const group = groups.get(key) ?? { ids: [], action: row.action, attempts: row.attempts, controlId: row.control_id ?? '', rows: [] };
      group.ids.push(row.id);
      group.rows.push(row);
      group.attempts = Math.max(group.attempts, row.attempts);
      if (group.controlId === '' && row.control_id !== null) group.controlId = row.control_id;
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      // A stable control ID: a resend after a crash or a lost ACK is the same message to the receiver's dedup.
      if (group.controlId === '') group.controlId = `HMS${group.ids[0]!.replaceAll('-', '').slice(0, 17).toUpperCase()}`;
      await trx('interface_order_queue').whereIn('id', group.ids)
        .update({ control_id: group.controlId, next_attempt_at: new Date(now.getTime() + timings.leaseMs) });
    }
    return [...groups.values()];
  });
}

function analyzerCodesOf(mappings: Awaited<ReturnType<typeof mappingsOf>>): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const [analyzerCode, mapping] of [...mappings].sort(([a], [b]) => a.localeCompare(b))) {
    codes.set(mapping.testCode, [...(codes.get(mapping.testCode) ?? []), analyzerCode]);
  }
  return codes;
}

/**
 * An HL7 order message for one specimen: OML^O21 (PID, then ORC/OBR/SPM per analyzer code) or
 * ORM^O01 (no SPM). ORC-1 NW for a new order, CA to cancel; the specimen's barcode is the placer
 * order number (ORC-2, OBR-2) and the specimen ID (SPM-2), as the analyzer sends it back.
 */
export function hl7OrderMessage(kind: 'OML^O21' | 'ORM^O01', group: Pick<OrderGroup, 'action' | 'controlId' | 'rows'>, analyzerCodes: ReadonlyMap<string, readonly string[]>, now: Date): string {
  const first = group.rows[0]!;
  const e = escapeHl7;
  const structure = kind === 'OML^O21' ? 'OML^O21^OML_O21' : 'ORM^O01^ORM_O01';
  const segments = [
    `MSH|^~\\&|HMS|HMS|||${formatHl7Timestamp(now)}||${structure}|${e(group.controlId)}|P|2.5|||AL|NE`,
    `PID|1||${e(first.mrn)}^^^HMS^MR||${e(first.family_name)}^${e(first.given_name)}||${first.birth_date ?? ''}|${e(first.sex)}`,
  ];
  let n = 0;
  for (const row of group.rows) {
    for (const code of analyzerCodes.get(row.code) ?? []) {
      n += 1;
      segments.push(`ORC|${group.action === 'new' ? 'NW' : 'CA'}|${e(row.barcode)}`);
      segments.push(`OBR|${n}|${e(row.barcode)}||${e(code)}^${e(row.name)}|||${formatHl7Timestamp(row.collected_at)}`);
      if (kind === 'OML^O21') segments.push(`SPM|1|${e(row.barcode)}||${e(row.container)}`);
    }
  }
  return segments.join('\r') + '\r';
}

/** Sends one framed message on a connection of its own and waits for the first MLLP block back (the ACK). */
function mllpExchange(host: string, port: number, bytes: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    const decoder = new MllpDecoder();
    const timer = setTimeout(() => finish(new Error(`no ACK within ${timings.ackTimeoutMs} ms`)), timings.ackTimeoutMs);
    let done = false;
    const finish = (outcome: Uint8Array | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.once('connect', () => socket.write(encodeMllp(bytes)));
    socket.on('data', (chunk) => { for (const block of decoder.push(chunk)) finish(new Uint8Array(block)); });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('the connection closed before the ACK')));
  });
}

type Attempt =
  | { outcome: 'sent'; reason: string }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'retry'; reason: string };

async function logOut(db: Knex, interfaceId: string, kind: string, controlId: string | null, accession: string, raw: Uint8Array, now: Date): Promise<string> {
  const [row] = (await db('interface_messages')
    .insert({ interface_id: interfaceId, direction: 'out', at: now, kind, control_id: controlId, status: 'sent', accession, raw: Buffer.from(raw), status_at: now })
    .returning('id')) as { id: string }[];
  return row!.id;
}

async function sendHl7(db: Knex, config: InterfaceConfig, group: OrderGroup, codes: ReadonlyMap<string, readonly string[]>, now: Date): Promise<{ attempt: Attempt; messageId: string }> {
  const orders = config.options.orders!;
  const kind = orders.hl7Message ?? 'OML^O21';
  const text = hl7OrderMessage(kind, group, codes, now);
  const bytes = Buffer.from(text, 'utf8');
  const accession = group.rows[0]!.barcode;
  // Logged before it leaves: the log shows every attempt, whatever happens to the connection.
  const messageId = await logOut(db, config.id, group.action === 'new' ? kind : `${kind} cancel`, group.controlId, accession, bytes, now);
  if (orders.host === undefined || orders.port === undefined) return { attempt: { outcome: 'refused', reason: 'the interface has no orders host and port' }, messageId };
  let ackBytes: Uint8Array;
  try {
    ackBytes = await mllpExchange(orders.host, orders.port, bytes);
  } catch (error) {
    return { attempt: { outcome: 'retry', reason: error instanceof Error ? error.message : String(error) }, messageId };
  }
  let code: string | undefined;
  let acked: string | undefined;
  let why = '';
  let ackControl: string | null = null;
  let sender: string | null = null;
  try {
    const ack = parseHl7(ackBytes);
    code = ack.get('MSA-1');
    acked = ack.get('MSA-2');
    why = [...new Set([ack.get('MSA-3'), ack.get('ERR-8')])].filter((part) => part !== undefined && part !== '').join('; ');
    ackControl = ack.get('MSH-10') ?? null;
    sender = `${ack.get('MSH-3') ?? ''}^${ack.get('MSH-4') ?? ''}`;
  } catch {
    code = undefined;
  }
  const accepted = code === 'AA' || code === 'CA';
  const refused = code === 'AE' || code === 'AR' || code === 'CE' || code === 'CR';
  const matches = acked === group.controlId;
  await db('interface_messages').insert({
    interface_id: config.id, direction: 'in', at: now, kind: `ACK ${code ?? '?'}`, control_id: ackControl, sender,
    status: accepted && matches ? 'applied' : 'rejected',
    reason: accepted && matches ? `the order ${group.controlId} was accepted` : !matches ? `not an ACK of ${group.controlId}` : `the order was refused${why === '' ? '' : `: ${why}`}`,
    accession, raw: Buffer.from(ackBytes), reply_to: messageId, status_at: now,
  });
  if (!matches) return { attempt: { outcome: 'retry', reason: `the answer was not an ACK of ${group.controlId}` }, messageId };
  if (accepted) return { attempt: { outcome: 'sent', reason: `ACK ${code}` }, messageId };
  if (refused) return { attempt: { outcome: 'refused', reason: `ACK ${code}${why === '' ? '' : `: ${why}`}` }, messageId };
  return { attempt: { outcome: 'retry', reason: `an unknown acknowledgement code ${code ?? '(none)'}` }, messageId };
}

async function sendAstm(db: Knex, config: InterfaceConfig, group: OrderGroup, codes: ReadonlyMap<string, readonly string[]>, line: OrderLine | undefined, now: Date): Promise<{ attempt: Attempt; messageId: string | undefined }> {
  const accession = group.rows[0]!.barcode;
  const text = queryAnswer(accession, group.rows.map((row) => row.code), codes, group.action === 'new' ? 'A' : 'C');
  if (line === undefined) return { attempt: { outcome: 'retry', reason: 'the analyzer is not connected' }, messageId: undefined };
  const messageId = await logOut(db, config.id, group.action === 'new' ? 'ASTM order' : 'ASTM order cancel', null, accession, Buffer.from(text, 'utf8'), now);
  // E1381 has no application ACK: the analyzer took the order when it ACKed the last frame.
  const outcome = await line.send(text, `order:${group.controlId}`);
  return { attempt: outcome === 'sent' ? { outcome: 'sent', reason: 'taken by the analyzer' } : { outcome: 'retry', reason: `not taken: ${outcome}` }, messageId };
}

/**
 * Sends what is due on one interface that takes orders, a message per specimen and action, and
 * records each outcome on its queue rows: sent (ACK AA, or the ASTM analyzer took the last
 * frame), refused (AE/AR: the analyzer will not take it; retrying would not help) or due again
 * after a back-off (no connection, no ACK in time). A cancel is only queued once its order is sent.
 */
export async function sendDueOrders(db: Knex, config: InterfaceConfig, line: OrderLine | undefined, now: () => Date): Promise<number> {
  if (config.options.orders === undefined) return 0;
  const groups = await claimDue(db, config.id, now());
  if (groups.length === 0) return 0;
  const codes = analyzerCodesOf(await mappingsOf(db, config.id));
  let sent = 0;
  for (const group of groups) {
    const at = now();
    const { attempt, messageId } = config.protocol === 'hl7' ? await sendHl7(db, config, group, codes, at) : await sendAstm(db, config, group, codes, line, at);
    const attempts = group.attempts + 1;
    const after = now();
    if (messageId !== undefined) await db('interface_messages').where({ id: messageId }).update({ reason: `${attempt.outcome === 'retry' ? `attempt ${attempts} failed: ` : ''}${attempt.reason}`, status_at: after });
    if (attempt.outcome === 'retry') {
      await db('interface_order_queue').whereIn('id', group.ids)
        .update({ attempts, last_error: attempt.reason, next_attempt_at: new Date(after.getTime() + retryDelayMs(attempts)), message_id: messageId ?? db.raw('message_id') });
    } else {
      if (attempt.outcome === 'sent') sent += group.ids.length;
      await db('interface_order_queue').whereIn('id', group.ids)
        .update({ attempts, status: attempt.outcome, last_error: attempt.outcome === 'refused' ? attempt.reason : null, message_id: messageId ?? null, status_at: after });
    }
  }
  return sent;
}
