import { verifyAuditChain } from '../../audit/verify.js';
import { CliError, EXIT } from '../cli-error.js';
import type { Command } from '../command.js';

export const auditVerify: Command = {
  name: 'audit verify',
  usage: 'audit verify',
  summary: 'Check the audit log\'s hash chain; exit code 4 if any row was altered or removed.',
  async run(ctx) {
    const report = await verifyAuditChain(await ctx.db());
    if (!report.ok) {
      for (const problem of report.problems.slice(0, 50)) ctx.out(`row ${problem.seq}: ${problem.problem.replace('_', ' ')}`);
      throw new CliError(EXIT.tampered, `The audit chain is broken: ${report.problems.length} problem(s) in ${report.rows} rows.`);
    }
    ctx.out(`Audit chain intact: ${report.rows} rows.`);
    if (report.head !== undefined) ctx.out(`Head hash: ${report.head}  (record it elsewhere to anchor the chain)`);
  },
};
