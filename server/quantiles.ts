/**
 * Quantiles as the analytics report them (nearest rank, lower: the value at rank ⌈q·n⌉), without a full
 * sort: the journey map's and the funnels' times from the previous step.
 */

/** The index of the q-quantile in the sorted values (nearest rank, lower). */
export function rank(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
}

/** The q-quantile (nearest rank, lower) of the values, reordering them (the multiset stays the same), or null when there are none. */
function quantileInPlace(values: Float64Array, q: number): number | null {
  if (values.length === 0) return null;
  return select(values, rank(values.length, q));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const RADIX_FROM = 1 << 16;

/**
 * The q-quantiles (nearest rank, lower) of `values` (reordered), null each when there are none. Large
 * arrays of non-negative values (times) go through one histogram pass over the top 16 bits of each
 * double (sign, exponent, 4 mantissa bits: for non-negative doubles their order is the values' order),
 * then a quickselect within the one bucket that holds the rank: two passes instead of several.
 */
export function selectRanks(values: Float64Array, qs: number[]): (number | null)[] {
  const n = values.length;
  if (n === 0) return qs.map(() => null);
  if (n < RADIX_FROM || !LITTLE_ENDIAN) return qs.map((q) => quantileInPlace(values, q));
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const counts = new Int32Array(1 << 16);
  for (let i = 0; i < n; i++) {
    const b = (words[2 * i + 1] as number) >>> 16;
    counts[b] = (counts[b] as number) + 1;
  }
  // A negative value (sign bit set) would break the order of the buckets.
  for (let b = 1 << 15; b < 1 << 16; b++) if ((counts[b] as number) > 0) return qs.map((q) => quantileInPlace(values, q));
  return qs.map((q) => {
    const k = rank(n, q);
    let b = 0;
    let below = 0;
    while (below + (counts[b] as number) <= k) below += counts[b++] as number;
    const inBucket = new Float64Array(counts[b] as number);
    let m = 0;
    for (let i = 0; i < n; i++) if ((words[2 * i + 1] as number) >>> 16 === b) inBucket[m++] = values[i] as number;
    return select(inBucket, k - below);
  });
}

/** The k-th smallest value (Hoare's quickselect, in place): linear time, no full sort. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const tmp = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] ?? 0;
  }
  return a[k] ?? 0;
}
