import { pino } from 'pino';
import type { Logger } from 'pino';
import { isPgError } from './db/pg-errors.js';

export type { Logger };

/** What a database error may say in the log: its SQLSTATE and where, never what it was about. */
const SAFE_DATABASE_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'dataType', 'schema', 'routine'] as const;

/** Fields some libraries add to errors that repeat what a statement carried. */
const UNSAFE_ERROR_FIELDS = new Set(['detail', 'where', 'hint', 'internalQuery', 'query', 'sql', 'bindings', 'parameters', 'params', 'cause']);

/**
 * PostgreSQL's errors carry the data they failed on: `detail` (a duplicate key's value),
 * `where` (the JSON being parsed), `internalQuery`, `hint`, and knex prefixes the message with
 * the statement and its bindings inlined. So a database error is logged by code and constraint
 * only, with the stack's frames but not its first line (the message). Other errors keep pino's
 * type, message, stack and plain fields; causes are serialized the same way.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) && !isPgError(error)) return error;
  if (isPgError(error)) {
    const source = error as unknown as Record<string, unknown>;
    const safe: Record<string, unknown> = { type: 'DatabaseError', message: `database error ${error.code}` };
    for (const field of SAFE_DATABASE_FIELDS) if (typeof source[field] === 'string') safe[field] = source[field];
    const stack = typeof source.stack === 'string' ? source.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : undefined;
    if (stack !== undefined && stack !== '') safe.stack = stack;
    return safe;
  }
  // pino's standard serializer folds the causes' messages into this one's: built by hand instead.
  const source = error as unknown as Record<string, unknown>;
  const plain: Record<string, unknown> = { type: error.constructor.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(source)) {
    if (UNSAFE_ERROR_FIELDS.has(key) || key in plain) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  if (error.cause !== undefined && depth < 5) plain.cause = serializeError(error.cause, depth + 1);
  return plain;
}

/**
 * Structured JSON logs. Patient data never goes to logs: request params and results are not
 * logged, these paths are redacted should an object carrying them be logged by mistake, and
 * errors go through serializeError.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hms-server' },
      serializers: { err: serializeError, error: serializeError },
      redact: {
        paths: ['params', 'result', 'password', '*.password', 'token', '*.token', 'data', 'before', 'after'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
