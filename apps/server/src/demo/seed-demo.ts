import { ROLES, ROLE_LABELS } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import { hashPassword } from '../auth/index.js';
import { runWrite } from '../gateway/write-scope.js';
import { DEMO_DOCTOR_USERNAMES, seedFrontDeskReference } from '../reference/index.js';
import { seedDemoStock } from '../stock/index.js';

export interface DemoSeedOptions {
  password: string;
  now: Date;
  auditKey: AuditKey;
}

export interface DemoSeedReport {
  usernames: string[];
}

/**
 * Demo mode: one user per role, named after the role (`admin`, `doctor`, ...), all with the
 * demo password, plus the demo reference data. Safe to run at every start: it converges.
 */
export async function seedDemo(db: Knex, options: DemoSeedOptions): Promise<DemoSeedReport> {
  const passwordHash = await hashPassword(options.password);
  await runWrite(db, { stamp: () => ({ at: options.now, actor: null, origin: { address: 'local', workstationId: 'demo-seed' } }), auditKey: options.auditKey }, async (scope) => {
    for (const role of ROLES) {
      await scope.trx('users')
        .insert({
          username: role,
          display_name: `Demo ${ROLE_LABELS[role]}`,
          roles: [role],
          password_hash: passwordHash,
          must_change_password: false,
          created_at: options.now,
          updated_at: options.now,
        })
        .onConflict('username')
        .merge({ password_hash: passwordHash, disabled_at: null, must_change_password: false, updated_at: options.now });
    }
    await scope.trx('login_throttle').whereIn('key', ROLES.map((role) => `user:${role}`)).delete();
    for (const seed of demoReferenceSeeds) await seed(scope.trx, options.now);
    scope.audit({ action: 'demo.seed', details: { users: [...ROLES] } });
  });
  // The role users, then the extra demo doctors the front-desk seed adds (same password).
  return { usernames: [...new Set<string>([...ROLES, ...DEMO_DOCTOR_USERNAMES])] };
}

/** Demo reference data of one domain area (departments, doctors...). */
export type DemoReferenceSeed = (trx: Knex.Transaction, now: Date) => Promise<void>;
/** Each area's demo seed, in dependency order. */
const demoReferenceSeeds: readonly DemoReferenceSeed[] = [seedFrontDeskReference, seedDemoStock];
