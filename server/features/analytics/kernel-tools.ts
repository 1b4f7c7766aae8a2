/**
 * Small pieces the paths, trends and sessions kernels share: looking texts up in the dictionary once
 * per query, an integer-keyed hash for aggregating on codes, a bounded top-k selection, and the
 * code-unit text order every answer sorts by.
 */

/** Code-unit order of two texts (what `<` on strings does; not locale order). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The dictionary codes of some texts, -1 for those the dictionary lacks. One pass over the dictionary
 * per query: kernels compare codes per event, never strings, and a text the kernel adds itself
 * ("(none)", "(end)", …) must take the dictionary's code when the data holds the same text, or two
 * codes would stand for one label.
 */
export function codesOf(strings: readonly string[], texts: readonly string[]): Int32Array {
  const codes = new Int32Array(texts.length).fill(-1);
  const wanted = new Map<string, number[]>();
  texts.forEach((t, k) => {
    const list = wanted.get(t);
    if (list) list.push(k);
    else wanted.set(t, [k]);
  });
  for (let c = 0; c < strings.length; c++) {
    const ks = wanted.get(strings[c] as string);
    if (ks === undefined) continue;
    for (const k of ks) if (codes[k] === -1) codes[k] = c;
  }
  return codes;
}

/** A growable Int32Array (keeps its contents). */
export function grownInt32(a: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  if (a.length >= atLeast) return a;
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/** A growable Float64Array (keeps its contents). */
export function grownFloat64(a: Float64Array<ArrayBuffer>, atLeast: number): Float64Array<ArrayBuffer> {
  if (a.length >= atLeast) return a;
  const b = new Float64Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Dense ids for triples of int32 keys, by open addressing in one Int32Array (four ints per slot:
 * the key and id + 1, so a probe touches one cache line). Ids are handed out 0, 1, 2, … in order of
 * first sight, and the keys are kept per id. The paths trie uses it as (parent, label) → child, and
 * the kernels as (depth, from, to) → link and similar: no Map with number keys (boxed, slow to hash)
 * and no string keys in a loop.
 */
export class TripleIndex {
  private table: Int32Array;
  private mask: number;
  /** Number of ids handed out. */
  size = 0;
  /** Keys by id. */
  a: Int32Array<ArrayBuffer>;
  b: Int32Array<ArrayBuffer>;
  c: Int32Array<ArrayBuffer>;

  constructor(expected = 256) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Int32Array(cap * 4);
    this.mask = cap - 1;
    this.a = new Int32Array(expected);
    this.b = new Int32Array(expected);
    this.c = new Int32Array(expected);
  }

  private static hash(a: number, b: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c ^ 0x165667b1, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  /** The id of (a, b, c), added when new. */
  id(a: number, b: number, c: number): number {
    const table = this.table;
    const mask = this.mask;
    let slot = TripleIndex.hash(a, b, c) & mask;
    for (;;) {
      const p = slot << 2;
      const stored = table[p + 3] as number;
      if (stored === 0) break;
      if (table[p] === a && table[p + 1] === b && table[p + 2] === c) return stored - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.a.length) {
      this.a = grownInt32(this.a, id + 1);
      this.b = grownInt32(this.b, id + 1);
      this.c = grownInt32(this.c, id + 1);
    }
    this.a[id] = a;
    this.b[id] = b;
    this.c[id] = c;
    // Keep the load at most one half: probes stay short.
    if (this.size * 2 > mask + 1) this.rehash((mask + 1) * 2);
    else this.place(slot, a, b, c, id);
    return id;
  }

  private place(slot: number, a: number, b: number, c: number, id: number): void {
    const p = slot << 2;
    this.table[p] = a;
    this.table[p + 1] = b;
    this.table[p + 2] = c;
    this.table[p + 3] = id + 1;
  }

  private rehash(cap: number): void {
    this.table = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      const a = this.a[id] as number;
      const b = this.b[id] as number;
      const c = this.c[id] as number;
      let slot = TripleIndex.hash(a, b, c) & this.mask;
      while (this.table[(slot << 2) + 3] !== 0) slot = (slot + 1) & this.mask;
      this.place(slot, a, b, c, id);
    }
  }
}

/**
 * The best `k` of the candidates 0 … n − 1 that `keep` admits, best first, by `better` (negative when
 * x comes before y). A sorted list of at most k, so n candidates cost about n comparisons with the
 * worst kept one, not a sort of all n (a breakdown or a path list can have a million candidates).
 */
export function topK(n: number, k: number, keep: (x: number) => boolean, better: (x: number, y: number) => number): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  for (let x = 0; x < n; x++) {
    if (!keep(x)) continue;
    if (best.length === k && better(x, best[k - 1] as number) >= 0) continue;
    // Binary search for the first kept one that x comes before.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(x, best[mid] as number) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, x);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * The bucket of a time in constant time, for passes that meet times in no particular order (events of
 * one customer after another). A table holds the bucket at the start of each slot of the period (15
 * minutes, or longer for long periods), and a step or two forward from there finds the bucket, so the
 * answer is bucketOf's for any slot length. Indices are `offset` + the index in `starts`.
 */
export class BucketClock {
  private readonly starts: Float64Array;
  private readonly slots: Int32Array;
  private readonly slotMs: number;

  constructor(
    readonly from: number,
    to: number,
    starts: readonly number[],
    readonly offset = 0,
  ) {
    this.starts = Float64Array.from(starts);
    this.slotMs = Math.max(15 * 60_000, Math.ceil((to - from) / (1 << 20)));
    const count = Math.max(1, Math.ceil((to - from) / this.slotMs));
    this.slots = new Int32Array(count);
    let b = 0;
    for (let k = 0; k < count; k++) {
      const s = from + k * this.slotMs;
      while (b + 1 < starts.length && (starts[b + 1] as number) <= s) b++;
      this.slots[k] = b;
    }
  }

  /** The index of the bucket holding t, for from ≤ t < to (the caller checks the period). */
  bucket(t: number): number {
    let b = this.slots[Math.floor((t - this.from) / this.slotMs)] as number;
    const starts = this.starts;
    while (b + 1 < starts.length && (starts[b + 1] as number) <= t) b++;
    return b + this.offset;
  }
}
