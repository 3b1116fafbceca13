const NAMES: Readonly<Record<number, string>> = {
  0x02: 'STX', 0x03: 'ETX', 0x04: 'EOT', 0x05: 'ENQ', 0x06: 'ACK', 0x0b: 'VT', 0x15: 'NAK', 0x17: 'ETB', 0x1c: 'FS', 0x0a: 'LF',
};

/**
 * A raw message as IT reads it: each segment or record on its own line (CR ends one), and every
 * other control byte named in angle brackets, so nothing the analyzer sent is hidden.
 */
export function readableRaw(raw: string): string {
  let out = '';
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if (code === 0x0d) out += '<CR>\n';
    else if (code < 0x20 || code === 0x7f) out += `<${NAMES[code] ?? `0x${code.toString(16).padStart(2, '0')}`}>`;
    else out += char;
  }
  return out;
}
