// ZPL II for Zebra-class label and wristband printers. Pure text building: no I/O here.

export type Rotation = 'N' | 'R' | 'I' | 'B';

/** Field data goes through ^FH (hex escapes with "_"), so ^, ~ and _ in names print as themselves. */
export function escapeFieldData(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[_^~\\]/g, (char) => `_${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** ~HS: the host status query; the answer is three STX...ETX strings. */
export const HOST_STATUS_REQUEST = '~HS';

export type ZebraStatus = { ready: true } | { ready: false; problems: string[] };

/** Parses a complete ~HS answer; undefined while it is incomplete. */
export function parseHostStatus(text: string): ZebraStatus | undefined {
  const STX = String.fromCharCode(2);
  const ETX = String.fromCharCode(3);
  // Each status string is STX fields ETX; a string without its ETX has not fully arrived.
  const strings = text
    .split(STX)
    .slice(1)
    .filter((part) => part.includes(ETX))
    .map((part) => part.slice(0, part.indexOf(ETX)).split(','));
  if (strings.length < 2) return undefined;
  const [first, second] = strings as [string[], string[]];
  const problems: string[] = [];
  if (first[1] === '1') problems.push('out of paper');
  if (first[2] === '1') problems.push('paused');
  if (second[2] === '1') problems.push('print head open');
  if (second[3] === '1') problems.push('out of ribbon');
  return problems.length === 0 ? { ready: true } : { ready: false, problems };
}

export interface TextField {
  x: number;
  y: number;
  /** Character height in dots (font 0, scalable). */
  height: number;
  width?: number;
  rotation?: Rotation;
  /** Wraps in a block of this width (dots), up to `lines` lines. */
  block?: { width: number; lines: number; align?: 'L' | 'C' | 'R' };
}

export interface BarcodeField {
  x: number;
  y: number;
  /** Bar height in dots. */
  height: number;
  moduleWidth?: number;
  rotation?: Rotation;
  /** Print the text under the bars. */
  interpretation?: boolean;
}

/** Builds one label: ^XA ... ^XZ. */
export class ZplBuilder {
  private readonly commands: string[] = [];

  constructor(size: { widthDots: number; lengthDots: number }) {
    // UTF-8 field data (^CI28), label size, home at the corner.
    this.commands.push('^XA', '^CI28', `^PW${Math.round(size.widthDots)}`, `^LL${Math.round(size.lengthDots)}`, '^LH0,0');
  }

  text(text: string, field: TextField): this {
    const rotation = field.rotation ?? 'N';
    const block = field.block === undefined ? '' : `^FB${Math.round(field.block.width)},${field.block.lines},0,${field.block.align ?? 'L'},0`;
    this.commands.push(
      `^FO${Math.round(field.x)},${Math.round(field.y)}^A0${rotation},${Math.round(field.height)},${Math.round(field.width ?? field.height)}${block}^FH_^FD${escapeFieldData(text)}^FS`,
    );
    return this;
  }

  /** Code 128 (^BC); the printer encodes it. ">" would start a subset switch, so it is doubled as "><". */
  code128(data: string, field: BarcodeField): this {
    const rotation = field.rotation ?? 'N';
    const escaped = data.replace(/>/g, '><');
    this.commands.push(
      `^FO${Math.round(field.x)},${Math.round(field.y)}^BY${field.moduleWidth ?? 2},3,${Math.round(field.height)}` +
        `^BC${rotation},${Math.round(field.height)},${field.interpretation === false ? 'N' : 'Y'},N,N^FD${escaped}^FS`,
    );
    return this;
  }

  box(x: number, y: number, width: number, height: number, thickness = 2): this {
    this.commands.push(`^FO${Math.round(x)},${Math.round(y)}^GB${Math.round(width)},${Math.round(height)},${thickness}^FS`);
    return this;
  }

  build(copies = 1): string {
    return [...this.commands, `^PQ${Math.max(1, Math.trunc(copies))}`, '^XZ'].join('\n') + '\n';
  }
}
