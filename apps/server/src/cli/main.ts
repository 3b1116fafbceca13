// `pnpm hms <command>`: the IT administrator's tool. Exit codes are listed in cli-error.ts.
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadOrCreateAuditKey } from '../audit/index.js';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import type { OpenDatabase } from '../db/open.js';
import { createLogger } from '../log.js';
import { CliError, EXIT, usageError } from './cli-error.js';
import type { CliContext, Command } from './command.js';
import { auditCheckpoint, auditVerify } from './commands/audit.js';
import { migrate } from './commands/migrate.js';
import { seed } from './commands/seed.js';
import { referenceImportIcd10 } from './commands/reference.js';
import { userAdd, userDisable, userEnable, userList, userResetPassword } from './commands/user.js';
import { readPassword } from './prompt.js';

export const commands: readonly Command[] = [migrate, userAdd, userDisable, userEnable, userResetPassword, userList, seed, auditVerify, auditCheckpoint, referenceImportIcd10];

function help(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: pnpm hms <command> [options]',
    '',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'The database is DATABASE_URL, or else the embedded one in HMS_DATA_DIR (default ./var).',
    'Exit codes: 0 done, 1 failed, 2 bad arguments, 3 refused, 4 audit chain broken.',
  ].join('\n');
}

function select(argv: string[]): { command: Command; rest: string[] } {
  // The longest name whose words start the arguments: `user add` before `user`.
  const matches = commands
    .filter((command) => {
      const words = command.name.split(' ');
      return words.every((word, index) => argv[index] === word);
    })
    .sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  if (command === undefined) {
    const given = argv.filter((arg) => !arg.startsWith('-')).slice(0, 2).join(' ');
    throw usageError(given === '' ? 'Give a command.' : `Unknown command "${given}".`);
  }
  return { command, rest: argv.slice(command.name.split(' ').length) };
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  readPassword(label: string): Promise<string>;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  readPassword,
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const { out } = io;
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    out(help());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  let database: OpenDatabase | undefined;
  try {
    const { command, rest } = select(argv);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(`${(error as Error).message}\nUsage: pnpm hms ${command.usage}`);
    }
    const config = loadConfig(io.env);
    const log = createLogger(io.env.HMS_LOG_LEVEL ?? 'warn');
    const osUser = userInfo().username;
    const ctx: CliContext = {
      config,
      log,
      clock: systemClock,
      database: async () => {
        database ??= await openDatabase(config, log, { reuseRunningEmbedded: true, applicationName: 'hms-cli' });
        return database;
      },
      db: async () => (await ctx.database()).db,
      out,
      stamp: () => ({ at: systemClock.now(), actor: null, origin: { address: 'cli', workstationId: `cli:${osUser}@${hostname()}` } }),
      readPassword: io.readPassword,
      auditKey: () => loadOrCreateAuditKey(config.audit.keyFile),
    };
    await command.run(ctx, { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`hms: ${error.message}`);
      if (error.exitCode === EXIT.usage) io.err('Run "pnpm hms help" for the list of commands.');
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      io.err(`hms: ${error.message}`);
      return EXIT.usage;
    }
    io.err(`hms: failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await database?.close();
  }
}
