import { HmsError } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { toWireError } from './errors.js';

const log = createLogger('silent');

describe('toWireError', () => {
  it('passes typed errors through', () => {
    expect(toWireError(HmsError.notFound('The patient'), log, 'x')).toEqual({ code: 'NOT_FOUND', message: 'The patient was not found.' });
  });

  it('turns unmapped unique and exclusion violations into CONFLICT', () => {
    expect(toWireError({ code: '23505', constraint: 'x_key' }, log, 'x').code).toBe('CONFLICT');
    expect(toWireError({ code: '23P01', constraint: 'no_overlap' }, log, 'x').code).toBe('CONFLICT');
  });

  it('reports an unreachable database as UNAVAILABLE', () => {
    expect(toWireError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), log, 'x').code).toBe('UNAVAILABLE');
  });

  it('hides everything else behind INTERNAL with a reference, leaking no internals', () => {
    const wire = toWireError(new Error('relation "patients" does not exist at /srv/hms/dist/x.js:10'), log, 'x');
    expect(wire.code).toBe('INTERNAL');
    expect(JSON.stringify(wire)).not.toMatch(/relation|patients|srv|\.js/);
    expect(wire.details).toEqual({ ref: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
