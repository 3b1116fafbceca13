/**
 * Generic substitution (issue 12): which formulary product may be handed out for a prescribed
 * one. The same generic is not enough: a 250 mg capsule for a 500 mg one, or an injection for
 * a tablet, would change the dose or the route while the quantity is counted one for one. So a
 * substitute has the prescribed product's generic and strength, and a form given the same way:
 * the same form, or two plain oral solids (tablet, dispersible or chewable tablet, capsule).
 */
export interface SubstitutableProduct {
  generic: string;
  strengthText: string;
  form: string;
}

const PLAIN_ORAL_SOLIDS: ReadonlySet<string> = new Set(['tablet', 'dispersible tablet', 'chewable tablet', 'capsule']);

const normal = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** Why `other` may not stand in for `prescribed`, or undefined when it may. */
export function substitutionProblem(prescribed: SubstitutableProduct, other: SubstitutableProduct): string | undefined {
  if (normal(other.generic) !== normal(prescribed.generic)) return `is ${other.generic}, not ${prescribed.generic}: only the same generic may be substituted`;
  if (normal(other.strengthText) !== normal(prescribed.strengthText)) return `is ${other.strengthText}, not ${prescribed.strengthText}: only the same strength may be substituted`;
  const form = normal(other.form);
  const wanted = normal(prescribed.form);
  if (form !== wanted && !(PLAIN_ORAL_SOLIDS.has(form) && PLAIN_ORAL_SOLIDS.has(wanted))) return `is a ${other.form}, not a ${prescribed.form}: it is not given the same way`;
  return undefined;
}
