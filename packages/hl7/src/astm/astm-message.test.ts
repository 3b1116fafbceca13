import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { astmModelArb, renderAstm, runs, valueArb } from '../__fixtures__/arbitraries.js';
import { architect, ASTM_FIXTURES, cobasC311, genexpert, quirkyStream, sysmexXn } from '../__fixtures__/astm-instruments.js';
import { Hl7Error } from '../errors.js';
import { encodeText } from '../internal/charset.js';
import { createAstmMessage, parseAstm } from './astm-message.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof Hl7Error ? error.code : `not Hl7Error: ${String(error)}`;
  }
  return undefined;
}

function normalised(text: string): string {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').map((l) => l + '\r').join('');
}

describe.each(ASTM_FIXTURES)('$name', (fixture) => {
  it('reads the values the interface specification documents', () => {
    const messages = parseAstm(fixture.text);
    expect(messages).toHaveLength(fixture.messages);
    for (const [index, path, value] of fixture.expect) expect(messages[index]?.get(path), `${index} ${path}`).toBe(value);
  });

  it('re-serializes each message, record ends normalised to CR', () => {
    const joined = parseAstm(fixture.text).map((m) => m.toString()).join('');
    const expected = normalised(fixture.text).split('\r').filter((l) => l !== '' && l !== 'garbage before header').map((l) => l + '\r').join('');
    expect(joined).toBe(expected);
  });

  it('reads the same from bytes', () => {
    const messages = parseAstm(encodeText(fixture.text, 'utf-8'));
    for (const [index, path, value] of fixture.expect) expect(messages[index]?.get(path)).toBe(value);
  });
});

describe('parseAstm', () => {
  it('splits on H, tolerates a missing L, a bare L| and stray text', () => {
    const messages = parseAstm(quirkyStream.text);
    expect(messages.map((m) => m.terminated)).toEqual([false, true]);
    expect(messages.map((m) => m.recordCount)).toEqual([4, 7]);
    expect(messages[1]?.records().map((r) => r.type)).toEqual(['H', 'P', 'O', 'R', 'S', 'M', 'L']);
  });

  it('skips records between L and the next H', () => {
    const [a, b] = parseAstm('H|\\^&\rR|1|^^^A|1\rL|1|N\rR|9|stray\rH|\\^&\rR|1|^^^B|2\rL|1|N\r');
    expect(a?.records('R')).toHaveLength(1);
    expect(b?.get('R-3.4')).toBe('B');
  });

  it('takes other delimiters from the H record', () => {
    const [m] = parseAstm(genexpert.text);
    expect(m?.delimiters).toEqual({ field: '|', repeat: '@', component: '^', escape: '\\' });
    const [x] = parseAstm('H!~@#\rR!1!a@b~c@d!v#S#w\r');
    expect(x?.get('R-3(2).2')).toBe('d');
    expect(x?.get('R-4')).toBe('v@w');
  });

  it('matches record letters in any case', () => {
    const [m] = parseAstm('h|\\^&\rr|1|^^^X|5\rl|1|N\r');
    expect(m?.get('R-4')).toBe('5');
    expect(m?.terminated).toBe(true);
  });

  it('leaves decimal commas and comparators as text', () => {
    const [m] = parseAstm('H|\\^&\rR|1|^^^NA|1,5|g/l|0,5-2,0\rR|2|^^^K|< 0,1\r');
    expect(m?.get('R-4')).toBe('1,5');
    expect(m?.get('R-6')).toBe('0,5-2,0');
    expect(m?.get('R(2)-4')).toBe('< 0,1');
  });

  it('rejects streams with no usable header, with typed errors', () => {
    expect(codeOf(() => parseAstm(''))).toBe('ASTM_NO_HEADER');
    expect(codeOf(() => parseAstm('P|1\rL|1\r'))).toBe('ASTM_NO_HEADER');
    expect(codeOf(() => parseAstm('H\r'))).toBe('ASTM_NO_HEADER');
    expect(codeOf(() => parseAstm('H|\rP|1'))).toBe('ASTM_BAD_DELIMITERS');
    expect(codeOf(() => parseAstm('H|\\\\&|'))).toBe('ASTM_BAD_DELIMITERS');
    expect(codeOf(() => parseAstm('H|\\^&xyz|'))).toBe('ASTM_BAD_DELIMITERS');
    expect(codeOf(() => parseAstm(7 as unknown as string))).toBe('ASTM_NO_HEADER');
    expect(codeOf(() => parseAstm(sysmexXn.text)[0]?.get('R.4'))).toBe('ASTM_BAD_PATH');
  });

  it('gives typed views of the records', () => {
    const [m] = parseAstm(architect.text);
    const [h] = m?.typed('H') ?? [];
    expect(h?.senderName).toBe('ARCHITECT');
    expect(h?.sender).toEqual(['ARCHITECT', '9.45', 'F3453010030', 'H1P1O1R1C1Q1L1']);
    expect(h?.processingId).toBe('P');
    const r = m?.typed('R') ?? [];
    expect(r[0]?.testId.slice(0, 5)).toEqual([undefined, undefined, undefined, '123', 'TSH']);
    expect(r[0]?.value).toBe('< 1.20');
    expect(r[0]?.units).toBe('mIU/mL');
    expect(r[0]?.status).toBe('F');
    expect(m?.typed('P')[0]?.lastName).toBe('Patient');
    expect(m?.typed('C')[0]?.text).toBe('Example Result Comment');
    expect(m?.typed('L')[0]?.terminationCode).toBeUndefined();
    const [c] = parseAstm(cobasC311.text);
    expect(c?.typed('O')[0]?.specimenId).toBe('11625');
    expect(c?.typed('O')[0]?.specimenIdComponents[1]).toBe('CL-PL-24-0370         ');
    expect(c?.typed('O')[0]?.tests.map((t) => t[3])).toEqual(['685/', '687/', '712/']);
    const [s] = parseAstm(sysmexXn.text);
    expect(s?.typed('H')[0]?.senderName).toBe('XN-550');
    expect(s?.typed('R').map((x) => x.testId[4])).toContain('PLT');
  });
});

describe('AstmMessage.set', () => {
  it('builds an order message record by record, escaping values', () => {
    const m = createAstmMessage();
    m.set('H-5', 'LIS').set('H-12', 'P');
    m.set('P-2', '1').set('P-6.1', 'Smith^&Co').set('P-6.2', 'Ann');
    m.set('O-2', '1').set('O-3', 'S-001').set('O-5(1).4', 'GLU').set('O-5(2).4', 'NA').set('O-6', 'R');
    m.set('L-2', '1').set('L-3', 'N');
    expect(m.toString()).toBe('H|\\^&|||LIS|||||||P\rP|1||||Smith&S&&E&Co^Ann\rO|1|S-001||^^^GLU\\^^^NA|R\rL|1|N\r');
    const [back] = parseAstm(m.toString());
    expect(back?.get('P-6.1')).toBe('Smith^&Co');
    expect(back?.get('O-5(2).4')).toBe('NA');
  });

  it('refuses the fixed fields and skipped records', () => {
    const m = createAstmMessage();
    expect(codeOf(() => m.set('H-1', 'X'))).toBe('ASTM_BAD_PATH');
    expect(codeOf(() => m.set('H-2', 'X'))).toBe('ASTM_BAD_PATH');
    expect(codeOf(() => m.set('R-1', 'X'))).toBe('ASTM_BAD_PATH');
    expect(codeOf(() => m.set('R(2)-2', 'X'))).toBe('ASTM_BAD_PATH');
    expect(codeOf(() => m.set('H(2)-3', 'X'))).toBe('ASTM_BAD_PATH');
    expect(codeOf(() => m.set('R-3.1.2', 'X'))).toBe('ASTM_BAD_PATH');
  });

  it('round-trips any value written at any path (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('R-4', 'R(2)-3.4', 'O-5(3).4', 'P-6.2', 'C-4', 'H-5.1', 'Q-3.2'), valueArb(30), (path, value) => {
        const [m] = parseAstm(sysmexXn.text);
        if (m === undefined) throw new Error('no message');
        m.set(path, value);
        const expected = value === '' ? undefined : value;
        expect(m.get(path)).toBe(expected);
        expect(parseAstm(m.toString())[0]?.get(path)).toBe(expected);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('ASTM round trips (property)', () => {
  it('every value of a generated stream reads back and re-serializes byte for byte', () => {
    fc.assert(
      fc.property(astmModelArb, fc.constantFrom('\r', '\n', '\r\n', '\r\r'), (model, sep) => {
        const text = renderAstm(model);
        const [m] = parseAstm(text);
        if (m === undefined) throw new Error('no message');
        expect(m.toString()).toBe(text);
        const seen = new Map<string, number>();
        for (const record of model.records) {
          const n = (seen.get(record.type) ?? 0) + 1;
          seen.set(record.type, n);
          record.fields.forEach((field, fi) => {
            field.forEach((rep, ri) => {
              rep.forEach((comp, ci) => {
                const value = comp[0] as string;
                // Field 1 is the record type; the model's fields start at 2.
                expect(m.get(`${record.type}(${n})-${fi + 2}(${ri + 1}).${ci + 1}`)).toBe(value === '' ? undefined : value);
              });
            });
          });
        }
        const other = parseAstm(text.split('\r').slice(0, -1).join(sep));
        expect(other.map((x) => x.toString()).join('')).toBe(text);
      }),
      { numRuns: runs(300) },
    );
  });
});
