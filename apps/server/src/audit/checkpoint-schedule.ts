import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { AuditKey } from './audit-key.js';
import { writeAuditCheckpoint } from './checkpoints.js';

export interface CheckpointSchedule {
  file: string;
  /** At most a minute, so that deleting the newest rows loses at most a minute unnoticed. */
  intervalMs: number;
}

/**
 * The running server's checkpoints: one at start, then every interval (only when the head
 * moved), and a last one at stop. A contradiction (rows deleted or changed behind the server)
 * is logged as an error each time it is seen; nothing is overwritten.
 */
export function scheduleAuditCheckpoints(db: Knex, key: AuditKey, clock: Clock, log: Logger, schedule: CheckpointSchedule): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const outcome = await writeAuditCheckpoint(db, key, schedule.file, clock.now());
        if (outcome.kind === 'contradicted') {
          log.error({ seq: outcome.previous.seq, problem: outcome.problem, file: schedule.file }, 'the audit log contradicts its last checkpoint: rows were deleted or changed; run `hms audit verify`');
        }
      } catch (error) {
        log.warn({ err: error, file: schedule.file }, 'audit checkpoint failed; will retry');
      }
    });
    return running;
  };
  void run();
  const timer = setInterval(() => void run(), schedule.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await run();
    },
  };
}
