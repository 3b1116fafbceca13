import { z } from 'zod';

export const UuidSchema = z.uuid();
/** An instant on the wire: ISO 8601 in UTC, as Date.prototype.toISOString writes it. */
export const InstantSchema = z.iso.datetime({ offset: true });
/** A calendar date without time: `YYYY-MM-DD`. */
export const CalendarDateSchema = z.iso.date();

export const LimitSchema = z.number().int().min(1).max(200);
/** Opaque pagination cursor; only the server reads it (and checks its seal and shape). */
export const CursorSchema = z.string().min(1).max(500).regex(/^[A-Za-z0-9_.-]+$/, 'is not a cursor this server issued');

export const OkSchema = z.object({ ok: z.literal(true) });
export const EmptyParamsSchema = z.object({}).optional().default({});

/**
 * Characters no text on the wire may carry: lone surrogates (they cannot be stored, and
 * PostgreSQL's jsonb refuses them), NUL and the other C0/C1 controls, and the invisible
 * format characters that make printed text differ from what it reads as (bidi embeddings,
 * overrides and isolates, zero-width characters, the BOM, line/paragraph separators). The
 * zero-width joiner and non-joiner are allowed between two letters, where scripts need them.
 * Multi-line fields may also hold tab, line feed and carriage return.
 */
const FORBIDDEN_IN_TEXT = /[\p{Cs}\p{Cc}\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/u;
const MULTILINE_WHITESPACE = new Set(['\t', '\n', '\r']);
/** Zero-width (non-)joiners spell Persian, Indic and other scripts correctly between two letters; elsewhere they only hide. */
const JOINERS = new Set(['\u200C', '\u200D']);
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

function isJoinedLetters(value: string, index: number): boolean {
  const before = value.slice(0, index).at(-1);
  const after = value.slice(index + 1).at(0);
  return before !== undefined && after !== undefined && LETTER_OR_MARK.test(before) && LETTER_OR_MARK.test(after);
}

export interface TextOptions {
  /** The field is free text a person types in several lines (a complaint, a note): tab and newlines are kept. */
  multiline?: boolean;
}

/** What is wrong with a string's characters, for a field's message; undefined when nothing is. */
export function textCharacterProblem(value: string, options: TextOptions = {}): string | undefined {
  const pattern = new RegExp(FORBIDDEN_IN_TEXT.source, 'gu');
  for (const match of value.matchAll(pattern)) {
    const char = match[0];
    if (options.multiline === true && MULTILINE_WHITESPACE.has(char)) continue;
    if (JOINERS.has(char) && isJoinedLetters(value, match.index)) continue;
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    if (/\p{Cs}/u.test(char)) return `contains a broken character (an unpaired surrogate, ${code})`;
    if (/\p{Cc}/u.test(char)) return `must not contain control characters (${code})`;
    return `must not contain invisible formatting characters (${code})`;
  }
  return undefined;
}

/**
 * The one door for text in requests: every string a method's params carry is built from this
 * (or from `text`), so a new field refuses odd characters with VALIDATION naming it, and
 * arrives in Unicode NFC. `trim` also trims before the length bound, as `text` does.
 */
export function wireString(max: number, options: TextOptions & { trim?: boolean } = {}) {
  const normalized = z
    .string()
    .superRefine((value, ctx) => {
      const problem = textCharacterProblem(value, options);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, abort: true });
    })
    .normalize('NFC');
  return (options.trim === true ? normalized.trim() : normalized).max(max, `at most ${max} characters`);
}

/** Trimmed, non-empty, bounded free text (single line unless `multiline`). */
export function text(max: number, options: TextOptions = {}) {
  return wireString(max, { ...options, trim: true }).min(1, 'must not be empty');
}

/**
 * Passwords are compared as typed: not normalized, and any printable character is allowed, but
 * no control characters (nobody types them) and no unpaired surrogates (two different strings
 * would then hash alike).
 */
export function passwordString(max: number) {
  return z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      if (/[\p{Cs}\p{Cc}]/u.test(value)) ctx.addIssue({ code: 'custom', message: 'must not contain control or broken characters', abort: true });
    });
}

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: CursorSchema.optional() });
}
