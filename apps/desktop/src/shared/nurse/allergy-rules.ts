import type { AllergyEntryStatus, AllergySeverity, AllergySummary, Params } from '@hms/core';
import type { PendingWrite } from './triage.js';

type SubstanceOf = { kind: string; code?: string | null; text: string };

/** The server's rule (allergies-service.ts): the same kind, and the same formulary code, else the same text. */
export function sameSubstance(a: SubstanceOf, b: SubstanceOf): boolean {
  if (a.kind !== b.kind) return false;
  if (a.code != null && b.code != null) return a.code === b.code;
  return a.text.toLocaleLowerCase() === b.text.toLocaleLowerCase();
}

/** One allergy as the desk shows it: the server's current revision, or what this desk queued on top of it. */
export interface AllergyOnDesk {
  /** The server's allergy id; null for a new one queued here. */
  id: string | null;
  text: string;
  kind: string;
  severity: AllergySeverity;
  reaction: string | null;
  status: AllergyEntryStatus;
  /** This desk's write not yet sent that made it so. */
  pendingKey: string | null;
}

/** The patient's allergies with this desk's queued writes applied: new ones added, revisions in place. Pure. */
export function allergiesOnDesk(summary: AllergySummary | null, pending: readonly PendingWrite[]): AllergyOnDesk[] {
  const list: AllergyOnDesk[] = (summary?.items ?? []).map((item) => ({
    id: item.id, text: item.substance.text, kind: item.substance.kind, severity: item.severity, reaction: item.reaction, status: item.status, pendingKey: null,
  }));
  for (const write of pending) {
    const { change } = write;
    if (write.state !== 'queued' || change.kind !== 'allergy') continue;
    const onDesk = { text: change.substance.text, kind: change.substance.kind, severity: change.severity, reaction: change.reaction, status: change.status, pendingKey: write.key };
    const index = change.allergyId === null ? -1 : list.findIndex((item) => item.id === change.allergyId);
    if (index >= 0) list[index] = { ...list[index]!, ...onDesk };
    else list.push({ id: change.allergyId, ...onDesk });
  }
  return list;
}

export interface LocalRefusal {
  reason: 'already_recorded' | 'active_allergies';
  message: string;
  allergyId?: string;
}

/**
 * What the server would refuse on replay, seen from what this desk holds (the allergies as last
 * read, and its own writes not yet sent): a second allergy to one substance, "no known
 * allergies" beside an active one. Undefined when the write may go.
 */
export function allergyRefusal(
  summary: AllergySummary | null,
  pending: readonly PendingWrite[],
  write: { method: 'allergies.record'; params: Params<'allergies.record'> } | { method: 'allergies.noneKnown' },
): LocalRefusal | undefined {
  const queued = pending.filter((entry) => entry.state === 'queued');
  if (write.method === 'allergies.record') {
    if (write.params.allergyId !== undefined) return undefined;
    const { substance } = write.params;
    const recorded = summary?.items.find((allergy) => sameSubstance(allergy.substance, substance));
    if (recorded !== undefined) {
      return { reason: 'already_recorded', allergyId: recorded.id, message: `An allergy to ${recorded.substance.text} is recorded already (${recorded.status}): revise that one.` };
    }
    const waiting = queued.find((entry) => entry.change.kind === 'allergy' && entry.change.allergyId === null && sameSubstance(entry.change.substance, substance));
    if (waiting !== undefined) return { reason: 'already_recorded', message: `An allergy to ${substance.text} is queued on this desk already.` };
    return undefined;
  }
  const active = allergiesOnDesk(summary, queued).some((allergy) => allergy.status === 'active');
  return active ? { reason: 'active_allergies', message: 'The patient has active allergies: mark them inactive or refuted first.' } : undefined;
}
