import type { InstrumentInterface, InterfaceMapping, InterfaceOptions, InterfaceProtocol, Transport } from '@hms/core';
import { InterfaceOptionsSchema, TransportSchema } from '@hms/core';
import type { Knex } from 'knex';
import type { Mapping } from './process-message.js';

export interface InterfaceRow {
  id: string;
  name: string;
  protocol: InterfaceProtocol;
  transport: unknown;
  options: unknown;
  enabled: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** What a runner needs: the row with its transport and options read back through their schemas. */
export interface InterfaceConfig {
  id: string;
  name: string;
  protocol: InterfaceProtocol;
  transport: Transport;
  options: InterfaceOptions;
  enabled: boolean;
  version: number;
}

export function toConfig(row: InterfaceRow): InterfaceConfig {
  return {
    id: row.id,
    name: row.name,
    protocol: row.protocol,
    transport: TransportSchema.parse(row.transport),
    options: InterfaceOptionsSchema.parse(row.options),
    enabled: row.enabled,
    version: row.version,
  };
}

export function toInterface(row: InterfaceRow): InstrumentInterface {
  const config = toConfig(row);
  return { ...config, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export async function findInterface(db: Knex, id: string, forUpdate = false): Promise<InterfaceRow | undefined> {
  const query = db<InterfaceRow>('interfaces').where({ id }).first();
  return (forUpdate ? query.forUpdate() : query) as Promise<InterfaceRow | undefined>;
}

export async function listInterfaces(db: Knex): Promise<InterfaceRow[]> {
  return db<InterfaceRow>('interfaces').orderBy('name') as Promise<InterfaceRow[]>;
}

interface MappingRow {
  interface_id: string;
  analyzer_code: string;
  test_code: string;
  analyte: string | null;
  unit: string | null;
  updated_at: Date;
}

export function toMapping(row: MappingRow): InterfaceMapping {
  return { interfaceId: row.interface_id, analyzerCode: row.analyzer_code, testCode: row.test_code, analyte: row.analyte, unit: row.unit, updatedAt: row.updated_at.toISOString() };
}

export async function listMappings(db: Knex, interfaceId: string): Promise<InterfaceMapping[]> {
  const rows = (await db('interface_mappings').where({ interface_id: interfaceId }).orderBy('analyzer_code')) as MappingRow[];
  return rows.map(toMapping);
}

export async function mappingsOf(db: Knex, interfaceId: string): Promise<Map<string, Mapping>> {
  const rows = (await db('interface_mappings').where({ interface_id: interfaceId })) as MappingRow[];
  return new Map(rows.map((row) => [row.analyzer_code, { testCode: row.test_code, analyte: row.analyte, unit: row.unit }]));
}
