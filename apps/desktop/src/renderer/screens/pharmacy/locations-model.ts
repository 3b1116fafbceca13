import { SHELF_LOCATION_KINDS } from '@hms/core';
import type { StockLocation } from '@hms/core';

export type ShelfKind = (typeof SHELF_LOCATION_KINDS)[number];

export const KIND_WORDS: Record<ShelfKind, string> = { store: 'Store', dispensary: 'Dispensary', ward: 'Ward store' };

const KIND_ORDER: readonly string[] = SHELF_LOCATION_KINDS;

/** The locations set up at this screen: shelves only (quarantine and transit are the system's), open ones first, by kind then name. */
export function configurableLocations(locations: readonly StockLocation[]): StockLocation[] {
  return locations
    .filter((location) => KIND_ORDER.includes(location.kind))
    .sort((a, b) => Number(b.active) - Number(a.active) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** What the server would refuse in a new location's form, said before sending (the server still decides). */
export function newLocationProblems(draft: { code: string; name: string }, existing: readonly StockLocation[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const code = draft.code.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_-]{1,19}$/.test(code)) problems['code'] = 'Capital letters, digits, _ and -, 2 to 20, starting with a letter.';
  else if (existing.some((location) => location.code === code)) problems['code'] = 'Another location has this code.';
  if (draft.name.trim() === '') problems['name'] = 'Give the location a name.';
  return problems;
}
