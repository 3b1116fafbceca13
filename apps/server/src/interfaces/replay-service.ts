import type { MessageSummary } from '@hms/core';
import { HmsError } from '@hms/core';
import type { WriteScope } from '../gateway/write-scope.js';
import { findInterface, mappingsOf, toConfig } from './interfaces-repo.js';
import { handToLabIn } from './lab-link.js';
import type { MessageRow } from './message-log.js';
import { SUMMARY_COLUMNS, toSummary } from './message-log.js';
import { processMessage } from './process-message.js';

/**
 * Reads a stored inbound message again with today's mappings and hands it to the lab when it
 * now maps. The analyzer is not answered again (it had its ACK when the message came); an
 * applied message is never applied twice.
 */
export async function replayMessage(scope: WriteScope, messageId: string, now: Date): Promise<MessageSummary> {
  const row = (await scope.trx('interface_messages').where({ id: messageId }).forUpdate().first()) as MessageRow | undefined;
  if (row === undefined) throw HmsError.notFound('The message');
  if (row.direction !== 'in') throw HmsError.conflict('Only a received message can be replayed.', { reason: 'outbound_message' });
  if (row.status === 'applied') throw HmsError.conflict('The message is already on the specimen; it is not applied twice.', { reason: 'already_applied' });
  const config = toConfig((await findInterface(scope.trx, row.interface_id))!);
  const outcome = processMessage(config.protocol, new Uint8Array(row.raw), config.options, await mappingsOf(scope.trx, config.id));
  let status = outcome.status;
  let reason = outcome.reason;
  if (outcome.queries.length > 0) {
    reason = 'host query: it was answered when it came and is not answered again';
  } else if (status === 'mapped') {
    const handOff = await handToLabIn(scope, { interfaceId: config.id, interfaceName: config.name }, outcome.specimens, now);
    status = handOff.status;
    reason = handOff.reason;
  }
  const [updated] = (await scope.trx('interface_messages')
    .where({ id: row.id })
    .update({ status, reason: reason ?? null, accession: outcome.accession ?? row.accession, unmapped_codes: outcome.unmappedCodes, status_at: now, replays: row.replays + 1 })
    .returning([...SUMMARY_COLUMNS, scope.trx.raw('octet_length(raw) as bytes')])) as Parameters<typeof toSummary>[0][];
  scope.audit({
    action: 'interfaces.replay', entityType: 'interface_message', entityId: row.id,
    before: { status: row.status, reason: row.reason, unmappedCodes: row.unmapped_codes },
    after: { status, reason: reason ?? null, unmappedCodes: outcome.unmappedCodes },
  });
  return toSummary(updated!);
}
