import type { ScannerSettings } from '../../../shared/settings.js';

export type Terminator = ScannerSettings['serial']['terminator'];

const TERMINATORS: Record<Terminator, string> = { CR: '\r', LF: '\n', CRLF: '\r\n' };

/**
 * Splits a serial byte stream into scans at the configured terminator. A stray CR or LF around
 * a code is dropped (scanners configured for CRLF and read as CR leave one behind); an
 * overlong line without terminator is discarded rather than growing forever.
 */
export class LineFramer {
  private pending = '';
  private readonly terminator: string;
  private readonly maxLength: number;

  constructor(terminator: Terminator, maxLength = 512) {
    this.terminator = TERMINATORS[terminator];
    this.maxLength = maxLength;
  }

  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const codes: string[] = [];
    for (let end = this.pending.indexOf(this.terminator); end >= 0; end = this.pending.indexOf(this.terminator)) {
      const code = this.pending.slice(0, end).replace(/^[\r\n]+|[\r\n]+$/g, '');
      this.pending = this.pending.slice(end + this.terminator.length);
      if (code !== '') codes.push(code);
    }
    if (this.pending.length > this.maxLength) this.pending = '';
    return codes;
  }
}
