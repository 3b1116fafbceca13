import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Patient data never goes to logs: request params and results are not
 * logged, and these paths are redacted should an object carrying them be logged by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hms-server' },
      redact: {
        paths: ['params', 'result', 'password', '*.password', 'token', '*.token', 'data', 'before', 'after'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
