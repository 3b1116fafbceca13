import { describe, expect, it } from 'vitest';
import type { DispenseLineView } from '../../../shared/pharmacy/views.js';
import { checkLine, shownLine } from './pharmacy-model.js';
import type { LineDraft } from './pharmacy-model.js';

const TODAY = '2026-12-02';
const batch = (batchId: string, batchNumber: string, expiry: string, onHand: number, flags: { expired?: boolean; recalled?: boolean } = {}) => ({
  batchId, batchNumber, expiry, onHand, expired: flags.expired ?? false, recalled: flags.recalled ?? false, gtin: null,
});

const line: DispenseLineView = {
  prescriptionItemId: 'item-1', itemId: 'amox', name: 'Amoxicillin 500 mg capsule', outstanding: 15, usable: 62, fefoBatchId: 'early',
  batches: [batch('early', 'AMX-E60', '2027-01-31', 12), batch('late', 'AMX-L400', '2028-01-06', 50), batch('old', 'AMX-OLD', '2026-11-22', 30, { expired: true }), batch('bad', 'AMX-R', '2027-06-01', 9, { recalled: true })],
  gtins: [],
  substitutes: [{
    itemId: 'amox250', name: 'Amoxicillin 250 mg capsule', unit: 'capsule', usable: 40, fefoBatchId: 'sub-early', gtins: [],
    batches: [batch('sub-early', 'A250-E', '2027-03-31', 8), batch('sub-late', 'A250-L', '2028-03-31', 32)],
  }],
};
const draft = (patch: Partial<LineDraft>): LineDraft => ({ quantity: '10', batchId: '', reason: '', verified: undefined, ...patch });

describe('the dispense screen\'s checks of a line before it is sent', () => {
  it('says nothing when FEFO\'s batch holds the quantity, or nothing is typed', () => {
    expect(checkLine(line, draft({ quantity: '10' }), TODAY, false)).toEqual([]);
    expect(checkLine(line, draft({ quantity: '' }), TODAY, false)).toEqual([]);
  });

  it('refuses a quantity that is not a whole number or more than is owed', () => {
    expect(checkLine(line, draft({ quantity: '2.5' }), TODAY, false)).toMatchObject([{ intent: 'error', message: expect.stringContaining('whole number') }]);
    expect(checkLine(line, draft({ quantity: '16' }), TODAY, false)).toMatchObject([{ intent: 'error', message: 'Amoxicillin 500 mg capsule: 15 units still to dispense, not 16.' }]);
  });

  it('online, tells how FEFO runs on into the next usable batch (never the expired or recalled one)', () => {
    expect(checkLine(line, draft({ quantity: '15' }), TODAY, false)).toEqual([{ intent: 'info', message: 'FEFO takes 12 from batch AMX-E60, then 3 from batch AMX-L400: one label per batch.' }]);
  });

  it('offline, warns that units beyond the kept picture become a discrepancy, without refusing', () => {
    const [check] = checkLine(line, draft({ quantity: '15' }), TODAY, true);
    expect(check).toMatchObject({ intent: 'warning', message: expect.stringContaining('the 3 the books lack become a stock discrepancy') });
  });

  it('refuses an expired or recalled batch chosen by hand, naming the date in words', () => {
    expect(checkLine(line, draft({ batchId: 'old', reason: 'Nearest' }), TODAY, false)).toEqual([{ intent: 'error', message: 'Batch AMX-OLD expired on 22 Nov 2026: it may not be dispensed. Take its packs off the shelf; FEFO\'s batch is the one to hand out.' }]);
    expect(checkLine(line, draft({ batchId: 'bad', reason: 'Nearest' }), TODAY, true)).toMatchObject([{ intent: 'error', message: expect.stringContaining('AMX-R is recalled') }]);
  });

  it('asks a reason for another batch than FEFO\'s; a short chosen batch is refused online and a warning offline', () => {
    expect(checkLine(line, draft({ batchId: 'late' }), TODAY, false)).toMatchObject([{ intent: 'error', message: 'FEFO takes batch AMX-E60 first: give a reason to hand out batch AMX-L400.' }]);
    expect(checkLine(line, draft({ batchId: 'late', reason: 'Patient travels: longer expiry' }), TODAY, false)).toEqual([]);
    const short = { ...line, outstanding: 60 };
    expect(checkLine(short, draft({ quantity: '55', batchId: 'late', reason: 'Longer expiry' }), TODAY, false)).toMatchObject([{ intent: 'error', message: 'Batch AMX-L400 has 50 units here, fewer than 55.' }]);
    expect(checkLine(short, draft({ quantity: '55', batchId: 'late', reason: 'Longer expiry' }), TODAY, true)).toMatchObject([{ intent: 'warning' }]);
  });

  it('refuses when no batch here may be dispensed', () => {
    const none = { ...line, fefoBatchId: null, batches: [batch('old', 'AMX-OLD', '2026-11-22', 30, { expired: true })] };
    expect(checkLine(none, draft({}), TODAY, false)).toMatchObject([{ intent: 'error', message: expect.stringContaining('no batch here may be dispensed') }]);
  });

  it('checks a generic substitution as the substitute: its reason first, then its own batches and FEFO; never offline', () => {
    const substituted = draft({ quantity: '10', substituteId: 'amox250' });
    expect(shownLine(line, substituted)).toMatchObject({ itemId: 'amox250', name: 'Amoxicillin 250 mg capsule', fefoBatchId: 'sub-early', usable: 40 });
    expect(shownLine(line, draft({}))).toBe(line);
    expect(checkLine(line, substituted, TODAY, false)).toEqual([{ intent: 'error', message: 'Amoxicillin 250 mg capsule instead of Amoxicillin 500 mg capsule: give the reason for the substitution.' }]);
    expect(checkLine(line, { ...substituted, substitutionReason: '500 mg out of stock' }, TODAY, false)).toEqual([{ intent: 'info', message: 'FEFO takes 8 from batch A250-E, then 2 from batch A250-L: one label per batch.' }]);
    expect(checkLine(line, { ...substituted, substitutionReason: 'none left' }, TODAY, true)).toMatchObject([{ intent: 'error', message: expect.stringContaining('checked against the formulary on the server') }]);
  });
});
