import { describe, expect, it } from 'vitest';
import { buildAck, controlIdSequence, derivedControlId, formatHl7Timestamp } from './hl7-ack.js';
import { parseHl7 } from './hl7-message.js';

const NOW = new Date(Date.UTC(2024, 2, 12, 10, 30, 15, 123));
const ORU = 'MSH|^~\\&|LAB|LABFAC|HIS|HISFAC|20240312102959||ORU^R01^ORU_R01|MSG-0042|P|2.5.1||||||UNICODE UTF-8\rPID|1||123\r';

describe('buildAck', () => {
  it('AA: swapped sender and receiver, MSA-2 the original control ID, a fresh MSH-10', () => {
    const ack = buildAck(parseHl7(ORU), 'AA', { now: NOW, controlId: 'ACK-1' });
    expect(ack.get('MSH-3')).toBe('HIS');
    expect(ack.get('MSH-4')).toBe('HISFAC');
    expect(ack.get('MSH-5')).toBe('LAB');
    expect(ack.get('MSH-6')).toBe('LABFAC');
    expect(ack.get('MSH-7')).toBe(formatHl7Timestamp(NOW));
    expect(ack.get('MSH-9')).toBe('ACK^R01^ACK');
    expect(ack.get('MSH-10')).toBe('ACK-1');
    expect(ack.get('MSH-11')).toBe('P');
    expect(ack.get('MSH-12')).toBe('2.5.1');
    expect(ack.get('MSH-18')).toBe('UNICODE UTF-8');
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSA-2')).toBe('MSG-0042');
    expect(ack.get('MSA-3')).toBeUndefined();
    expect(ack.segments('ERR')).toEqual([]);
  });

  it('AE/AR/CE/CR carry the reason in MSA-3 and an ERR segment (v2.5+ layout)', () => {
    for (const code of ['AE', 'AR', 'CE', 'CR'] as const) {
      const ack = buildAck(parseHl7(ORU), code, { now: NOW, reason: 'Unknown patient | ID', errorCondition: '204', errorLocation: 'PID-3(1).1' });
      expect(ack.get('MSA-1')).toBe(code);
      expect(ack.get('MSA-3')).toBe('Unknown patient | ID');
      const [err] = ack.typed('ERR');
      expect(err?.segmentId).toBe('PID');
      expect(err?.segmentSequence).toBe('1');
      expect(err?.fieldPosition).toBe('3');
      expect(err?.errorCode).toMatchObject({ code: '204', text: 'Unknown key identifier', system: 'HL70357' });
      expect(err?.severity).toBe('E');
      expect(err?.userMessage).toBe('Unknown patient | ID');
    }
  });

  it('uses ERR-1 for versions before 2.5, and defaults the reason', () => {
    const v231 = ORU.replace('2.5.1', '2.3.1');
    const ack = buildAck(parseHl7(v231), 'AR', { now: NOW, errorLocation: 'OBX(2)-5' });
    expect(ack.get('MSA-3')).toBe('Application reject');
    expect(ack.get('ERR-1.1')).toBe('OBX');
    expect(ack.get('ERR-1.2')).toBe('2');
    expect(ack.get('ERR-1.3')).toBe('5');
    expect(ack.get('ERR-1.4.1')).toBe('207');
    expect(ack.get('ERR-2')).toBeUndefined();
  });

  it('keeps the original delimiters and copes with a sparse MSH', () => {
    const m = parseHl7('MSH*@#$%*APP\r');
    const ack = buildAck(m, 'CA', { now: NOW, controlId: () => 'gen' });
    expect(ack.toString().startsWith('MSH*@#$%**')).toBe(true);
    expect(ack.get('MSH-5')).toBe('APP');
    expect(ack.get('MSH-9')).toBe('ACK');
    expect(ack.get('MSH-10')).toBe('gen');
    expect(ack.get('MSA-2')).toBeUndefined();
  });

  it('makes unique control IDs from a sequence, derives the default from the acknowledged one, and needs a valid clock value', () => {
    const next = controlIdSequence();
    const ids = new Set(Array.from({ length: 500 }, () => next(NOW)));
    expect(ids.size).toBe(500);
    expect(next(NOW)).toMatch(/^20240312103015123[0-9A-Z]{2}$/);
    // Two sequences do not share a counter: each starts from the beginning.
    expect(controlIdSequence()(NOW)).toBe('2024031210301512301');
    const defaulted = buildAck(parseHl7(ORU), 'AA', { now: NOW }).get('MSH-10');
    expect(defaulted).toBe(derivedControlId(NOW, 'MSG-0042'));
    expect(defaulted).toMatch(/^20240312103015123[0-9A-Z]{2}$/);
    const others = new Set(Array.from({ length: 40 }, (_, i) => derivedControlId(NOW, `MSG-${i}`)));
    expect(others.size).toBeGreaterThan(35);
    const m = parseHl7(ORU);
    expect(() => buildAck(m, 'AA', { now: new Date('nope') })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => buildAck(m, 'XX' as 'AA', { now: NOW })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
