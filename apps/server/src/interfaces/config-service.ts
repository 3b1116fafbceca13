import type { InstrumentInterface, InterfaceMapping, InterfaceOptions, InterfaceProtocol, Transport } from '@hms/core';
import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import type { InterfaceRow } from './interfaces-repo.js';
import { findInterface, toInterface, toMapping } from './interfaces-repo.js';
import { interfacesChanged } from './supervisor.js';

/** After commit, the supervisor starts, restarts or stops the runner (a rollback changes nothing). */
function afterCommit(scope: WriteScope): void {
  scope.trx.executionPromise.then(() => interfacesChanged(), () => undefined);
}

/** Two interfaces cannot listen on one port or open one serial device. */
async function assertTransportFree(trx: Knex, transport: Transport, exceptId: string | undefined): Promise<void> {
  if (transport.kind === 'tcp-client') return;
  const query = transport.kind === 'tcp-server'
    ? trx('interfaces').whereRaw(`transport ->> 'kind' = 'tcp-server' and (transport ->> 'port')::int = ?`, [transport.port])
    : trx('interfaces').whereRaw(`transport ->> 'kind' = 'serial' and transport ->> 'path' = ?`, [transport.path]);
  if (exceptId !== undefined) void query.whereNot({ id: exceptId });
  const taken = (await query.first('name')) as { name: string } | undefined;
  if (taken !== undefined) {
    const what = transport.kind === 'tcp-server' ? `port ${transport.port}` : `the device ${transport.path}`;
    throw HmsError.conflict(`The interface "${taken.name}" already uses ${what}.`, { reason: 'transport_taken', interface: taken.name });
  }
}

/** HL7 orders go over their own MLLP connection: the receiver's host and port must be given. */
function assertOrdersReachable(protocol: InterfaceProtocol, options: InterfaceOptions | undefined): void {
  const orders = options?.orders;
  if (protocol !== 'hl7' || orders === undefined) return;
  const problems: Record<string, string> = {};
  if (orders.host === undefined) problems['options.orders.host'] = 'is needed to send HL7 orders (the receiver\'s MLLP host)';
  if (orders.port === undefined) problems['options.orders.port'] = 'is needed to send HL7 orders (the receiver\'s MLLP port)';
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
}

export interface CreateInput {
  name: string;
  protocol: InterfaceProtocol;
  transport: Transport;
  options?: InterfaceOptions | undefined;
  enabled?: boolean | undefined;
}

export async function createInterface(scope: WriteScope, actor: Actor, input: CreateInput, now: Date): Promise<InstrumentInterface> {
  await assertTransportFree(scope.trx, input.transport, undefined);
  assertOrdersReachable(input.protocol, input.options);
  const [row] = (await scope.trx('interfaces')
    .insert({
      name: input.name, protocol: input.protocol, transport: JSON.stringify(input.transport), options: JSON.stringify(input.options ?? {}),
      enabled: input.enabled ?? false, created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId,
    })
    .returning('*')) as InterfaceRow[];
  const created = toInterface(row!);
  scope.audit({ action: 'interfaces.create', entityType: 'interface', entityId: created.id, after: created });
  afterCommit(scope);
  return created;
}

async function lockedInterface(scope: WriteScope, id: string): Promise<InterfaceRow> {
  const row = await findInterface(scope.trx, id, true);
  if (row === undefined) throw HmsError.notFound('The interface');
  return row;
}

export interface UpdateInput {
  interfaceId: string;
  version: number;
  name?: string | undefined;
  transport?: Transport | undefined;
  options?: InterfaceOptions | undefined;
}

export async function updateInterface(scope: WriteScope, input: UpdateInput, actor: Actor, now: Date): Promise<InstrumentInterface> {
  const row = await lockedInterface(scope, input.interfaceId);
  if (row.version !== input.version) throw HmsError.conflict('The interface was changed by someone else; read it again.', { reason: 'stale_version', version: row.version });
  if (input.transport !== undefined) await assertTransportFree(scope.trx, input.transport, row.id);
  if (input.options !== undefined) assertOrdersReachable(row.protocol, input.options);
  const before = toInterface(row);
  const [updated] = (await scope.trx('interfaces')
    .where({ id: row.id })
    .update({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.transport === undefined ? {} : { transport: JSON.stringify(input.transport) }),
      ...(input.options === undefined ? {} : { options: JSON.stringify(input.options) }),
      version: row.version + 1, updated_at: now, updated_by: actor.userId,
    })
    .returning('*')) as InterfaceRow[];
  const after = toInterface(updated!);
  scope.audit({ action: 'interfaces.update', entityType: 'interface', entityId: row.id, before, after });
  afterCommit(scope);
  return after;
}

export async function setEnabled(scope: WriteScope, interfaceId: string, enabled: boolean, actor: Actor, now: Date): Promise<InstrumentInterface> {
  const row = await lockedInterface(scope, interfaceId);
  if (row.enabled === enabled) return toInterface(row);
  const [updated] = (await scope.trx('interfaces')
    .where({ id: row.id })
    .update({ enabled, version: row.version + 1, updated_at: now, updated_by: actor.userId })
    .returning('*')) as InterfaceRow[];
  scope.audit({ action: enabled ? 'interfaces.enable' : 'interfaces.disable', entityType: 'interface', entityId: row.id, before: { enabled: row.enabled }, after: { enabled } });
  afterCommit(scope);
  return toInterface(updated!);
}

export interface MappingInput {
  interfaceId: string;
  analyzerCode: string;
  testCode: string;
  analyte?: string | undefined;
  unit?: string | undefined;
}

/** Configuration, not clinical data: a changed mapping replaces the old one, with both in the audit. */
export async function setMapping(scope: WriteScope, input: MappingInput, actor: Actor, now: Date): Promise<InterfaceMapping> {
  await lockedInterface(scope, input.interfaceId);
  const test = (await scope.trx('order_catalogue').where({ code: input.testCode, kind: 'lab' }).first('code', 'active')) as { code: string; active: boolean } | undefined;
  if (test === undefined) throw HmsError.validation({ testCode: 'is not a lab test in the catalogue' });
  if (!test.active) throw HmsError.validation({ testCode: 'is a lab test no longer offered' });
  const before = (await scope.trx('interface_mappings').where({ interface_id: input.interfaceId, analyzer_code: input.analyzerCode }).first()) as Parameters<typeof toMapping>[0] | undefined;
  const [row] = (await scope.trx('interface_mappings')
    .insert({ interface_id: input.interfaceId, analyzer_code: input.analyzerCode, test_code: input.testCode, analyte: input.analyte ?? null, unit: input.unit ?? null, updated_at: now, updated_by: actor.userId })
    .onConflict(['interface_id', 'analyzer_code'])
    .merge(['test_code', 'analyte', 'unit', 'updated_at', 'updated_by'])
    .returning('*')) as Parameters<typeof toMapping>[0][];
  const mapping = toMapping(row!);
  scope.audit({
    action: 'interfaces.setMapping', entityType: 'interface', entityId: input.interfaceId,
    before: before === undefined ? null : toMapping(before), after: mapping,
  });
  return mapping;
}
