import type { ParsedPath } from '../internal/path.js';
import { parseFieldPath } from '../internal/path.js';
import type { RecordStore } from '../internal/record-store.js';

/**
 * A handle on one segment of an Hl7Message. It reads through to the message, so it sees
 * later writes; paths on it are the `F(r).C.S` part alone, e.g. `seg.get('5.1')`.
 */
export class Hl7Segment {
  /** Position of the segment in its message, 0-based. */
  readonly index: number;
  private readonly store: RecordStore;

  /** @internal Segments are obtained from a message, not constructed. */
  constructor(store: RecordStore, index: number) {
    this.store = store;
    this.index = index;
  }

  /** The segment ID, e.g. `PID` or `ZDS`. */
  get name(): string {
    return this.store.nameOf(this.index);
  }

  /** Number of fields, counted as paths count them (MSH-1 is the field separator). */
  get fieldCount(): number {
    return this.store.fieldCount(this.index);
  }

  /** Unescaped text at `F(r).C.S`, or undefined when empty or absent. */
  get(path: string): string | undefined {
    return this.store.read(this.index, parseFieldPath(path, 'HL7_BAD_PATH'));
  }

  /** The text at `F(r).C.S` as sent, escape sequences and inner separators untouched. */
  getRaw(path: string): string | undefined {
    return this.store.readRaw(this.index, parseFieldPath(path, 'HL7_BAD_PATH'));
  }

  /** Writes `value` (escaped on the way in) at `F(r).C.S`. */
  set(path: string, value: string): this {
    this.store.write(this.index, parseFieldPath(path, 'HL7_BAD_PATH'), value);
    return this;
  }

  /** How many repetitions field `field` holds (0 when empty). */
  repetitions(field: number): number {
    return this.store.repetitions(this.index, field);
  }

  /** How many components the repetition at `F(r)` holds (0 when empty). */
  components(path: string): number {
    return this.store.components(this.index, parseFieldPath(path, 'HL7_BAD_PATH'));
  }

  /** @internal Reads with an already parsed path. */
  read(path: ParsedPath): string | undefined {
    return this.store.read(this.index, path);
  }

  /** The segment's text as it would be serialized, without the CR. */
  toString(): string {
    return this.store.segmentText(this.index);
  }
}
