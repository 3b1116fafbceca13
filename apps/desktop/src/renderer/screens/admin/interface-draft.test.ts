import { InterfaceOptionsSchema, TransportSchema } from '@hms/core';
import type { InstrumentInterface } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, draftOf, paramsOf, transportSummary } from './interface-draft.js';

describe('the interface form', () => {
  it('sends a serial analyzer with its line settings and lenient options, as the contract takes them', () => {
    const outcome = paramsOf({ ...EMPTY_DRAFT, name: ' Sysmex XN ', path: '/dev/ttyUSB0', baudRate: '19200', dataBits: '7', parity: 'even', stopBits: '2', flowControl: 'rtscts', lenient: true, testCodeComponent: '5' });
    expect(outcome).toEqual({
      ok: true,
      params: {
        name: 'Sysmex XN', protocol: 'astm',
        transport: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 19_200, dataBits: 7, parity: 'even', stopBits: 2, flowControl: 'rtscts' },
        options: { lenient: true, testCodeComponent: 5 },
      },
    });
    if (!outcome.ok) return;
    expect(TransportSchema.safeParse(outcome.params.transport).success).toBe(true);
    expect(InterfaceOptionsSchema.safeParse(outcome.params.options).success).toBe(true);
  });

  it('leaves an empty listen address out and keys a port that is not a number as the server keys its fields', () => {
    expect(paramsOf({ ...EMPTY_DRAFT, name: 'Mindray', protocol: 'hl7', kind: 'tcp-server', port: '5100' })).toMatchObject({ ok: true, params: { transport: { kind: 'tcp-server', port: 5100 }, options: {} } });
    expect(paramsOf({ ...EMPTY_DRAFT, kind: 'tcp-client', host: 'lis', port: '51a' })).toEqual({ ok: false, fields: { 'transport.port': 'must be a whole number' } });
    expect(paramsOf({ ...EMPTY_DRAFT, kind: 'tcp-server', port: '' })).toEqual({ ok: false, fields: { 'transport.port': 'is required' } });
    // A port out of range is the server's to refuse (its message shows on the field).
    expect(paramsOf({ ...EMPTY_DRAFT, kind: 'tcp-server', port: '70000' })).toMatchObject({ ok: true, params: { transport: { port: 70_000 } } });
  });

  it('reads a saved interface back into the form unchanged', () => {
    const saved: InstrumentInterface = {
      id: '00000000-0000-4000-8000-000000000001', name: 'cobas', protocol: 'astm', enabled: true, version: 3, createdAt: '2026-12-03T08:00:00.000Z', updatedAt: '2026-12-03T08:00:00.000Z',
      transport: { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600, parity: 'odd' }, options: { lenient: true },
    };
    const draft = draftOf(saved);
    expect(draft).toMatchObject({ kind: 'serial', path: '/dev/ttyS0', baudRate: '9600', dataBits: '8', parity: 'odd', stopBits: '1', lenient: true });
    expect(paramsOf(draft)).toMatchObject({ ok: true, params: { transport: { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600, parity: 'odd' }, options: { lenient: true } } });
  });

  it('says a transport in a few words', () => {
    expect(transportSummary({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 })).toBe('Serial /dev/ttyUSB0 9600 8N1');
    expect(transportSummary({ kind: 'serial', path: 'COM3', baudRate: 19_200, dataBits: 7, parity: 'even', stopBits: 2, flowControl: 'xonxoff' })).toBe('Serial COM3 19200 7E2, XON/XOFF');
    expect(transportSummary({ kind: 'tcp-client', host: '10.0.0.5', port: 5000 })).toBe('TCP client to 10.0.0.5:5000');
    expect(transportSummary({ kind: 'tcp-server', port: 5100 })).toBe('TCP server on 5100');
  });
});
