// Byte <-> text conversion without Node's Buffer. TextDecoder/TextEncoder are used when the
// runtime has them (every browser, Node, Deno, Bun) because they are native and fast; the
// hand-written paths below keep the package working without them and define the semantics.

/** The character sets this package can read and write. */
export type Charset = 'ascii' | 'latin1' | 'windows-1252' | 'utf-8';

interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
interface Utf8Encoder {
  encode(input: string): Uint8Array;
}
type DecoderCtor = new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => Utf8Decoder;
type EncoderCtor = new () => Utf8Encoder;

const runtime = globalThis as { TextDecoder?: DecoderCtor; TextEncoder?: EncoderCtor };
const nativeDecoder: Utf8Decoder | undefined = runtime.TextDecoder ? new runtime.TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;
const nativeEncoder: Utf8Encoder | undefined = runtime.TextEncoder ? new runtime.TextEncoder() : undefined;

// Windows-1252 differs from ISO-8859-1 only in 0x80..0x9F; undefined slots map to themselves.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_REVERSE = new Map<number, number>(CP1252_HIGH.map((code, index) => [code, 0x80 + index]));

const CHUNK = 8192;

/** True when every byte in [start, end) is 7-bit. */
export function isAscii(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) > 0x7f) return false;
  }
  return true;
}

/** One code unit per byte: exact for ASCII and ISO-8859-1. */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (end - start <= CHUNK) {
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80 && b <= 0x9f) {
      out += decodeLatin1(bytes, runStart, i) + String.fromCharCode(CP1252_HIGH[b - 0x80] as number);
      runStart = i + 1;
    }
  }
  return out + decodeLatin1(bytes, runStart, bytes.length);
}

/** Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF); undefined when invalid. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  if (nativeDecoder) {
    try {
      return nativeDecoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
  return decodeUtf8Portable(bytes);
}

/** The portable decoder, exported for tests that compare it with the native one. */
export function decodeUtf8Portable(bytes: Uint8Array): string | undefined {
  const units = new Uint16Array(bytes.length);
  let n = 0;
  let i = 0;
  const len = bytes.length;
  while (i < len) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      units[n++] = b0;
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units[n++] = 0xd800 + (v >> 10);
      units[n++] = 0xdc00 + (v & 0x3ff);
    } else {
      units[n++] = cp;
    }
    i += need + 1;
  }
  let out = '';
  for (let k = 0; k < n; k += CHUNK) {
    out += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]);
  }
  return out;
}

/**
 * Decodes bytes in a declared character set. ASCII is the standard's default and is what most
 * senders declare (or leave empty) even when they send 8-bit text, so 8-bit bytes under ASCII
 * are read as UTF-8 when they form valid UTF-8, else as Windows-1252.
 */
export function decodeBytes(bytes: Uint8Array, charset: Charset): string {
  switch (charset) {
    case 'latin1':
      return decodeLatin1(bytes);
    case 'windows-1252':
      return isAscii(bytes) ? decodeLatin1(bytes) : decodeCp1252(bytes);
    case 'utf-8': {
      if (isAscii(bytes)) return decodeLatin1(bytes);
      // Invalid UTF-8 under a UTF-8 declaration is a sender bug; Windows-1252 keeps every byte.
      return decodeUtf8Strict(bytes) ?? decodeCp1252(bytes);
    }
    case 'ascii': {
      if (isAscii(bytes)) return decodeLatin1(bytes);
      return decodeUtf8Strict(bytes) ?? decodeCp1252(bytes);
    }
  }
}

function encodeUtf8Portable(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate has no UTF-8 form
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** UTF-8 bytes of `text`, lone surrogates replaced by U+FFFD. */
export function encodeUtf8(text: string): Uint8Array {
  return nativeEncoder ? nativeEncoder.encode(text) : encodeUtf8Portable(text);
}

/**
 * Encodes text in a character set. Characters the set cannot carry become `?`, as interface
 * engines do; ASCII (or undeclared) text is written as UTF-8, which is ASCII when the text is.
 */
export function encodeText(text: string, charset: Charset): Uint8Array {
  switch (charset) {
    case 'ascii':
    case 'utf-8':
      return encodeUtf8(text);
    case 'latin1':
    case 'windows-1252': {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80 || (c <= 0xff && (charset === 'latin1' || c >= 0xa0))) {
          out[i] = c;
        } else {
          out[i] = (charset === 'windows-1252' ? CP1252_REVERSE.get(c) : undefined) ?? 0x3f;
        }
      }
      return out;
    }
  }
}

/** Every byte of a string whose code units are all below 256 (a "binary string"). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/**
 * Maps the spellings found in MSH-18 (and in configuration) to a charset. Matching ignores
 * case, spaces, hyphens, underscores and slashes, so `UNICODE UTF-8`, `utf8`, `8859/1`,
 * `ISO-8859-1` and `ISO IR100` all resolve. Plain `UNICODE` is taken as UTF-8, as the
 * instruments that send it mean. Returns undefined for sets we cannot decode.
 */
export function charsetFromName(name: string): Charset | undefined {
  let key = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x20 || c === 0x2d || c === 0x5f || c === 0x2f || c === 0x09) continue;
    key += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : name[i];
  }
  return CHARSET_NAMES.get(key);
}

const CHARSET_NAMES = new Map<string, Charset>([
  ['', 'ascii'],
  ['ASCII', 'ascii'],
  ['USASCII', 'ascii'],
  ['ISOIR6', 'ascii'],
  ['88591', 'latin1'],
  ['ISO88591', 'latin1'],
  ['ISOIR100', 'latin1'],
  ['LATIN1', 'latin1'],
  ['L1', 'latin1'],
  ['UNICODEUTF8', 'utf-8'],
  ['UNICODE', 'utf-8'],
  ['UTF8', 'utf-8'],
  ['ISOIR192', 'utf-8'],
  ['WINDOWS1252', 'windows-1252'],
  ['CP1252', 'windows-1252'],
  ['WIN1252', 'windows-1252'],
]);
