import { pendingMigrations } from '../../db/migrate.js';
import { prepareSchema } from '../../db/prepare-schema.js';
import type { Command } from '../command.js';

export const migrate: Command = {
  name: 'migrate',
  usage: 'migrate [--status]',
  summary: 'Bring the database schema up to date (forward-only), or show what is pending.',
  options: { status: { type: 'boolean' } },
  async run(ctx, args) {
    const db = await ctx.db();
    if (args.values.status === true) {
      const pending = await pendingMigrations(db);
      ctx.out(pending.length === 0 ? 'Schema is up to date.' : `Pending: ${pending.join(', ')}`);
      return;
    }
    const report = await prepareSchema(await ctx.database(), ctx.log);
    ctx.out(report.applied.length === 0 ? `Schema is up to date (${report.current ?? 'empty'}).` : `Applied: ${report.applied.join(', ')}`);
  },
};
