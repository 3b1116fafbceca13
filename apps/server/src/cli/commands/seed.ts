import { demoPassword } from '../../demo/demo-password.js';
import { seedDemo } from '../../demo/seed-demo.js';
import { seedPatients } from '../../patients/index.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import type { Command } from '../command.js';

const MAX_SEED_PATIENTS = 5_000_000;

export const seed: Command = {
  name: 'seed',
  usage: 'seed --demo | seed --patients N [--seed S] [--add]',
  summary:
    'Load demo reference data and one demo user per role (password: HMS_DEMO_PASSWORD, or the generated one), ' +
    'or N synthetic patients with COPY (--patients N; the tables are locked while loading; only into a database ' +
    'without patients unless --add).',
  options: { demo: { type: 'boolean' }, patients: { type: 'string' }, seed: { type: 'string' }, add: { type: 'boolean' } },
  async run(ctx, args) {
    const { demo, patients } = args.values;
    if (demo !== true && patients === undefined) throw usageError('Say what to seed: --demo or --patients N.');
    if (demo === true) {
      const password = await demoPassword(ctx.config.demoPassword, ctx.config.dataDir);
      const report = await seedDemo(await ctx.db(), { password, now: ctx.clock.now(), auditKey: await ctx.auditKey() });
      ctx.out(`Demo users: ${report.usernames.join(', ')}`);
      ctx.out(`Password:   ${password}`);
    }
    if (patients !== undefined) {
      const count = Number(patients);
      if (!Number.isInteger(count) || count < 1 || count > MAX_SEED_PATIENTS) throw usageError(`--patients takes a whole number from 1 to ${MAX_SEED_PATIENTS}.`);
      const seedValue = args.values.seed === undefined ? undefined : Number(args.values.seed);
      if (seedValue !== undefined && !Number.isInteger(seedValue)) throw usageError('--seed takes a whole number.');
      const db = await ctx.db();
      // Made-up patients among real ones could not be told apart: only a test database gets them.
      const existing = Number((await db('patients').count({ n: '*' }))[0]?.n ?? 0);
      if (existing > 0 && args.values.add !== true) {
        throw new CliError(EXIT.refused, `This database already holds ${existing} patients. Synthetic patients are for test databases: pass --add if this is one.`);
      }
      const report = await seedPatients(db, {
        count,
        now: ctx.clock.now(),
        stamp: ctx.stamp(),
        auditKey: await ctx.auditKey(),
        ...(seedValue === undefined ? {} : { seed: seedValue }),
        progress: (line) => ctx.out(`  ${line}`),
      });
      ctx.out(`Seeded ${report.count} patients (${report.nameRows} name index rows) in ${report.seconds} s.`);
    }
  },
};
