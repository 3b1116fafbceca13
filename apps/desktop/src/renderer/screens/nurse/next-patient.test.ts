import { describe, expect, it } from 'vitest';
import type { TriageEntry } from '../../../shared/nurse/triage.js';
import { nextToTriage } from './next-patient.js';

const entry = (n: number, vitalsAt: string | null = null) => ({ visitId: `v${n}`, token: `OPD-00${n}`, vitalsAt }) as TriageEntry;

describe('nextToTriage', () => {
  it('the next in calling order without vitals, else the first such before; none when everyone had them', () => {
    const list = [entry(1), entry(2, '09:00'), entry(3), entry(4, '09:10')];
    expect(nextToTriage(list, 'v1')?.visitId).toBe('v3');
    expect(nextToTriage(list, 'v3')?.visitId).toBe('v1');
    expect(nextToTriage(list, 'gone')?.visitId).toBe('v1');
    expect(nextToTriage([entry(1), entry(2, '09:00')], 'v1')).toBeUndefined();
  });
});
