import { compareQueueEntries, estimateQueueWaits, queueAheadCounts } from '@hms/core';
import type { EventData, QueueBoard } from '@hms/core';

export type QueueChange = EventData<'queue.changed'>;

/** What one queue.changed event does to a board. */
export type BoardUpdate =
  | {
    kind: 'applied';
    board: QueueBoard;
    /** Visits now on the board whose patient the event could not name. */
    unnamed: string[];
    /** The window holds fewer than its limit while more wait beyond it: read the board again to fill it. */
    refill: boolean;
  }
  /** Already contained in the board (an older or repeated event), or another department's. */
  | { kind: 'ignored' }
  /** An event is missing, or the day changed: read the board again. */
  | { kind: 'gap' };

type Waiting = QueueBoard['waiting'][number];
type Serving = QueueBoard['nowServing'][number];

const orderOf = (entry: Waiting) => ({ ...entry, id: entry.visitId });

/**
 * Applies one change to a board as docs/front-desk-queue.md describes: versions must follow
 * one another; the visit leaves waiting and serving, then joins now serving, or waiting when it
 * falls within the board's window. The window stays the first entries of the queue, so their
 * positions stay exact: a newcomer beyond its last entry is only counted, and the window may
 * shrink (refill says when to read it again). Events carry no patient identity, so a visit keeps
 * the patient it had on the board; a newcomer has none until the board is read again. Pure.
 */
export function applyQueueChange(board: QueueBoard, change: QueueChange): BoardUpdate {
  if (change.department !== board.department) return { kind: 'ignored' };
  if (change.serviceDate !== board.serviceDate) return change.serviceDate > board.serviceDate ? { kind: 'gap' } : { kind: 'ignored' };
  if (change.version <= board.version) return { kind: 'ignored' };
  if (change.version !== board.version + 1) return { kind: 'gap' };

  const known = board.waiting.find((entry) => entry.visitId === change.visitId)?.patient
    ?? board.nowServing.find((entry) => entry.visitId === change.visitId)?.patient
    ?? null;
  // Whether the window held every waiting entry before this change (then nothing lies beyond it).
  const wholeQueue = board.waiting.length >= board.waitingCount;
  let waiting: Waiting[] = board.waiting.filter((entry) => entry.visitId !== change.visitId);
  const nowServing: Serving[] = board.nowServing.filter((entry) => entry.visitId !== change.visitId);
  if (change.entry !== null) {
    const entry: Waiting = { ...change.entry, position: 0, estimatedWaitMinutes: 0, patient: known };
    const last = waiting.at(-1);
    const withinWindow = wholeQueue || (last !== undefined && compareQueueEntries(orderOf(entry), orderOf(last)) < 0);
    if (withinWindow) waiting.push(entry);
  }
  if (change.serving !== null) nowServing.push({ ...change.serving, patient: known });
  waiting = withEstimates(waiting, change.typicalConsultationMinutes, change.activeServers).slice(0, board.limit);
  const shown = change.serving !== null || waiting.some((entry) => entry.visitId === change.visitId);
  const unnamed = shown && known === null ? [change.visitId] : [];
  nowServing.sort((a, b) => Date.parse(a.calledAt) - Date.parse(b.calledAt));
  return {
    kind: 'applied',
    unnamed,
    refill: waiting.length < Math.min(board.limit, change.waitingCount),
    board: {
      ...board,
      version: change.version,
      waiting,
      nowServing,
      waitingCount: change.waitingCount,
      waitingByPriority: change.waitingByPriority,
      typicalConsultationMinutes: change.typicalConsultationMinutes,
      activeServers: change.activeServers,
      at: change.at,
    },
  };
}

/** Waiting entries in calling order, with their positions and estimated waits recomputed. */
export function withEstimates(entries: readonly Waiting[], typicalMinutes: number, activeServers: number): Waiting[] {
  const ordered = [...entries].sort((a, b) => compareQueueEntries(orderOf(a), orderOf(b)));
  const keys = ordered.map(orderOf);
  const ahead = queueAheadCounts(keys);
  const waits = estimateQueueWaits(keys, typicalMinutes, activeServers);
  return ordered.map((entry, index) => ({ ...entry, position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]! }));
}
