import type { InstrumentInterface, InterfaceOptions, InterfaceProtocol, ParamsIn, Transport } from '@hms/core';

export const TRANSPORT_KINDS = ['tcp-server', 'tcp-client', 'serial'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200] as const;
export const CHARSETS = ['utf-8', 'latin1', 'windows-1252', 'ascii'] as const;
export const ACCESSION_FIELDS = ['SPM-2', 'OBR-3', 'OBR-2'] as const;

/** The add/edit form as typed: every field a string or a choice, turned into the contract's params on save. */
export interface InterfaceDraft {
  name: string;
  protocol: InterfaceProtocol;
  kind: TransportKind;
  host: string;
  port: string;
  path: string;
  baudRate: string;
  dataBits: '7' | '8';
  parity: 'none' | 'even' | 'odd';
  stopBits: '1' | '2';
  flowControl: 'none' | 'rtscts' | 'xonxoff';
  lenient: boolean;
  /** '' = as the sender declares. */
  charset: '' | (typeof CHARSETS)[number];
  /** '' = the first component that is not empty. */
  testCodeComponent: string;
  /** '' = SPM-2, else OBR-3, else OBR-2. */
  accessionField: '' | (typeof ACCESSION_FIELDS)[number];
}

export const EMPTY_DRAFT: InterfaceDraft = {
  name: '', protocol: 'astm', kind: 'serial', host: '', port: '', path: '', baudRate: '9600', dataBits: '8', parity: 'none', stopBits: '1', flowControl: 'none',
  lenient: false, charset: '', testCodeComponent: '', accessionField: '',
};

/** A saved interface, as the form shows it for editing. */
export function draftOf(item: InstrumentInterface): InterfaceDraft {
  const transport = item.transport;
  const base: InterfaceDraft = {
    ...EMPTY_DRAFT,
    name: item.name,
    protocol: item.protocol,
    kind: transport.kind,
    lenient: item.options.lenient ?? false,
    charset: item.options.charset ?? '',
    testCodeComponent: item.options.testCodeComponent === undefined ? '' : String(item.options.testCodeComponent),
    accessionField: item.options.accessionField ?? '',
  };
  switch (transport.kind) {
    case 'tcp-server':
      return { ...base, port: String(transport.port), host: transport.host ?? '' };
    case 'tcp-client':
      return { ...base, port: String(transport.port), host: transport.host };
    case 'serial':
      return {
        ...base,
        path: transport.path,
        baudRate: String(transport.baudRate),
        dataBits: transport.dataBits === 7 ? '7' : '8',
        parity: transport.parity ?? 'none',
        stopBits: transport.stopBits === 2 ? '2' : '1',
        flowControl: transport.flowControl ?? 'none',
      };
  }
}

export type DraftOutcome =
  | { ok: true; params: Pick<ParamsIn<'interfaces.create'>, 'name' | 'protocol' | 'transport' | 'options'> }
  /** Keyed as the server keys its VALIDATION fields ('transport.port'), so one map shows both. */
  | { ok: false; fields: Record<string, string> };

const WHOLE = /^\d+$/;

/**
 * The params of interfaces.create/update from the form. Only what the form itself cannot send
 * is caught here (a port that is not a number); ranges, names and paths are the server's to judge.
 */
export function paramsOf(draft: InterfaceDraft): DraftOutcome {
  const fields: Record<string, string> = {};
  const number = (value: string, field: string): number => {
    if (!WHOLE.test(value.trim())) fields[field] = value.trim() === '' ? 'is required' : 'must be a whole number';
    return Number(value.trim());
  };
  let transport: Transport;
  switch (draft.kind) {
    case 'tcp-server': {
      const port = number(draft.port, 'transport.port');
      transport = draft.host.trim() === '' ? { kind: 'tcp-server', port } : { kind: 'tcp-server', port, host: draft.host.trim() };
      break;
    }
    case 'tcp-client':
      transport = { kind: 'tcp-client', host: draft.host.trim(), port: number(draft.port, 'transport.port') };
      break;
    case 'serial':
      transport = {
        kind: 'serial',
        path: draft.path.trim(),
        baudRate: Number(draft.baudRate),
        dataBits: draft.dataBits === '7' ? 7 : 8,
        parity: draft.parity,
        stopBits: draft.stopBits === '2' ? 2 : 1,
        flowControl: draft.flowControl,
      };
      break;
  }
  const options: InterfaceOptions = {};
  if (draft.lenient) options.lenient = true;
  if (draft.charset !== '') options.charset = draft.charset;
  if (draft.testCodeComponent.trim() !== '') options.testCodeComponent = number(draft.testCodeComponent, 'options.testCodeComponent');
  if (draft.accessionField !== '') options.accessionField = draft.accessionField;
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, params: { name: draft.name.trim(), protocol: draft.protocol, transport, options } };
}

/** "TCP server on port 5100", "Serial /dev/ttyUSB0 9600 8N1": the transport in a few words. */
export function transportSummary(transport: Transport): string {
  switch (transport.kind) {
    case 'tcp-server':
      return `TCP server on ${transport.host === undefined ? '' : `${transport.host}:`}${transport.port}`;
    case 'tcp-client':
      return `TCP client to ${transport.host}:${transport.port}`;
    case 'serial': {
      const parity = (transport.parity ?? 'none').charAt(0).toUpperCase();
      const flow = transport.flowControl === undefined || transport.flowControl === 'none' ? '' : `, ${transport.flowControl === 'rtscts' ? 'RTS/CTS' : 'XON/XOFF'}`;
      return `Serial ${transport.path} ${transport.baudRate} ${transport.dataBits ?? 8}${parity}${transport.stopBits ?? 1}${flow}`;
    }
  }
}
