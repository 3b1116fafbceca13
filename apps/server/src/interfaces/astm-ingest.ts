import { createAstmMessage } from '@hms/hl7';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { mappingsOf } from './interfaces-repo.js';
import { handToLab, pendingOrders } from './lab-link.js';
import { setStatus, storeInbound, storeOutbound } from './message-log.js';
import type { Mapping, Outcome } from './process-message.js';
import { processMessage } from './process-message.js';

/** A message (H ... L) kept in the log: its bytes are committed, so its last frame may be ACKed. */
export interface AstmStored {
  messageId: string;
  outcome: Outcome;
  mappings: ReadonlyMap<string, Mapping>;
}

/**
 * The answer to a host query: the pending tests as an O record, each by every analyzer code
 * mapped to it (a panel such as FBC is run as its WBC, HGB, PLT ... channels), or "no
 * information" (L-3 = I) when none maps. Also an order download (orders-out.ts), where action
 * code C (O-12) cancels an order sent before.
 */
export function queryAnswer(specimenId: string, testCodes: readonly string[], analyzerCodes: ReadonlyMap<string, readonly string[]>, actionCode: 'A' | 'C' = 'A'): string {
  const message = createAstmMessage();
  message.set('H-5', 'HMS').set('H-12', 'P');
  message.set('P-2', '1');
  const codes = testCodes.flatMap((code) => analyzerCodes.get(code) ?? []);
  if (codes.length === 0) {
    message.set('L-2', '1').set('L-3', 'I');
    return message.toString();
  }
  message.set('O-2', '1').set('O-3', specimenId);
  codes.forEach((code, index) => message.set(`O-5(${index + 1}).4`, code));
  message.set('O-6', 'R').set('O-12', actionCode).set('O-26', 'O');
  message.set('L-2', '1').set('L-3', 'N');
  return message.toString();
}

/**
 * One ASTM message, as AstmLink hands it over at its L record: read and committed to the log.
 * The caller ACKs the message's last frame only after this resolves.
 */
export async function storeAstm(db: Knex, config: InterfaceConfig, text: string, now: Date): Promise<AstmStored> {
  const raw = Buffer.from(text, 'utf8');
  const mappings = await mappingsOf(db, config.id);
  const outcome = processMessage('astm', raw, config.options, mappings);
  const stored = await storeInbound(db, config.id, raw, outcome, undefined, now);
  return { messageId: stored.messageId, outcome, mappings };
}

/** After the ACK: a stored message's results handed to the lab, or its host queries answered (the replies to send). */
export async function applyAstm(db: Knex, auditKey: AuditKey, config: InterfaceConfig, stored: AstmStored, now: Date): Promise<{ text: string; ref: string }[]> {
  const { messageId, outcome, mappings } = stored;
  const replies: { text: string; ref: string }[] = [];
  if (outcome.queries.length > 0) {
    const analyzerCodes = new Map<string, string[]>();
    for (const [analyzerCode, mapping] of [...mappings].sort(([a], [b]) => a.localeCompare(b))) {
      analyzerCodes.set(mapping.testCode, [...(analyzerCodes.get(mapping.testCode) ?? []), analyzerCode]);
    }
    const answered: string[] = [];
    for (const specimenId of outcome.queries) {
      const pending = await pendingOrders(db, specimenId);
      const answer = queryAnswer(specimenId, pending?.testCodes ?? [], analyzerCodes);
      await storeOutbound(db, config.id, 'ASTM query answer', Buffer.from(answer, 'utf8'), messageId, specimenId, now);
      replies.push({ text: answer, ref: `${messageId}:${specimenId}` });
      answered.push(`${specimenId}: ${pending === undefined ? 'no pending orders' : pending.testCodes.join(', ')}`);
    }
    await setStatus(db, messageId, 'parsed', `host query answered (${answered.join('; ')})`, now);
  } else if (outcome.status === 'mapped') {
    const handOff = await handToLab(db, auditKey, { interfaceId: config.id, interfaceName: config.name }, outcome.specimens, now);
    await setStatus(db, messageId, handOff.status, handOff.reason, now);
  }
  return replies;
}
