import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hl7ModelArb, renderHl7, runs, valueArb } from '../__fixtures__/arbitraries.js';
import { Hl7Error } from '../errors.js';
import { encodeText } from '../internal/charset.js';
import { HL7_NULL, parseHl7 } from './hl7-message.js';

const ORU = [
  'MSH|^~\\&|LAB|HOSP|HIS|HOSP|20240101120000||ORU^R01^ORU_R01|MSG001|P|2.5.1',
  'PID|1||123^^^MRN^MR~456^^^NAT^NI||Doe^John^Q||19800101|M',
  'OBR|1|ORD1|FIL1|CBC^Blood count^L',
  'OBX|1|NM|718-7^Hemoglobin^LN||13.5|g/dL|12-16|N|||F',
  'OBX|2|ST|X^Y||""||',
  'OBX|3|NM|789-8^RBC^LN||4.1|10*12/L',
].join('\r') + '\r';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof Hl7Error ? error.code : `not Hl7Error: ${String(error)}`;
  }
  return undefined;
}

describe('parseHl7', () => {
  it('reads fields, components, repetitions and the nth segment', () => {
    const m = parseHl7(ORU);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-9')).toBe('ORU^R01^ORU_R01');
    expect(m.get('MSH-9.2')).toBe('R01');
    expect(m.get('MSH-10')).toBe('MSG001');
    expect(m.get('PID-3')).toBe('123^^^MRN^MR');
    expect(m.get('PID-3(2).1')).toBe('456');
    expect(m.get('PID-3(2).5')).toBe('NI');
    expect(m.get('PID-3(3).1')).toBeUndefined();
    expect(m.get('PID-5.2')).toBe('John');
    expect(m.get('OBX(3)-5')).toBe('4.1');
    expect(m.get('OBX(4)-5')).toBeUndefined();
    expect(m.get('ZZZ-1')).toBeUndefined();
    expect(m.get('PID-99')).toBeUndefined();
    expect(m.get('PID-5.9')).toBeUndefined();
    expect(m.get('PID-5.1.2')).toBeUndefined();
    expect(m.get('PID-5.1.1')).toBe('Doe');
    expect(m.get('MSH-1.2')).toBeUndefined();
    expect(m.get('MSH-2(2)')).toBeUndefined();
  });

  it('keeps the explicit null distinct from empty', () => {
    const m = parseHl7(ORU);
    expect(m.get('OBX(2)-5')).toBe(HL7_NULL);
    expect(m.get('OBX(2)-6')).toBeUndefined();
    expect(m.get('OBX(2)-7')).toBeUndefined();
  });

  it('takes delimiters from MSH-1 and MSH-2', () => {
    const m = parseHl7('MSH*@#$%*A*B\rPID*1**X1@@@AUTH#X2**Doe@Jane%Q*\r');
    expect(m.delimiters).toEqual({ field: '*', component: '@', repetition: '#', escape: '$', subcomponent: '%', truncation: '' });
    expect(m.get('PID-3(2)')).toBe('X2');
    expect(m.get('PID-5.2.2')).toBe('Q');
    expect(m.get('MSH-3')).toBe('A');
  });

  it('accepts a short MSH-2 and leaves undeclared separators out', () => {
    const m = parseHl7('MSH|^~|A\rPID|1||a&b~c\\d|\r');
    expect(m.delimiters.escape).toBe('');
    expect(m.get('PID-3(2)')).toBe('c\\d');
    expect(m.get('PID-3.1.2')).toBeUndefined();
  });

  it('accepts CR, LF, CRLF, blank lines and no final terminator', () => {
    const lines = ORU.split('\r').filter(Boolean);
    for (const sep of ['\r', '\n', '\r\n', '\n\n', '\r\r']) {
      for (const tail of ['', sep]) {
        const m = parseHl7(lines.join(sep) + tail);
        expect(m.segmentCount).toBe(6);
        expect(m.get('OBX(3)-5')).toBe('4.1');
        expect(m.toString()).toBe(ORU);
      }
    }
  });

  it('serializes an unchanged message to the same string', () => {
    expect(parseHl7(ORU).toString()).toBe(ORU);
  });

  it('rejects input without MSH or with unusable delimiters, with typed errors', () => {
    expect(codeOf(() => parseHl7(''))).toBe('HL7_NO_MSH');
    expect(codeOf(() => parseHl7('PID|1'))).toBe('HL7_NO_MSH');
    expect(codeOf(() => parseHl7('FHS|^~\\&'))).toBe('HL7_NO_MSH');
    expect(codeOf(() => parseHl7('MSH'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSHA^~\\&'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSH||'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSH|^^\\&|'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSH|^~\\\\&|'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSH|SENDER|'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7('MSH|^~\\&xy|'))).toBe('HL7_BAD_DELIMITERS');
    expect(codeOf(() => parseHl7(42 as unknown as string))).toBe('HL7_NO_MSH');
    expect(codeOf(() => parseHl7(ORU).get('PID.5'))).toBe('HL7_BAD_PATH');
  });

  it('skips a byte-order mark, blank lines and stray MLLP bytes before MSH', () => {
    const m = parseHl7('\uFEFF\r\n\u000b  ' + ORU);
    expect(m.get('MSH-10')).toBe('MSG001');
    expect(m.toString()).toBe(ORU);
  });

  it('lists segments and gives typed views', () => {
    const m = parseHl7(ORU);
    expect(m.segments().map((s) => s.name)).toEqual(['MSH', 'PID', 'OBR', 'OBX', 'OBX', 'OBX']);
    expect(m.segments('OBX').map((s) => s.get('1'))).toEqual(['1', '2', '3']);
    expect(m.segment('OBX', 3)?.get('3.2')).toBe('RBC');
    expect(m.segment('OBX', 4)).toBeUndefined();
    expect(m.segment('PID')?.fieldCount).toBe(8);
    expect(m.segment('MSH')?.fieldCount).toBe(12);
    expect(m.segment('PID')?.repetitions(3)).toBe(2);
    expect(m.segment('PID')?.components('5')).toBe(3);
    expect(m.repetitions('PID-3')).toBe(2);
    expect(m.repetitions('PID-4')).toBe(0);
    expect(m.repetitions('ZZZ-1')).toBe(0);

    expect(m.msh.messageCode).toBe('ORU');
    expect(m.msh.triggerEvent).toBe('R01');
    expect(m.msh.messageStructure).toBe('ORU_R01');
    expect(m.msh.controlId).toBe('MSG001');
    expect(m.msh.versionId).toBe('2.5.1');
    expect(m.msh.sendingApplication).toEqual({ namespaceId: 'LAB', universalId: undefined, universalIdType: undefined });
    const [pid] = m.typed('PID');
    expect(pid?.identifiers).toEqual([
      { id: '123', checkDigit: undefined, assigningAuthority: 'MRN', typeCode: 'MR' },
      { id: '456', checkDigit: undefined, assigningAuthority: 'NAT', typeCode: 'NI' },
    ]);
    expect(pid?.names[0]).toMatchObject({ family: 'Doe', given: 'John', middle: 'Q' });
    expect(pid?.sex).toBe('M');
    const obx = m.typed('OBX');
    expect(obx.map((o) => o.numericValue)).toEqual([13.5, undefined, 4.1]);
    expect(obx[0]?.observationId).toMatchObject({ code: '718-7', text: 'Hemoglobin', system: 'LN' });
    expect(obx[0]?.units?.code).toBe('g/dL');
    expect(obx[0]?.abnormalFlags).toEqual(['N']);
    expect(obx[0]?.resultStatus).toBe('F');
    expect(m.typed('OBR')[0]?.universalServiceId?.code).toBe('CBC');
    expect(m.typed('NTE')).toEqual([]);
  });

  it('decodes bytes by MSH-18, with a per-interface override', () => {
    const latin = 'MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||8859/1\rPID|1||1||Müller^José\r';
    const m1 = parseHl7(encodeText(latin, 'latin1'));
    expect(m1.get('PID-5.1')).toBe('Müller');
    expect(m1.charset).toBe('latin1');
    const utf = latin.replace('8859/1', 'UNICODE UTF-8');
    expect(parseHl7(encodeText(utf, 'utf-8')).get('PID-5.2')).toBe('José');
    expect(parseHl7(encodeText(utf.replace('UNICODE UTF-8', 'UNICODE'), 'utf-8')).get('PID-5.2')).toBe('José');
    // Declared UTF-8, sent Latin-1: the override fixes it.
    const lying = encodeText(utf, 'latin1');
    expect(parseHl7(lying, { charset: 'latin1' }).get('PID-5.1')).toBe('Müller');
    // Undeclared: UTF-8 when valid, else Windows-1252.
    const bare = latin.replace('8859/1', '');
    expect(parseHl7(encodeText(bare, 'utf-8')).get('PID-5.1')).toBe('Müller');
    expect(parseHl7(encodeText(bare, 'latin1')).get('PID-5.1')).toBe('Müller');
    // UTF-8 byte-order mark wins.
    expect(parseHl7(Uint8Array.of(0xef, 0xbb, 0xbf, ...encodeText(latin, 'utf-8'))).get('PID-5.1')).toBe('Müller');
    // A set we cannot decode, with 8-bit bytes in it, is an error; with ASCII bytes it is harmless.
    const koi = latin.replace('8859/1', 'KOI8-R');
    expect(codeOf(() => parseHl7(encodeText(koi, 'latin1')))).toBe('HL7_BAD_CHARSET');
    expect(parseHl7(encodeText(koi.replace('Müller^José', 'Muller'), 'latin1')).get('PID-5')).toBe('Muller');
    expect(parseHl7(encodeText(koi, 'latin1'), { charset: 'windows-1252' }).get('PID-5.1')).toBe('Müller');
  });

  it('reads hex escapes in the message charset', () => {
    const utf = parseHl7('MSH|^~\\&|||||||ORU^R01|1|P|2.5||||||UNICODE UTF-8\rOBX|1|ST|||\\XC3A9\\\r');
    expect(utf.get('OBX-5')).toBe('é');
    const latin = parseHl7('MSH|^~\\&|||||||ORU^R01|1|P|2.5\rOBX|1|ST|||\\XC3A9\\\r');
    expect(latin.get('OBX-5')).toBe('Ã©');
    expect(parseHl7('MSH|^~\\&|||||||ORU^R01|1|P|2.5\rOBX|1|ST|||\\XC3A9\\\r', { charset: 'utf-8' }).get('OBX-5')).toBe('é');
  });

  it('keeps formatting commands when asked', () => {
    const text = 'MSH|^~\\&|A\rOBX|1|FT|||one\\.br\\two\r';
    expect(parseHl7(text).get('OBX-5')).toBe('one\ntwo');
    expect(parseHl7(text, { formatting: 'passThrough' }).get('OBX-5')).toBe('one\\.br\\two');
    expect(parseHl7(text).getRaw('OBX-5')).toBe('one\\.br\\two');
  });
});

describe('Hl7Message.set', () => {
  it('escapes on the way in and pads what is missing', () => {
    const m = parseHl7(ORU);
    m.set('PID-5.2', 'Jo|hn^&~\\');
    expect(m.get('PID-5.2')).toBe('Jo|hn^&~\\');
    expect(m.segment('PID')?.toString()).toBe('PID|1||123^^^MRN^MR~456^^^NAT^NI||Doe^Jo\\F\\hn\\S\\\\T\\\\R\\\\E\\^Q||19800101|M');
    m.set('PID-3(4).2', 'x');
    expect(m.get('PID-3(4).2')).toBe('x');
    expect(m.get('PID-3(3)')).toBeUndefined();
    m.set('PID-13.1.2', 'y');
    expect(m.get('PID-13')).toBe('&y');
    m.set('MSH-10', 'NEW');
    expect(m.get('MSH-10')).toBe('NEW');
    m.set('OBX(4)-5', 'appended');
    expect(m.segments('OBX').length).toBe(4);
    m.set('ZZZ-2', 'z');
    expect(m.toString().endsWith('OBX|||||appended\rZZZ||z\r')).toBe(true);
    expect(parseHl7(m.toString()).get('PID-5.2')).toBe('Jo|hn^&~\\');
  });

  it('does not pad when clearing what is absent', () => {
    const m = parseHl7(ORU);
    m.set('PID-30.4', '');
    expect(m.toString()).toBe(ORU);
    m.set('PID-5.2', '');
    expect(m.get('PID-5.2')).toBeUndefined();
    expect(m.get('PID-5.3')).toBe('Q');
  });

  it('refuses to write the delimiters or skip segments', () => {
    const m = parseHl7(ORU);
    expect(codeOf(() => m.set('MSH-1', '!'))).toBe('HL7_BAD_PATH');
    expect(codeOf(() => m.set('MSH-2', '!'))).toBe('HL7_BAD_PATH');
    expect(codeOf(() => m.set('OBX(9)-1', 'x'))).toBe('HL7_BAD_PATH');
    expect(codeOf(() => m.set('MSH(2)-3', 'x'))).toBe('HL7_BAD_PATH');
    const noRep = parseHl7('MSH|^|A\rPID|1\r');
    expect(codeOf(() => noRep.set('PID-3(2)', 'x'))).toBe('HL7_BAD_PATH');
    expect(codeOf(() => noRep.set('PID-3.1.2', 'x'))).toBe('HL7_BAD_PATH');
  });

  it('round-trips any value written at any path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('PID-5', 'PID-5.2', 'PID-3(3).4', 'OBX(2)-5.1.2', 'OBX(4)-5', 'MSH-10', 'MSH-4.2', 'ZZZ-9(2).3.1', 'NTE-3(2)'),
        valueArb(30),
        (path, value) => {
          const m = parseHl7(ORU);
          m.set(path, value);
          const expected = value === '' ? undefined : value;
          expect(m.get(path)).toBe(expected);
          expect(parseHl7(m.toString()).get(path)).toBe(expected);
          // Everything else is untouched.
          if (!path.startsWith('PID')) expect(m.get('PID-5')).toBe('Doe^John^Q');
          if (!path.startsWith('OBX(2)')) expect(m.get('OBX(3)-5')).toBe('4.1');
        },
      ),
      { numRuns: runs(400) },
    );
  });
});

describe('HL7 round trips (property)', () => {
  it('every leaf of a generated message reads back, and it re-serializes byte for byte', () => {
    fc.assert(
      fc.property(hl7ModelArb, fc.constantFrom('\r', '\n', '\r\n'), fc.boolean(), (model, sep, finalTerminator) => {
        const text = renderHl7(model);
        const m = parseHl7(text);
        expect(m.toString()).toBe(text);
        expect(m.get('MSH-10')).toBe(model.controlId === '' ? undefined : model.controlId);
        const seen = new Map<string, number>();
        model.segments.forEach((segment) => {
          const n = (seen.get(segment.name) ?? 0) + 1;
          seen.set(segment.name, n);
          segment.fields.forEach((field, fi) => {
            field.forEach((rep, ri) => {
              rep.forEach((comp, ci) => {
                comp.forEach((value, si) => {
                  const path = `${segment.name}(${n})-${fi + 1}(${ri + 1}).${ci + 1}.${si + 1}`;
                  expect(m.get(path)).toBe(value === '' ? undefined : value);
                });
              });
            });
          });
        });
        // Other segment ends: same content, normalised to CR on output.
        const lines = text.split('\r').slice(0, -1);
        const other = parseHl7(lines.join(sep) + (finalTerminator ? sep : ''));
        expect(other.toString()).toBe(text);
      }),
      { numRuns: runs(300) },
    );
  });
});
