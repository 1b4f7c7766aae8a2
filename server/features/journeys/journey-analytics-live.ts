import { type HitIndex, hitsInPeriod, touchpointKinds } from './journey-hit-index.ts';
import type { JourneyState, RowAtMark } from './journey-state.ts';
import { rank } from '../../quantiles.ts';

/**
 * The live map's numbers without a pass over every customer (docs/ARCHITECTURE.md, journeys).
 *
 * The map polls one query over and over while a few customers change between polls. Every number of
 * the one-group answer is a sum over customers, and the times from the previous stage are a multiset
 * of per-customer values. So per query we keep its numbers *as of the state's mark* (set when the hit
 * index is built; `JourneyState.setMark`), and answer each poll as those numbers minus what the rows
 * changed since the mark contributed then (their kept `RowAtMark`, their index cells) plus what they
 * contribute now. Quantiles are read from the kept sorted times with the few removed and added ones
 * set aside, by binary search. The first request after a mark pays a full pass and one sort.
 */

/** The numbers of one group as sums (stage arrays per stage, touchpoint arrays per touchpoint). */
export interface Sums {
  reached: Int32Array;
  skipped: Int32Array;
  current: Int32Array;
  stuck: Int32Array;
  convDen: Int32Array;
  convNum: Int32Array;
  /** One entry: customers who reached any stage in the period. */
  customers: Int32Array;
  tpEvents: Int32Array;
  tpCustomers: Int32Array;
  tpWentOn: Int32Array;
}

export interface Query {
  from: number;
  to: number;
  stuckMs: number;
  persona?: number;
}

/** The numbers as of the mark: sums, and per stage its times from the previous stage, sorted. */
interface AtMark {
  sums: Sums;
  times: Float64Array[];
}

const atMarkOf = new WeakMap<HitIndex, Map<string, AtMark>>();
/**
 * Queries kept per mark (the map asks a few: its period, the previous one, a persona). Each holds its
 * stage times sorted: about 12 MB per million customers.
 */
const KEPT = 8;

/**
 * The one-group numbers of `q` now. `full` is the pass over every customer (its times unsorted); it
 * runs when the query has no numbers kept for this mark. The state's derived data must be fresh
 * (personas included when `q.persona` is set), and `index` the state's current hit index.
 */
export function liveNumbers(
  state: JourneyState,
  index: HitIndex,
  q: Query,
  full: () => { sums: Sums; times: Float64Array[] },
): { sums: Sums; quantiles: (stage: number, qs: number[]) => (number | null)[] } {
  const changed = new Changed(state, index, q);
  let kept = atMarkOf.get(index);
  if (!kept) atMarkOf.set(index, (kept = new Map()));
  const key = JSON.stringify([q.from, q.to, q.stuckMs, q.persona ?? -1]);
  let base = kept.get(key);
  if (!base) {
    // Now minus the changed rows' present plus their past: the numbers as of the mark.
    const now = full();
    const sums = copySums(now.sums);
    addSums(sums, changed.now.sums, -1);
    addSums(sums, changed.past.sums, 1);
    const times = now.times.map((t, s) => withChanges(Float64Array.from(t).sort(), sorted(changed.now.times[s] ?? []), sorted(changed.past.times[s] ?? [])));
    base = { sums, times };
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value ?? '');
    kept.set(key, base);
  }
  const sums = copySums(base.sums);
  addSums(sums, changed.past.sums, -1);
  addSums(sums, changed.now.sums, 1);
  const removed = changed.past.times.map(sorted);
  const added = changed.now.times.map(sorted);
  const stageTimes = base.times;
  return {
    sums,
    quantiles: (s, qs) => {
      const all = stageTimes[s] ?? new Float64Array(0);
      const out = removed[s] ?? new Float64Array(0);
      const extra = added[s] ?? new Float64Array(0);
      const n = all.length - out.length + extra.length;
      return qs.map((x) => (n === 0 ? null : kth(all, out, extra, rank(n, x))));
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The rows changed since the mark: what they add now, and what they added at the mark.
// ---------------------------------------------------------------------------------------------------

/** Sums and stage times of a set of rows. */
class Tally {
  readonly sums: Sums;
  readonly times: number[][];
  constructor(S: number, T: number) {
    const z = (n: number) => new Int32Array(n);
    this.sums = { reached: z(S), skipped: z(S), current: z(S), stuck: z(S), convDen: z(S), convNum: z(S), customers: z(1), tpEvents: z(T), tpCustomers: z(T), tpWentOn: z(T) };
    this.times = Array.from({ length: S }, () => []);
  }
}

/** What the analytics read of a row: now, or as kept at the mark. */
interface RowView {
  live: boolean;
  reached: Float64Array;
  skipped: number;
  tpTime: (t: number) => number;
}

class Changed {
  readonly now: Tally;
  readonly past: Tally;

  constructor(state: JourneyState, index: HitIndex, q: Query) {
    const { S, T } = state;
    this.now = new Tally(S, T);
    this.past = new Tally(S, T);
    const rows = state.markedRows;
    if (rows.length === 0) return;
    const { logged, nth } = touchpointKinds(state);
    const nextStage = Int32Array.from(state.journey.touchpoints, (tp) => tp.stageIndex + 1);
    const pi = q.persona ?? -1;
    const NP = state.journey.personas.length;
    const { firstSeen, personaIn, stReached, stSkipped, tpTime } = state;

    // Where hits logged or merged since the mark sit now: each survivor's rows (cells in the index)
    // and its tail hits (logged after the index was built).
    const cellsOf = new Map<number, number[]>();
    for (const p of rows) {
      const owner = state.resolve(p);
      if (p < index.rows) {
        let list = cellsOf.get(owner);
        if (!list) cellsOf.set(owner, (list = []));
        list.push(p);
      }
    }
    const tailOf = new Map<number, number[]>();
    for (let h = index.hits; h < state.hitCount; h++) {
      const owner = state.resolve(state.hitProfile[h] as number);
      let list = tailOf.get(owner);
      if (!list) tailOf.set(owner, (list = []));
      list.push(h);
    }

    for (const p of rows) {
      const pre = state.preimages.get(p) as RowAtMark;
      // At the mark: the kept row, and its own cells (the index was built then).
      const was: RowView = { live: !Number.isNaN(pre.firstSeen) && (pi < 0 || pre.persona[pi] === 1), reached: pre.reached, skipped: pre.skipped, tpTime: (t) => pre.tpTime[t] as number };
      if (was.live) {
        addStages(this.past, was, q);
        for (const t of logged) {
          if (p >= index.rows) break;
          const hit = hitsInPeriod(state, index, [p], [], t, q.from, q.to);
          if (hit.count > 0) addTouchpoint(this.past, t, hit.count, hit.first, was.reached[nextStage[t] as number] ?? NaN, q);
        }
        for (const t of nth) addNth(this.past, t, was, nextStage[t] as number, q);
      }
      // Now: the row as it is, with every cell and tail hit that is its own now.
      const is: RowView = {
        live: !Number.isNaN(firstSeen[p] as number) && (pi < 0 || personaIn[p * NP + pi] === 1),
        reached: stReached.subarray(p * S, p * S + S),
        skipped: stSkipped[p] as number,
        tpTime: (t) => tpTime[p * T + t] as number,
      };
      if (!is.live) continue;
      addStages(this.now, is, q);
      for (const t of logged) {
        const hit = hitsInPeriod(state, index, cellsOf.get(p) ?? [], tailOf.get(p) ?? [], t, q.from, q.to);
        if (hit.count > 0) addTouchpoint(this.now, t, hit.count, hit.first, is.reached[nextStage[t] as number] ?? NaN, q);
      }
      for (const t of nth) addNth(this.now, t, is, nextStage[t] as number, q);
    }
  }
}

/** A row's stage numbers, as the full pass (`stageTotals`) counts them. */
function addStages(tally: Tally, row: RowView, q: Query): void {
  const { reached, skipped, current, stuck, convDen, convNum, customers } = tally.sums;
  const S = row.reached.length;
  const { from, to } = q;
  if (!((row.reached[0] as number) < to)) return;
  let furthest = 0;
  let any = false;
  let prev = NaN;
  for (let s = 0; s < S; s++) {
    const r = row.reached[s] as number;
    if (!(r < to)) {
      if (s > 0 && prev >= from) convDen[s] = (convDen[s] as number) + 1;
      break;
    }
    furthest = s;
    if (r >= from) {
      any = true;
      reached[s] = (reached[s] as number) + 1;
      if (((row.skipped >>> s) & 1) === 1) skipped[s] = (skipped[s] as number) + 1;
      if (s > 0) tally.times[s]?.push(r - prev);
    }
    if (s > 0 && prev >= from) {
      convDen[s] = (convDen[s] as number) + 1;
      convNum[s] = (convNum[s] as number) + 1;
    }
    prev = r;
  }
  if (any) customers[0] = (customers[0] as number) + 1;
  current[furthest] = (current[furthest] as number) + 1;
  if (furthest < S - 1 && to - (row.reached[furthest] as number) > q.stuckMs) stuck[furthest] = (stuck[furthest] as number) + 1;
}

/** A touchpoint with `count` hits in the period, the first at `first`; `next` is when the row reached the next stage. */
function addTouchpoint(tally: Tally, t: number, count: number, first: number, next: number, q: Query): void {
  const { tpEvents, tpCustomers, tpWentOn } = tally.sums;
  tpEvents[t] = (tpEvents[t] as number) + count;
  tpCustomers[t] = (tpCustomers[t] as number) + 1;
  if (next >= first && next < q.to) tpWentOn[t] = (tpWentOn[t] as number) + 1;
}

/** An nth-occurrence touchpoint: its one "event" is the nth match. */
function addNth(tally: Tally, t: number, row: RowView, nextStage: number, q: Query): void {
  const ts = row.tpTime(t);
  if (ts >= q.from && ts < q.to) addTouchpoint(tally, t, 1, ts, row.reached[nextStage] ?? NaN, q);
}

// ---------------------------------------------------------------------------------------------------
// Sums and multisets.
// ---------------------------------------------------------------------------------------------------

function copySums(s: Sums): Sums {
  return {
    reached: s.reached.slice(),
    skipped: s.skipped.slice(),
    current: s.current.slice(),
    stuck: s.stuck.slice(),
    convDen: s.convDen.slice(),
    convNum: s.convNum.slice(),
    customers: s.customers.slice(),
    tpEvents: s.tpEvents.slice(),
    tpCustomers: s.tpCustomers.slice(),
    tpWentOn: s.tpWentOn.slice(),
  };
}

function addSums(into: Sums, from: Sums, sign: 1 | -1): void {
  for (const k of Object.keys(into) as (keyof Sums)[]) {
    const a = into[k];
    const b = from[k];
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + sign * (b[i] as number);
  }
}

function sorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** The sorted multiset `all` without `out` (a sub-multiset of it) and with `extra`, all three sorted. */
function withChanges(all: Float64Array, out: Float64Array, extra: Float64Array): Float64Array {
  const result = new Float64Array(all.length - out.length + extra.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let n = 0;
  while (i < all.length) {
    const x = all[i] as number;
    if (j < out.length && out[j] === x) {
      i++;
      j++;
      continue;
    }
    while (k < extra.length && (extra[k] as number) < x) result[n++] = extra[k++] as number;
    result[n++] = x;
    i++;
  }
  while (k < extra.length) result[n++] = extra[k++] as number;
  if (j !== out.length || n !== result.length) throw new Error('live analytics: removed times were not among the kept ones');
  return result;
}

/** How many of the sorted values are ≤ x. */
function countUpTo(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest (0-based) of the multiset `all` − `out` + `extra` (each sorted; `out` within
 * `all`): the smallest value of `all` or `extra` with more than k values at or below it. Values of `all`
 * whose every copy was taken out never qualify first (their count equals a smaller value's).
 */
function kth(all: Float64Array, out: Float64Array, extra: Float64Array, k: number): number {
  const upTo = (x: number) => countUpTo(all, x) - countUpTo(out, x) + countUpTo(extra, x);
  const smallest = (a: Float64Array) => {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (upTo(a[mid] as number) > k) hi = mid;
      else lo = mid + 1;
    }
    return lo < a.length ? (a[lo] as number) : Infinity;
  };
  return Math.min(smallest(all), smallest(extra));
}
