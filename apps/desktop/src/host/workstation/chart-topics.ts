import type { MethodName, Params, ParamsIn, Result } from '@hms/core';

type Call = <M extends MethodName>(method: M, params: ParamsIn<M>) => Promise<Result<M>>;

/** What the service needs of the workstation's one connection. */
export interface ChartTopicsConnection {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  addSessionStep(key: string, step: (call: Call) => Promise<void>, options?: { runNow?: boolean }): () => void;
}

interface Followed {
  readonly holders: Set<string>;
  readonly removeStep: () => void;
}

/**
 * Which desks of this workstation follow each patient's chart, and the socket's watch on it.
 * The server's topics are per socket and every desk shares the one socket: the first desk to
 * follow a chart watches it (now, and after every reconnect as a session step), and the watch is
 * dropped (`charts.unwatch`) only when the last desk lets go, so a socket's chart topics are the
 * charts open or queued on this workstation, not every chart it ever showed.
 *
 * Watch and unwatch of one chart are sent one after the other: the server handles a socket's
 * requests concurrently, and an unwatch overtaking its watch would leave the chart watched.
 */
export class ChartTopics {
  private readonly connection: ChartTopicsConnection;
  private readonly online: () => boolean;
  private readonly followed = new Map<string, Followed>();
  /** The last watch or unwatch sent for each chart, which the next one waits for. */
  private readonly sending = new Map<string, Promise<void>>();

  constructor(deps: { connection: ChartTopicsConnection; online: () => boolean }) {
    this.connection = deps.connection;
    this.online = deps.online;
  }

  /** `holder` (a desk, or a desk's reason) follows the chart; the first holder watches it. */
  hold(patientId: string, holder: string): void {
    const entry = this.followed.get(patientId);
    if (entry !== undefined) {
      entry.holders.add(holder);
      return;
    }
    // runNow: false: the watch is sent below, in order with this chart's earlier unwatch.
    const removeStep = this.connection.addSessionStep(`chart:${patientId}`, async (call) => {
      await call('charts.watch', { patientId });
    }, { runNow: false });
    this.followed.set(patientId, { holders: new Set([holder]), removeStep });
    if (this.online()) this.send(patientId, 'charts.watch', { patientId });
  }

  /** `holder` lets go; the chart is unwatched when no holder is left. True when it was. */
  release(patientId: string, holder: string): boolean {
    const entry = this.followed.get(patientId);
    if (entry === undefined) return false;
    entry.holders.delete(holder);
    if (entry.holders.size > 0) return false;
    entry.removeStep();
    this.followed.delete(patientId);
    if (this.online()) this.send(patientId, 'charts.unwatch', { patientId });
    return true;
  }

  /** Every chart `holder` follows, let go (a desk's user signed out). */
  releaseAll(holder: string): void {
    for (const [patientId, entry] of [...this.followed]) if (entry.holders.has(holder)) this.release(patientId, holder);
  }

  /** Whether anyone on this workstation follows the chart (so its watch is, or will be after a reconnect, on the socket). */
  watched(patientId: string): boolean {
    return this.followed.has(patientId);
  }

  /** The charts followed now, for the tests and the status. */
  patients(): string[] {
    return [...this.followed.keys()];
  }

  /** Resolves once every watch and unwatch sent so far has been answered (or failed). */
  async settled(): Promise<void> {
    await Promise.all([...this.sending.values()]);
  }

  private send<M extends 'charts.watch' | 'charts.unwatch'>(patientId: string, method: M, params: Params<M> & ParamsIn<M>): void {
    const previous = this.sending.get(patientId) ?? Promise.resolve();
    // A failure (the link dropped) is repaired by the session step after the reconnect, or needs nothing (a sign-out clears the socket's topics).
    const next = previous.then(() => this.connection.call(method, params)).then(() => undefined, () => undefined);
    this.sending.set(patientId, next);
    void next.then(() => {
      if (this.sending.get(patientId) === next) this.sending.delete(patientId);
    });
  }
}
