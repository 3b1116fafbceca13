import type { ScannerSettings } from '../settings.js';

export type WedgeSettings = ScannerSettings['wedge'];

/** One keystroke as the detector needs it: KeyboardEvent.key and its timestamp in ms. */
export interface KeyStroke {
  key: string;
  at: number;
}

export interface WedgeDecision {
  /** Keep this keystroke from the page (the scan's suffix, or keys after a matched prefix). */
  swallow: boolean;
  /** A complete scan ended with this keystroke. */
  scan?: string;
}

/** Keys a scanner sends along with characters (Shift for capitals) that say nothing about timing. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);

/**
 * Tells a keyboard-wedge barcode scanner from a person by keystroke timing: a scanner types a
 * whole code (optionally framed by a configured prefix) with every gap under `maxInterKeyMs`
 * and ends it with its suffix key. Pure: feed it keystrokes, it answers what to do with each.
 * With suffix "none", a burst ends when the keys stop: call `flush(now)` after a quiet gap.
 */
export class WedgeDetector {
  private settings: WedgeSettings;
  private buffer = '';
  private lastAt: number | undefined;

  constructor(settings: WedgeSettings) {
    this.settings = settings;
  }

  configure(settings: WedgeSettings): void {
    this.settings = settings;
    this.reset();
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = undefined;
  }

  /** How long after the last key a `flush` should come, when the suffix is "none". */
  get quietMs(): number {
    return this.settings.maxInterKeyMs * 3;
  }

  feed(stroke: KeyStroke): WedgeDecision {
    if (!this.settings.enabled) return { swallow: false };
    if (MODIFIERS.has(stroke.key)) return { swallow: this.prefixMatched() };
    const gapOk = this.lastAt !== undefined && stroke.at - this.lastAt <= this.settings.maxInterKeyMs;
    if (!gapOk) this.buffer = '';
    this.lastAt = stroke.at;

    if (this.isSuffix(stroke.key)) {
      const code = gapOk ? this.code() : undefined;
      this.reset();
      return code === undefined ? { swallow: false } : { swallow: true, scan: code };
    }
    if (stroke.key.length !== 1) {
      // Arrows, Backspace, Escape...: a person at the keyboard.
      this.reset();
      return { swallow: false };
    }
    this.buffer += stroke.key;
    const { prefix } = this.settings;
    if (prefix !== '' && !prefix.startsWith(this.buffer.slice(0, prefix.length))) {
      // Not our prefix: this burst is not a scan (or the prefix starts again here).
      this.buffer = prefix.startsWith(stroke.key) ? stroke.key : '';
      return { swallow: this.buffer !== '' && this.prefixMatched() };
    }
    return { swallow: this.prefixMatched() };
  }

  /** For suffix "none": the burst is over if nothing came for `quietMs`. */
  flush(now: number): string | undefined {
    if (!this.settings.enabled || this.settings.suffix !== 'none' || this.lastAt === undefined) return undefined;
    if (now - this.lastAt < this.quietMs) return undefined;
    const code = this.code();
    this.reset();
    return code;
  }

  private isSuffix(key: string): boolean {
    switch (this.settings.suffix) {
      case 'Enter':
        return key === 'Enter';
      case 'Tab':
        return key === 'Tab';
      case 'none':
        return false;
    }
  }

  /** With a prefix, once it has been typed the rest of the burst belongs to the scanner. */
  private prefixMatched(): boolean {
    const { prefix } = this.settings;
    return prefix !== '' && this.buffer.length >= prefix.length && this.buffer.startsWith(prefix);
  }

  private code(): string | undefined {
    const { prefix, minLength } = this.settings;
    if (!this.buffer.startsWith(prefix)) return undefined;
    const code = this.buffer.slice(prefix.length);
    return code.length >= minLength ? code : undefined;
  }
}
