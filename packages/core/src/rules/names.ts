/**
 * Names as typed at the desk, and their folded forms for search: lower case, accents and
 * apostrophes dropped, hyphens and dots as spaces ("N'Dungu-Wa" -> "ndungu wa").
 */
export const NAME_MAX_LENGTH = 80;

/** Trimmed, inner runs of white space collapsed, Unicode NFC. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`ʼ]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface PersonName {
  givenName: string;
  middleName?: string | null | undefined;
  familyName: string;
}

/** 'given middle family', folded: what trigram similarity compares. */
export function nameSearchText(name: PersonName): string {
  return [name.givenName, name.middleName ?? '', name.familyName].map(foldName).filter((part) => part !== '').join(' ');
}

/** 'family given middle', folded: the order lists are sorted in. */
export function nameSortKey(name: PersonName): string {
  return [name.familyName, name.givenName, name.middleName ?? ''].map(foldName).filter((part) => part !== '').join(' ');
}

/** The distinct folded words of a name: what the name index holds, one row each. */
export function nameTokens(name: PersonName): string[] {
  return [...new Set(nameSearchText(name).split(' ').filter((token) => token !== ''))];
}

/** Display form: 'Given Middle Family'. */
export function personDisplayName(name: PersonName): string {
  return [name.givenName, name.middleName ?? '', name.familyName].filter((part) => part !== '').join(' ');
}

/** The name index key of two words: both, in byte order, joined by a space. */
export function namePairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/**
 * What the name index holds for a name: each word, and each pair of words (so that a query
 * of two common words, "mary kamau", is one index lookup rather than an intersection).
 */
export function nameIndexKeys(name: PersonName): string[] {
  const tokens = nameTokens(name).slice(0, 6);
  const keys = [...tokens];
  for (let i = 0; i < tokens.length; i += 1) {
    for (let j = i + 1; j < tokens.length; j += 1) keys.push(namePairKey(tokens[i]!, tokens[j]!));
  }
  return keys;
}
