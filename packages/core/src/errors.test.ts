import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HmsError, fieldErrorsFromIssues, validationErrorFrom } from './errors.js';

describe('HmsError', () => {
  it('round-trips through its wire shape', () => {
    const error = HmsError.conflict('Taken.', { fields: { username: 'is taken' } });
    expect(HmsError.fromWire(error.toWire())).toMatchObject({ code: 'CONFLICT', message: 'Taken.', details: { fields: { username: 'is taken' } } });
    expect(new HmsError('NOT_FOUND', 'Gone.').toWire()).toEqual({ code: 'NOT_FOUND', message: 'Gone.' });
  });

  it('maps zod issues to one message per dotted field path', () => {
    const schema = z.object({ name: z.string().min(1), address: z.object({ city: z.string() }), tags: z.array(z.string()) });
    const result = schema.safeParse({ name: '', address: { city: 5 }, tags: ['ok', 3] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(fieldErrorsFromIssues(result.error.issues)).sort()).toEqual(['address.city', 'name', 'tags.1']);
    expect(validationErrorFrom(result.error).code).toBe('VALIDATION');
  });
});
