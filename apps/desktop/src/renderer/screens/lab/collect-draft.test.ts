import { describe, expect, it } from 'vitest';
import { groupsOf } from './collect-draft.js';

describe('the collection screen\'s tubes', () => {
  it('puts tests given the same container in one tube, and a test moved to another container in its own', () => {
    expect(groupsOf(['FBC', 'HB', 'RBG'], { FBC: 'edta', HB: 'edta', RBG: 'fluoride' })).toEqual([{ container: 'edta', tests: ['FBC', 'HB'] }, { container: 'fluoride', tests: ['RBG'] }]);
    expect(groupsOf(['FBC', 'HB', 'RBG'], { FBC: 'edta', HB: 'plain', RBG: 'fluoride' })).toEqual([{ container: 'edta', tests: ['FBC'] }, { container: 'plain', tests: ['HB'] }, { container: 'fluoride', tests: ['RBG'] }]);
  });
});
