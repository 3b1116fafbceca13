import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const EnvSchema = z.object({
  HMS_HOST: z.string().default('0.0.0.0'),
  HMS_PORT: z.coerce.number().int().min(0).max(65535).default(7400),
  DATABASE_URL: z.string().url().optional(),
  HMS_OWNER_DATABASE_URL: z.string().url().optional(),
  HMS_DATA_DIR: z.string().default('./var'),
  HMS_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(7432),
  HMS_EMBEDDED_PG_USER: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'a user name').default('postgres'),
  HMS_EMBEDDED_PG_SYSTEM_DIR: z.string().startsWith('/', 'an absolute path').default('/var/lib/hms-postgres'),
  HMS_DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  HMS_DB_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  HMS_DEMO: flag.default(false),
  HMS_DEMO_PASSWORD: z.string().min(1).optional(),
  HMS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HMS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  HMS_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  HMS_LOGIN_LOCK_AFTER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  HMS_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  HMS_SIGN_IN_DEADLINE_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  HMS_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  HMS_PUBLIC_URL: z.string().url().optional(),
  HMS_RENDERER_DIR: z.string().optional(),
  HMS_UPDATES_DIR: z.string().optional(),
  HMS_AUDIT_KEY_FILE: z.string().optional(),
  HMS_AUDIT_CHECKPOINT_FILE: z.string().optional(),
});

export interface SessionPolicy {
  /** A session unused for this long expires. */
  idleTimeoutSeconds: number;
  /** A session expires this long after sign-in, however busy. */
  absoluteTimeoutSeconds: number;
}

/** Per username, whatever the address: the lockout. */
export interface AccountThrottlePolicy {
  /** Failed sign-ins within the window that lock the account. */
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

/** Per address (a desk, or a NAT in front of several): growing delays, never a refusal of every account. */
export interface AddressThrottlePolicy {
  /** Failures counted against an address within the window before its delays begin. */
  freeFailures: number;
  /** How many failures of one username count against its address: one person's typos never slow the desk. */
  failuresPerUsername: number;
  /** The wait after the last free failure; it doubles with each further one, up to `maxDelaySeconds`. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

export interface LoginThrottlePolicy {
  account: AccountThrottlePolicy;
  address: AddressThrottlePolicy;
}

/** Sockets that have not signed in: they cost the server and tell it nothing, so they are bounded. */
export interface SocketPolicy {
  /** A socket not signed in this long after connecting (or after signing out) is closed. */
  signInDeadlineMs: number;
  /** Sockets not signed in from one address at once; one more is closed at once. */
  maxUnauthenticatedPerAddress: number;
}

export interface AuditFiles {
  /** The audit chain's HMAC key (0600, created on first start). */
  keyFile: string;
  /** Signed checkpoints of the chain's head, written by the running server and `hms audit checkpoint`. */
  checkpointFile: string;
  /** How often the running server checkpoints (at most a minute). */
  checkpointIntervalMs: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Unset: the server runs its own embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  /** The schema's owner, for migrations (then DATABASE_URL's role is granted what it needs); unset: DATABASE_URL does both. */
  ownerDatabaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  /** Root only: the account the embedded PostgreSQL runs as. */
  embeddedPgUser: string;
  /** Root only: PostgreSQL's programs and clusters the account cannot reach where they are. */
  embeddedPgSystemDir: string;
  dbPoolMax: number;
  /** How long start-up waits for the database to answer (it may still be booting). */
  dbWaitSeconds: number;
  demo: boolean;
  demoPassword: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['HMS_LOG_LEVEL'];
  session: SessionPolicy;
  loginThrottle: LoginThrottlePolicy;
  sockets: SocketPolicy;
  publicUrl: string | undefined;
  /** The built browser workstation, served at `/`. */
  rendererDir: string;
  /** Workstation releases for electron-updater (latest.yml + installers), served at /updates/desktop/. */
  updatesDir: string;
  audit: AuditFiles;
}

/** The README's "Sign-in and socket policy" explains these numbers. */
export const DEFAULT_ADDRESS_THROTTLE: AddressThrottlePolicy = {
  freeFailures: 10,
  failuresPerUsername: 3,
  firstDelaySeconds: 1,
  maxDelaySeconds: 60,
  windowSeconds: 15 * 60,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the server's settings from the environment; a bad value stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable counts as unset (`DATABASE_URL= npm start`).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.HMS_OWNER_DATABASE_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError('Invalid configuration:\n  HMS_OWNER_DATABASE_URL: needs DATABASE_URL, the server\'s own role on the same database');
  }
  return {
    host: e.HMS_HOST,
    port: e.HMS_PORT,
    databaseUrl: e.DATABASE_URL,
    ownerDatabaseUrl: e.HMS_OWNER_DATABASE_URL,
    dataDir: resolve(e.HMS_DATA_DIR),
    embeddedPgPort: e.HMS_EMBEDDED_PG_PORT,
    embeddedPgUser: e.HMS_EMBEDDED_PG_USER,
    embeddedPgSystemDir: e.HMS_EMBEDDED_PG_SYSTEM_DIR,
    dbPoolMax: e.HMS_DB_POOL_MAX,
    dbWaitSeconds: e.HMS_DB_WAIT_SECONDS,
    demo: e.HMS_DEMO,
    demoPassword: e.HMS_DEMO_PASSWORD,
    logLevel: e.HMS_LOG_LEVEL,
    session: {
      idleTimeoutSeconds: e.HMS_SESSION_IDLE_MINUTES * 60,
      absoluteTimeoutSeconds: e.HMS_SESSION_MAX_HOURS * 3600,
    },
    loginThrottle: {
      account: { maxFailures: e.HMS_LOGIN_LOCK_AFTER_FAILURES, windowSeconds: 15 * 60, lockoutSeconds: e.HMS_LOGIN_LOCK_MINUTES * 60 },
      address: { ...DEFAULT_ADDRESS_THROTTLE },
    },
    sockets: { signInDeadlineMs: e.HMS_SIGN_IN_DEADLINE_SECONDS * 1000, maxUnauthenticatedPerAddress: e.HMS_UNAUTHENTICATED_SOCKETS_PER_ADDRESS },
    publicUrl: e.HMS_PUBLIC_URL,
    rendererDir: resolve(e.HMS_RENDERER_DIR ?? fileURLToPath(new URL('../../desktop/dist/renderer', import.meta.url))),
    updatesDir: resolve(e.HMS_UPDATES_DIR ?? join(resolve(e.HMS_DATA_DIR), 'updates', 'desktop')),
    audit: {
      keyFile: resolve(e.HMS_AUDIT_KEY_FILE ?? join(resolve(e.HMS_DATA_DIR), 'audit-key')),
      checkpointFile: resolve(e.HMS_AUDIT_CHECKPOINT_FILE ?? join(resolve(e.HMS_DATA_DIR), 'audit-checkpoints.json')),
      checkpointIntervalMs: 60_000,
    },
  };
}
