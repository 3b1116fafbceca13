import { createInterface } from 'node:readline';
import { CliError, EXIT } from './cli-error.js';

/**
 * A password from the terminal (not echoed, asked twice) or, for scripts, the first line of
 * standard input. Never from the command line, where it would land in shell history and `ps`.
 */
export async function readPassword(label: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await firstLine();
    if (line === undefined || line.length === 0) throw new CliError(EXIT.usage, 'Expected the password on standard input.');
    return line;
  }
  const first = await askHidden(`${label}: `);
  const second = await askHidden(`${label} (again): `);
  if (first !== second) throw new CliError(EXIT.usage, 'The two passwords differ.');
  return first;
}

function firstLine(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      lines.close();
      resolve(line.replace(/\r$/, ''));
    });
    lines.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') process.exit(130);
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
