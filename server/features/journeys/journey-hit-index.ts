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
    /** The state's `changes` at the build: rows with `changedAt` up to it are as the summaries below say. */
    readonly builtAt: number,
    /** Per row: the earliest and latest of its hits and touchpoint times (so its stage times too). */
    readonly spanMin: Float64Array,
    readonly spanMax: Float64Array,
    /** Per cell: 1 when the touchpoint's next stage was reached at or after the cell's first hit. */
    readonly wentOnAfterFirst: Uint8Array,
  ) {}

  /** The index of a state, built or rebuilt when missing or when too much was logged since. */
  static of(state: JourneyState): HitIndex {
    const cached = state.analyticsCache instanceof HitIndex ? state.analyticsCache : undefined;
    // Rebuilt once the hits logged since grow past an eighth (the state drops it when the rows changed
    // since, which keep their data as of the build, do).
    const current = state.hitCount - (cached?.hits ?? 0) <= Math.max(100_000, (cached?.hits ?? 0) / 8);
    if (cached && current) return cached;
    const index = HitIndex.build(state);
    state.analyticsCache = index;
    return index;
  }

  static build(state: JourneyState): HitIndex {
    state.refreshDerived();
    // The live answers (journey-analytics-live.ts) start from the numbers as of this build.
    state.setMark();
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
      const c = (owner[hitProfile[h] ?? 0] ?? 0) * T + (hitTp[h] ?? 0) + 1;
      offsets[c] = (offsets[c] ?? 0) + 1;
    }
    for (let c = 0; c < cells; c++) offsets[c + 1] = (offsets[c + 1] ?? 0) + (offsets[c] ?? 0);
    const times = new Float64Array(H);
    for (let h = H - 1; h >= 0; h--) {
      const c = (owner[hitProfile[h] ?? 0] ?? 0) * T + (hitTp[h] ?? 0);
      const at = (offsets[c + 1] ?? 0) - 1;
      offsets[c + 1] = at;
      times[at] = hitTs[h] ?? NaN;
    }
    offsets.copyWithin(0, 1);
    offsets[cells] = H;
    for (let c = 0; c < cells; c++) {
      const a = offsets[c] ?? 0;
      const b = offsets[c + 1] ?? 0;
      if (b - a > 1) sortRun(times, a, b);
    }
    const { spanMin, spanMax, wentOnAfterFirst } = summaries(state, offsets, times);
    return new HitIndex(H, n, T, offsets, times, state.changes, spanMin, spanMax, wentOnAfterFirst);
  }

  bytes(): number {
    return this.offsets.byteLength + this.times.byteLength + this.spanMin.byteLength * 2 + this.wentOnAfterFirst.byteLength;
  }
}

/**
 * Per-row summaries that let a request settle most customers without their hit times: one whose
 * activity lies wholly inside the period counts every hit, with the first hit as its first in the
 * period; one whose activity lies wholly outside counts nothing.
 */
function summaries(state: JourneyState, offsets: Int32Array, times: Float64Array): { spanMin: Float64Array; spanMax: Float64Array; wentOnAfterFirst: Uint8Array } {
  const { T, S, tpTime, stReached } = state;
  const n = state.size;
  const nextStage = Int32Array.from(state.journey.touchpoints, (tp) => tp.stageIndex + 1);
  const spanMin = new Float64Array(n).fill(NaN);
  const spanMax = new Float64Array(n).fill(NaN);
  const wentOnAfterFirst = new Uint8Array(n * T);
  for (let p = 0; p < n; p++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < T; t++) {
      const c = p * T + t;
      const own = tpTime[c] ?? NaN;
      if (own < lo) lo = own;
      if (own > hi) hi = own;
      const a = offsets[c] ?? 0;
      const b = offsets[c + 1] ?? 0;
      if (a === b) continue;
      const first = times[a] ?? NaN;
      const last = times[b - 1] ?? NaN;
      if (first < lo) lo = first;
      if (last > hi) hi = last;
      const next = nextStage[t] ?? S;
      if (next < S && (stReached[p * S + next] ?? NaN) >= first) wentOnAfterFirst[c] = 1;
    }
    if (lo <= hi) {
      spanMin[p] = lo;
      spanMax[p] = hi;
    }
  }
  return { spanMin, spanMax, wentOnAfterFirst };
}

function sortRun(a: Float64Array, lo: number, hi: number): void {
  let sorted = true;
  for (let i = lo + 1; i < hi; i++) {
    if ((a[i - 1] ?? 0) > (a[i] ?? 0)) {
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
    const x = a[i] ?? 0;
    let j = i - 1;
    while (j >= lo && (a[j] ?? 0) > x) {
      a[j + 1] = a[j] ?? 0;
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
    if ((a[m] ?? 0) < x) l = m + 1;
    else h = m;
  }
  return l;
}

/**
 * The first pass over the indexed rows: skips rows with nothing to count (no hits, not live, not of the
 * persona, slow-path rows, activity wholly outside the period) and, when `sum`, adds up rows unchanged
 * since the build whose activity lies wholly inside the period (so their stage times too, all before
 * `to`): every hit counts and the first hit is the first in the period, so no hit time is read. Returns
 * the rows left to read hit by hit. A function of its own: the hot loop keeps its variables in registers.
 */
function settleBySummaries(
  state: JourneyState,
  index: HitIndex,
  tps: Int32Array,
  from: number,
  to: number,
  pi: number,
  sum: boolean,
  isSlow: Uint8Array,
  out: { events: Int32Array; customers: Int32Array; wentOn: Int32Array },
): Int32Array {
  const { T, offsets, builtAt, spanMin, spanMax, wentOnAfterFirst } = index;
  const { changedAt, firstSeen, personaIn } = state;
  const { events, customers, wentOn } = out;
  const NP = state.journey.personas.length;
  const K = tps.length;
  const anySlow = isSlow.length > 0;
  const n = Math.min(index.rows, state.size);
  let rest = new Int32Array(1024);
  let left = 0;
  for (let p = 0; p < n; p++) {
    const base = p * T;
    if (offsets[base + T] === offsets[base]) continue;
    const seen = firstSeen[p] as number;
    if (seen !== seen || (pi >= 0 && personaIn[p * NP + pi] !== 1) || (anySlow && isSlow[p] === 1)) continue;
    if ((changedAt[p] as number) <= builtAt) {
      const lo = spanMin[p] as number;
      const hi = spanMax[p] as number;
      if (hi < from || lo >= to) continue;
      if (sum && lo >= from && hi < to) {
        for (let k = 0; k < K; k++) {
          const t = tps[k] as number;
          const hits = (offsets[base + t + 1] as number) - (offsets[base + t] as number);
          if (hits === 0) continue;
          events[t] = (events[t] as number) + hits;
          customers[t] = (customers[t] as number) + 1;
          if (wentOnAfterFirst[base + t] === 1) wentOn[t] = (wentOn[t] as number) + 1;
        }
        continue;
      }
    }
    if (left === rest.length) {
      const grown = new Int32Array(rest.length * 2);
      grown.set(rest);
      rest = grown;
    }
    rest[left++] = p;
  }
  return rest.subarray(0, left);
}

/** Touchpoint numbers summed inside the pass (no call per customer): per group × touchpoint. */
export interface TouchpointSums {
  events: Int32Array;
  customers: Int32Array;
  /** Customers who reached the touchpoint's next stage at or after their first hit in the period, before `to`. */
  wentOn: Int32Array;
  /** Per touchpoint: its stage + 1. */
  nextStage: Int32Array;
}

/**
 * Calls `visit(p, t, first, count)` for every live customer row `p` (of persona `persona` when given;
 * the state's persona cache must be fresh then) and every touchpoint `t` of `touchpoints` (nth = 1
 * ones: those in the hit log) with hits in [from, to): the first such hit's time and their number.
 * Hits of customers merged away count for the survivor. With `sums` and no `visit`, adds them up there
 * instead (one group; the state's stage cache must be fresh).
 */
export function forEachTouchpointHit(
  state: JourneyState,
  touchpoints: readonly number[],
  from: number,
  to: number,
  persona: number | undefined,
  visit: ((p: number, t: number, first: number, count: number) => void) | null,
  sums?: TouchpointSums,
): void {
  if (touchpoints.length === 0) return;
  const index = HitIndex.of(state);
  const { T, offsets, times } = index;
  const { firstSeen, personaIn, stReached } = state;
  const S = state.S;
  const NP = state.journey.personas.length;
  const pi = persona ?? -1;
  const tps = Int32Array.from(touchpoints);
  const K = tps.length;
  const n = state.size;
  const indexed = Math.min(index.rows, n);
  const events = sums?.events ?? new Int32Array(T);
  const customers = sums?.customers ?? new Int32Array(T);
  const wentOn = sums?.wentOn ?? new Int32Array(T);
  const nextStage = sums?.nextStage ?? new Int32Array(T);
  const report =
    visit ??
    ((p: number, t: number, first: number, count: number) => {
      events[t] = (events[t] ?? 0) + count;
      customers[t] = (customers[t] ?? 0) + 1;
      const next = nextStage[t] ?? S;
      if (next < S) {
        const r = stReached[p * S + next] ?? NaN;
        if (r >= first && r < to) wentOn[t] = (wentOn[t] ?? 0) + 1;
      }
    });

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
    if (Number.isNaN(firstSeen[q] ?? NaN) && (offsets[(q + 1) * T] ?? 0) > (offsets[q * T] ?? 0)) slowEntry(state.resolve(q)).rows.push(q);
  }
  for (let h = index.hits; h < state.hitCount; h++) slowEntry(state.resolve(state.hitProfile[h] ?? 0)).tail.push(h);
  const isSlow = new Uint8Array(slow.size > 0 ? n : 0);
  for (const p of slow.keys()) isSlow[p] = 1;

  // Rows whose hits need reading (the others were settled by their summaries).
  const rest = settleBySummaries(state, index, tps, from, to, pi, visit === null, isSlow, { events, customers, wentOn });
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i] as number;
    const base = p * T;
    for (let k = 0; k < K; k++) {
      const t = tps[k] ?? 0;
      const a = offsets[base + t] ?? 0;
      const b = offsets[base + t + 1] ?? 0;
      if (a === b) continue;
      const lo = (times[a] ?? NaN) >= from ? a : lowerBound(times, a, b, from);
      if (lo === b) continue;
      const first = times[lo] ?? NaN;
      if (!(first < to)) continue;
      const hi = (times[b - 1] ?? NaN) < to ? b : lowerBound(times, lo, b, to);
      if (visit !== null) {
        visit(p, t, first, hi - lo);
        continue;
      }
      events[t] = (events[t] ?? 0) + hi - lo;
      customers[t] = (customers[t] ?? 0) + 1;
      const next = nextStage[t] ?? S;
      if (next < S) {
        const r = stReached[p * S + next] ?? NaN;
        if (r >= first && r < to) wentOn[t] = (wentOn[t] ?? 0) + 1;
      }
    }
  }

  for (const [p, e] of slow) {
    if (Number.isNaN(firstSeen[p] ?? NaN) || (pi >= 0 && personaIn[p * NP + pi] !== 1)) continue;
    if (p < indexed) e.rows.push(p);
    for (let k = 0; k < K; k++) {
      const t = tps[k] ?? 0;
      const { count, first } = hitsInPeriod(state, index, e.rows, e.tail, t, from, to);
      if (count > 0) report(p, t, first, count);
    }
  }
}

/**
 * A customer's hits of touchpoint t in [from, to) among the index cells of `rows` (theirs, and those of
 * customers merged into them since the build) and the hit log entries `tail` (logged since): how many,
 * and the first.
 */
export function hitsInPeriod(state: JourneyState, index: HitIndex, rows: readonly number[], tail: readonly number[], t: number, from: number, to: number): { count: number; first: number } {
  const { offsets, times, T } = index;
  let count = 0;
  let first = NaN;
  for (const r of rows) {
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
  for (const h of tail) {
    if (state.hitTp[h] !== t) continue;
    const x = state.hitTs[h] as number;
    if (!(x >= from && x < to)) continue;
    count++;
    if (!(x >= first)) first = x;
  }
  return { count, first };
}

/** The touchpoints of the hit log (nth = 1), and the others (whose one "event" is the nth match). */
export function touchpointKinds(state: JourneyState): { logged: number[]; nth: number[] } {
  const logged: number[] = [];
  const nth: number[] = [];
  state.journey.touchpoints.forEach((tp, t) => (tp.rule.nth === 1 ? logged : nth).push(t));
  return { logged, nth };
}
