import { escapeValue, makeGrammar, unescapeRange } from '../internal/grammar.js';
import type { AstmDelimiters } from './astm-message.js';
import { DEFAULT_ASTM_DELIMITERS } from './astm-message.js';

function grammarOf(d: AstmDelimiters) {
  return makeGrammar('astm', d.field, d.component, d.repeat, d.escape, '');
}

/** Escapes text for an ASTM field: `&F& &S& &R& &E&` (with the declared escape), `&Xhh&` for controls. */
export function escapeAstm(text: string, delimiters: AstmDelimiters = DEFAULT_ASTM_DELIMITERS): string {
  return escapeValue(text, grammarOf(delimiters));
}

/** Decodes ASTM escapes, keeping an escape character that opens no valid sequence. */
export function unescapeAstm(text: string, delimiters: AstmDelimiters = DEFAULT_ASTM_DELIMITERS): string {
  return unescapeRange(text, 0, text.length, grammarOf(delimiters), false, true);
}
