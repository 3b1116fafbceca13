import { describe, expect, it } from 'vitest';
import { adtA01, batchFile, HIS_FIXTURES, omlO21 } from '../__fixtures__/hl7-his.js';
import { INSTRUMENT_HL7_FIXTURES, mindrayBc5380 } from '../__fixtures__/hl7-instruments.js';
import { encodeText } from '../internal/charset.js';
import { encodeMllp } from '../mllp/encode-mllp.js';
import { MllpDecoder } from '../mllp/mllp-decoder.js';
import { parseHl7Batch } from './hl7-batch.js';
import { parseHl7 } from './hl7-message.js';

/** The text with segment ends normalised to CR and blank lines, BOM and leading space gone. */
function normalised(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line + '\r')
    .join('');
}

describe.each([...HIS_FIXTURES, ...INSTRUMENT_HL7_FIXTURES])('$name', (fixture) => {
  const input = fixture.bytes === undefined ? fixture.text : encodeText(fixture.text, fixture.bytes);

  it('reads the values the interface specification documents', () => {
    const m = parseHl7(input);
    for (const [path, value] of Object.entries(fixture.expect)) expect(m.get(path), path).toBe(value);
  });

  it('re-serializes to the same text, segment ends normalised to CR', () => {
    expect(parseHl7(input).toString()).toBe(normalised(fixture.text));
  });

  it('gives back the same bytes in its own charset', () => {
    if (fixture.bytes === undefined) return;
    const m = parseHl7(input);
    expect(m.charset).toBe(fixture.bytes);
    expect(encodeText(m.toString(), fixture.bytes)).toEqual(encodeText(normalised(fixture.text), fixture.bytes));
  });

  it('survives MLLP framing in one-byte chunks', () => {
    const decoder = new MllpDecoder();
    const frame = encodeMllp(normalised(fixture.text), { charset: fixture.bytes ?? 'utf-8' });
    const out: Uint8Array[] = [];
    for (let i = 0; i < frame.length; i++) out.push(...decoder.push(frame.subarray(i, i + 1)));
    expect(out).toHaveLength(1);
    const m = parseHl7(out[0] as Uint8Array);
    for (const [path, value] of Object.entries(fixture.expect)) expect(m.get(path), path).toBe(value);
  });
});

describe('instrument quirks through the typed views', () => {
  it('Mindray: flags in the second repetition of OBX-8', () => {
    const m = parseHl7(mindrayBc5380.text);
    const hgb = m.typed('OBX').find((o) => o.observationId?.text === 'HGB');
    expect(hgb?.abnormalFlags).toEqual(['L', 'A']);
    expect(hgb?.numericValue).toBe(108);
    expect(m.charset).toBe('utf-8');
  });

  it('PV1, SPM and ORC views', () => {
    const adt = parseHl7(adtA01.text);
    const [pv1] = adt.typed('PV1');
    expect(pv1?.patientClass).toBe('I');
    expect(pv1?.pointOfCare).toBe('INT');
    expect(pv1?.room).toBe('201');
    expect(pv1?.bed).toBe('2');
    expect(pv1?.attendingDoctor).toMatchObject({ id: '10023', family: 'Becker', given: 'Thomas', prefix: 'Dr.' });
    expect(pv1?.visitNumber).toMatchObject({ id: '90012345', assigningAuthority: 'NGH', typeCode: 'VN' });
    expect(pv1?.admitDateTime).toBe('20240312083000');
    const oml = parseHl7(encodeText(omlO21.text, 'latin1'));
    const [spm] = oml.typed('SPM');
    expect(spm?.placerSpecimenId).toBe('SP-0098812');
    expect(spm?.specimenType).toMatchObject({ code: '119364003', text: 'Serum specimen', system: 'SCT' });
    expect(spm?.role?.code).toBe('P');
    expect(spm?.collectionDateTime).toBe('20240312105000');
    expect(spm?.receivedDateTime).toBe('20240312110500');
    expect(oml.typed('ORC')[0]?.orderingProvider).toMatchObject({ id: '7788', family: 'Haddad' });
    expect(oml.typed('OBR')[0]?.universalServiceId?.system).toBe('LN');
    expect(oml.typed('PID')[0]?.names[0]?.family).toBe('Núñez');
  });

  it('structured numerics and coded values', () => {
    const m = parseHl7(HIS_FIXTURES.find((f) => f.name.startsWith('ORU^R01 with NM'))?.text ?? '');
    const obx = m.typed('OBX');
    expect(obx[1]?.structuredNumeric).toEqual({ comparator: '<', num1: 10, separator: undefined, num2: undefined });
    expect(obx[2]?.structuredNumeric).toEqual({ comparator: undefined, num1: 1, separator: ':', num2: 160 });
    expect(obx[3]?.codedValue).toMatchObject({ code: '112283007', text: 'Escherichia coli', system: 'SCT' });
    expect(obx[5]?.values).toEqual(['No growth after 5 days.', 'Final report.']);
    expect(m.typed('NTE')[0]?.comment).toBe('Specimen slightly lipemic.');
    expect(m.typed('ORC')[0]?.fillerOrderNumber).toMatchObject({ id: 'RL-77001', namespaceId: 'REFLAB' });
  });
});

describe('parseHl7Batch', () => {
  it('splits a batch file into its messages and envelope', () => {
    const batch = parseHl7Batch(batchFile.text);
    expect(batch.messages).toHaveLength(2);
    expect(batch.messages.map((m) => m.get('MSH-10'))).toEqual(['B1-0001', 'B1-0002']);
    expect(batch.messages[1]?.get('PID-5.1')).toBe('Núñez');
    expect(batch.fileHeader?.get('9')).toBe('BATCH-20240313.hl7');
    expect(batch.fileHeader?.get('2')).toBe('^~\\&');
    expect(batch.fileTrailer?.get('1')).toBe('1');
    expect(batch.batches).toHaveLength(1);
    expect(batch.batches[0]?.header?.get('11')).toBe('B-0001');
    expect(batch.batches[0]?.declaredMessageCount).toBe(2);
    expect(batch.batches[0]?.messages).toHaveLength(2);
    expect(batch.messages[0]?.toString()).toBe(batchFile.text.split('\r').slice(2, 6).join('\r') + '\r');
  });

  it('takes plain runs of messages, and bytes', () => {
    const one = 'MSH|^~\\&|A|||||||ORU^R01|1|P|2.5\rPID|1||1\r';
    const two = 'MSH|^~\\&|A|||||||ORU^R01|2|P|2.5\rPID|1||2\r';
    const batch = parseHl7Batch(encodeText(one + '\n' + two, 'utf-8'));
    expect(batch.messages.map((m) => m.get('PID-3'))).toEqual(['1', '2']);
    expect(batch.batches).toHaveLength(1);
    expect(batch.fileHeader).toBeUndefined();
  });

  it('keeps several batches apart, and messages outside them', () => {
    const msh = (id: string) => `MSH|^~\\&|A||||||ORU^R01|${id}|P|2.5`;
    const text = [msh('0'), 'BHS|^~\\&|A', msh('1'), 'BTS|1', 'BHS|^~\\&|B', msh('2'), msh('3'), 'BTS|2', msh('4')].join('\r');
    const batch = parseHl7Batch(text);
    expect(batch.batches.map((b) => b.messages.map((m) => m.get('MSH-10')))).toEqual([['0'], ['1'], ['2', '3'], ['4']]);
    expect(batch.batches.map((b) => b.header?.get('3'))).toEqual([undefined, 'A', 'B', undefined]);
    expect(batch.batches.map((b) => b.declaredMessageCount)).toEqual([undefined, 1, 2, undefined]);
  });

  it('accepts an empty batch and rejects what holds no message or header', () => {
    expect(parseHl7Batch('FHS|^~\\&|A\rBHS|^~\\&|A\rBTS|0\rFTS|1\r').messages).toEqual([]);
    expect(() => parseHl7Batch('PID|1\r')).toThrow(expect.objectContaining({ code: 'HL7_BAD_BATCH' }));
    expect(() => parseHl7Batch('')).toThrow(expect.objectContaining({ code: 'HL7_BAD_BATCH' }));
  });
});
