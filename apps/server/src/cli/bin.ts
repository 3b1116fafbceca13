#!/usr/bin/env node
import { runCli } from './main.js';

// runCli turns every failure it sees into a message and an exit code; this catches what
// escapes it (an 'error' event nobody listened to): a sentence and exit code 1, never a stack.
const escaped = (error: unknown) => {
  process.stderr.write(`hms: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};
process.on('uncaughtException', escaped);
process.on('unhandledRejection', escaped);

process.exitCode = await runCli(process.argv.slice(2));
