/**
 * How far a typed name word may be from a registered one: the optimal string alignment
 * distance (Damerau-Levenshtein where a transposed pair is not edited again), which counts the
 * desk's usual slips as one edit each: a letter dropped, added or replaced, two neighbours
 * swapped. Words are compared by code point, as PostgreSQL's length() and the SQL twin of this
 * function (osa_distance, migration 0006) count them.
 */

/** Edits a query word of this many characters may be away: none for three or fewer (exact or prefix), one up to six, two beyond. */
export function maxEditsFor(word: string): number {
  const length = [...word].length;
  return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}

/** The optimal string alignment distance of `a` and `b`, or `max + 1` when it is above `max` (stops early). */
export function osaDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  const m = s.length;
  const n = t.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (m === 0 || n === 0) return Math.max(m, n);
  // Rows i-2, i-1 and i of the distance table (n + 1 columns each).
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n]!, max + 1);
}
