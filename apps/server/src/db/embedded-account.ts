// Who runs the embedded PostgreSQL. PostgreSQL refuses to run as root, so a server started as
// root runs it as a service account (`postgres` by default, created as a system account when
// the machine has none); as anyone else it runs as that same user.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The uid/gid to start PostgreSQL's programs as; undefined: as this process's own user. */
export interface ServiceAccount {
  name: string;
  uid: number;
  gid: number;
}

export class EmbeddedStartError extends Error {
  override name = 'EmbeddedStartError';
}

export const runningAsRoot = (): boolean => process.getuid?.() === 0;

async function lookUp(name: string): Promise<ServiceAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

async function groupExists(name: string): Promise<boolean> {
  return run('getent', ['group', name]).then(() => true, () => false);
}

/**
 * The account PostgreSQL runs as when this process is root: `name`, created when missing as
 * a system account with no home and no login shell (as Debian's own postgresql package
 * would find and keep it).
 */
export async function serviceAccount(name: string): Promise<ServiceAccount | undefined> {
  if (!runningAsRoot()) return undefined;
  const existing = await lookUp(name);
  if (existing !== undefined) return existing;
  const group = (await groupExists(name)) ? ['--gid', name] : ['--user-group'];
  try {
    await run('useradd', ['--system', ...group, '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--comment', 'PostgreSQL (HMS embedded)', name]);
  } catch (error) {
    throw new EmbeddedStartError(
      `PostgreSQL cannot run as root and there is no "${name}" user to run it as (useradd failed: ${firstLine(error)}); ` +
        `create one with "useradd --system ${name}", set HMS_EMBEDDED_PG_USER to an existing user, or start HMS as an ordinary user.`,
      { cause: error },
    );
  }
  const created = await lookUp(name);
  if (created === undefined) throw new EmbeddedStartError(`The "${name}" user was created but cannot be looked up; check /etc/passwd.`);
  return created;
}

/**
 * Whether `account` can use `path` (`test -x` for a folder: enter it; for a file: run it),
 * asked of the operating system as that user, so every folder above it and any ACL count.
 */
export function reachableBy(account: ServiceAccount | undefined, path: string, test: '-x' | '-w' = '-x'): Promise<boolean> {
  if (account === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const child = spawn('test', [test, path], { uid: account.uid, gid: account.gid, cwd: '/', stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: string }).stderr || error.message) : String(error);
  return text.trim().split('\n')[0] ?? '';
}
