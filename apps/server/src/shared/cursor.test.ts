import { isHmsError } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InstantIdCursorSchema, decodeCursor, encodeCursor } from './cursor.js';

const fieldsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return isHmsError(error) ? { code: error.code, details: error.details } : error;
  }
  throw new Error('expected a refusal');
};

describe('pagination cursors', () => {
  it('round-trip what the server wrote', () => {
    const key = ['2026-03-02T08:00:00.000Z', '0b9ad1c3-8a6f-4bfb-9f0e-0fd0a1a6a0a1'];
    expect(decodeCursor(encodeCursor(key), InstantIdCursorSchema)).toEqual(key);
  });

  it('refuse a cursor edited by hand, unsealed, or with a key of the wrong shape, as VALIDATION on cursor', () => {
    const Seq = z.object({ seq: z.number().int() });
    const good = encodeCursor({ seq: 5 });
    const [payload, sealed] = good.split('.') as [string, string];
    const edited = `${Buffer.from(JSON.stringify({ seq: 6 })).toString('base64url')}.${sealed}`;
    const cases: Array<[string, z.ZodType]> = [
      [edited, Seq], [payload, Seq], [`${payload}.`, Seq], ['.', Seq], ['not-a-cursor', Seq], [encodeCursor({ seq: 'x' }), Seq],
      [encodeCursor(['yesterday', '0b9ad1c3-8a6f-4bfb-9f0e-0fd0a1a6a0a1']), InstantIdCursorSchema],
      [encodeCursor(['2026-03-02T08:00:00.000Z', 'not-a-uuid']), InstantIdCursorSchema],
    ];
    for (const [cursor, schema] of cases) {
      expect(fieldsOf(() => decodeCursor(cursor, schema))).toEqual({ code: 'VALIDATION', details: { fields: { cursor: 'is not a cursor this server issued' } } });
    }
  });
});
