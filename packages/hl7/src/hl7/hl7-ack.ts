import { Hl7Error } from '../errors.js';
import { escapeValue, makeGrammar } from '../internal/grammar.js';
import { parsePath } from '../internal/path.js';
import type { Hl7Message } from './hl7-message.js';
import { parseHl7 } from './hl7-message.js';

/** Original-mode (AA/AE/AR) and enhanced-mode commit (CA/CE/CR) acknowledgment codes. */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

export const ACK_CODES: readonly AckCode[] = ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'];

/** HL7 table 0357, message error condition codes. */
export const HL7_ERROR_CONDITIONS = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '104': 'Value too long',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
} as const;

export type Hl7ErrorCondition = keyof typeof HL7_ERROR_CONDITIONS;

export interface BuildAckOptions {
  /** The time written to MSH-7 (injected: this package never reads the clock). */
  readonly now: Date;
  /**
   * MSH-10 of the acknowledgment, or a generator of it (`controlIdSequence()` makes one).
   * Default: `derivedControlId(now, the acknowledged MSH-10)`.
   */
  readonly controlId?: string | ((now: Date) => string);
  /** Why the message was not accepted: MSA-3 and the ERR user message. Defaults by code. */
  readonly reason?: string;
  /** ERR-3 (v2.5+) / ERR-1.4 (earlier), HL7 table 0357. Default 207, application internal error. */
  readonly errorCondition?: Hl7ErrorCondition;
  /** Where the error was found, as a path such as `PID-3` or `OBX(2)-5`: ERR-2 / ERR-1. */
  readonly errorLocation?: string;
  /** ERR-4 severity (v2.5+). Default E. */
  readonly severity?: 'E' | 'W' | 'I' | 'F';
}

const DEFAULT_REASON: Record<AckCode, string> = {
  AA: '',
  CA: '',
  AE: 'Application error',
  AR: 'Application reject',
  CE: 'Commit error',
  CR: 'Commit reject',
};

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** An HL7 DTM in local time with its UTC offset: YYYYMMDDHHMMSS+ZZZZ. */
export function formatHl7Timestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    pad(date.getFullYear(), 4) + pad(date.getMonth() + 1, 2) + pad(date.getDate(), 2) +
    pad(date.getHours(), 2) + pad(date.getMinutes(), 2) + pad(date.getSeconds(), 2) +
    sign + pad(Math.floor(abs / 60), 2) + pad(abs % 60, 2)
  );
}

/**
 * A source of control IDs: `now` (to the millisecond, UTC) and this source's own counter, 19
 * characters: unique across restarts as long as the clock moves forward, and across up to 1296
 * IDs made in the same millisecond. Fits the 20-character MSH-10 of older versions. Whoever
 * sends (a link, a bridge) owns one; the package keeps no state of its own.
 */
export function controlIdSequence(): (now: Date) => string {
  let sequence = 0;
  return (now) => {
    sequence = (sequence + 1) % 1296;
    return stampOf(now) + sequence.toString(36).toUpperCase().padStart(2, '0');
  };
}

/**
 * The default MSH-10 of an acknowledgment, derived from `now` and the control ID it answers
 * (two base-36 characters of its FNV-1a hash): the same message acknowledged at the same
 * millisecond gets the same ID, different ones almost always differ. 19 characters.
 */
export function derivedControlId(now: Date, acknowledged: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < acknowledged.length; i++) hash = Math.imul(hash ^ acknowledged.charCodeAt(i), 0x01000193) >>> 0;
  return stampOf(now) + (hash % 1296).toString(36).toUpperCase().padStart(2, '0');
}

function stampOf(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 17);
}

function versionBefore25(version: string | undefined): boolean {
  if (version === undefined) return false;
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === undefined || Number.isNaN(major)) return false;
  return major < 2 || (major === 2 && (minor === undefined || Number.isNaN(minor) || minor < 5));
}

/**
 * Builds the acknowledgment of `message`: MSH with sender and receiver swapped, MSH-9
 * `ACK^<trigger>^ACK`, a fresh MSH-10, MSA-1 `code` and MSA-2 the original MSH-10, and for
 * the error codes an ERR segment with the reason (ERR-1 before v2.5, ERR-2..8 after). The
 * original's delimiters, processing ID, version and character set are kept.
 */
export function buildAck(message: Hl7Message, code: AckCode, options: BuildAckOptions): Hl7Message {
  if (!ACK_CODES.includes(code)) throw new Hl7Error('BAD_OPTION', `Unknown acknowledgment code "${code}".`, { code });
  if (!(options?.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new Hl7Error('BAD_OPTION', 'buildAck needs options.now, a valid Date.');
  }
  const d = message.delimiters;
  const g = makeGrammar('hl7', d.field, d.component, d.repetition, d.escape, d.subcomponent, d.truncation);
  const f = d.field;
  const c = d.component;
  const esc = (value: string): string => escapeValue(value, g);
  const raw = (path: string): string => message.getRaw(path) ?? '';

  const controlId = typeof options.controlId === 'string'
    ? options.controlId
    : options.controlId === undefined
      ? derivedControlId(options.now, raw('MSH-10'))
      : options.controlId(options.now);
  const trigger = message.getRaw('MSH-9.2');
  const messageType = trigger === undefined ? 'ACK' : `ACK${c}${trigger}${c}ACK`;
  const encoding = d.component + d.repetition + d.escape + d.subcomponent + d.truncation;
  const version = message.get('MSH-12.1');
  const msh = [
    `MSH${f}${encoding}`,
    raw('MSH-5'),
    raw('MSH-6'),
    raw('MSH-3'),
    raw('MSH-4'),
    formatHl7Timestamp(options.now),
    '',
    messageType,
    esc(controlId),
    raw('MSH-11'),
    raw('MSH-12'),
  ];
  const charset = raw('MSH-18');
  if (charset !== '') msh.push('', '', '', '', '', charset);

  const isError = code !== 'AA' && code !== 'CA';
  const reason = options.reason ?? DEFAULT_REASON[code];
  const msa = ['MSA', code, raw('MSH-10')];
  if (isError && reason !== '') msa.push(esc(reason));
  const segments = [msh.join(f), msa.join(f)];

  if (isError) {
    const condition = options.errorCondition ?? '207';
    const conditionText = HL7_ERROR_CONDITIONS[condition];
    const s = d.subcomponent || '&';
    let segment = '';
    let sequenceNo = '';
    let field = '';
    let rest: string[] = [];
    if (options.errorLocation !== undefined) {
      const p = parsePath(options.errorLocation, 'HL7_BAD_PATH');
      segment = p.name;
      sequenceNo = String(p.segment);
      field = String(p.field);
      rest = [String(p.repetition), p.depth >= 2 ? String(p.component) : '', p.depth === 3 ? String(p.subcomponent) : ''];
    }
    if (versionBefore25(version)) {
      // v2.1-2.4 ERR-1 (ELD): segment ^ sequence ^ field ^ code&text&HL70357
      const eld = [segment, sequenceNo, field, [condition, esc(conditionText), 'HL70357'].join(s)];
      segments.push(['ERR', eld.join(c)].join(f));
    } else {
      const parts = [segment, sequenceNo, field, ...rest];
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      const erl = parts.join(c);
      segments.push([
        'ERR',
        '',
        erl,
        [condition, esc(conditionText), 'HL70357'].join(c),
        options.severity ?? 'E',
        '',
        '',
        '',
        esc(reason),
      ].join(f));
    }
  }
  return parseHl7(segments.join('\r') + '\r', { formatting: 'lineBreaks' });
}
