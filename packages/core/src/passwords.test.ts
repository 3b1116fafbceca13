import { describe, expect, it } from 'vitest';
import { passwordProblems } from './passwords.js';

describe('password policy', () => {
  it('accepts a long enough passphrase', () => {
    expect(passwordProblems('correct horse battery', 'nurse1')).toEqual([]);
  });
  it('rejects short, repeated and username-containing passwords', () => {
    expect(passwordProblems('short')).toContain('at least 10 characters');
    expect(passwordProblems('aaaaaaaaaaaa')).toContain('not one character repeated');
    expect(passwordProblems('Doctor-2026-secret', 'doctor')).toContain('must not contain the username');
  });
});
