import { describe, expect, it } from 'vitest';
import { checkRecallReason, holdings, recallOutcome } from './recall-model.js';

const locations = [
  { id: '00000000-0000-4000-8000-000000000001', code: 'MAIN', name: 'Main store', kind: 'store' as const, active: true },
  { id: '00000000-0000-4000-8000-000000000002', code: 'DISP', name: 'Dispensary', kind: 'dispensary' as const, active: true },
];

describe('the Recalls screen\'s rules', () => {
  it('names where a batch is held, leaving out emptied locations', () => {
    expect(holdings({ balances: [{ locationId: locations[0]!.id, onHand: 40 }, { locationId: locations[1]!.id, onHand: 0 }, { locationId: '00000000-0000-4000-8000-000000000009', onHand: 3 }] }, locations))
      .toBe('Main store 40 · Another location 3');
    expect(holdings({ balances: [{ locationId: locations[1]!.id, onHand: 0 }] }, locations)).toBe('None on the books');
  });

  it('needs a reason of at most 500 characters', () => {
    expect(checkRecallReason('  ')).toEqual({ ok: false, problem: 'Say why (the supplier\'s notice, its reference)' });
    expect(checkRecallReason('x'.repeat(501))).toEqual({ ok: false, problem: 'At most 500 characters' });
    expect(checkRecallReason(' Supplier notice MR-114 ')).toEqual({ ok: true, reason: 'Supplier notice MR-114' });
  });

  it('says the batch is blocked everywhere and counts each patient once', () => {
    const a = { patientId: 'a' };
    expect(recallOutcome('AMX-A1', [])).toBe('Batch AMX-A1 recalled: it can no longer be dispensed or moved at any location. No patient kept units of it.');
    expect(recallOutcome('AMX-A1', [a])).toMatch(/1 patient kept units of it: listed below\.$/);
    expect(recallOutcome('AMX-A1', [a, a, { patientId: 'b' }])).toMatch(/2 patients kept units of it: listed below\.$/);
  });
});
