import { Hl7Error } from '../errors.js';
import type { Charset } from '../internal/charset.js';
import { charsetFromName, decodeBytes, decodeLatin1, isAscii } from '../internal/charset.js';
import { readHl7Delimiters } from './hl7-delimiters.js';

/** How far into a byte stream the MSH segment is looked for when sniffing MSH-18. */
const SNIFF_LIMIT = 1 << 20;

/**
 * MSH-18 (first repetition) of the first MSH segment, read from raw bytes. Every supported
 * character set is ASCII-compatible, so the header can be read before the text is decoded.
 */
export function sniffMsh18(bytes: Uint8Array): string | undefined {
  let lineStart = 0;
  const limit = Math.min(bytes.length, SNIFF_LIMIT);
  for (let i = 0; i <= limit; i++) {
    const b = i < limit ? bytes[i] : 0x0d;
    if (b !== 0x0d && b !== 0x0a) continue;
    let s = lineStart;
    while (s < i && ((bytes[s] as number) <= 0x20 || bytes[s] === 0xef || bytes[s] === 0xbb || bytes[s] === 0xbf)) s++;
    if (i - s > 4 && bytes[s] === 0x4d && bytes[s + 1] === 0x53 && bytes[s + 2] === 0x48) {
      const line = decodeLatin1(bytes, s, i);
      try {
        const { grammar } = readHl7Delimiters(line, 0);
        const fields = line.split(grammar.field);
        // fields[0] is "MSH", fields[1] is MSH-2, so MSH-n is fields[n - 1].
        const msh18 = fields[17];
        if (msh18 === undefined) return '';
        return grammar.repetition === '' ? msh18 : (msh18.split(grammar.repetition)[0] as string);
      } catch {
        return undefined; // the parser reports bad delimiters with full context
      }
    }
    lineStart = i + 1;
  }
  return undefined;
}

/** The charset named by MSH-18, or undefined when the name is not one we can decode. */
export function charsetOfMsh18(name: string): Charset | undefined {
  return charsetFromName(name.trim());
}

/**
 * Decodes HL7 bytes: the override when given (a per-interface setting for senders that
 * declare one set and send another), else MSH-18. A UTF-8 byte-order mark wins over both.
 */
export function decodeHl7Bytes(bytes: Uint8Array, override: Charset | undefined): { text: string; charset: Charset | undefined } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeBytes(bytes.subarray(3), 'utf-8'), charset: 'utf-8' };
  }
  if (override !== undefined) return { text: decodeBytes(bytes, override), charset: override };
  const declared = sniffMsh18(bytes);
  const charset = declared === undefined ? undefined : charsetOfMsh18(declared);
  if (isAscii(bytes)) return { text: decodeLatin1(bytes), charset };
  if (declared !== undefined && charset === undefined) {
    throw new Hl7Error('HL7_BAD_CHARSET', `MSH-18 "${declared}" is not a character set this interface can decode; set the interface's charset.`, { charset: declared });
  }
  return { text: decodeBytes(bytes, charset ?? 'ascii'), charset };
}
