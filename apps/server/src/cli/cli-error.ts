/**
 * Exit codes scripts can rely on:
 *   0 done   1 failed (database unreachable, unexpected error)   2 bad arguments
 *   3 refused by a rule (unknown user, name taken, weak password)   4 audit chain broken
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, tampered: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
