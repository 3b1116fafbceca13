import { describe, expect, it } from 'vitest';
import { defaultContainer, groupByContainer } from './containers.js';

const waiting = (code: string, section: 'haematology' | 'chemistry' | 'parasitology' | 'urinalysis' | 'microbiology') => ({ code, section, status: 'awaiting_collection' as const });

describe('containers for a request\'s tests', () => {
  it('draws haematology in EDTA, glucose in fluoride, other chemistry in serum, urine in its pot, culture in its bottle', () => {
    expect(defaultContainer(waiting('FBC', 'haematology'), 'blood')).toBe('edta');
    expect(defaultContainer(waiting('RBG', 'chemistry'), 'blood')).toBe('fluoride');
    expect(defaultContainer(waiting('CREAT', 'chemistry'), 'blood')).toBe('serum');
    expect(defaultContainer(waiting('MAL_RDT', 'parasitology'), 'blood')).toBe('edta');
    expect(defaultContainer(waiting('URINE', 'urinalysis'), undefined)).toBe('urine');
    expect(defaultContainer(waiting('BC', 'microbiology'), 'blood')).toBe('blood_culture');
    expect(defaultContainer(waiting('MCS', 'microbiology'), 'sputum')).toBe('sputum');
  });

  it('groups the tests still to collect one container per kind, leaving collected ones out', () => {
    const specimen = () => 'blood' as const;
    expect(groupByContainer([waiting('FBC', 'haematology'), waiting('UE', 'chemistry'), { ...waiting('HB', 'haematology') }, waiting('RBG', 'chemistry'), { ...waiting('CREAT', 'chemistry'), status: 'collected' }], specimen)).toEqual([
      { container: 'edta', tests: ['FBC', 'HB'] }, { container: 'serum', tests: ['UE'] }, { container: 'fluoride', tests: ['RBG'] },
    ]);
  });
});
