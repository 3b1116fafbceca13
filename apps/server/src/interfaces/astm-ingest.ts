import { createAstmMessage, parseAstm } from '@hms/hl7';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { mappingsOf } from './interfaces-repo.js';
import { handToLab, pendingOrders } from './lab-link.js';
import { setStatus, storeInbound, storeOutbound } from './message-log.js';
import { processMessage } from './process-message.js';

export interface AstmIngested {
  messageId: string | undefined;
  /** What to send back on the line: host query answers. */
  replies: { text: string; ref: string }[];
  /** Why the transfer was not kept, when it was not (incomplete). */
  dropped: string | undefined;
}

/** The answer to a host query: the pending tests as an O record, or "no information" (L-3 = I). */
export function queryAnswer(specimenId: string, testCodes: readonly string[], analyzerCodes: ReadonlyMap<string, string>): string {
  const message = createAstmMessage();
  message.set('H-5', 'HMS').set('H-12', 'P');
  message.set('P-2', '1');
  const codes = testCodes.map((code) => analyzerCodes.get(code)).filter((code): code is string => code !== undefined);
  if (codes.length === 0) {
    message.set('L-2', '1').set('L-3', 'I');
    return message.toString();
  }
  message.set('O-2', '1').set('O-3', specimenId);
  codes.forEach((code, index) => message.set(`O-5(${index + 1}).4`, code));
  message.set('O-6', 'R').set('O-12', 'A').set('O-26', 'O');
  message.set('L-2', '1').set('L-3', 'N');
  return message.toString();
}

/** One ASTM transfer (ENQ to EOT) taken off the line: stored, applied, and any host query answered. */
export async function ingestAstm(db: Knex, auditKey: AuditKey, config: InterfaceConfig, text: string, now: Date): Promise<AstmIngested> {
  const raw = Buffer.from(text, 'utf8');
  let terminated = true;
  try {
    terminated = parseAstm(text).every((message) => message.terminated);
  } catch {
    // Unparsable transfers are kept as rejected below.
  }
  if (!terminated || text.trim() === '') return { messageId: undefined, replies: [], dropped: 'a transfer ended without its L record (sender gave up?): not kept, the analyzer sends it again' };
  const mappings = await mappingsOf(db, config.id);
  const outcome = processMessage('astm', raw, config.options, mappings);
  const stored = await storeInbound(db, config.id, raw, outcome, undefined, now);
  const replies: { text: string; ref: string }[] = [];
  if (outcome.queries.length > 0) {
    const analyzerCodes = new Map([...mappings].map(([analyzerCode, mapping]) => [mapping.testCode, analyzerCode]));
    const answered: string[] = [];
    for (const specimenId of outcome.queries) {
      const pending = await pendingOrders(db, specimenId);
      const answer = queryAnswer(specimenId, pending?.testCodes ?? [], analyzerCodes);
      await storeOutbound(db, config.id, 'ASTM query answer', Buffer.from(answer, 'utf8'), stored.messageId, specimenId, now);
      replies.push({ text: answer, ref: `${stored.messageId}:${specimenId}` });
      answered.push(`${specimenId}: ${pending === undefined ? 'no pending orders' : pending.testCodes.join(', ')}`);
    }
    await setStatus(db, stored.messageId, 'parsed', `host query answered (${answered.join('; ')})`, now);
  } else if (outcome.status === 'mapped') {
    const handOff = await handToLab(db, auditKey, { interfaceId: config.id, interfaceName: config.name }, outcome.specimens, now);
    await setStatus(db, stored.messageId, handOff.status, handOff.reason, now);
  }
  return { messageId: stored.messageId, replies, dropped: undefined };
}
