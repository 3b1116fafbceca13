import type { Charset } from '../internal/charset.js';
import { encodeText } from '../internal/charset.js';
import { CR, FS, VT } from '../internal/control-chars.js';
import { charsetOfMsh18 } from '../hl7/hl7-bytes.js';
import { readHl7Delimiters } from '../hl7/hl7-delimiters.js';

export interface EncodeMllpOptions {
  /** Character set of the bytes; default: what MSH-18 of the text declares, else UTF-8. */
  readonly charset?: Charset;
}

function declaredCharset(text: string): Charset | undefined {
  const start = text.indexOf('MSH');
  if (start === -1) return undefined;
  try {
    const { grammar } = readHl7Delimiters(text, start);
    let end = text.indexOf('\r', start);
    if (end === -1) end = text.length;
    const fields = text.slice(start, end).split(grammar.field);
    const msh18 = fields[17];
    if (msh18 === undefined || msh18 === '') return undefined;
    return charsetOfMsh18(grammar.repetition === '' ? msh18 : (msh18.split(grammar.repetition)[0] as string));
  } catch {
    return undefined;
  }
}

/** Wraps a message in an MLLP frame: VT, the message bytes, FS, CR. */
export function encodeMllp(message: string | Uint8Array, options?: EncodeMllpOptions): Uint8Array {
  const body = typeof message === 'string'
    ? encodeText(message, options?.charset ?? declaredCharset(message) ?? 'utf-8')
    : message;
  const frame = new Uint8Array(body.length + 3);
  frame[0] = VT;
  frame.set(body, 1);
  frame[body.length + 1] = FS;
  frame[body.length + 2] = CR;
  return frame;
}
