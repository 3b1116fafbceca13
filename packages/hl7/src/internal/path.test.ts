import { describe, expect, it } from 'vitest';
import { Hl7Error } from '../errors.js';
import { parseFieldPath, parsePath } from './path.js';

describe('path grammar', () => {
  it('reads SEG(n)-F(r).C.S with 1-based defaults', () => {
    expect(parsePath('PID-5.1', 'HL7_BAD_PATH')).toEqual({ name: 'PID', segment: 1, field: 5, repetition: 1, component: 1, subcomponent: 1, depth: 2 });
    expect(parsePath('PID-3(2).1', 'HL7_BAD_PATH')).toMatchObject({ field: 3, repetition: 2, component: 1, depth: 2 });
    expect(parsePath('OBX(3)-5', 'HL7_BAD_PATH')).toMatchObject({ name: 'OBX', segment: 3, field: 5, depth: 1 });
    expect(parsePath('SPM-2.1.2', 'HL7_BAD_PATH')).toMatchObject({ component: 1, subcomponent: 2, depth: 3 });
    expect(parsePath('R(2)-3.4', 'ASTM_BAD_PATH')).toMatchObject({ name: 'R', segment: 2, field: 3, component: 4 });
    expect(parseFieldPath('3(2).1', 'HL7_BAD_PATH')).toMatchObject({ field: 3, repetition: 2, component: 1 });
  });

  it('rejects anything else with the typed error', () => {
    for (const bad of ['', 'PID', 'PID-', 'PID-0', 'PID-5.0', 'PID(0)-1', 'PID-5(', 'PID-5(2', 'PID-5.1.2.3', 'PID.5', 'PIDXX-1', '-1', 'PID-1x', 'PID-100000', 'P D-1']) {
      expect(() => parsePath(bad, 'HL7_BAD_PATH'), bad).toThrow(Hl7Error);
      try {
        parsePath(bad, 'HL7_BAD_PATH');
      } catch (error) {
        expect((error as Hl7Error).code).toBe('HL7_BAD_PATH');
      }
    }
    expect(() => parsePath('R-', 'ASTM_BAD_PATH')).toThrow(expect.objectContaining({ code: 'ASTM_BAD_PATH' }));
  });
});
