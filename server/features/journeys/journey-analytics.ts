import type { StageMetrics, TouchpointMetrics } from '../../../common/journeys/api.ts';
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

/** Per-customer stage times of every live customer, computed once per request. */
interface Snapshot {
  rows: Int32Array;
  /** rows.length × S: when each row's customer reached each stage. */
  reached: Float64Array;
  entered: Float64Array;
  via: Int32Array;
}

function snapshot(state: JourneyState, persona: number | undefined): Snapshot {
  const S = state.S;
  const n = state.size;
  const rows = new Int32Array(n);
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (!state.isLive(p)) continue;
    if (persona !== undefined && !state.inPersona(p, persona)) continue;
    rows[count++] = p;
  }
  const reached = new Float64Array(count * S);
  const entered = new Float64Array(count * S);
  const via = new Int32Array(count * S);
  const out = { entered: new Float64Array(S), reached: new Float64Array(S), via: new Int32Array(S) };
  for (let i = 0; i < count; i++) {
    state.stageTimes(rows[i] ?? 0, out);
    reached.set(out.reached, i * S);
    entered.set(out.entered, i * S);
    via.set(out.via, i * S);
  }
  return { rows: rows.subarray(0, count), reached, entered, via };
}

/** Computes the map's numbers, optionally broken down into the top groups plus "(other)". */
export function journeyAnalytics(state: JourneyState, q: AnalyticsInput): GroupedResult {
  const snap = snapshot(state, q.persona);
  const total = accumulate(state, snap, q, () => 0, 1)[0] as AnalyticsResult;
  if (!q.groupOf) return { total, groups: [] };
  const groupOf = q.groupOf;
  // Rank groups by customers who reached the first stage in the period, keep the top ones.
  const counts = new Map<string, number>();
  const S = state.S;
  for (let i = 0; i < snap.rows.length; i++) {
    const r = snap.reached[i * S] ?? NaN;
    if (!(r >= q.from && r < q.to)) continue;
    const g = groupOf(snap.rows[i] ?? 0, snap.via[i * S] ?? -1) ?? NONE;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
  const top = ranked.slice(0, TOP_GROUPS);
  const names = ranked.length > TOP_GROUPS ? [...top, OTHER] : top;
  const index = new Map(top.map((g, i) => [g, i]));
  const otherIndex = top.length;
  const results = accumulate(
    state,
    snap,
    q,
    (p, t) => {
      const g = groupOf(p, t) ?? NONE;
      return index.get(g) ?? otherIndex;
    },
    names.length,
  );
  return { total, groups: names.map((value, i) => ({ value, ...(results[i] as AnalyticsResult) })) };
}

function accumulate(state: JourneyState, snap: Snapshot, q: AnalyticsInput, groupIndex: (p: number, touchpoint: number) => number, G: number): AnalyticsResult[] {
  const { S, T } = state;
  const { stages, touchpoints } = state.journey;
  const inPeriod = (t: number) => t >= q.from && t < q.to;
  const reached = new Int32Array(G * S);
  const skipped = new Int32Array(G * S);
  const current = new Int32Array(G * S);
  const stuck = new Int32Array(G * S);
  const convDen = new Int32Array(G * S);
  const convNum = new Int32Array(G * S);
  const customers = new Int32Array(G);
  const deltas: number[][] = Array.from({ length: G * S }, () => []);
  const rowOfProfile = new Int32Array(state.size).fill(-1);

  for (let i = 0; i < snap.rows.length; i++) {
    const p = snap.rows[i] ?? 0;
    rowOfProfile[p] = i;
    const base = i * S;
    let furthest = -1;
    let any = false;
    for (let s = 0; s < S; s++) {
      const r = snap.reached[base + s] ?? NaN;
      if (r < q.to) furthest = s;
      if (inPeriod(r)) {
        any = true;
        const g = groupIndex(p, snap.via[base + s] ?? -1) * S + s;
        reached[g] = (reached[g] ?? 0) + 1;
        const e = snap.entered[base + s] ?? NaN;
        if (!(e <= r)) skipped[g] = (skipped[g] ?? 0) + 1;
        const prev = s > 0 ? (snap.reached[base + s - 1] ?? NaN) : NaN;
        if (!Number.isNaN(prev)) deltas[g]?.push(r - prev);
      }
      if (s > 0) {
        const prev = snap.reached[base + s - 1] ?? NaN;
        if (inPeriod(prev)) {
          const g = groupIndex(p, snap.via[base + s - 1] ?? -1) * S + s;
          convDen[g] = (convDen[g] ?? 0) + 1;
          if (r < q.to) convNum[g] = (convNum[g] ?? 0) + 1;
        }
      }
    }
    if (any) {
      const g = groupIndex(p, snap.via[base] ?? -1);
      customers[g] = (customers[g] ?? 0) + 1;
    }
    if (furthest >= 0) {
      const g = groupIndex(p, snap.via[base + furthest] ?? -1) * S + furthest;
      current[g] = (current[g] ?? 0) + 1;
      const since = snap.reached[base + furthest] ?? NaN;
      if (furthest < S - 1 && q.to - since > q.stuckMs) stuck[g] = (stuck[g] ?? 0) + 1;
    }
  }

  // Touchpoints: the hit log for nth = 1 touchpoints, the nth time for the others.
  const tpEvents = new Int32Array(G * T);
  const tpCustomers = new Int32Array(G * T);
  const tpWentOn = new Int32Array(G * T);
  const firstHit = new Float64Array(snap.rows.length * T).fill(NaN);
  const recordHit = (row: number, t: number, ts: number) => {
    const cell = row * T + t;
    const cur = firstHit[cell] ?? NaN;
    if (Number.isNaN(cur) || ts < cur) firstHit[cell] = ts;
  };
  for (let h = 0; h < state.hitCount; h++) {
    const ts = state.hitTs[h] ?? NaN;
    if (!inPeriod(ts)) continue;
    const p = state.resolve(state.hitProfile[h] ?? 0);
    const row = rowOfProfile[p] ?? -1;
    if (row < 0) continue;
    const t = state.hitTp[h] ?? 0;
    const g = groupIndex(p, t) * T + t;
    tpEvents[g] = (tpEvents[g] ?? 0) + 1;
    recordHit(row, t, ts);
  }
  for (let t = 0; t < T; t++) {
    if ((touchpoints[t]?.rule.nth ?? 1) === 1) continue;
    for (let i = 0; i < snap.rows.length; i++) {
      const ts = state.nthHitTime(snap.rows[i] ?? 0, t);
      if (!inPeriod(ts)) continue;
      const g = groupIndex(snap.rows[i] ?? 0, t) * T + t;
      tpEvents[g] = (tpEvents[g] ?? 0) + 1;
      recordHit(i, t, ts);
    }
  }
  for (let i = 0; i < snap.rows.length; i++) {
    const p = snap.rows[i] ?? 0;
    for (let t = 0; t < T; t++) {
      const first = firstHit[i * T + t] ?? NaN;
      if (Number.isNaN(first)) continue;
      const g = groupIndex(p, t) * T + t;
      tpCustomers[g] = (tpCustomers[g] ?? 0) + 1;
      const next = (touchpoints[t]?.stageIndex ?? 0) + 1;
      if (next < S) {
        const r = snap.reached[i * S + next] ?? NaN;
        if (r >= first && r < q.to) tpWentOn[g] = (tpWentOn[g] ?? 0) + 1;
      }
    }
  }

  const results: AnalyticsResult[] = [];
  for (let g = 0; g < G; g++) {
    const stageMetrics: StageMetrics[] = stages.map((st, s) => {
      const c = g * S + s;
      const den = convDen[c] ?? 0;
      const conv = s === 0 || den === 0 ? null : (convNum[c] ?? 0) / den;
      const d = deltas[c] ?? [];
      return {
        key: st.key,
        name: st.name,
        reached: reached[c] ?? 0,
        skipped: skipped[c] ?? 0,
        current: current[c] ?? 0,
        stuck: stuck[c] ?? 0,
        conversionFromPrevious: conv,
        dropOff: conv === null ? null : 1 - conv,
        medianMsFromPrevious: s === 0 ? null : quantile(d, 0.5),
        p90MsFromPrevious: s === 0 ? null : quantile(d, 0.9),
      };
    });
    const tpMetrics: TouchpointMetrics[] = touchpoints.map((tp, t) => {
      const c = g * T + t;
      const hasNext = tp.stageIndex + 1 < S;
      const n = tpCustomers[c] ?? 0;
      return {
        id: tp.id,
        stageKey: stages[tp.stageIndex]?.key ?? '',
        name: tp.name,
        channel: tp.channel,
        events: tpEvents[c] ?? 0,
        customers: n,
        reachedNext: hasNext && n > 0 ? (tpWentOn[c] ?? 0) / n : null,
      };
    });
    results.push({ customers: customers[g] ?? 0, stages: stageMetrics, touchpoints: tpMetrics });
  }
  return results;
}

/** The q-quantile (nearest rank, lower) of the values, or null when there are none. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const k = Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
  return select(Float64Array.from(values), k);
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

/** Which customers stand behind a number on the map, with the time that put them there. */
export function customersBehind(
  state: JourneyState,
  q: { metric: string; stageIndex: number; touchpoint: number; from: number; to: number; stuckMs: number; persona?: number },
): { profile: number; time: number; furthest: number }[] {
  const snap = snapshot(state, q.persona);
  const S = state.S;
  const s = q.stageIndex;
  const inPeriod = (t: number) => t >= q.from && t < q.to;
  const out: { profile: number; time: number; furthest: number }[] = [];
  for (let i = 0; i < snap.rows.length; i++) {
    const p = snap.rows[i] ?? 0;
    const at = (k: number) => snap.reached[i * S + k] ?? NaN;
    let furthest = -1;
    for (let k = 0; k < S; k++) if (at(k) < q.to) furthest = k;
    let time = NaN;
    switch (q.metric) {
      case 'reached':
        if (inPeriod(at(s))) time = at(s);
        break;
      case 'skipped':
        if (inPeriod(at(s)) && !((snap.entered[i * S + s] ?? NaN) <= at(s))) time = at(s);
        break;
      case 'current':
        if (furthest === s) time = at(s);
        break;
      case 'stuck':
        if (furthest === s && s < S - 1 && q.to - at(s) > q.stuckMs) time = at(s);
        break;
      case 'converted':
        if (s > 0 && inPeriod(at(s - 1)) && at(s) < q.to) time = at(s);
        break;
      case 'dropped':
        if (s > 0 && inPeriod(at(s - 1)) && !(at(s) < q.to)) time = at(s - 1);
        break;
    }
    if (!Number.isNaN(time)) out.push({ profile: p, time, furthest });
  }
  if (q.metric === 'touchpoint') {
    const rowOf = new Map<number, number>();
    snap.rows.forEach((p, i) => rowOf.set(p, i));
    const first = new Map<number, number>();
    const t = q.touchpoint;
    if ((state.journey.touchpoints[t]?.rule.nth ?? 1) === 1) {
      for (let h = 0; h < state.hitCount; h++) {
        if (state.hitTp[h] !== t) continue;
        const ts = state.hitTs[h] ?? NaN;
        if (!inPeriod(ts)) continue;
        const p = state.resolve(state.hitProfile[h] ?? 0);
        if (!rowOf.has(p)) continue;
        const cur = first.get(p);
        if (cur === undefined || ts < cur) first.set(p, ts);
      }
    } else {
      for (const p of snap.rows) {
        const ts = state.nthHitTime(p, t);
        if (inPeriod(ts)) first.set(p, ts);
      }
    }
    for (const [p, time] of first) {
      const i = rowOf.get(p) ?? 0;
      let furthest = -1;
      for (let k = 0; k < S; k++) if ((snap.reached[i * S + k] ?? NaN) < q.to) furthest = k;
      out.push({ profile: p, time, furthest });
    }
  }
  out.sort((a, b) => b.time - a.time || a.profile - b.profile);
  return out;
}
