// fast-check generators shared by the property tests: delimiter sets, hostile values, and
// whole HL7 / ASTM messages built from a model so parsed values can be checked against it.
import fc from 'fast-check';
import { escapeAstm } from '../astm/astm-escape.js';
import type { AstmDelimiters } from '../astm/astm-message.js';
import type { Hl7Delimiters } from '../hl7/hl7-delimiters.js';
import { escapeHl7 } from '../hl7/hl7-escape.js';

/** Characters senders have used as separators. */
const DELIMITER_POOL = ['|', '^', '~', '\\', '&', '!', '@', '#', '$', '%', '*', '+', '/', ':', ';', '<', '=', '>', '?', '[', ']', '{', '}', '`', "'", '"', ',', '.', '-', '_'];

export const hl7DelimitersArb: fc.Arbitrary<Hl7Delimiters> = fc
  .shuffledSubarray(DELIMITER_POOL, { minLength: 5, maxLength: 5 })
  .filter((d) => !d.includes('"'))
  .map(([field, component, repetition, escape, subcomponent]) => ({
    field: field as string,
    component: component as string,
    repetition: repetition as string,
    escape: escape as string,
    subcomponent: subcomponent as string,
    truncation: '',
  }));

export const astmDelimitersArb: fc.Arbitrary<AstmDelimiters> = fc
  .shuffledSubarray(DELIMITER_POOL, { minLength: 4, maxLength: 4 })
  .map(([field, repeat, component, escape]) => ({
    field: field as string,
    repeat: repeat as string,
    component: component as string,
    escape: escape as string,
  }));

/** Values full of what breaks parsers: every delimiter, controls, line ends, non-ASCII. */
export function valueArb(maxLength = 12): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'B', '1', ' ', '.', 'é', 'ß', '中', '😀') },
    { weight: 3, arbitrary: fc.constantFrom(...DELIMITER_POOL) },
    { weight: 1, arbitrary: fc.constantFrom('\r', '\n', '\t', '\u0000', '\u0003', '\u000b', '\u001c') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 1 }) },
  );
  return fc.string({ unit, maxLength });
}

/** A field: repetitions of components of subcomponents. */
export type FieldModel = string[][][];

export interface SegmentModel {
  readonly name: string;
  readonly fields: FieldModel[];
}

const segmentNameArb = fc
  .tuple(fc.constantFrom(...'ABCDEGIOPQRTUVXZ'), fc.constantFrom(...'ABCDEGIOPQRTUVXZ0123456789'), fc.constantFrom(...'ABCDEGIOPQRTUVXZ0123456789'))
  .map((c) => c.join(''))
  .filter((n) => n !== 'MSH' && n !== 'FHS' && n !== 'BHS');

function fieldArb(subcomponents: boolean): fc.Arbitrary<FieldModel> {
  const leaf = valueArb();
  const component = subcomponents ? fc.array(leaf, { minLength: 1, maxLength: 3 }) : leaf.map((v) => [v]);
  return fc.array(fc.array(component, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
}

export const segmentModelArb: fc.Arbitrary<SegmentModel> = fc.record({
  name: segmentNameArb,
  fields: fc.array(fieldArb(true), { minLength: 0, maxLength: 6 }),
});

export interface Hl7Model {
  readonly delimiters: Hl7Delimiters;
  readonly controlId: string;
  readonly segments: SegmentModel[];
}

export const hl7ModelArb: fc.Arbitrary<Hl7Model> = fc.record({
  delimiters: hl7DelimitersArb,
  controlId: valueArb(8),
  segments: fc.array(segmentModelArb, { minLength: 0, maxLength: 6 }),
});

export function renderField(field: FieldModel, d: { rep: string; comp: string; sub: string }, escape: (v: string) => string): string {
  return field.map((rep) => rep.map((comp) => comp.map(escape).join(d.sub)).join(d.comp)).join(d.rep);
}

/** The model as CR-terminated HL7 text. */
export function renderHl7(model: Hl7Model): string {
  const d = model.delimiters;
  const esc = (v: string): string => escapeHl7(v, d);
  const f = d.field;
  const msh = `MSH${f}${d.component}${d.repetition}${d.escape}${d.subcomponent}${f}SEND${f}FAC${f}RECV${f}FAC${f}20240101000000${f}${f}ORU${d.component}R01${f}${esc(model.controlId)}${f}P${f}2.5.1`;
  const lines = [msh];
  for (const s of model.segments) {
    const fields = s.fields.map((fld) => renderField(fld, { rep: d.repetition, comp: d.component, sub: d.subcomponent }, esc));
    lines.push([s.name, ...fields].join(f));
  }
  return lines.map((l) => l + '\r').join('');
}

export interface AstmModel {
  readonly delimiters: AstmDelimiters;
  readonly records: { readonly type: string; readonly fields: FieldModel[] }[];
}

export const astmModelArb: fc.Arbitrary<AstmModel> = fc.record({
  delimiters: astmDelimitersArb,
  records: fc.array(
    fc.record({
      type: fc.constantFrom('P', 'O', 'R', 'C', 'M', 'S', 'Q'),
      fields: fc.array(fieldArb(false), { minLength: 0, maxLength: 6 }),
    }),
    { maxLength: 6 },
  ),
});

/** The model as CR-terminated ASTM text, H first and L last. Field 2 onwards come from the model. */
export function renderAstm(model: AstmModel): string {
  const d = model.delimiters;
  const esc = (v: string): string => escapeAstm(v, d);
  const lines = [`H${d.field}${d.repeat}${d.component}${d.escape}${d.field}${d.field}${d.field}SIM`];
  for (const r of model.records) {
    const fields = r.fields.map((fld) => renderField(fld, { rep: d.repeat, comp: d.component, sub: '' }, esc));
    lines.push([r.type, ...fields].join(d.field));
  }
  lines.push(`L${d.field}1${d.field}N`);
  return lines.map((l) => l + '\r').join('');
}

/** Cuts `bytes` into consecutive chunks at the given (sorted, deduplicated) offsets. */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => Math.min(bytes.length, Math.max(0, o))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Property runs: moderate under `npm test`, scaled up with HMS_FUZZ_RUNS for a long run. */
export function runs(base: number): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.HMS_FUZZ_RUNS;
  const long = env === undefined ? Number.NaN : Number(env);
  return Number.isFinite(long) && long > 0 ? Math.max(base, long) : base;
}
