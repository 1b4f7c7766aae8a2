import type { JourneyState } from './journey-state.ts';

/**
 * The touchpoint hit log of a journey state grouped by customer × touchpoint (compressed rows): cell
 * `p * T + t` holds the times of the hits of touchpoint `t` by customer row `p` (merges resolved as of
 * the build), ascending. With it, a customer's first hit in a period and the number of hits in it are
 * a binary search within a tiny run, instead of a pass over the whole log per request.
 *
 * Built on first use after a recompute; hits logged later (the tail) and customers merged later are
 * handled per request on a slow path (`forEachTouchpointHit`), and the index is rebuilt once the tail
 * grows past a fraction of it.
 */
export class HitIndex {
  private constructor(
    /** Hit log entries [0, hits) are indexed. */
    readonly hits: number,
    /** Customer rows [0, rows) have cells. */
    readonly rows: number,
    readonly T: number,
    /** rows × T + 1: the cell of row p, touchpoint t is times[offsets[p·T + t] .. offsets[p·T + t + 1]). */
    readonly offsets: Int32Array,
    readonly times: Float64Array,
  ) {}

  /** The index of a state, built or rebuilt when missing or when too much was logged since. */
  static of(state: JourneyState): HitIndex {
    const cached = state.analyticsCache;
    if (cached instanceof HitIndex && state.hitCount - cached.hits <= Math.max(100_000, cached.hits / 8)) return cached;
    const index = HitIndex.build(state);
    state.analyticsCache = index;
    return index;
  }

  static build(state: JourneyState): HitIndex {
    const T = state.T;
    const n = state.size;
    const H = state.hitCount;
    const owner = new Int32Array(n);
    for (let p = 0; p < n; p++) owner[p] = state.resolve(p);
    const cells = n * T;
    const offsets = new Int32Array(cells + 1);
    const { hitTp, hitProfile, hitTs } = state;
    // Counting sort by cell: counts, then ends, then each hit placed at --end (which leaves the starts).
    for (let h = 0; h < H; h++) {
      const c = (owner[hitProfile[h] as number] as number) * T + (hitTp[h] as number) + 1;
      offsets[c] = (offsets[c] as number) + 1;
    }
    for (let c = 0; c < cells; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
    const times = new Float64Array(H);
    for (let h = H - 1; h >= 0; h--) {
      const c = (owner[hitProfile[h] as number] as number) * T + (hitTp[h] as number);
      const at = (offsets[c + 1] as number) - 1;
      offsets[c + 1] = at;
      times[at] = hitTs[h] as number;
    }
    offsets.copyWithin(0, 1);
    offsets[cells] = H;
    for (let c = 0; c < cells; c++) {
      const a = offsets[c] as number;
      const b = offsets[c + 1] as number;
      if (b - a > 1) sortRun(times, a, b);
    }
    return new HitIndex(H, n, T, offsets, times);
  }

  bytes(): number {
    return this.offsets.byteLength + this.times.byteLength;
  }
}

function sortRun(a: Float64Array, lo: number, hi: number): void {
  let sorted = true;
  for (let i = lo + 1; i < hi; i++) {
    if ((a[i - 1] as number) > (a[i] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (hi - lo > 32) {
    a.subarray(lo, hi).sort();
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= lo && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}

/** The first index in [lo, hi) of the ascending `a` whose value is ≥ x (hi if none). */
function lowerBound(a: Float64Array, lo: number, hi: number, x: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const m = (l + h) >>> 1;
    if ((a[m] as number) < x) l = m + 1;
    else h = m;
  }
  return l;
}

/**
 * Calls `visit(p, t, first, count)` for every live customer row `p` that `include` accepts and every
 * touchpoint `t` of `touchpoints` (nth = 1 ones: those in the hit log) with hits in [from, to): the
 * first such hit's time and their number. Hits of customers merged away count for the survivor.
 */
export function forEachTouchpointHit(
  state: JourneyState,
  touchpoints: readonly number[],
  from: number,
  to: number,
  include: (p: number) => boolean,
  visit: (p: number, t: number, first: number, count: number) => void,
): void {
  if (touchpoints.length === 0) return;
  const index = HitIndex.of(state);
  const { T, offsets, times } = index;
  const n = state.size;
  const indexed = Math.min(index.rows, n);

  // The slow path: survivors of merges since the build (their hits sit in several rows' cells) and
  // customers with hits logged since (the tail).
  const slow = new Map<number, { rows: number[]; tail: number[] }>();
  const slowEntry = (p: number) => {
    let e = slow.get(p);
    if (!e) {
      e = { rows: [], tail: [] };
      slow.set(p, e);
    }
    return e;
  };
  for (let q = 0; q < indexed; q++) {
    if (!state.isLive(q) && (offsets[(q + 1) * T] as number) > (offsets[q * T] as number)) slowEntry(state.resolve(q)).rows.push(q);
  }
  for (let h = index.hits; h < state.hitCount; h++) slowEntry(state.resolve(state.hitProfile[h] as number)).tail.push(h);
  const isSlow = new Uint8Array(slow.size > 0 ? n : 0);
  for (const p of slow.keys()) isSlow[p] = 1;

  for (let p = 0; p < indexed; p++) {
    if (slow.size > 0 && isSlow[p] === 1) continue;
    if (!state.isLive(p) || !include(p)) continue;
    const base = p * T;
    if ((offsets[base + T] as number) === (offsets[base] as number)) continue;
    for (const t of touchpoints) {
      const a = offsets[base + t] as number;
      const b = offsets[base + t + 1] as number;
      if (a === b) continue;
      const lo = (times[a] as number) >= from ? a : lowerBound(times, a, b, from);
      if (lo === b) continue;
      const first = times[lo] as number;
      if (!(first < to)) continue;
      const hi = (times[b - 1] as number) < to ? b : lowerBound(times, lo, b, to);
      visit(p, t, first, hi - lo);
    }
  }

  for (const [p, e] of slow) {
    if (!state.isLive(p) || !include(p)) continue;
    if (p < indexed) e.rows.push(p);
    for (const t of touchpoints) {
      let first = NaN;
      let count = 0;
      for (const r of e.rows) {
        const a = offsets[r * T + t] as number;
        const b = offsets[r * T + t + 1] as number;
        const lo = lowerBound(times, a, b, from);
        const hi = lowerBound(times, lo, b, to);
        if (hi > lo) {
          count += hi - lo;
          const x = times[lo] as number;
          if (!(x >= first)) first = x;
        }
      }
      for (const h of e.tail) {
        if (state.hitTp[h] !== t) continue;
        const x = state.hitTs[h] as number;
        if (!(x >= from && x < to)) continue;
        count++;
        if (!(x >= first)) first = x;
      }
      if (count > 0) visit(p, t, first, count);
    }
  }
}
