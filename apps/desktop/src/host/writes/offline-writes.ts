import { methods } from '@hms/core';
import type { MethodName, Result } from '@hms/core';
import type { DeskWrite } from '../../shared/protocol/channels.js';
import type { DeskId } from '../../shared/protocol/define.js';
import type { ConflictView } from '../../shared/protocol/records.js';

/**
 * What a desk does with one kind of write once it left the desk (the renderer side of the
 * same desk gives its outbox label and fix form). Typed by method: `result` and `conflict.params`
 * are that method's.
 */
export interface OfflineWrite<M extends MethodName> {
  /** It reached the server, at once or from the outbox; `result` is the server's answer. */
  applied?(result: Result<M>, write: { idempotencyKey: string }): void;
  /** The server refused it on replay: it is in the conflicts inbox now. */
  refused?(conflict: ConflictView<M>): void;
  /** A person discarded the refused write (it stays on record, never sent). */
  discarded?(conflict: ConflictView<M>): void;
  /** A person corrected the refused write and sent it again (as a new write, applied or queued). */
  resent?(conflict: ConflictView<M>): void;
}

/** A desk's offline writes: one entry for each write declared for it (deskWrites), none other. */
export type OfflineWrites<D extends DeskId> = { readonly [M in DeskWrite<D>]: OfflineWrite<M> };

/** Every desk's offline writes, so the one write path and the outbox tell each desk about its own. */
export class OfflineWriteHooks {
  private readonly byMethod = new Map<MethodName, OfflineWrite<MethodName>[]>();

  register(writes: { readonly [M in MethodName]?: OfflineWrite<M> }): void {
    for (const method of Object.keys(writes) as MethodName[]) {
      const hooks = writes[method] as OfflineWrite<MethodName> | undefined;
      if (hooks === undefined) continue;
      this.byMethod.set(method, [...(this.byMethod.get(method) ?? []), hooks]);
    }
  }

  applied(method: MethodName, idempotencyKey: string, result: unknown): void {
    const hooks = this.byMethod.get(method) ?? [];
    if (hooks.length === 0) return;
    // Replayed answers arrive as JSON: read through the method's own schema before a desk sees them.
    const parsed = methods[method].result.safeParse(result);
    if (!parsed.success) return;
    for (const hook of hooks) hook.applied?.(parsed.data as Result<MethodName>, { idempotencyKey });
  }

  refused(conflict: ConflictView): void {
    for (const hook of this.byMethod.get(conflict.method) ?? []) hook.refused?.(conflict);
  }

  discarded(conflict: ConflictView): void {
    for (const hook of this.byMethod.get(conflict.method) ?? []) hook.discarded?.(conflict);
  }

  resent(conflict: ConflictView): void {
    for (const hook of this.byMethod.get(conflict.method) ?? []) hook.resent?.(conflict);
  }
}
