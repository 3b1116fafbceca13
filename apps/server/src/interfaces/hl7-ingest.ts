import { buildAck, derivedControlId, encodeMllp, escapeHl7, formatHl7Timestamp } from '@hms/hl7';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { mappingsOf } from './interfaces-repo.js';
import { handToLab, labRefusal } from './lab-link.js';
import { answeredBefore, setStatus, storeInbound } from './message-log.js';
import type { Outcome } from './process-message.js';
import { processMessage } from './process-message.js';

export interface Ingested {
  messageId: string;
  /** The MLLP-framed ACK to send: it is already committed with the message. */
  ack: Uint8Array;
  /** The same ACK unframed (a batch's answer gathers them). */
  reply: Uint8Array;
  duplicate: boolean;
  outcome: Outcome | undefined;
}

/** An AR for bytes that are not HL7 we can read (no MSH, broken delimiters): MSA-2 is whatever MSH-10 looked like. */
function rejectUnreadable(raw: Uint8Array, reason: string, now: Date): { text: string; controlId: string } {
  const latin = Buffer.from(raw).toString('latin1');
  const guess = /MSH\|[^|\r\n]*(?:\|[^|\r\n]*){7}\|([^|\r\n]*)/.exec(latin)?.[1]?.slice(0, 50) ?? '';
  const controlId = derivedControlId(now, guess);
  const text = [
    `MSH|^~\\&|HMS|HMS|||${formatHl7Timestamp(now)}||ACK|${controlId}|P|2.5`,
    `MSA|AR|${escapeHl7(guess)}|${escapeHl7(reason.slice(0, 80))}`,
    `ERR||||E||||${escapeHl7(reason.slice(0, 250))}`,
  ].join('\r') + '\r';
  return { text, controlId };
}

/**
 * One HL7 message off an MLLP connection: read, deduplicated, stored with its ACK (committed),
 * then applied. The caller writes `ack` only after this resolves, so an ACKed message is on disk.
 */
export async function ingestHl7(db: Knex, auditKey: AuditKey, config: InterfaceConfig, raw: Uint8Array, now: Date): Promise<Ingested> {
  let outcome = processMessage('hl7', raw, config.options, await mappingsOf(db, config.id));
  if (outcome.controlId !== undefined && outcome.sender !== undefined) {
    const first = await answeredBefore(db, config.id, outcome.sender, outcome.controlId, now);
    if (first !== undefined) return { messageId: first.messageId, ack: encodeMllp(first.ack!), reply: first.ack!, duplicate: true, outcome: undefined };
  }
  // Results the lab cannot take (unknown accession, test not ordered, cancelled) are AE with the reason, kept.
  const refusal = outcome.status === 'mapped' ? await labRefusal(db, outcome.specimens) : undefined;
  if (refusal !== undefined) outcome = { ...outcome, status: 'error', reason: refusal, ack: 'AE' };
  let reply: { kind: string; bytes: Uint8Array; controlId: string };
  if (outcome.hl7 === undefined) {
    const unreadable = rejectUnreadable(raw, outcome.reason ?? 'cannot be parsed', now);
    reply = { kind: 'ACK AR', bytes: Buffer.from(unreadable.text, 'latin1'), controlId: unreadable.controlId };
  } else {
    const ack = buildAck(outcome.hl7, outcome.ack, outcome.ack === 'AA' ? { now } : { now, reason: outcome.reason ?? 'not accepted', errorCondition: outcome.ack === 'AR' ? '101' : '207' });
    reply = { kind: `ACK ${outcome.ack}`, bytes: Buffer.from(ack.toString(), 'utf8'), controlId: ack.get('MSH-10') ?? '' };
  }
  const stored = await storeInbound(db, config.id, raw, outcome, reply, now);
  if (stored.duplicate) return { messageId: stored.messageId, ack: encodeMllp(stored.ack!), reply: stored.ack!, duplicate: true, outcome: undefined };
  if (outcome.status === 'mapped') {
    const handOff = await handToLab(db, auditKey, { interfaceId: config.id, interfaceName: config.name }, outcome.specimens, now);
    await setStatus(db, stored.messageId, handOff.status, handOff.reason, now);
  }
  return { messageId: stored.messageId, ack: encodeMllp(reply.bytes), reply: reply.bytes, duplicate: false, outcome };
}
