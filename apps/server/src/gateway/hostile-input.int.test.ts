import type { MethodName, ParamsIn } from '@hms/core';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { encodeCursor } from '../shared/cursor.js';
import { ManualClock, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

/**
 * Odd input from outside (issue 9, findings 4 and 5): NUL, lone surrogates, bidi overrides and
 * invisible controls in every text field, and forged cursors, answer VALIDATION naming the
 * field, write nothing, and leave no patient data in the server's log.
 */
const logged: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logged.push(chunk.toString('utf8'));
    done();
  },
});
const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
const stack = useTestStack({ clock, timeZone: 'Africa/Nairobi', log: createLogger('debug', sink) });

const ODD: Record<string, string> = {
  nul: '\u0000',
  'lone surrogate': '\uD83D',
  'right-to-left override': '\u202E',
  'zero-width space': '\u200B',
  escape: '\u001B',
  'C1 next line': '\u0085',
};

// What a real patient's record holds: none of it may reach the log.
const SECRET = { givenName: 'Nyokabi', familyName: 'Gathoni', phone: '0733 918 274', nationalId: '31415926' };
const SECRET_TEXTS = ['Nyokabi', 'Gathoni', '733918274', '31415926'];

const registerBase = {
  ...SECRET, middleName: 'Wairimu', sex: 'F', birthDate: '1991-05-06', alternatePhone: '0744 100 200', preferredLanguage: 'Kikuyu',
  address: { line1: 'Kenyatta Avenue', line2: 'Flat 4', village: 'Gatundu', city: 'Thika', region: 'Kiambu', postalCode: '01000', country: 'Kenya' },
  emergencyContact: { name: 'Kamau Gathoni', relationship: 'brother', phone: '0722 000 111' },
  insurance: { payer: 'NHIF', memberNumber: 'M-778' },
} as const;
const TEXT_PATHS = [
  'givenName', 'middleName', 'familyName', 'birthDate', 'phone', 'alternatePhone', 'nationalId', 'preferredLanguage',
  'address.line1', 'address.line2', 'address.village', 'address.city', 'address.region', 'address.postalCode', 'address.country',
  'emergencyContact.name', 'emergencyContact.relationship', 'emergencyContact.phone', 'insurance.payer', 'insurance.memberNumber',
];

/** `base` with `path` ending in the odd character. */
function withOdd(base: Record<string, unknown>, path: string, char: string): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  target[last] = `${String(target[last] ?? 'Kamau').slice(0, 8)}${char}`;
  return copy;
}

async function expectRefused<M extends MethodName>(client: TestClient, method: M, params: Record<string, unknown>, field: string, why: string): Promise<void> {
  // The connection's token bucket refills on the server's clock, which only the test moves.
  clock.advance(100);
  const error = await client.callError(method, params as ParamsIn<M>);
  expect({ why, code: error.code, fields: Object.keys((error.details?.fields ?? {}) as object) }).toEqual({ why, code: 'VALIDATION', fields: [field] });
}

describe('odd characters in every text field', () => {
  it('patients.register and patients.update answer VALIDATION naming the field, register nothing, and log no patient data', async () => {
    const desk = await stack.signedIn(['receptionist'], 'desk-1');
    const before = await stack.db('patients').count({ n: '*' });
    for (const path of [...TEXT_PATHS, 'mrn']) {
      for (const [name, char] of Object.entries(ODD)) {
        await expectRefused(desk, 'patients.register', withOdd({ ...registerBase, mrn: 'PAT-2026-000001-0' }, path, char), path, `register ${path} ${name}`);
      }
    }
    expect(await stack.db('patients').count({ n: '*' })).toEqual(before);

    const { patient } = await desk.call('patients.register', registerBase);
    expect(patient.givenName).toBe('Nyokabi');
    const updateBase = { ...registerBase, id: patient.id, expectedVersion: 1 };
    for (const path of TEXT_PATHS) {
      for (const [name, char] of Object.entries(ODD)) {
        await expectRefused(desk, 'patients.update', withOdd(updateBase, path, char), path, `update ${path} ${name}`);
      }
    }
    expect((await stack.db('patients').where({ id: patient.id }).first()).version).toBe(1);
    const odd = await desk.callError('patients.findDuplicates', { givenName: 'Nyo\u0000kabi', familyName: 'Gathoni' });
    expect(odd.details?.fields).toHaveProperty('givenName');
    await expectRefused(desk, 'patients.search', { query: 'Nyokabi\u0000' }, 'query', 'search');
    await expectRefused(desk, 'patients.get', { mrn: `${patient.mrn}\u0000` }, 'mrn', 'get by MRN');

    const text = logged.join('');
    for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"level":50/);
  });

  it('names arrive in NFC, and a name that reads one way and prints another is refused', async () => {
    const desk = await stack.signedIn(['receptionist'], 'desk-1');
    const { patient } = await desk.call('patients.register', { givenName: 'Zoe\u0301', familyName: 'Mu\u0308ller', sex: 'F', birthDate: '1990-01-01', confirmedNotDuplicate: true });
    expect([patient.givenName, patient.familyName]).toEqual(['Zoé', 'Müller']);
    const stored = await stack.db('patients').where({ id: patient.id }).first();
    expect(stored.given_name).toBe('Zo\u00E9');
    const error = await desk.callError('patients.register', { givenName: 'Amina\u202Eyusuf', familyName: 'Yusuf', sex: 'F' });
    expect(error.details?.fields).toEqual({ givenName: 'must not contain invisible formatting characters (U+202E)' });
    const broken = await desk.callError('patients.register', { givenName: 'Amina\uDC00', familyName: 'Yusuf', sex: 'F' });
    expect(broken.details?.fields).toEqual({ givenName: expect.stringContaining('unpaired surrogate') });
  });

  it('other methods that take text refuse it the same way, and multi-line fields keep their newlines', async () => {
    const admin = await stack.signedIn(['admin'], 'records-office');
    for (const [name, char] of Object.entries(ODD)) {
      await expectRefused(admin, 'users.create', { username: 'clerk.odd', displayName: `Clerk${char}`, roles: ['cashier'], password: 'a long passphrase 9' }, 'displayName', `users.create ${name}`);
      await expectRefused(admin, 'departments.create', { code: 'ODD', name: `Odd${char}` }, 'name', `departments.create ${name}`);
      await expectRefused(admin, 'system.announce', { message: `Lunch${char}` }, 'message', `system.announce ${name}`);
      await expectRefused(admin, 'settings.update', { name: `Hospital${char}` }, 'name', `settings.update ${name}`);
      await expectRefused(admin, 'audit.query', { entityType: `patient${char}` }, 'entityType', `audit.query ${name}`);
    }
    await expectRefused(admin, 'departments.create', { code: 'ODD', name: 'Odd\nline' }, 'name', 'a newline in a one-line field');
    await expect(admin.call('system.announce', { message: 'Lunch break:\n13:00 to 14:00' })).resolves.toBeDefined();
    await expect(admin.call('settings.update', { address: 'P.O. Box 1\nThika' })).resolves.toMatchObject({ settings: { address: 'P.O. Box 1\nThika' } });
  });

  it('auth.login refuses a NUL or lone surrogate in the username or password with VALIDATION', async () => {
    const client = await stack.connect();
    for (const char of ['\u0000', '\uD800']) {
      await expectRefused(client, 'auth.login', { username: `admin${char}`, password: 'whatever it is' }, 'username', 'username');
      await expectRefused(client, 'auth.login', { username: 'admin', password: `secret${char}` }, 'password', 'password');
    }
    await expectRefused(client, 'auth.resume', { token: 'abc\u0000def' }, 'token', 'resume token');
  });
});

describe('forged pagination cursors', () => {
  it('answer VALIDATION on cursor, whether hand-edited or sealed with a bad key inside', async () => {
    const admin = await stack.signedIn(['admin'], 'records-office');
    const desk = await stack.signedIn(['receptionist'], 'desk-1');
    const { patient } = await desk.call('patients.register', { givenName: 'Cursor', familyName: 'Probe', sex: 'M', birthDate: '1980-02-02' });
    const unsealed = Buffer.from(JSON.stringify(['2026-03-02T08:00:00.000Z', 'not-a-uuid'])).toString('base64url');
    const forged = {
      unsealed,
      resealed: `${unsealed}.AAAAAAAAAAAAAAAA`,
      badInstant: encodeCursor(['yesterday', '00000000-0000-0000-0000-000000000000']),
      badId: encodeCursor(['2026-03-02T08:00:00.000Z', 'not-a-uuid']),
      badSeq: encodeCursor({ seq: 'x' }),
      badSearchKey: encodeCursor({ q: 'x', m: 'i', k: ['kamau\u0000', 'not-a-uuid'] }),
      badReview: encodeCursor({ at: 'soon', id: 'not-a-uuid' }),
    };
    for (const [name, cursor] of Object.entries(forged)) {
      await expectRefused(admin, 'visits.list', { cursor }, 'cursor', `visits.list ${name}`);
      await expectRefused(admin, 'appointments.list', { cursor }, 'cursor', `appointments.list ${name}`);
      await expectRefused(admin, 'audit.query', { cursor }, 'cursor', `audit.query ${name}`);
      await expectRefused(admin, 'patients.history', { id: patient.id, cursor }, 'cursor', `patients.history ${name}`);
      await expectRefused(admin, 'patients.duplicateReviews', { cursor }, 'cursor', `patients.duplicateReviews ${name}`);
      await expectRefused(admin, 'patients.search', { query: 'probe', cursor }, 'cursor', `patients.search ${name}`);
    }
    // A real cursor of this very query, its key swapped for one that is not a uuid and sealed again.
    await desk.call('patients.register', { givenName: 'Cursor', familyName: 'Probe', sex: 'F', birthDate: '1981-03-03', confirmedNotDuplicate: true });
    const first = await admin.call('patients.search', { query: 'probe', limit: 1 });
    expect(first.nextCursor).toBeDefined();
    const issued = JSON.parse(Buffer.from(first.nextCursor!.split('.')[0]!, 'base64url').toString('utf8')) as { k: unknown[] };
    const swapped = encodeCursor({ ...issued, k: [...issued.k.slice(0, -1), 'not-a-uuid'] });
    await expectRefused(admin, 'patients.search', { query: 'probe', limit: 1, cursor: swapped }, 'cursor', 'patients.search swapped key');
    await expect(admin.call('patients.search', { query: 'probe', limit: 1, cursor: first.nextCursor! })).resolves.toMatchObject({ items: [expect.anything()] });
    expect(logged.join('')).not.toMatch(/"level":50/);
  });
});
