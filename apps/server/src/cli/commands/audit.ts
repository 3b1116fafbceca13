import { loadAuditKey, readCheckpoints, verifyAuditChain, writeAuditCheckpoint } from '../../audit/index.js';
import type { AuditKey } from '../../audit/index.js';
import { CliError, EXIT } from '../cli-error.js';
import type { CliContext, Command } from '../command.js';

/** Verifying never makes a key: a new one would condemn every keyed row. */
async function existingKey(ctx: CliContext): Promise<AuditKey> {
  const key = await loadAuditKey(ctx.config.audit.keyFile);
  if (key === undefined) {
    throw new CliError(EXIT.failed, `No audit key at ${ctx.config.audit.keyFile}. Run this on the server, or set HMS_AUDIT_KEY_FILE to a copy of its key.`);
  }
  return key;
}

export const auditVerify: Command = {
  name: 'audit verify',
  usage: 'audit verify',
  summary: 'Check the audit log\'s keyed hash chain and its checkpoints; exit code 4 if any row was altered, forged or removed.',
  async run(ctx) {
    const key = await existingKey(ctx);
    const file = ctx.config.audit.checkpointFile;
    const report = await verifyAuditChain(await ctx.db(), key, await readCheckpoints(file));
    if (!report.ok) {
      for (const problem of report.problems.slice(0, 50)) {
        ctx.out(problem.problem === 'no_checkpoint' ? `no checkpoint of this chain in ${file}` : `row ${problem.seq}: ${problem.problem.replaceAll('_', ' ')}`);
      }
      if (report.keyedRows > 0 && report.problems.filter((problem) => problem.problem === 'hash_mismatch').length >= report.keyedRows) {
        ctx.out(`Every keyed row fails: is ${ctx.config.audit.keyFile} the server's key?`);
      }
      throw new CliError(EXIT.tampered, `The audit chain is broken: ${report.problems.length} problem(s) in ${report.rows} rows.`);
    }
    ctx.out(`Audit chain intact: ${report.rows} rows (${report.keyedRows} keyed).`);
    if (report.head !== undefined) ctx.out(`Head: seq ${report.head.seq}, hash ${report.head.hash}`);
    ctx.out(
      report.checkpoint === undefined
        ? `No checkpoint yet in ${file}: deleted newest rows cannot be detected until the server (or \`hms audit checkpoint\`) writes one.`
        : `Matches the checkpoint of seq ${report.checkpoint.seq} written ${report.checkpoint.at}.`,
    );
  },
};

export const auditCheckpoint: Command = {
  name: 'audit checkpoint',
  usage: 'audit checkpoint',
  summary: 'Record the audit chain\'s head now in the signed checkpoint file (the running server does it every minute).',
  async run(ctx) {
    const key = await existingKey(ctx);
    const file = ctx.config.audit.checkpointFile;
    const outcome = await writeAuditCheckpoint(await ctx.db(), key, file, ctx.clock.now());
    switch (outcome.kind) {
      case 'empty':
        ctx.out('The audit log is empty: nothing to checkpoint.');
        return;
      case 'unchanged':
      case 'written':
        ctx.out(`Checkpoint: seq ${outcome.checkpoint.seq}, hash ${outcome.checkpoint.hash} (${outcome.kind === 'written' ? 'written to' : 'already in'} ${file}).`);
        return;
      case 'contradicted':
        throw new CliError(
          EXIT.tampered,
          `The audit log contradicts the checkpoint of seq ${outcome.previous.seq} (${outcome.problem.replaceAll('_', ' ')}): rows were deleted or changed. Nothing written; run \`hms audit verify\`.`,
        );
      default: {
        const never: never = outcome;
        throw new Error(`Unknown checkpoint outcome ${JSON.stringify(never)}`);
      }
    }
  },
};
