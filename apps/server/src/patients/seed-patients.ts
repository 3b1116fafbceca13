import { randomInt } from 'node:crypto';
import { localDateOf, mrnScope, renderMrn } from '@hms/core';
import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { appendAudit } from '../audit/index.js';
import type { AuditKey, AuditStamp } from '../audit/index.js';
import { hospitalIdentity, takeNumbers } from '../mrn/index.js';
import { syntheticPatient } from './synthetic-patients.js';

export interface SeedPatientsOptions {
  count: number;
  now: Date;
  /** Same seed, same patients (ids excepted from nothing: they are derived too). */
  seed?: number;
  /** First registration year. */
  fromYear?: number;
  stamp: AuditStamp;
  auditKey: AuditKey;
  progress?: (line: string) => void;
}

export interface SeedPatientsReport {
  count: number;
  nameRows: number;
  seconds: number;
  phases: Record<string, number>;
}

/** Below this, indexes are kept while loading; above, they are rebuilt after (much faster). */
const REBUILD_INDEXES_FROM = 20_000;
const CHUNK = 2_000;

function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

async function copy(client: pg.PoolClient, sql: string, rows: () => Generator<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(rows()), stream);
}

/**
 * Bulk-loads synthetic patients with COPY (`pnpm hms seed --patients N`). MRNs come from the
 * same counters as registrations (each year's numbers are taken first), so later
 * registrations never collide. One transaction: the tables' secondary indexes are dropped,
 * the rows copied, the indexes rebuilt from their own definitions (so migrations stay the
 * one source of truth), then the tables are vacuumed for index-only scans.
 */
export async function seedPatients(db: Knex, options: SeedPatientsOptions): Promise<SeedPatientsReport> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const mark = (phase: string, since: number) => {
    phases[phase] = Math.round((performance.now() - since) / 100) / 10;
    options.progress?.(`${phase}: ${phases[phase]} s`);
  };
  // Ids and names derive from the seed: a fresh random one unless a run is to be repeated.
  const seed = options.seed ?? randomInt(1_000_000_000);
  const identity = await hospitalIdentity(db);
  const nowYear = Number(localDateOf(options.now, identity.timeZone).slice(0, 4));
  const fromYear = options.fromYear ?? nowYear - 14;

  // Pass 1: how many patients each year (MRN scope) gets, then take those numbers.
  let t = performance.now();
  const perScope = new Map<string, number>();
  const scopeOf = new Array<string>(options.count);
  for (let i = 0; i < options.count; i += 1) {
    const patient = syntheticPatient(seed, i, fromYear, options.now);
    const scope = mrnScope(identity.mrnFormat, patient.registeredAt.getUTCFullYear());
    scopeOf[i] = scope;
    perScope.set(scope, (perScope.get(scope) ?? 0) + 1);
  }
  const nextNumber = new Map<string, number>();
  await db.transaction(async (trx) => {
    for (const [scope, n] of [...perScope].sort()) {
      const { first, last } = await takeNumbers(trx, scope, n);
      if (last > identity.mrnFormat.maxNumber) throw new Error(`MRN scope ${scope || '(none)'} would pass ${identity.mrnFormat.maxNumber}: seed fewer patients or widen the format.`);
      nextNumber.set(scope, first);
    }
  });
  mark('plan and MRN numbers', t);

  const vocabulary = new Map<string, number>();
  let nameRows = 0;
  const connection = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    await connection.query('begin');
    await connection.query(`set local maintenance_work_mem = '1GB'`);
    await connection.query('set local synchronous_commit = off');
    const rebuild = options.count >= REBUILD_INDEXES_FROM;
    let indexes: Array<{ name: string; definition: string }> = [];
    let tokenKey: string | undefined;
    if (rebuild) {
      t = performance.now();
      indexes = (await connection.query<{ name: string; definition: string }>(`
        select i.indexname as name, i.indexdef as definition from pg_indexes i
         where i.schemaname = 'public' and i.tablename in ('patients', 'patient_name_tokens')
           and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`)).rows;
      tokenKey = (await connection.query<{ definition: string }>(`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'patient_name_tokens_pkey'`)).rows[0]?.definition;
      for (const index of indexes) await connection.query(`drop index ${index.name}`);
      await connection.query('alter table patient_name_tokens drop constraint patient_name_tokens_pkey');
      mark('drop indexes', t);
    }

    t = performance.now();
    const registeredBy = options.stamp.actor?.userId ?? null;
    await copy(
      connection,
      `copy patients (id, mrn, given_name, middle_name, family_name, sex, birth_date, birth_date_estimated, phone, phone_digits, national_id,
        address, blood_group, preferred_language, registered_at, created_at, updated_at, created_by, search_name, sort_name) from stdin`,
      function* () {
        let chunk = '';
        for (let i = 0; i < options.count; i += 1) {
          const p = syntheticPatient(seed, i, fromYear, options.now);
          const scope = scopeOf[i]!;
          const number = nextNumber.get(scope)!;
          nextNumber.set(scope, number + 1);
          const at = p.registeredAt.toISOString();
          chunk += [
            p.id, renderMrn(identity.mrnFormat, scope, number), copyText(p.givenName), copyText(p.middleName), copyText(p.familyName), p.sex,
            p.birthDate ?? '\\N', p.birthDateEstimated ? 't' : 'f', p.phone ?? '\\N', p.phone === null ? '\\N' : p.phone.slice(1), p.nationalId ?? '\\N',
            p.city === null ? '\\N' : copyText(JSON.stringify({ city: p.city, country: 'Kenya' })), p.bloodGroup ?? '\\N', p.preferredLanguage ?? '\\N',
            at, at, at, registeredBy ?? '\\N', copyText(p.searchName), copyText(p.sortName),
          ].join('\t') + '\n';
          if ((i + 1) % CHUNK === 0) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk !== '') yield chunk;
      },
    );
    mark('copy patients', t);

    t = performance.now();
    await copy(connection, 'copy patient_name_tokens (token, sort_name, patient_id, birth_date, phone_digits, name_tokens) from stdin', function* () {
      let chunk = '';
      for (let i = 0; i < options.count; i += 1) {
        const p = syntheticPatient(seed, i, fromYear, options.now);
        const words = [...p.tokens].sort();
        // Folded words hold only letters and digits; quoted, so that a word like "null" stays text.
        const tail = `\t${copyText(p.sortName)}\t${p.id}\t${p.birthDate ?? '\\N'}\t${p.phone === null ? '\\N' : p.phone.slice(1)}\t${copyText(`{${words.map((w) => `"${w}"`).join(',')}}`)}\n`;
        for (const key of p.indexKeys) {
          chunk += copyText(key) + tail;
          nameRows += 1;
        }
        for (const token of p.tokens) vocabulary.set(token, (vocabulary.get(token) ?? 0) + 1);
        if ((i + 1) % CHUNK === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk !== '') yield chunk;
    });
    await connection.query(
      `insert into name_vocabulary (token, patients) select * from unnest($1::text[], $2::int[])
       on conflict (token) do update set patients = name_vocabulary.patients + excluded.patients`,
      [[...vocabulary.keys()], [...vocabulary.values()]],
    );
    mark('copy name index', t);

    if (rebuild) {
      t = performance.now();
      if (tokenKey !== undefined) await connection.query(`alter table patient_name_tokens add constraint patient_name_tokens_pkey ${tokenKey}`);
      for (const index of indexes) await connection.query(index.definition);
      mark('rebuild indexes', t);
    }
    await connection.query('commit');
  } catch (error) {
    await connection.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await db.client.releaseConnection(connection);
  }

  t = performance.now();
  // Index-only scans of the name index need the visibility map; the planner needs statistics.
  await db.raw('vacuum (analyze) patients, patient_name_tokens, name_vocabulary');
  mark('vacuum and analyze', t);
  await db.transaction((trx) => appendAudit(trx, options.auditKey, options.stamp, [{ action: 'patients.seed', entityType: 'patient', details: { count: options.count, seed, nameRows } }]));
  return { count: options.count, nameRows, seconds: Math.round((performance.now() - started) / 100) / 10, phases };
}
