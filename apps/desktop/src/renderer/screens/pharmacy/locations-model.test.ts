import type { StockLocation } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { configurableLocations, newLocationProblems } from './locations-model.js';

const at = (code: string, kind: StockLocation['kind'], active = true, name = code): StockLocation => ({ id: `id-${code}`, code, name, kind, active });

describe('the stock locations screen', () => {
  it('lists shelves only, open ones first, by kind then name', () => {
    const listed = configurableLocations([at('W2', 'ward', true, 'Ward 2'), at('QUAR', 'quarantine'), at('W1', 'ward', false, 'Ward 1'), at('DISP', 'dispensary'), at('TRANSIT', 'transit'), at('MAIN', 'store'), at('W3', 'ward', true, 'Maternity')]);
    expect(listed.map((location) => location.code)).toEqual(['MAIN', 'DISP', 'W3', 'W2', 'W1']);
  });

  it('says what a new location lacks before it is sent', () => {
    const existing = [at('MAIN', 'store')];
    expect(newLocationProblems({ code: 'w4', name: 'Ward 4' }, existing)).toEqual({});
    expect(newLocationProblems({ code: 'main', name: ' ' }, existing)).toEqual({ code: 'Another location has this code.', name: 'Give the location a name.' });
    expect(newLocationProblems({ code: '4W', name: 'Ward 4' }, existing)).toEqual({ code: expect.stringMatching(/starting with a letter/) });
  });
});
