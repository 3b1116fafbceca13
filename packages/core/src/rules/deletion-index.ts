/**
 * Words within a few edits of a query word, without comparing it with every word (SymSpell's
 * symmetric deletions): two words at most k edits apart (insertion, deletion, substitution,
 * adjacent transposition) become one string after deleting at most k letters from each. So each
 * word is filed under the strings its deletions make, and a query looks up the strings its own
 * deletions make; what comes back is a superset, which the caller checks with osaDistance.
 *
 * The strings are filed by a 32-bit hash, in an open-addressing table of (hash, word id) pairs
 * (two Int32Arrays, at most half full): a vocabulary of 50,000 words of about seven letters
 * makes about 1.3 million pairs, a table of 4 million slots (32 MB), where a Map of strings
 * would take several times that. A hash collision only adds a candidate that the check then
 * drops.
 */
const EMPTY = -1;

/** FNV-1a over UTF-16 units, then murmur3's finalizer so that the low bits (the slot) mix well. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** `word` and every string made by deleting up to `depth` of its characters (code points). */
export function deletions(word: string, depth: number): Set<string> {
  const found = new Set<string>([word]);
  // Names are almost always in the Basic Multilingual Plane, where a code point is one UTF-16 unit.
  const units = !/[\uD800-\uDFFF]/.test(word);
  let layer = [word];
  for (let level = 0; level < depth; level += 1) {
    const next: string[] = [];
    for (const text of layer) {
      const chars = units ? undefined : [...text];
      const length = chars === undefined ? text.length : chars.length;
      for (let i = 0; i < length; i += 1) {
        const shorter = chars === undefined ? text.slice(0, i) + text.slice(i + 1) : [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
        if (!found.has(shorter)) {
          found.add(shorter);
          next.push(shorter);
        }
      }
    }
    layer = next;
  }
  return found;
}

export class DeletionIndex {
  private hashes = new Int32Array(1 << 10);
  private ids = new Int32Array(1 << 10).fill(EMPTY);
  private entries = 0;
  /** Per word id, the lookup that last reported it (reports each candidate once per lookup). */
  private reported = new Int32Array(0);
  private lookups = 0;

  /** Files word `id` under its deletions of up to `depth` characters. */
  add(id: number, word: string, depth: number): void {
    if (this.reported.length <= id) {
      const grown = new Int32Array(Math.max(1_024, this.reported.length * 2, id + 1));
      grown.set(this.reported);
      this.reported = grown;
    }
    for (const text of deletions(word, depth)) this.put(hash(text), id);
  }

  /** Ids of the words sharing a deletion (of up to `depth` characters) with `word`: a superset of those within `depth` edits, each once. */
  candidates(word: string, depth: number): number[] {
    this.lookups += 1;
    if (this.lookups === 0x7fffffff) {
      this.reported.fill(0);
      this.lookups = 1;
    }
    const found: number[] = [];
    const mask = this.ids.length - 1;
    for (const text of deletions(word, depth)) {
      const h = hash(text);
      for (let slot = h & mask; this.ids[slot] !== EMPTY; slot = (slot + 1) & mask) {
        const id = this.ids[slot]!;
        if (this.hashes[slot] === h && this.reported[id] !== this.lookups) {
          this.reported[id] = this.lookups;
          found.push(id);
        }
      }
    }
    return found;
  }

  get size(): number {
    return this.entries;
  }

  private put(h: number, id: number): void {
    if ((this.entries + 1) * 2 > this.ids.length) this.grow();
    const mask = this.ids.length - 1;
    let slot = h & mask;
    for (; this.ids[slot] !== EMPTY; slot = (slot + 1) & mask) if (this.hashes[slot] === h && this.ids[slot] === id) return;
    this.hashes[slot] = h;
    this.ids[slot] = id;
    this.entries += 1;
  }

  private grow(): void {
    const { hashes, ids } = this;
    this.hashes = new Int32Array(ids.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(EMPTY);
    this.entries = 0;
    for (let slot = 0; slot < ids.length; slot += 1) if (ids[slot] !== EMPTY) this.put(hashes[slot]!, ids[slot]!);
  }
}
