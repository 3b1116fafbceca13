import { compareQueueEntries, estimateQueueWaits, queueAheadCounts } from '@hms/core';
import type { EventData, QueueBoard } from '@hms/core';

export type QueueChange = EventData<'queue.changed'>;

/** What one queue.changed event does to a board. */
export type BoardUpdate =
  | { kind: 'applied'; board: QueueBoard; /** Visits now on the board whose patient the event could not name. */ unnamed: string[] }
  /** Already contained in the board (an older or repeated event), or another department's. */
  | { kind: 'ignored' }
  /** An event is missing, or the day changed: read the board again. */
  | { kind: 'gap' };

type Waiting = QueueBoard['waiting'][number];
type Serving = QueueBoard['nowServing'][number];

/**
 * Applies one change to a board as docs/front-desk-queue.md describes: versions must follow
 * one another; the visit leaves waiting and serving, then joins waiting (in calling order) or
 * now serving. Events carry no patient identity, so a visit keeps the patient it had on the
 * board; a newcomer has none until the board is read again. Pure.
 */
export function applyQueueChange(board: QueueBoard, change: QueueChange): BoardUpdate {
  if (change.department !== board.department) return { kind: 'ignored' };
  if (change.serviceDate !== board.serviceDate) return change.serviceDate > board.serviceDate ? { kind: 'gap' } : { kind: 'ignored' };
  if (change.version <= board.version) return { kind: 'ignored' };
  if (change.version !== board.version + 1) return { kind: 'gap' };

  const known = board.waiting.find((entry) => entry.visitId === change.visitId)?.patient
    ?? board.nowServing.find((entry) => entry.visitId === change.visitId)?.patient
    ?? null;
  const unnamed: string[] = [];
  let waiting: Waiting[] = board.waiting.filter((entry) => entry.visitId !== change.visitId);
  const nowServing: Serving[] = board.nowServing.filter((entry) => entry.visitId !== change.visitId);
  if (change.entry !== null) {
    waiting.push({ ...change.entry, position: 0, estimatedWaitMinutes: 0, patient: known });
    if (known === null) unnamed.push(change.visitId);
  }
  if (change.serving !== null) {
    nowServing.push({ ...change.serving, patient: known });
    if (known === null && change.entry === null) unnamed.push(change.visitId);
  }
  waiting = withEstimates(waiting, change.typicalConsultationMinutes, change.activeServers);
  nowServing.sort((a, b) => Date.parse(a.calledAt) - Date.parse(b.calledAt));
  return {
    kind: 'applied',
    unnamed,
    board: {
      ...board,
      version: change.version,
      waiting,
      nowServing,
      typicalConsultationMinutes: change.typicalConsultationMinutes,
      activeServers: change.activeServers,
      at: change.at,
    },
  };
}

/** Waiting entries in calling order, with their positions and estimated waits recomputed. */
export function withEstimates(entries: readonly Waiting[], typicalMinutes: number, activeServers: number): Waiting[] {
  const ordered = [...entries].sort((a, b) => compareQueueEntries({ ...a, id: a.visitId }, { ...b, id: b.visitId }));
  const keys = ordered.map((entry) => ({ ...entry, id: entry.visitId }));
  const ahead = queueAheadCounts(keys);
  const waits = estimateQueueWaits(keys, typicalMinutes, activeServers);
  return ordered.map((entry, index) => ({ ...entry, position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]! }));
}
