import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const KEY_BYTES = 32;

/**
 * The secret the audit chain and its checkpoints are keyed with. It lives outside the database
 * (a 0600 file in the server's data folder), so the database's own users cannot forge a row.
 */
export class AuditKey {
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < KEY_BYTES) throw new Error(`An audit key has at least ${KEY_BYTES} bytes.`);
    this.#secret = Buffer.from(secret);
  }

  static generate(): AuditKey {
    return new AuditKey(randomBytes(KEY_BYTES));
  }

  /** HMAC-SHA-256 of the UTF-8 text, as hex. */
  mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text, 'utf8').digest('hex');
  }

  /** The file's text: hex and a newline, easy to copy to a second server or print for the safe. */
  toFileText(): string {
    return `${this.#secret.toString('hex')}\n`;
  }

  static fromFileText(text: string, path: string): AuditKey {
    const hex = text.trim();
    if (!/^[0-9a-f]+$/.test(hex) || hex.length < KEY_BYTES * 2 || hex.length % 2 !== 0) {
      throw new Error(`${path} is not an HMS audit key (${KEY_BYTES * 2} or more hex digits).`);
    }
    return new AuditKey(Buffer.from(hex, 'hex'));
  }
}

/** The key in `path`, or undefined when there is no such file. */
export async function loadAuditKey(path: string): Promise<AuditKey | undefined> {
  if (!existsSync(path)) return undefined;
  return AuditKey.fromFileText(await readFile(path, 'utf8'), path);
}

/**
 * The key in `path`, created (0600) on first use. Two processes starting at once: the file is
 * created exclusively, and the one that loses reads the winner's key.
 */
export async function loadOrCreateAuditKey(path: string): Promise<AuditKey> {
  const existing = await loadAuditKey(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true });
  const key = AuditKey.generate();
  try {
    await writeFile(path, key.toFileText(), { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await loadAuditKey(path))!;
  }
}

/** True when the key file can be read by others than its owner (a careless copy). */
export async function auditKeyExposed(path: string): Promise<boolean> {
  return ((await stat(path)).mode & 0o077) !== 0;
}
