import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmsError } from '../errors.js';
import {
  MAX_QUEUE_SKIPS,
  VISIT_ACTIONS,
  VISIT_STATUSES,
  canApplyVisitAction,
  isOpenVisitStatus,
  isTerminalVisitStatus,
  nextVisitStatus,
  skipOutcome,
} from './visit-status.js';
import type { VisitAction, VisitStatus } from './visit-status.js';

function conflictOf(run: () => unknown): HmsError {
  try {
    run();
  } catch (error) {
    if (error instanceof HmsError) return error;
    throw error;
  }
  throw new Error('expected a CONFLICT');
}

describe('visit status machine', () => {
  it('follows the happy path checked_in -> in_consultation -> completed', () => {
    expect(nextVisitStatus('checked_in', 'call')).toBe('in_consultation');
    expect(nextVisitStatus('in_consultation', 'recall')).toBe('in_consultation');
    expect(nextVisitStatus('in_consultation', 'complete')).toBe('completed');
  });

  it('cancels only waiting visits; marks waiting or called ones as left', () => {
    expect(nextVisitStatus('checked_in', 'cancel')).toBe('cancelled');
    expect(nextVisitStatus('checked_in', 'leave')).toBe('left_without_being_seen');
    expect(nextVisitStatus('in_consultation', 'leave')).toBe('left_without_being_seen');
    expect(conflictOf(() => nextVisitStatus('in_consultation', 'cancel'))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'illegal_transition', from: 'in_consultation', action: 'cancel' },
    });
  });

  it('refuses to complete a visit nobody called, or call one twice', () => {
    expect(conflictOf(() => nextVisitStatus('checked_in', 'complete')).code).toBe('CONFLICT');
    expect(conflictOf(() => nextVisitStatus('in_consultation', 'call')).code).toBe('CONFLICT');
    expect(conflictOf(() => nextVisitStatus('checked_in', 'recall')).code).toBe('CONFLICT');
  });

  it('never moves a terminal visit (every action, every terminal status)', () => {
    for (const status of VISIT_STATUSES.filter(isTerminalVisitStatus)) {
      for (const action of VISIT_ACTIONS) {
        expect(conflictOf(() => nextVisitStatus(status, action))).toMatchObject({ code: 'CONFLICT', details: { reason: 'illegal_transition', from: status, action } });
      }
    }
    expect(VISIT_STATUSES.filter(isTerminalVisitStatus).sort()).toEqual(['cancelled', 'completed', 'left_without_being_seen']);
    expect(VISIT_STATUSES.filter(isOpenVisitStatus)).toEqual(['checked_in', 'in_consultation']);
  });

  it('any sequence of actions stays in the machine, and completed is only ever reached from a consultation (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VISIT_ACTIONS), { maxLength: 40 }), (actions: VisitAction[]) => {
        let status: VisitStatus = 'checked_in';
        for (const action of actions) {
          const allowed = canApplyVisitAction(status, action);
          let next: VisitStatus;
          try {
            next = nextVisitStatus(status, action);
          } catch (error) {
            expect(allowed).toBe(false);
            expect((error as HmsError).code).toBe('CONFLICT');
            continue;
          }
          expect(allowed).toBe(true);
          expect(VISIT_STATUSES).toContain(next);
          if (next === 'completed') expect(status).toBe('in_consultation');
          if (isTerminalVisitStatus(status)) throw new Error('a terminal status moved');
          status = next;
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('skipOutcome', () => {
  it('requeues until the last allowed skip, which marks the visit left', () => {
    expect(skipOutcome('in_consultation', 0)).toEqual({ status: 'checked_in', skipCount: 1 });
    expect(skipOutcome('in_consultation', MAX_QUEUE_SKIPS - 2)).toEqual({ status: 'checked_in', skipCount: MAX_QUEUE_SKIPS - 1 });
    expect(skipOutcome('in_consultation', MAX_QUEUE_SKIPS - 1)).toEqual({ status: 'left_without_being_seen', skipCount: MAX_QUEUE_SKIPS });
    expect(conflictOf(() => skipOutcome('checked_in', 0)).code).toBe('CONFLICT');
  });
});
