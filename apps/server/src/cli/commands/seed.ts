import { demoPassword } from '../../demo/demo-password.js';
import { seedDemo } from '../../demo/seed-demo.js';
import { usageError } from '../cli-error.js';
import type { Command } from '../command.js';

export const seed: Command = {
  name: 'seed',
  usage: 'seed --demo',
  summary: 'Load demo reference data and one demo user per role (password: HMS_DEMO_PASSWORD, or the generated one).',
  options: { demo: { type: 'boolean' } },
  async run(ctx, args) {
    if (args.values.demo !== true) throw usageError('Say what to seed: --demo.');
    const password = await demoPassword(ctx.config.demoPassword, ctx.config.dataDir);
    const report = await seedDemo(await ctx.db(), { password, now: ctx.clock.now() });
    ctx.out(`Demo users: ${report.usernames.join(', ')}`);
    ctx.out(`Password:   ${password}`);
  },
};
