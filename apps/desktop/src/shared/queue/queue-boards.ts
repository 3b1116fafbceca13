import { HmsError } from '@hms/core';
import type { MethodName, ParamsIn, QueueBoard, Result } from '@hms/core';
import type { SessionStep } from '../connection/server-connection.js';
import type { QueueBoardView } from '../protocol/reception.js';
import { applyQueueChange } from './queue-board.js';
import type { QueueChange } from './queue-board.js';

/**
 * Who on this workstation watches each department: the server's topics are per socket, so one
 * desk's `queue.unwatch` would stop the events another desk still shows (host/workstation/queue-topics.ts).
 */
export interface QueueTopicHolders {
  hold(department: string, holder: string): void;
  /** Drops the holder; true when no one else on this workstation watches the department. */
  release(department: string, holder: string): boolean;
}

export interface QueueBoardsDeps {
  /** The desk whose boards these are: its session steps and its hold on each topic are its own. */
  owner: string;
  topics: QueueTopicHolders;
  /** Waiting entries a board carries (the server's default when left out). */
  limit?: number;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  addSessionStep(key: string, step: SessionStep, options?: { runNow?: boolean }): () => void;
  /** Connected and signed in. */
  isOnline(): boolean;
  /** Boards carry patient names for this user's roles (desk and clinical roles). */
  showsNames(): boolean;
  publish(view: QueueBoardView): void;
  /** Where the last board of each department is kept for offline use (the desktop's cache). */
  store?: { load(department: string): { board: QueueBoard; asOf: string } | undefined; save(board: QueueBoard, asOf: string): void };
  now(): Date;
  schedule(callback: () => void, ms: number): () => void;
}

interface Watched {
  view: QueueBoardView;
  removeStep: () => void;
  cancelReload: (() => void) | undefined;
}

/** Events naming no patient, or leaving the board's window short, are followed by one reload of the board this long after. */
const RELOAD_AFTER_MS = 250;

/**
 * The queue boards a desk watches, kept current: `queue.watch` (again after every reconnect,
 * as a session step), then each `queue.changed` applied in version order, a reload on a gap.
 * While offline the last board stays visible, marked as not live.
 */
export class QueueBoards {
  private readonly deps: QueueBoardsDeps;
  private readonly watched = new Map<string, Watched>();

  constructor(deps: QueueBoardsDeps) {
    this.deps = deps;
  }

  /** Starts watching (once) and answers the board: fresh when online, else the last one kept. */
  async watch(departmentCode: string): Promise<QueueBoardView> {
    const department = departmentCode.trim().toUpperCase();
    let watched = this.watched.get(department);
    if (watched === undefined) {
      const stored = this.deps.store?.load(department);
      const created: Watched = {
        view: { department, board: stored?.board ?? null, live: false, asOf: stored?.asOf ?? null },
        removeStep: () => undefined,
        cancelReload: undefined,
      };
      watched = created;
      this.watched.set(department, created);
      this.deps.topics.hold(department, this.deps.owner);
      created.removeStep = this.deps.addSessionStep(`${this.deps.owner}:queue:${department}`, async (call) => {
        const { board } = await call('queue.watch', this.params(department));
        this.accept(department, board);
      }, { runNow: false });
    }
    if (this.deps.isOnline()) {
      try {
        const { board } = await this.deps.call('queue.watch', this.params(department));
        this.accept(department, board);
      } catch (error) {
        if (!(error instanceof HmsError) || error.code !== 'UNAVAILABLE') {
          this.forget(department);
          throw error;
        }
      }
    }
    return this.watched.get(department)?.view ?? watched.view;
  }

  async unwatch(departmentCode: string): Promise<void> {
    const department = departmentCode.trim().toUpperCase();
    // Another desk of this workstation may still show the board: the socket keeps the topic then.
    if (this.forget(department) !== 'lastHolder') return;
    if (this.deps.isOnline()) await this.deps.call('queue.unwatch', { department }).catch(() => undefined);
  }

  view(department: string): QueueBoardView | undefined {
    return this.watched.get(department)?.view;
  }

  departments(): string[] {
    return [...this.watched.keys()];
  }

  onChange(change: QueueChange): void {
    const watched = this.watched.get(change.department);
    if (watched === undefined || watched.view.board === null) return;
    const update = applyQueueChange(watched.view.board, change);
    switch (update.kind) {
      case 'ignored':
        return;
      case 'gap':
        void this.reload(change.department);
        return;
      case 'applied':
        this.set(change.department, update.board, true);
        if (update.refill || (update.unnamed.length > 0 && this.deps.showsNames())) this.scheduleReload(watched, change.department);
        return;
    }
  }

  /** The link dropped: boards stay, no longer live. */
  offline(): void {
    for (const watched of this.watched.values()) {
      if (!watched.view.live) continue;
      watched.view = { ...watched.view, live: false };
      this.deps.publish(watched.view);
    }
  }

  /** Events were lost (pruned on the server): read every board again. */
  async reloadAll(): Promise<void> {
    await Promise.all(this.departments().map((department) => this.reload(department)));
  }

  private async reload(department: string): Promise<void> {
    if (!this.deps.isOnline()) return;
    try {
      const { board } = await this.deps.call('queue.board', this.params(department));
      this.accept(department, board);
    } catch {
      // Offline again or refused: the board stays as it was; the next reconnect reads it again.
    }
  }

  private params(department: string): { department: string; limit?: number } {
    return this.deps.limit === undefined ? { department } : { department, limit: this.deps.limit };
  }

  private scheduleReload(watched: Watched, department: string): void {
    if (watched.cancelReload !== undefined) return;
    watched.cancelReload = this.deps.schedule(() => {
      watched.cancelReload = undefined;
      void this.reload(department);
    }, RELOAD_AFTER_MS);
  }

  /** A board read from the server; never older than the one held (events may overtake a reply). */
  private accept(department: string, board: QueueBoard): void {
    const current = this.watched.get(department)?.view.board;
    if (current != null && current.serviceDate === board.serviceDate && current.version > board.version) {
      this.set(department, current, true);
      return;
    }
    this.set(department, board, true);
  }

  private set(department: string, board: QueueBoard, live: boolean): void {
    const watched = this.watched.get(department);
    if (watched === undefined) return;
    const asOf = this.deps.now().toISOString();
    watched.view = { department, board, live, asOf };
    this.deps.store?.save(board, asOf);
    this.deps.publish(watched.view);
  }

  private forget(department: string): 'notWatched' | 'stillHeld' | 'lastHolder' {
    const watched = this.watched.get(department);
    if (watched === undefined) return 'notWatched';
    watched.removeStep();
    watched.cancelReload?.();
    this.watched.delete(department);
    return this.deps.topics.release(department, this.deps.owner) ? 'lastHolder' : 'stillHeld';
  }
}
