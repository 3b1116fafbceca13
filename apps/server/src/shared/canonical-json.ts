import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so that equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  }) ?? 'null';
}

/** sha256 (hex) of a label and a value's canonical JSON: equal requests, equal digests. */
export function digestOf(label: string, value: unknown): string {
  return createHash('sha256').update(label).update('\n').update(canonicalJson(value)).digest('hex');
}
