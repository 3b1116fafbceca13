import { runWrite } from '../../gateway/write-scope.js';
import { readIcd10List, storeIcd10Release } from '../../diagnoses/index.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import type { Command } from '../command.js';

export const referenceImportIcd10: Command = {
  name: 'reference import icd10',
  usage: 'reference import icd10 <file> [--label "ICD-10-CM FY2027"]',
  summary:
    'Load an ICD-10-CM list as the active release: the CMS order file (icd10cm_order_YYYY.txt, plain or .gz) or a ' +
    'hospital\'s own list (code<TAB>description[<TAB>1|0]). The whole file must parse; earlier releases stay for the diagnoses coded from them.',
  options: { label: { type: 'string' } },
  async run(ctx, args) {
    const [file, ...extra] = args.positionals;
    if (file === undefined || extra.length > 0) throw usageError('Give one file: reference import icd10 <file>.');
    const label = typeof args.values.label === 'string' ? args.values.label.trim() : '';
    if (label.length > 120) throw usageError('--label takes at most 120 characters.');
    let read: Awaited<ReturnType<typeof readIcd10List>>;
    try {
      read = await readIcd10List(file);
    } catch (error) {
      throw new CliError(EXIT.failed, `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
    }
    if (!read.ok) {
      for (const problem of read.problems) ctx.out(`  line ${problem.line}: ${problem.reason}`);
      if (read.more > 0) ctx.out(`  ... and ${read.more} more`);
      throw new CliError(EXIT.refused, `${file} is not a usable ICD-10-CM list: nothing was loaded.`);
    }
    const { list } = read;
    const db = await ctx.db();
    const known: { label: string } | undefined = await db('icd10_releases').where({ sha256: list.sha256 }).first('label');
    if (known !== undefined) throw new CliError(EXIT.refused, `This list is loaded already, as "${known.label}".`);
    const stamp = ctx.stamp();
    const by = stamp.origin?.workstationId ?? 'cli';
    const releaseLabel = label === '' ? `ICD-10-CM from ${list.sourceFile}` : label;
    const releaseId = await runWrite(db, { stamp: () => stamp, auditKey: await ctx.auditKey() }, async (scope) => {
      const id = await storeIcd10Release(scope.trx, list, { label: releaseLabel, at: stamp.at, by });
      scope.audit({
        action: 'reference.importIcd10', entityType: 'icd10_release', entityId: id,
        after: { label: releaseLabel, sourceFile: list.sourceFile, sha256: list.sha256, codes: list.entries.length },
      });
      return id;
    });
    const billable = list.entries.filter((entry) => entry.billable).length;
    ctx.out(`Loaded "${releaseLabel}" (${list.entries.length} codes, ${billable} billable) as the active ICD-10-CM release ${releaseId}.`);
    ctx.out('Running servers search it within a few seconds.');
  },
};
