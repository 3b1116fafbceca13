import { escapeValue, makeGrammar, unescapeRange } from '../internal/grammar.js';
import type { Hl7Delimiters } from './hl7-delimiters.js';
import { DEFAULT_HL7_DELIMITERS } from './hl7-delimiters.js';
import type { Hl7Formatting } from './hl7-message.js';

function grammarOf(d: Hl7Delimiters) {
  return makeGrammar('hl7', d.field, d.component, d.repetition, d.escape, d.subcomponent, d.truncation);
}

/**
 * Escapes text for an HL7 field: separators and the escape character become `\F\ \S\ \T\
 * \R\ \E\`, LF becomes `\.br\`, CR and other control characters `\Xhh\`.
 */
export function escapeHl7(text: string, delimiters: Hl7Delimiters = DEFAULT_HL7_DELIMITERS): string {
  return escapeValue(text, grammarOf(delimiters));
}

/**
 * Decodes HL7 escape sequences. An escape character that does not open a valid sequence is
 * kept as it is. `\Xhh\` bytes are read as UTF-8 when `utf8` and valid, else one per char.
 */
export function unescapeHl7(
  text: string,
  delimiters: Hl7Delimiters = DEFAULT_HL7_DELIMITERS,
  options?: { readonly formatting?: Hl7Formatting; readonly utf8?: boolean },
): string {
  return unescapeRange(text, 0, text.length, grammarOf(delimiters), options?.formatting === 'passThrough', options?.utf8 ?? false);
}
