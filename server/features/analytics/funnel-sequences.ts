import type { FunnelQuery } from '../../../common/analytics/funnel.ts';

/**
 * One customer's chosen funnel sequence (docs/analytics.md#funnels, "The chosen sequence"), found over
 * typed columns: event times, a bitmask per event of the steps it matches and one of the exclusions it
 * matches. `SequenceFinder.find(lo, hi)` looks at the events at positions [lo, hi) — one customer's
 * events in the period, in (timestamp, seq) order — and leaves the chosen sequence in `pos`/`step`.
 *
 * Three searches, all exact and polynomial (the reference's depth-first search is exponential):
 *
 * - **Plain** (no optional steps, per-step windows or exclusions: the common funnel). Order `ordered`:
 *   for a fixed first event the earliest match of each next step is always the best choice (every
 *   constraint is "later than the previous, within the window of the first"), so the greedy chain from
 *   a start is both its deepest and its lexicographically earliest. The chosen sequence is the greedy
 *   chain of the first start that reaches the deepest level. The greedy positions only move forward as
 *   the start moves forward, so one cursor per step makes all starts together O(m · steps); once a
 *   step has no event left after a chain, no later start can go deeper. Order `strict`: the chain
 *   from a start is forced (the next step-matching event must do the next step).
 *
 * - **General** (optional steps, per-step windows, exclusions; ordered or strict). A sequence is a
 *   path through (event, step) nodes whose links obey local rules — the per-step window, strict
 *   adjacency, and exclusions — plus the whole-funnel window on its first and last event. Exclusions become local by
 *   fixing the range of the last step: a sequence ending at step S must keep every exclusion with
 *   toStep ≤ S clean on all links inside its span (and no interior event of the span may match it),
 *   and may ignore the others. So the search runs in passes, one per range of last steps between
 *   distinct toSteps, from the highest range down, stopping at the first pass that finds any sequence.
 *   In a pass:
 *   1. forward over the events: per (event, step, optional steps taken) the *latest* first-event time
 *      of a valid prefix ending there (a later start leaves a longer window: it dominates). The
 *      predecessors of a node are a suffix of the earlier events (the per-step window and clean
 *      exclusions both bound the predecessor from below; strict allows exactly the previous
 *      step-matching event), so a monotone stack per (step, optional count) answers "latest start
 *      among predecessors at or after position L" by binary search. The best key (highest step, then
 *      most steps) falls out.
 *   2. backward, for that key: per node the *earliest* last-event time of a completion that reaches
 *      the key (successors are a prefix of the later events, the same stacks mirrored).
 *   3. forward greedy: the first step-1 event whose completion fits its window, then each time the
 *      earliest (event, lowest step) successor whose completion still fits: the lexicographically
 *      earliest sequence with the best key.
 *   Cost per pass O(k · p · o · log m) for k = step matches among the customer's m events, p = steps a
 *   step may follow (1 + optional steps before it), o = optional steps + 1; memory O(k · o) numbers.
 *   Shortcuts keep the usual customer cheap: without exclusion events one pass does; passes whose
 *   steps the customer's events cannot reach are skipped; when only step 1 is reachable its first event
 *   is the answer; and without per-step windows, a customer with no exclusion and no optional-step
 *   events is a plain funnel over the required steps (chains).
 *   One customer with 100,000 events (measured on the 2-core machine): plain ordered or strict
 *   ≤ 20 ms; an optional step and a per-step window 20–70 ms; 10 steps, 5 optional, 3 exclusions, a
 *   year's window 30–70 ms; 30 steps of which 29 optional, most events matching ≈ 330 ms.
 *
 * - **Any order.** A sequence is a set of distinct steps done by distinct events within the window, so
 *   the level from a first event is a maximum bipartite matching of steps to the events of its window
 *   (a maximum matching can always be made to use the first event). When no event matches two steps the
 *   matching is simply the number of distinct steps in the window, kept by a sliding window; otherwise
 *   Kuhn's augmenting paths run over at most `steps` candidate events per step (more are never needed).
 *   The lexicographically earliest sequence is then built greedily, each choice checked by a matching
 *   of the rest; a step that fails once cannot succeed later in the same round. Cost O(m · steps), plus
 *   O(steps³) per matching, needed only for windows holding events that match several steps and more
 *   distinct steps than the best level so far (100,000 such events, 30 steps, 1-hour windows ≈ 160 ms).
 */

const ORDERED = 0;
const STRICT = 1;
const ANY = 2;

/** Stack slots below which every stack of a customer simply gets room for all their events. */
const SMALL = 4096;

/** Highest step index plus one a key can carry: key = lastStep · KEY + steps included. */
const KEY = 64;

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Steps 0 … s as a bitmask. */
function upTo(s: number): number {
  return s >= 31 ? -1 : (2 << s) - 1;
}

/** A scratch array at least this long (contents not kept). */
function grownInt32(a: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  return a.length >= atLeast ? a : new Int32Array(Math.max(atLeast, a.length * 2));
}

function grownFloat64(a: Float64Array<ArrayBuffer>, atLeast: number): Float64Array<ArrayBuffer> {
  return a.length >= atLeast ? a : new Float64Array(Math.max(atLeast, a.length * 2));
}

/** The chosen sequence of every customer, one `find` at a time, with scratch space reused between them. */
export class SequenceFinder {
  /** After `find`: the event positions of the chosen sequence, in sequence (= position) order. */
  readonly pos: Int32Array;
  /** After `find`: the 0-based step each of those events does. */
  readonly step: Int32Array;

  private readonly n: number;
  private readonly order: number;
  private readonly windowMs: number;
  private readonly all: number;
  private readonly simple: boolean;
  /** Ordered or strict without per-step windows: a customer without exclusion or optional-step events is a plain funnel. */
  private readonly chainable: boolean;
  private readonly chainAll: Int32Array;
  private readonly chainRequired: Int32Array;
  private readonly chainRequiredLength: number;
  private readonly optionalSteps: number;
  private readonly optional: Uint8Array;
  /** Per step: its per-step window, Infinity when it has none. */
  private readonly within: Float64Array;
  /** Per step s: the lowest step that may directly precede it (steps between are optional). */
  private readonly predLow: Int32Array;
  /** Per step s: the highest step that may directly follow it. */
  private readonly succHigh: Int32Array;
  /** Per step s: optional steps among 0 … s; and required ones. */
  private readonly optUpTo: Int32Array;
  private readonly reqUpTo: Int32Array;
  /** Slots per node for the optional-steps count: optional steps + 1. */
  private readonly oWidth: number;
  /** [s · n + s2]: exclusions whose span holds the link from step s to step s2 (s2 > fromStep, s < toStep). */
  private readonly link: Uint32Array;
  /** [s]: exclusions for which an event doing step s is strictly inside the span (fromStep < s < toStep). */
  private readonly interior: Uint32Array;
  /** Passes of the general search: last steps in [passLo, passHi], keeping the exclusions in passHard clean. */
  private readonly passLo: Int32Array;
  private readonly passHi: Int32Array;
  private readonly passHard: Uint32Array;

  private readonly ts: Float64Array;
  private readonly masks: Uint32Array;
  private readonly excl: Uint32Array | null;
  /** The query's exclusions as a bitmask (bits past them in the masks are ignored). */
  private readonly exclusions: number;

  // Scratch, sized to the largest customer seen.
  private readonly cursor: Int32Array;
  private readonly found: Int32Array;
  private readonly cand: Float64Array;
  private readonly lastExcl: Int32Array;
  private readonly bound: Int32Array;
  private readonly stepCount: Int32Array;
  private readonly stkBase: Int32Array;
  private readonly stkTop: Int32Array;
  private stkKey = new Int32Array(1024);
  private stkVal = new Float64Array(1024);
  private rowA: Float64Array;
  private rowB: Float64Array;
  private slotBase = new Int32Array(1024);
  private best = new Float64Array(1024);
  // Any order.
  private readonly winCount: Int32Array;
  private readonly lastSeen: Int32Array;
  private readonly listStart: Int32Array;
  private readonly listFill: Int32Array;
  private listPos = new Int32Array(1024);
  private readonly candStart: Int32Array;
  private readonly candPos: Int32Array;
  private owner = new Int32Array(1024);
  private ownerStamp = new Int32Array(1024);
  private visitStamp = new Int32Array(1024);
  private stamp = 0;
  /** The first position of the customer being searched (any order), and the one the step lists were built for. */
  private base = 0;
  private listsFor = -1;

  constructor(q: FunnelQuery, ts: Float64Array, stepMasks: Uint32Array, exclusionMasks: Uint32Array | null) {
    const n = q.steps.length;
    this.n = n;
    this.order = q.order === 'strict' ? STRICT : q.order === 'any' ? ANY : ORDERED;
    this.windowMs = q.windowMs;
    this.all = upTo(n - 1);
    this.ts = ts;
    this.masks = stepMasks;
    this.excl = q.exclusions.length > 0 ? exclusionMasks : null;
    if (q.exclusions.length > 0 && exclusionMasks?.length !== ts.length) throw new Error('funnel kernel: the query has exclusions: give one exclusion mask per event');
    this.exclusions = q.exclusions.length === 0 ? 0 : upTo(q.exclusions.length - 1);
    this.optional = Uint8Array.from(q.steps, (s) => (s.optional ? 1 : 0));
    this.within = Float64Array.from(q.steps, (s) => s.withinMs ?? Infinity);
    this.predLow = new Int32Array(n);
    this.succHigh = new Int32Array(n);
    this.optUpTo = new Int32Array(n);
    this.reqUpTo = new Int32Array(n);
    let optional = 0;
    for (let s = 0; s < n; s++) {
      let p = s - 1;
      while (p > 0 && this.optional[p] === 1) p--;
      this.predLow[s] = Math.max(p, 0);
      let f = s + 1;
      while (f < n - 1 && this.optional[f] === 1) f++;
      this.succHigh[s] = Math.min(f, n - 1);
      optional += this.optional[s] as number;
      this.optUpTo[s] = optional;
      this.reqUpTo[s] = s + 1 - optional;
    }
    this.oWidth = optional + 1;
    this.chainable = this.order !== ANY && q.steps.every((s) => s.withinMs === undefined);
    this.simple = this.chainable && optional === 0 && q.exclusions.length === 0;
    this.chainAll = Int32Array.from(q.steps, (_, s) => s);
    this.chainRequired = Int32Array.from(q.steps.flatMap((st, s) => (st.optional ? [] : [s])));
    this.chainRequiredLength = this.chainRequired.length;
    this.optionalSteps = q.steps.reduce((bits, st, s) => (st.optional ? bits | (1 << s) : bits), 0);

    this.link = new Uint32Array(n * n);
    this.interior = new Uint32Array(n);
    q.exclusions.forEach((x, k) => {
      const from = x.fromStep - 1;
      const to = x.toStep - 1;
      for (let s2 = 0; s2 < n; s2++) {
        if (s2 > from && s2 < to) this.interior[s2] = ((this.interior[s2] as number) | (1 << k)) >>> 0;
        for (let s = 0; s < s2; s++) if (s2 > from && s < to) this.link[s * n + s2] = ((this.link[s * n + s2] as number) | (1 << k)) >>> 0;
      }
    });
    // Ranges of last steps between distinct toSteps: [0, τ1 − 1], [τ1, τ2 − 1], …, [τr, n − 1].
    const taus = [...new Set(q.exclusions.map((x) => x.toStep - 1))].sort((a, b) => a - b);
    const lows = [0, ...taus];
    this.passLo = Int32Array.from(lows);
    this.passHi = Int32Array.from(lows, (_, j) => (j + 1 < lows.length ? (lows[j + 1] as number) - 1 : n - 1));
    this.passHard = Uint32Array.from(lows, (lo) => q.exclusions.reduce((bits, x, k) => (x.toStep - 1 <= lo ? bits | (1 << k) : bits), 0) >>> 0);

    this.pos = new Int32Array(n);
    this.step = new Int32Array(n);
    this.cursor = new Int32Array(n);
    this.found = new Int32Array(n);
    this.cand = new Float64Array(this.oWidth);
    this.lastExcl = new Int32Array(Math.max(q.exclusions.length, 1));
    this.bound = new Int32Array(n);
    this.stepCount = new Int32Array(n);
    this.stkBase = new Int32Array(n * this.oWidth);
    this.stkTop = new Int32Array(n * this.oWidth);
    this.rowA = new Float64Array(n * this.oWidth);
    this.rowB = new Float64Array(n * this.oWidth);
    this.winCount = new Int32Array(n);
    this.lastSeen = new Int32Array(n);
    this.listStart = new Int32Array(n + 1);
    this.listFill = new Int32Array(n);
    this.candStart = new Int32Array(n + 1);
    this.candPos = new Int32Array(n * n);
  }

  /** The chosen sequence of the customer whose period events are [lo, hi): its length, 0 when they did not enter. */
  find(lo: number, hi: number): number {
    if (this.order === ANY) return this.findAny(lo, hi);
    const masks = this.masks;
    let start = lo;
    while (start < hi && ((masks[start] as number) & 1) === 0) start++;
    if (start === hi) return 0;
    return this.simple ? this.findChains(start, hi, this.chainAll, this.n) : this.findGeneral(start, hi);
  }

  // -------------------------------------------------------------------------------------------------
  // Plain funnels: greedy chains (ordered) and forced chains (strict).
  // -------------------------------------------------------------------------------------------------

  private findChains(start: number, hi: number, chain: Int32Array, length: number): number {
    return this.order === STRICT ? this.findStrictChains(start, hi, chain, length) : this.findSimple(start, hi, chain, length);
  }

  /**
   * Strict chains over the steps `chain[0 … length)`: from a start, the next event matching any step
   * must do the next step, so each start has one chain, and the chosen sequence is the chain of the
   * first start that reaches the deepest level. An event lies on the chains of at most `length` starts
   * (the chains through it start at most `length` step-matching events before it): O(m · steps).
   */
  private findStrictChains(start: number, hi: number, chain: Int32Array, length: number): number {
    const { ts, masks, found, pos, step } = this;
    const all = this.all;
    const W = this.windowMs;
    let best = 0;
    for (let i = start; i < hi; i++) {
      if (((masks[i] as number) & 1) === 0) continue;
      const horizon = (ts[i] as number) + W;
      let depth = 1;
      let p = i + 1;
      for (let j = 1; j < length; j++) {
        while (p < hi && ((masks[p] as number) & all) === 0) p++;
        if (p >= hi || (ts[p] as number) > horizon || ((masks[p] as number) & (1 << (chain[j] as number))) === 0) break;
        found[j] = p;
        depth++;
        p++;
      }
      if (depth > best) {
        best = depth;
        pos[0] = i;
        for (let j = 1; j < depth; j++) pos[j] = found[j] as number;
        if (depth === length) break;
      }
    }
    for (let j = 0; j < best; j++) step[j] = chain[j] as number;
    return best;
  }

  /**
   * The greedy chains over the steps `chain[0 … length)` (step 1 first): all of them when the funnel is
   * plain, the required ones when no event of this customer does an optional step.
   */
  private findSimple(start: number, hi: number, chain: Int32Array, length: number): number {
    const { ts, masks, cursor, found, pos, step } = this;
    const W = this.windowMs;
    for (let j = 1; j < length; j++) cursor[j] = start + 1;
    let best = 0;
    for (let i = start; i < hi; i++) {
      if (((masks[i] as number) & 1) === 0) continue;
      const horizon = (ts[i] as number) + W;
      let prev = i;
      let depth = 1;
      let exhausted = false;
      for (let j = 1; j < length; j++) {
        // cursor[j] never passes the greedy match of chain step j for this or any later start: the
        // events skipped so far lie after an earlier previous match and do not match the step.
        let p = cursor[j] as number;
        if (p <= prev) p = prev + 1;
        const bit = 1 << (chain[j] as number);
        while (p < hi && (ts[p] as number) <= horizon && ((masks[p] as number) & bit) === 0) p++;
        cursor[j] = p;
        exhausted = p >= hi;
        if (exhausted || (ts[p] as number) > horizon) break;
        found[j] = p;
        prev = p;
        depth++;
      }
      if (depth > best) {
        best = depth;
        pos[0] = i;
        for (let j = 1; j < depth; j++) pos[j] = found[j] as number;
      }
      // Deepest possible; or no event does the next step after this start's chain, so no later start
      // gets past this depth.
      if (depth === length || exhausted) break;
    }
    for (let j = 0; j < best; j++) step[j] = chain[j] as number;
    return best;
  }

  // -------------------------------------------------------------------------------------------------
  // General: passes of forward (latest start), backward (earliest end), greedy.
  // -------------------------------------------------------------------------------------------------

  private findGeneral(start: number, hi: number): number {
    const { n, masks, excl, optional } = this;
    const all = this.all;
    // Stack capacity per step (order ordered keeps stacks): its matches among the customer's events; a
    // customer with few events simply gets room for all of them, which saves counting.
    const count = this.stepCount;
    const counting = this.order === ORDERED && (hi - start) * n * this.oWidth > SMALL;
    for (let s = 0; s < n; s++) count[s] = counting ? 0 : hi - start;
    let union = 0;
    let excluded = 0;
    for (let i = start; i < hi; i++) {
      let m = (masks[i] as number) & all;
      union |= m;
      if (excl !== null) excluded |= (excl[i] as number) & this.exclusions;
      if (counting) {
        while (m !== 0) {
          const s = 31 - Math.clz32(m & -m);
          m &= m - 1;
          count[s] = (count[s] as number) + 1;
        }
      }
    }
    // The highest step a sequence could end at: one with events, after every required step with events.
    let reach = 0;
    for (let s = 1; s < n; s++) {
      if ((union & (1 << s)) !== 0) reach = s;
      else if (optional[s] === 0) break;
    }
    // No per-step windows, and no exclusion or optional step among the customer's events: a plain
    // funnel over the required steps, which the chains answer (strict adjacency is unchanged: no event
    // of the customer matches an optional step).
    if (this.chainable && excluded === 0 && (union & this.optionalSteps) === 0) return this.findChains(start, hi, this.chainRequired, this.chainRequiredLength);
    let key = -1;
    let hard = 0;
    if (excluded === 0) {
      // No exclusion event among the customer's: nothing to keep clean, one pass over every step.
      key = this.forward(start, hi, 0, reach, 0);
    } else {
      for (let pass = this.passLo.length - 1; pass >= 0 && key < 0; pass--) {
        const lo = this.passLo[pass] as number;
        if (lo > reach) continue;
        hard = this.passHard[pass] as number;
        key = this.forward(start, hi, lo, Math.min(this.passHi[pass] as number, reach), hard);
      }
    }
    // The lowest pass keeps no exclusion and its range holds step 1: the first event alone is a sequence.
    if (key < 0) throw new Error('funnel kernel: no sequence from a step-1 event');
    if (key < KEY) {
      // Only step 1: every step-1 event alone is valid, so the first one is chosen.
      this.pos[0] = start;
      this.step[0] = 0;
      return 1;
    }
    this.backward(start, hi, hard, key);
    return this.greedy(start, hi, hard, key);
  }

  /** Lays out one empty stack per (step ≤ top, optional count), each as long as the step's matches. */
  private resetStacks(top: number): void {
    const { oWidth, stkBase, stkTop, stepCount } = this;
    let used = 0;
    for (let s = 0; s <= top; s++) {
      for (let o = 0; o < oWidth; o++) {
        stkBase[s * oWidth + o] = used;
        stkTop[s * oWidth + o] = 0;
        if (o <= (this.optUpTo[s] as number)) used += stepCount[s] as number;
      }
    }
    if (this.stkKey.length < used) {
      this.stkKey = grownInt32(this.stkKey, used);
      this.stkVal = grownFloat64(this.stkVal, used);
    }
  }

  /**
   * Pushes (key, value) on a stack whose keys only grow: entries with a value not above the new one
   * can never again be the best of a range that includes the new entry, so they go.
   */
  private push(st: number, key: number, val: number): void {
    const base = this.stkBase[st] as number;
    let top = this.stkTop[st] as number;
    const vals = this.stkVal;
    while (top > 0 && (vals[base + top - 1] as number) <= val) top--;
    this.stkKey[base + top] = key;
    vals[base + top] = val;
    this.stkTop[st] = top + 1;
  }

  /** The largest value among the entries with key ≥ bound; -Infinity when there is none. Values fall as keys grow. */
  private maxFrom(st: number, bound: number): number {
    const top = this.stkTop[st] as number;
    if (top === 0) return -Infinity;
    const base = this.stkBase[st] as number;
    const keys = this.stkKey;
    if ((keys[base] as number) >= bound) return this.stkVal[base] as number;
    if ((keys[base + top - 1] as number) < bound) return -Infinity;
    let lo = 1;
    let hi = top - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[base + mid] as number) >= bound) hi = mid;
      else lo = mid + 1;
    }
    return this.stkVal[base + lo] as number;
  }

  /**
   * Forward: the best key (last step · KEY + steps) of a valid sequence whose last step lies in the
   * pass's range, or -1. Node (i, s, o) = event i doing step s with o optional steps taken; its value is
   * the latest first-event time of a valid prefix ending there.
   */
  private forward(start: number, hi: number, sLo: number, sHi: number, hard: number): number {
    const { n, oWidth, ts, masks, excl, cand, lastExcl, bound, within, optional, optUpTo, reqUpTo, predLow, link, interior } = this;
    const W = this.windowMs;
    const strict = this.order === STRICT;
    const range = this.all & upTo(sHi);
    if (!strict) this.resetStacks(sHi);
    // bound[s]: the first event within step s's per-step window of the current event (a moving pointer).
    for (let k = 0; k < lastExcl.length; k++) lastExcl[k] = -1;
    for (let s = 0; s < n; s++) bound[s] = start;
    let prevRow = this.rowA;
    let curRow = this.rowB;
    let prevIdx = -1;
    let prevMask = 0;
    let best = -1;
    for (let i = start; i < hi; i++) {
      const full = (masks[i] as number) & this.all;
      const x = excl === null ? 0 : (excl[i] as number) & hard;
      if (full !== 0) {
        const t = ts[i] as number;
        const floor = t - W;
        let rest = full & range;
        let curMask = 0;
        // Highest step first: this event's own nodes never feed each other (one event, one step).
        while (rest !== 0) {
          const s2 = 31 - Math.clz32(rest);
          rest ^= 1 << s2;
          if (((interior[s2] as number) & x) !== 0) continue;
          const oTop = optUpTo[s2] as number;
          for (let o = 0; o <= oTop; o++) cand[o] = -Infinity;
          if (s2 === 0) cand[0] = t;
          else {
            const add = optional[s2] as number;
            const w = within[s2] as number;
            let lowest = start;
            if (w !== Infinity) {
              let p = bound[s2] as number;
              const limit = t - w;
              while ((ts[p] as number) < limit) p++;
              bound[s2] = p;
              lowest = p;
            }
            for (let s1 = s2 - 1; s1 >= (predLow[s2] as number); s1--) {
              // The predecessor must come after every exclusion event that would lie inside the link.
              let L = lowest;
              let lk = (link[s1 * n + s2] as number) & hard;
              while (lk !== 0) {
                const k = 31 - Math.clz32(lk);
                lk ^= 1 << k;
                const e = lastExcl[k] as number;
                if (e > L) L = e;
              }
              const oMax = optUpTo[s1] as number;
              if (strict) {
                if (prevIdx < L || (prevMask & (1 << s1)) === 0) continue;
                const rb = s1 * oWidth;
                for (let o = 0; o <= oMax; o++) {
                  const v = prevRow[rb + o] as number;
                  if (v >= floor && v > (cand[o + add] as number)) cand[o + add] = v;
                }
              } else {
                for (let o = 0; o <= oMax; o++) {
                  const v = this.maxFrom(s1 * oWidth + o, L);
                  if (v >= floor && v > (cand[o + add] as number)) cand[o + add] = v;
                }
              }
            }
          }
          let valid = false;
          const cb = s2 * oWidth;
          for (let o = 0; o <= oTop; o++) {
            const v = cand[o] as number;
            if (strict) curRow[cb + o] = v;
            if (v === -Infinity) continue;
            valid = true;
            if (!strict) this.push(cb + o, i, v);
            if (s2 >= sLo) {
              const key = s2 * KEY + (reqUpTo[s2] as number) + o;
              if (key > best) best = key;
            }
          }
          if (valid) curMask |= 1 << s2;
        }
        if (strict) {
          // Strict: only the previous event matching any step can precede the next one.
          const swap = prevRow;
          prevRow = curRow;
          curRow = swap;
          prevIdx = i;
          prevMask = curMask;
        }
      }
      let xb = x;
      while (xb !== 0) {
        const k = 31 - Math.clz32(xb);
        xb ^= 1 << k;
        lastExcl[k] = i;
      }
    }
    return best;
  }

  /**
   * Backward, for the key found: per node (i, s, o), in `best` at slot (slotBase[i] + rank of s among
   * the event's steps) · oWidth + o, the earliest last-event time of a valid completion that ends with
   * the key's last step and optional count; Infinity when there is none.
   */
  private backward(start: number, hi: number, hard: number, key: number): void {
    const { n, oWidth, ts, masks, excl, cand, lastExcl: nextExcl, bound, within, optional, optUpTo, reqUpTo, succHigh, link, interior } = this;
    const strict = this.order === STRICT;
    const S = Math.floor(key / KEY);
    const O = (key % KEY) - (reqUpTo[S] as number);
    const range = this.all & upTo(S);
    this.slotBase = grownInt32(this.slotBase, hi - start + 1);
    const slotBase = this.slotBase;
    let slots = 0;
    for (let i = start; i < hi; i++) {
      slotBase[i - start] = slots;
      slots += popcount((masks[i] as number) & range);
    }
    slotBase[hi - start] = slots;
    this.best = grownFloat64(this.best, slots * oWidth);
    const R = this.best;
    if (!strict) this.resetStacks(S);
    // bound[s]: the last event within step s's per-step window after the current event.
    for (let k = 0; k < nextExcl.length; k++) nextExcl[k] = hi;
    for (let s = 0; s < n; s++) bound[s] = hi - 1;
    let nextRow = this.rowA;
    let curRow = this.rowB;
    let nextIdx = -1;
    let nextMask = 0;
    for (let i = hi - 1; i >= start; i--) {
      const full = (masks[i] as number) & this.all;
      const x = excl === null ? 0 : (excl[i] as number) & hard;
      if (full !== 0) {
        const t = ts[i] as number;
        let rest = full & range;
        let slot = slotBase[i - start] as number;
        let curMask = 0;
        // Lowest step first: a node reads only higher steps' stacks, which hold later events only.
        while (rest !== 0) {
          const s1 = 31 - Math.clz32(rest & -rest);
          rest &= rest - 1;
          const rb = slot * oWidth;
          slot++;
          const oTop = optUpTo[s1] as number;
          for (let o = 0; o <= oTop; o++) cand[o] = Infinity;
          if (((interior[s1] as number) & x) === 0) {
            if (s1 === S) {
              if (O <= oTop) cand[O] = t;
            } else {
              const sMax = Math.min(succHigh[s1] as number, S);
              for (let s2 = s1 + 1; s2 <= sMax; s2++) {
                const add = optional[s2] as number;
                // The successor must come before every exclusion event that would lie inside the link.
                let U = hi - 1;
                const w = within[s2] as number;
                if (w !== Infinity) {
                  let p = bound[s2] as number;
                  const limit = t + w;
                  while ((ts[p] as number) > limit) p--;
                  bound[s2] = p;
                  U = p;
                }
                let lk = (link[s1 * n + s2] as number) & hard;
                while (lk !== 0) {
                  const k = 31 - Math.clz32(lk);
                  lk ^= 1 << k;
                  const e = nextExcl[k] as number;
                  if (e < U) U = e;
                }
                const oMax = Math.min(oTop, O - add);
                if (strict) {
                  if (nextIdx < 0 || nextIdx > U || (nextMask & (1 << s2)) === 0) continue;
                  const nb = s2 * oWidth + add;
                  for (let o = 0; o <= oMax; o++) {
                    const v = nextRow[nb + o] as number;
                    if (v < (cand[o] as number)) cand[o] = v;
                  }
                } else {
                  for (let o = 0; o <= oMax; o++) {
                    const v = -this.maxFrom(s2 * oWidth + o + add, -U);
                    if (v < (cand[o] as number)) cand[o] = v;
                  }
                }
              }
            }
          }
          let valid = false;
          const cb = s1 * oWidth;
          for (let o = 0; o <= oTop; o++) {
            const v = cand[o] as number;
            R[rb + o] = v;
            if (strict) curRow[cb + o] = v;
            if (v === Infinity) continue;
            valid = true;
            if (!strict) this.push(cb + o, -i, -v);
          }
          if (valid) curMask |= 1 << s1;
        }
        if (strict) {
          const swap = nextRow;
          nextRow = curRow;
          curRow = swap;
          nextIdx = i;
          nextMask = curMask;
        }
      }
      let xb = x;
      while (xb !== 0) {
        const k = 31 - Math.clz32(xb);
        xb ^= 1 << k;
        nextExcl[k] = i;
      }
    }
  }

  /** Builds the lexicographically earliest sequence with the key from the backward values. */
  private greedy(start: number, hi: number, hard: number, key: number): number {
    const { n, oWidth, ts, masks, excl, within, optional, reqUpTo, succHigh, link, pos, step, slotBase } = this;
    const R = this.best;
    const S = Math.floor(key / KEY);
    const O = (key % KEY) - (reqUpTo[S] as number);
    const range = this.all & upTo(S);
    const W = this.windowMs;
    const strict = this.order === STRICT;

    let first = -1;
    for (let i = start; i < hi; i++) {
      // Step 1 is the event's lowest step: its slot is the event's first.
      if (((masks[i] as number) & 1) !== 0 && (R[(slotBase[i - start] as number) * oWidth] as number) <= (ts[i] as number) + W) {
        first = i;
        break;
      }
    }
    if (first < 0) throw new Error('funnel kernel: the best key has no first event');
    const horizon = (ts[first] as number) + W;
    pos[0] = first;
    step[0] = 0;
    let len = 1;
    let p = first;
    let s = 0;
    let o = 0;
    while (s !== S) {
      let seen = 0;
      let taken = false;
      for (let q = p + 1; q < hi && (ts[q] as number) <= horizon && !taken; q++) {
        const m = (masks[q] as number) & this.all;
        if (m !== 0) {
          const sMax = Math.min(succHigh[s] as number, S);
          for (let s2 = s + 1; s2 <= sMax; s2++) {
            if ((m & (1 << s2)) === 0) continue;
            if ((ts[q] as number) - (ts[p] as number) > (within[s2] as number)) continue;
            if (((link[s * n + s2] as number) & hard & seen) !== 0) continue;
            const o2 = o + (optional[s2] as number);
            if (o2 > O) continue;
            const slot = (slotBase[q - start] as number) + popcount(m & range & ((1 << s2) - 1));
            if ((R[slot * oWidth + o2] as number) > horizon) continue;
            pos[len] = q;
            step[len] = s2;
            len++;
            p = q;
            s = s2;
            o = o2;
            taken = true;
            break;
          }
          if (strict) break;
        }
        if (excl !== null) seen |= excl[q] as number;
      }
      if (!taken) throw new Error('funnel kernel: the best key has no next event');
    }
    return len;
  }

  // -------------------------------------------------------------------------------------------------
  // Any order: sliding-window levels, matchings where events match several steps, greedy choice.
  // -------------------------------------------------------------------------------------------------

  private findAny(lo: number, hi: number): number {
    const { ts, masks, winCount } = this;
    const all = this.all;
    const W = this.windowMs;
    let union = 0;
    for (let i = lo; i < hi; i++) union |= (masks[i] as number) & all;
    if (union === 0) return 0;
    const ceiling = popcount(union);
    this.base = lo;
    for (let s = 0; s < this.n; s++) winCount[s] = 0;
    let winUnion = 0;
    let winMulti = 0;
    let left = lo;
    let end = lo;
    let best = 0;
    let bestStart = -1;
    let bestEnd = -1;
    for (let i = lo; i < hi; i++) {
      if (((masks[i] as number) & all) === 0) continue;
      const horizon = (ts[i] as number) + W;
      for (; end < hi && (ts[end] as number) <= horizon; end++) {
        let m = (masks[end] as number) & all;
        if ((m & (m - 1)) !== 0) winMulti++;
        while (m !== 0) {
          const s = 31 - Math.clz32(m & -m);
          m &= m - 1;
          const c = (winCount[s] as number) + 1;
          winCount[s] = c;
          if (c === 1) winUnion |= 1 << s;
        }
      }
      for (; left < i; left++) {
        let m = (masks[left] as number) & all;
        if ((m & (m - 1)) !== 0) winMulti--;
        while (m !== 0) {
          const s = 31 - Math.clz32(m & -m);
          m &= m - 1;
          const c = (winCount[s] as number) - 1;
          winCount[s] = c;
          if (c === 0) winUnion &= ~(1 << s);
        }
      }
      // The distinct steps in the window bound its level; ties never replace an earlier start.
      const distinct = popcount(winUnion);
      if (distinct <= best) continue;
      const level = winMulti === 0 ? distinct : this.matching(all, i, end, hi);
      if (level > best) {
        best = level;
        bestStart = i;
        bestEnd = end;
        if (best === ceiling) break;
      }
    }
    return this.anyGreedy(bestStart, bestEnd, best, hi);
  }

  /** The lexicographically earliest sequence of `level` steps whose first event is `a`, within [a, b). */
  private anyGreedy(a: number, b: number, level: number, hi: number): number {
    const { masks, pos, step, lastSeen } = this;
    const all = this.all;
    let multi = false;
    for (let s = 0; s < this.n; s++) lastSeen[s] = -1;
    for (let i = a; i < b; i++) {
      let m = (masks[i] as number) & all;
      if ((m & (m - 1)) !== 0) multi = true;
      while (m !== 0) {
        const s = 31 - Math.clz32(m & -m);
        m &= m - 1;
        lastSeen[s] = i;
      }
    }
    let used = 0;
    let len = 0;
    let p = a - 1;
    while (len < level) {
      // A step whose rest cannot be completed from here cannot be from any later event either.
      let dead = 0;
      let taken = false;
      for (let q = p + 1; q < b && !taken; q++) {
        let m = (masks[q] as number) & all & ~used & ~dead;
        while (m !== 0) {
          const s = 31 - Math.clz32(m & -m);
          m &= m - 1;
          const rest = all & ~used & ~(1 << s);
          const need = level - len - 1;
          let ok = need === 0;
          if (!ok && !multi) {
            let found = 0;
            for (let r = rest; r !== 0; r &= r - 1) if ((lastSeen[31 - Math.clz32(r & -r)] as number) > q) found++;
            ok = found >= need;
          } else if (!ok) ok = this.matching(rest, q + 1, b, hi) >= need;
          if (ok) {
            pos[len] = q;
            step[len] = s;
            used |= 1 << s;
            len++;
            p = q;
            taken = true;
            break;
          }
          dead |= 1 << s;
        }
      }
      if (!taken) throw new Error('funnel kernel: no event completes the any-order sequence');
    }
    return len;
  }

  /** Per step, the positions of the customer's events [base, hi) that match it (built once per customer). */
  private buildLists(hi: number): void {
    const { n, masks, base } = this;
    const all = this.all;
    const start = this.listStart;
    for (let s = 0; s <= n; s++) start[s] = 0;
    for (let i = base; i < hi; i++) {
      let m = (masks[i] as number) & all;
      while (m !== 0) {
        const s = 31 - Math.clz32(m & -m);
        m &= m - 1;
        start[s + 1] = (start[s + 1] as number) + 1;
      }
    }
    for (let s = 0; s < n; s++) start[s + 1] = (start[s + 1] as number) + (start[s] as number);
    this.listPos = grownInt32(this.listPos, start[n] as number);
    const fill = this.listFill;
    for (let s = 0; s < n; s++) fill[s] = start[s] as number;
    for (let i = base; i < hi; i++) {
      let m = (masks[i] as number) & all;
      while (m !== 0) {
        const s = 31 - Math.clz32(m & -m);
        m &= m - 1;
        this.listPos[fill[s] as number] = i;
        fill[s] = (fill[s] as number) + 1;
      }
    }
    const size = hi - base;
    if (this.owner.length < size) {
      this.owner = grownInt32(this.owner, size);
      this.ownerStamp = new Int32Array(this.owner.length);
      this.visitStamp = new Int32Array(this.owner.length);
      this.stamp = 0;
    }
    this.listsFor = base;
  }

  /**
   * The most steps of `set` that distinct events in [from, to) can do (maximum bipartite matching).
   * Each step needs at most |set| candidates, its first matches: if a matching uses a later one, one of
   * its first |set| is free (the other steps use at most |set| − 1), and can take its place.
   */
  private matching(set: number, from: number, to: number, hi: number): number {
    if (this.listsFor !== this.base) this.buildLists(hi);
    const { n, listStart, listPos, candStart, candPos } = this;
    const want = popcount(set);
    let c = 0;
    for (let s = 0; s < n; s++) {
      candStart[s] = c;
      if ((set & (1 << s)) === 0) continue;
      let lo = listStart[s] as number;
      let hiIdx = listStart[s + 1] as number;
      while (lo < hiIdx) {
        const mid = (lo + hiIdx) >> 1;
        if ((listPos[mid] as number) < from) lo = mid + 1;
        else hiIdx = mid;
      }
      const stop = listStart[s + 1] as number;
      for (let k = 0; k < want && lo < stop && (listPos[lo] as number) < to; k++, lo++) candPos[c++] = listPos[lo] as number;
    }
    candStart[n] = c;
    if (this.stamp > 0x3fffffff) {
      this.ownerStamp.fill(0);
      this.visitStamp.fill(0);
      this.stamp = 0;
    }
    const matchStamp = ++this.stamp;
    let size = 0;
    for (let s = 0; s < n; s++) {
      if ((set & (1 << s)) === 0) continue;
      const visit = ++this.stamp;
      if (this.augment(s, matchStamp, visit)) size++;
    }
    return size;
  }

  /** Kuhn's augmenting path from step s over the candidates; events matched in this matching carry matchStamp. */
  private augment(s: number, matchStamp: number, visit: number): boolean {
    const { candStart, candPos, owner, ownerStamp, visitStamp } = this;
    const end = candStart[s + 1] as number;
    for (let c = candStart[s] as number; c < end; c++) {
      const e = (candPos[c] as number) - this.base;
      if (visitStamp[e] === visit) continue;
      visitStamp[e] = visit;
      const other = ownerStamp[e] === matchStamp ? (owner[e] as number) : -1;
      if (other < 0 || this.augment(other, matchStamp, visit)) {
        owner[e] = s;
        ownerStamp[e] = matchStamp;
        return true;
      }
    }
    return false;
  }
}
