import type { TransferRequest } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { issueLines, receiptLines, requestLines, requestState } from './transfer-model.js';

const amox = { id: 'a', name: 'Amoxicillin 500 mg capsule', unit: 'capsule' };
const request = (status: TransferRequest['status']): TransferRequest => ({
  id: 'r', number: 'TR-000001', fromLocationId: 'main', toLocationId: 'disp', status, note: null, requestedAt: '2026-12-02T08:00:00Z', requestedBy: 'u',
  issuedAt: null, issuedBy: null, receivedAt: null, receivedBy: null, receiptNote: null, lines: [],
  issues: [{ itemId: 'a', batchId: 'b1', batchNumber: 'B1', expiry: '2027-01-31', issued: 10, received: null }, { itemId: 'a', batchId: 'b2', batchNumber: 'B2', expiry: '2027-06-30', issued: 5, received: null }],
});

describe('requestLines', () => {
  it('keeps chosen items with whole quantities and skips empty rows', () => {
    expect(requestLines([{ item: amox, quantity: ' 40 ' }, { item: undefined, quantity: '' }])).toEqual({ ok: true, lines: [{ itemId: 'a', quantity: 40 }] });
  });
  it('says what is wrong per row, and that a request needs an item', () => {
    expect(requestLines([{ item: amox, quantity: '0' }, { item: undefined, quantity: '3' }, { item: amox, quantity: '2.5' }])).toEqual({
      ok: false, errors: { 0: 'A whole number of units, more than 0', 1: 'Choose the item', 2: 'A whole number of units, more than 0' },
    });
    expect(requestLines([{ item: amox, quantity: '4' }, { item: amox, quantity: '5' }])).toMatchObject({ ok: false, errors: { 1: expect.stringContaining('already') } });
    expect(requestLines([{ item: undefined, quantity: '' }])).toEqual({ ok: false, errors: { sheet: 'Add at least one item to request' } });
  });
});

describe('receiptLines', () => {
  it('takes an empty box as arrived in full, and counts what is missing', () => {
    expect(receiptLines(request('issued'), {}, '')).toEqual({ ok: true, lines: [], missing: 0 });
    expect(receiptLines(request('issued'), { b1: '8' }, 'Two capsules crushed in the box')).toEqual({ ok: true, lines: [{ batchId: 'b1', received: 8 }], missing: 2 });
  });
  it('needs a note for a shortfall and refuses more than was issued', () => {
    expect(receiptLines(request('issued'), { b1: '8' }, ' ')).toEqual({ ok: false, errors: { note: expect.stringContaining('did not arrive') } });
    expect(receiptLines(request('issued'), { b2: '6', b1: 'x' }, '')).toEqual({ ok: false, errors: { b2: 'Only 5 were issued', b1: 'A whole number of units, 0 or more' } });
  });
});

describe('requestState', () => {
  it('offers issuing to the store\'s issuer and receiving to the destination only', () => {
    expect(requestState(request('requested'), 'main', true).action).toBe('issue');
    expect(requestState(request('requested'), 'main', false).action).toBeUndefined();
    expect(requestState(request('requested'), 'disp', true).action).toBeUndefined();
    expect(requestState(request('issued'), 'disp', false).action).toBe('receive');
    expect(requestState(request('issued'), 'main', true).action).toBeUndefined();
    expect(requestState(request('received'), 'disp', true)).toEqual({ text: 'Received', action: undefined });
  });
});

describe('issueLines', () => {
  const asked = { ...request('requested'), lines: [{ item: { id: 'a', kind: 'drug' as const, drugId: 'a', code: 'a', name: 'A', unit: 'tablet', active: true }, requested: 20, issued: 0, received: null },
    { item: { id: 'p', kind: 'drug' as const, drugId: 'p', code: 'p', name: 'P', unit: 'tablet', active: true }, requested: 5, issued: 0, received: null }] };
  it('issues as asked when nothing is typed, and less (0 leaving an item out) when typed', () => {
    expect(issueLines(asked, {})).toEqual({ ok: true, lines: undefined });
    expect(issueLines(asked, { a: '12', p: '0' })).toEqual({ ok: true, lines: [{ itemId: 'a', quantity: 12 }, { itemId: 'p', quantity: 0 }] });
    expect(issueLines(asked, { p: '3' })).toEqual({ ok: true, lines: [{ itemId: 'a', quantity: 20 }, { itemId: 'p', quantity: 3 }] });
  });
  it('refuses more than asked, fractions, and issuing nothing at all', () => {
    expect(issueLines(asked, { a: '21', p: 'x' })).toEqual({ ok: false, errors: { a: 'Only 20 were asked for', p: 'A whole number of units, 0 or more' } });
    expect(issueLines(asked, { a: '0', p: '0' })).toEqual({ ok: false, errors: { sheet: 'Issue at least one unit' } });
  });
});
