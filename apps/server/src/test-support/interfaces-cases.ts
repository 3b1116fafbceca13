import type { MethodName } from '@hms/core';
import type { Knex } from 'knex';
import type { MatrixCases, MatrixContext } from './rbac-cases.js';

type InterfacesMethod = Extract<MethodName, `interfaces.${string}`>;

/** A disabled HL7 client interface to a port nothing listens on (enabling it only backs off). */
async function matrixInterface({ admin, unique }: MatrixContext): Promise<string> {
  const created = await admin.call('interfaces.create', { name: unique('Analyzer '), protocol: 'hl7', transport: { kind: 'tcp-client', host: '127.0.0.1', port: 9 } });
  return created.interface.id;
}

/** An inbound message waiting on an unmapped code, as a runner stores it. */
async function matrixMessage(ctx: MatrixContext): Promise<string> {
  const interfaceId = await matrixInterface(ctx);
  return insertInboundMessage(ctx.db, interfaceId);
}

export async function insertInboundMessage(db: Knex, interfaceId: string): Promise<string> {
  const raw = 'MSH|^~\\&|XN|LAB|HMS|HOSP|20260101120000||ORU^R01|M1|P|2.5\rOBR|1||L26000001\rOBX|1|NM|WBC||8.1|10*3/uL|||||F\r';
  const [row] = (await db('interface_messages')
    .insert({ interface_id: interfaceId, direction: 'in', at: new Date(), kind: 'ORU^R01', control_id: 'M1', sender: 'XN^LAB', status: 'parsed', reason: 'unmapped analyzer codes: WBC', accession: 'L26000001', unmapped_codes: ['WBC'], raw: Buffer.from(raw, 'latin1'), status_at: new Date() })
    .returning('id')) as { id: string }[];
  return row!.id;
}

/** RBAC matrix cases of the instrument interfaces (issue 14). */
export const interfacesMatrixCases: Pick<MatrixCases, InterfacesMethod> = {
  'interfaces.create': { params: ({ unique }) => ({ name: unique('Analyzer '), protocol: 'astm', transport: { kind: 'tcp-client', host: '127.0.0.1', port: 9 } }) },
  'interfaces.update': { params: async (ctx) => ({ interfaceId: await matrixInterface(ctx), version: 1, options: { lenient: true } }) },
  'interfaces.enable': { params: async (ctx) => ({ interfaceId: await matrixInterface(ctx) }) },
  'interfaces.disable': {
    params: async (ctx) => {
      const interfaceId = await matrixInterface(ctx);
      await ctx.admin.call('interfaces.enable', { interfaceId });
      return { interfaceId };
    },
  },
  'interfaces.list': { params: () => ({}) },
  'interfaces.mappings': { params: async (ctx) => ({ interfaceId: await matrixInterface(ctx) }) },
  'interfaces.setMapping': { params: async (ctx) => ({ interfaceId: await matrixInterface(ctx), analyzerCode: 'WBC', testCode: 'FBC', analyte: 'WBC', unit: '10*9/L' }) },
  'interfaces.unmappedCodes': { params: async (ctx) => ({ interfaceId: await matrixInterface(ctx) }) },
  'interfaces.messages': { params: () => ({ attention: true }) },
  'interfaces.message': { params: async (ctx) => ({ messageId: await matrixMessage(ctx) }) },
  'interfaces.replay': { params: async (ctx) => ({ messageId: await matrixMessage(ctx) }) },
  'interfaces.settings': { params: () => ({}) },
  'interfaces.autoVerifyRules': { params: () => ({}) },
  'interfaces.setAutoVerifyRule': {
    params: async ({ db }) => {
      // The version read now: each allowed call makes the next one.
      const current = (await db('lab_autoverify_rules').where({ test_code: 'RBG' }).max('version as version').first()) as { version: number | null } | undefined;
      return { testCode: 'RBG', ...(current?.version == null ? {} : { version: current.version }), enabled: true, withinRange: true, noAnalyzerFlags: true, release: false };
    },
  },
  'interfaces.updateSettings': { params: () => ({ messageRetentionDays: 365 }) },
};
