import type { StageMetrics, TouchpointMetrics } from '../../../common/journeys/api.ts';
import { liveNumbers, type Sums } from './journey-analytics-live.ts';
import { forEachTouchpointHit, HitIndex, touchpointKinds } from './journey-hit-index.ts';
import { selectRanks } from '../../quantiles.ts';
import type { JourneyState } from './journey-state.ts';

/**
 * Stage and touchpoint analytics over a journey state (semantics in docs/journeys.md):
 * - reached: customers whose time of reaching the stage (entering it, or a later one) is in [from, to);
 * - current: customers whose furthest stage by `to` is this one (all customers, not only the period's);
 * - conversion: of the customers who reached the previous stage in the period, the share who reached
 *   this one before `to`; time from previous over customers who reached this stage in the period;
 * - touchpoints: matching events in the period, their customers, and the share of them who reached the
 *   next stage at or after their first matching event in the period.
 */
export interface AnalyticsInput {
  from: number;
  to: number;
  stuckMs: number;
  /** Only customers of this persona (index). */
  persona?: number;
  /**
   * Breakdown: the group of customer row `p`, given the touchpoint that put the number there (the one
   * through which they reached the stage, or the touchpoint itself; -1 when none). Null: "(none)".
   */
  groupOf?: (p: number, touchpoint: number) => string | null;
  /** What `groupOf` depends on, when only one of them: its answers are then asked once per customer (or touchpoint). */
  groupBy?: 'customer' | 'touchpoint';
}

export interface AnalyticsResult {
  customers: number;
  stages: StageMetrics[];
  touchpoints: TouchpointMetrics[];
}

export interface GroupedResult {
  total: AnalyticsResult;
  groups: (AnalyticsResult & { value: string })[];
}

const NONE = '(none)';
const OTHER = '(other)';
const TOP_GROUPS = 10;

/** Grows as values are pushed (typed, so a million of them stay cheap). */
class Values {
  n = 0;
  constructor(public a: Float64Array = new Float64Array(16)) {}
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
}

/**
 * Which customers a request counts: live ones (of the persona when asked), per row `p` as
 * `included(p)`. Brings the state's cached stage times (and persona membership) up to date first.
 */
function inclusion(state: JourneyState, persona: number | undefined): (p: number) => boolean {
  state.refreshDerived(persona !== undefined);
  const { firstSeen, personaIn } = state;
  const NP = state.journey.personas.length;
  const pi = persona ?? -1;
  return (p) => !Number.isNaN(firstSeen[p] ?? NaN) && (pi < 0 || personaIn[p * NP + pi] === 1);
}

/** Computes the map's numbers, optionally broken down into the top groups plus "(other)". */
export function journeyAnalytics(state: JourneyState, q: AnalyticsInput): GroupedResult {
  const include = inclusion(state, q.persona);
  // One group: from the numbers as of the hit index's build plus what the customers changed since add.
  const live = liveNumbers(state, HitIndex.of(state), q, () => fill(state, include, q, null, 1));
  const total = resultsOf(state, live.sums, 1, (s) => live.quantiles(s, [0.5, 0.9]))[0] as AnalyticsResult;
  if (!q.groupOf) return { total, groups: [] };
  const groupOf = memoized(state, q.groupOf, q.groupBy);
  // Rank groups by customers who reached the first stage in the period, keep the top ones.
  const counts = new Map<string, number>();
  const S = state.S;
  const { stReached, stVia } = state;
  for (let p = 0; p < state.size; p++) {
    const r = stReached[p * S] ?? NaN;
    if (!(r >= q.from && r < q.to) || !include(p)) continue;
    const g = groupOf(p, stVia[p * S] ?? -1) ?? NONE;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
  const top = ranked.slice(0, TOP_GROUPS);
  const names = ranked.length > TOP_GROUPS ? [...top, OTHER] : top;
  const index = new Map(top.map((g, i) => [g, i]));
  const otherIndex = top.length;
  const results = accumulate(
    state,
    include,
    q,
    (p, t) => {
      const g = groupOf(p, t) ?? NONE;
      return index.get(g) ?? otherIndex;
    },
    names.length,
  );
  return { total, groups: names.map((value, i) => ({ value, ...(results[i] as AnalyticsResult) })) };
}

/** `groupOf` asked once per customer (or per touchpoint) when it depends on nothing else. */
function memoized(state: JourneyState, groupOf: NonNullable<AnalyticsInput['groupOf']>, by: AnalyticsInput['groupBy']): NonNullable<AnalyticsInput['groupOf']> {
  if (by === 'customer') {
    const memo = new Map<number, string | null>();
    return (p, t) => {
      let g = memo.get(p);
      if (g === undefined) {
        g = groupOf(p, t);
        memo.set(p, g);
      }
      return g;
    };
  }
  if (by === 'touchpoint') {
    const memo = new Map<number, string | null>();
    return (p, t) => {
      let g = memo.get(t);
      if (g === undefined) {
        g = groupOf(p, t);
        memo.set(t, g);
      }
      return g;
    };
  }
  return groupOf;
}

/** The numbers of the customers `include` accepts, per group (`groupIndex`; null: one group). */
function accumulate(state: JourneyState, include: (p: number) => boolean, q: AnalyticsInput, groupIndex: ((p: number, touchpoint: number) => number) | null, G: number): AnalyticsResult[] {
  const { sums, times } = fill(state, include, q, groupIndex, G);
  return resultsOf(state, sums, G, (c) => selectRanks(times[c] as Float64Array, [0.5, 0.9]));
}

/** The sums of `accumulate`, and per group × stage the times from the previous stage (in scratch buffers when one group). */
function fill(state: JourneyState, include: (p: number) => boolean, q: AnalyticsInput, groupIndex: ((p: number, touchpoint: number) => number) | null, G: number): { sums: Sums; times: Float64Array[] } {
  const { S, T } = state;
  const { touchpoints } = state.journey;
  const { stReached, stSkipped, stVia } = state;
  const { from, to } = q;
  const reached = new Int32Array(G * S);
  const skipped = new Int32Array(G * S);
  const current = new Int32Array(G * S);
  const stuck = new Int32Array(G * S);
  const convDen = new Int32Array(G * S);
  const convNum = new Int32Array(G * S);
  const customers = new Int32Array(G);
  // One group: each stage's times fit in a buffer of one slot per customer, reused across requests
  // (a million pushes into growing arrays cost more than the pass itself).
  const deltas = Array.from({ length: G * S }, (_, i) => new Values(G === 1 ? scratch(state, i) : undefined));
  const group = groupIndex ?? (() => 0);
  const { firstSeen, personaIn } = state;
  const NP = state.journey.personas.length;
  const pi = q.persona ?? -1;

  const n = state.size;
  if (groupIndex === null) stageTotals(state, q, { reached, skipped, current, stuck, convDen, convNum, customers, deltas });
  for (let p = 0; p < (groupIndex === null ? 0 : n); p++) {
    const base = p * S;
    // Customers who reached nothing before `to` count nowhere (cheap test before the others).
    if (!((stReached[base] ?? NaN) < to) || Number.isNaN(firstSeen[p] ?? NaN) || (pi >= 0 && personaIn[p * NP + pi] !== 1)) continue;
    let furthest = -1;
    let any = false;
    let prev = NaN;
    for (let s = 0; s < S; s++) {
      const r = stReached[base + s] ?? NaN;
      if (r < to) furthest = s;
      if (r >= from && r < to) {
        any = true;
        const g = (groupIndex === null ? 0 : group(p, stVia[base + s] ?? -1)) * S + s;
        reached[g] = (reached[g] ?? 0) + 1;
        if ((((stSkipped[p] ?? 0) >>> s) & 1) === 1) skipped[g] = (skipped[g] ?? 0) + 1;
        if (!Number.isNaN(prev)) deltas[g]?.push(r - prev);
      }
      if (s > 0 && prev >= from && prev < to) {
        const g = (groupIndex === null ? 0 : group(p, stVia[base + s - 1] ?? -1)) * S + s;
        convDen[g] = (convDen[g] ?? 0) + 1;
        if (r < to) convNum[g] = (convNum[g] ?? 0) + 1;
      }
      prev = r;
    }
    if (any) {
      const g = groupIndex === null ? 0 : group(p, stVia[base] ?? -1);
      customers[g] = (customers[g] ?? 0) + 1;
    }
    if (furthest >= 0) {
      const g = (groupIndex === null ? 0 : group(p, stVia[base + furthest] ?? -1)) * S + furthest;
      current[g] = (current[g] ?? 0) + 1;
      const since = stReached[base + furthest] ?? NaN;
      if (furthest < S - 1 && to - since > q.stuckMs) stuck[g] = (stuck[g] ?? 0) + 1;
    }
  }

  // Touchpoints: the hit log (by customer) for nth = 1 touchpoints, the nth time for the others.
  const tpEvents = new Int32Array(G * T);
  const tpCustomers = new Int32Array(G * T);
  const tpWentOn = new Int32Array(G * T);
  const nextStage = Int32Array.from(touchpoints, (tp) => tp.stageIndex + 1);
  const count = (p: number, t: number, first: number, events: number) => {
    const g = (groupIndex === null ? 0 : group(p, t)) * T + t;
    tpEvents[g] = (tpEvents[g] ?? 0) + events;
    tpCustomers[g] = (tpCustomers[g] ?? 0) + 1;
    const next = nextStage[t] ?? S;
    if (next < S) {
      const r = stReached[p * S + next] ?? NaN;
      if (r >= first && r < to) tpWentOn[g] = (tpWentOn[g] ?? 0) + 1;
    }
  };
  const kinds = touchpointKinds(state);
  if (groupIndex === null) forEachTouchpointHit(state, kinds.logged, from, to, q.persona, null, { events: tpEvents, customers: tpCustomers, wentOn: tpWentOn, nextStage });
  else forEachTouchpointHit(state, kinds.logged, from, to, q.persona, count);
  for (const t of kinds.nth) {
    const { tpTime } = state;
    for (let p = 0; p < n; p++) {
      const ts = tpTime[p * T + t] ?? NaN;
      if (!(ts >= from && ts < to) || Number.isNaN(firstSeen[p] ?? NaN) || (pi >= 0 && personaIn[p * NP + pi] !== 1)) continue;
      count(p, t, ts, 1);
    }
  }

  const sums: Sums = { reached, skipped, current, stuck, convDen, convNum, customers, tpEvents, tpCustomers, tpWentOn };
  return { sums, times: deltas.map((d) => d.a.subarray(0, d.n)) };
}

/** The numbers as the API gives them, from the sums and a quantile function per group × stage cell. */
function resultsOf(state: JourneyState, sums: Sums, G: number, quantiles: (cell: number) => (number | null)[]): AnalyticsResult[] {
  const { S, T } = state;
  const { stages, touchpoints } = state.journey;
  const { reached, skipped, current, stuck, convDen, convNum, customers, tpEvents, tpCustomers, tpWentOn } = sums;
  const results: AnalyticsResult[] = [];
  for (let g = 0; g < G; g++) {
    const stageMetrics: StageMetrics[] = stages.map((st, s) => {
      const c = g * S + s;
      const den = convDen[c] ?? 0;
      const conv = s === 0 || den === 0 ? null : (convNum[c] ?? 0) / den;
      const q = s === 0 ? [] : quantiles(c);
      return {
        key: st.key,
        name: st.name,
        reached: reached[c] ?? 0,
        skipped: skipped[c] ?? 0,
        current: current[c] ?? 0,
        stuck: stuck[c] ?? 0,
        conversionFromPrevious: conv,
        dropOff: conv === null ? null : 1 - conv,
        medianMsFromPrevious: s === 0 ? null : (q[0] ?? null),
        p90MsFromPrevious: s === 0 ? null : (q[1] ?? null),
      };
    });
    const tpMetrics: TouchpointMetrics[] = touchpoints.map((tp, t) => {
      const c = g * T + t;
      const hasNext = tp.stageIndex + 1 < S;
      const customerCount = tpCustomers[c] ?? 0;
      return {
        id: tp.id,
        stageKey: stages[tp.stageIndex]?.key ?? '',
        name: tp.name,
        channel: tp.channel,
        events: tpEvents[c] ?? 0,
        customers: customerCount,
        reachedNext: hasNext && customerCount > 0 ? (tpWentOn[c] ?? 0) / customerCount : null,
      };
    });
    results.push({ customers: customers[g] ?? 0, stages: stageMetrics, touchpoints: tpMetrics });
  }
  return results;
}

/**
 * The stage part of `accumulate` for one group: the same numbers in the tightest loop this engine
 * has (a poll of the live map spends most of its time here), with no call per customer.
 */
function stageTotals(
  state: JourneyState,
  q: AnalyticsInput,
  out: { reached: Int32Array; skipped: Int32Array; current: Int32Array; stuck: Int32Array; convDen: Int32Array; convNum: Int32Array; customers: Int32Array; deltas: Values[] },
): void {
  const S = state.S;
  const { stReached, stSkipped, firstSeen, personaIn } = state;
  const { reached, skipped, current, stuck, convDen, convNum, customers } = out;
  const times = out.deltas.map((d) => d.a);
  const counts = new Int32Array(S);
  const NP = state.journey.personas.length;
  const pi = q.persona ?? -1;
  const { from, to, stuckMs } = q;
  const last = S - 1;
  const n = state.size;
  let people = 0;
  for (let p = 0; p < n; p++) {
    const base = p * S;
    const r0 = stReached[base] as number;
    // Reached stage times never decrease along the stages (a stage counts as reached when a later one
    // is), and unreached stages are NaN: so nothing before `to` at stage 0 means nothing at all.
    if (!(r0 < to) || firstSeen[p] !== firstSeen[p] || (pi >= 0 && personaIn[p * NP + pi] !== 1)) continue;
    let furthest = 0;
    let any = false;
    let prev = NaN;
    const skippedBits = stSkipped[p] as number;
    for (let s = 0; s < S; s++) {
      const r = stReached[base + s] as number;
      if (!(r < to)) {
        // Not reached by `to` (nor any later stage): only the conversion denominator is left.
        if (s > 0 && prev >= from) convDen[s] = (convDen[s] as number) + 1;
        break;
      }
      furthest = s;
      if (r >= from) {
        any = true;
        reached[s] = (reached[s] as number) + 1;
        if (((skippedBits >>> s) & 1) === 1) skipped[s] = (skipped[s] as number) + 1;
        if (s > 0) {
          const k = counts[s] as number;
          (times[s] as Float64Array)[k] = r - prev;
          counts[s] = k + 1;
        }
      }
      if (s > 0 && prev >= from) {
        convDen[s] = (convDen[s] as number) + 1;
        convNum[s] = (convNum[s] as number) + 1;
      }
      prev = r;
    }
    if (any) people++;
    current[furthest] = (current[furthest] as number) + 1;
    if (furthest < last && to - (stReached[base + furthest] as number) > stuckMs) stuck[furthest] = (stuck[furthest] as number) + 1;
  }
  customers[0] = people;
  out.deltas.forEach((d, s) => (d.n = counts[s] ?? 0));
}

/** A reusable buffer of one slot per customer row for stage `i`'s times (see `accumulate`). */
function scratch(state: JourneyState, i: number): Float64Array {
  const buffers = (scratchBuffers.get(state) ?? []).filter((b) => b.length >= state.size);
  scratchBuffers.set(state, buffers);
  while (buffers.length <= i) buffers.push(new Float64Array(Math.ceil(state.size * 1.25) + 1024));
  return buffers[i] as Float64Array;
}
const scratchBuffers = new WeakMap<JourneyState, Float64Array[]>();

/** Which customers stand behind a number on the map, with the time that put them there. */
export function customersBehind(
  state: JourneyState,
  q: { metric: string; stageIndex: number; touchpoint: number; from: number; to: number; stuckMs: number; persona?: number },
): { profile: number; time: number; furthest: number }[] {
  const include = inclusion(state, q.persona);
  const S = state.S;
  const s = q.stageIndex;
  const { stReached, stSkipped } = state;
  const inPeriod = (t: number) => t >= q.from && t < q.to;
  const furthestOf = (p: number) => {
    let furthest = -1;
    for (let k = 0; k < S; k++) if ((stReached[p * S + k] ?? NaN) < q.to) furthest = k;
    return furthest;
  };
  const out: { profile: number; time: number; furthest: number }[] = [];
  if (q.metric === 'touchpoint') {
    const t = q.touchpoint;
    const push = (p: number, time: number) => out.push({ profile: p, time, furthest: furthestOf(p) });
    if ((state.journey.touchpoints[t]?.rule.nth ?? 1) === 1) {
      forEachTouchpointHit(state, [t], q.from, q.to, q.persona, (p, _t, first) => push(p, first));
    } else {
      for (let p = 0; p < state.size; p++) {
        const ts = state.nthHitTime(p, t);
        if (inPeriod(ts) && include(p)) push(p, ts);
      }
    }
  } else {
    for (let p = 0; p < state.size; p++) {
      if (!include(p)) continue;
      const base = p * S;
      const here = stReached[base + s] ?? NaN;
      const before = s > 0 ? (stReached[base + s - 1] ?? NaN) : NaN;
      const furthest = furthestOf(p);
      let time = NaN;
      switch (q.metric) {
        case 'reached':
          if (inPeriod(here)) time = here;
          break;
        case 'skipped':
          if (inPeriod(here) && (((stSkipped[p] ?? 0) >>> s) & 1) === 1) time = here;
          break;
        case 'current':
          if (furthest === s) time = here;
          break;
        case 'stuck':
          if (furthest === s && s < S - 1 && q.to - here > q.stuckMs) time = here;
          break;
        case 'converted':
          if (s > 0 && inPeriod(before) && here < q.to) time = here;
          break;
        case 'dropped':
          if (s > 0 && inPeriod(before) && !(here < q.to)) time = before;
          break;
      }
      if (!Number.isNaN(time)) out.push({ profile: p, time, furthest });
    }
  }
  out.sort((a, b) => b.time - a.time || a.profile - b.profile);
  return out;
}
