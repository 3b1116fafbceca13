/**
 * What a chart's banner says about allergies:
 * - `allergies`: at least one allergy is active;
 * - `none_known`: someone asked and recorded "no known allergies", and no allergy was recorded
 *   (in any state) after that statement;
 * - `not_recorded`: never asked, or asked before the allergies since recorded were made
 *   inactive or refuted (a refuted allergy does not tell that there are no others).
 */
export const ALLERGY_STATUSES = ['allergies', 'none_known', 'not_recorded'] as const;
export type AllergyStatus = (typeof ALLERGY_STATUSES)[number];

export const ALLERGY_ENTRY_STATUSES = ['active', 'inactive', 'refuted'] as const;
export type AllergyEntryStatus = (typeof ALLERGY_ENTRY_STATUSES)[number];

export function allergyStatusOf(current: ReadonlyArray<{ status: AllergyEntryStatus; recordedAt: string }>, noneKnownAt: string | null): AllergyStatus {
  if (current.some((allergy) => allergy.status === 'active')) return 'allergies';
  if (noneKnownAt === null) return 'not_recorded';
  const statedAt = Date.parse(noneKnownAt);
  return current.every((allergy) => Date.parse(allergy.recordedAt) <= statedAt) ? 'none_known' : 'not_recorded';
}
