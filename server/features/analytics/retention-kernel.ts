import { bucketStarts } from '../../../common/analytics/buckets.ts';
import { NONE_GROUP, OTHER_GROUP } from '../../../common/analytics/query.ts';
import type { RetentionCohort, RetentionQuery, RetentionResult } from '../../../common/analytics/retention.ts';
import type { CustomerEvents } from './customer-events.ts';
import { compareText, topK } from './kernel-tools.ts';

/**
 * Retention (docs/analytics.md#retention) as one pass over the customer-clustered columns: per
 * customer, the distinct entry buckets and the distinct return buckets, then one count per (entry,
 * period) the customer came back in. Integer counters in typed arrays; no allocation per event.
 */

/** What the service computes per query besides the columns. */
export interface RetentionInput {
  /**
   * Per event: non-zero when the start matcher matches (over all stored events: first-time looks
   * before `from`). A one-matcher `matcherMasks` answer can be passed as it is.
   */
  startMask: Uint8Array | Uint32Array;
  /** Per event: non-zero when the return matcher (default: the start matcher) matches. */
  returnMask: Uint8Array | Uint32Array;
  /**
   * Cohorts by trait only: per customer, the index into `groupNames` of the customer's latest value of
   * the trait (identify `traits` and any call's `context.traits`, the latest call wins, ties by the
   * larger value, as journey personas read it), -1 when absent, null or "". Names must be distinct;
   * "" and "(none)" are read as "(none)".
   */
  customerGroup?: Int32Array;
  groupNames?: readonly string[];
}

const iso = (t: number) => new Date(t).toISOString();

/** Everything the counting loops read and write; plain fields so the loops keep them in registers. */
interface Counting {
  offsets: Int32Array;
  ts: Float64Array;
  startMask: Uint8Array | Uint32Array;
  returnMask: Uint8Array | Uint32Array;
  from: number;
  to: number;
  /** Periods: returns count up to entry bucket + N. */
  N: number;
  buckets: BucketFinder;
  /** ends[b]: where bucket b ends for the cursor; the last is open (events at or after `to` are cut first). */
  ends: Float64Array;
  /** Cohorts by trait: the cohort of each customer; null for cohorts by start (the cohort is the entry bucket). */
  cohortOf: Int32Array | null;
  /** entries[cohort·B + e]: entries in bucket e (by start: one row). */
  entries: Float64Array;
  /** returned[key·(N + 1) + k]: entries back at period k; key = entry bucket (by start) or cohort (by trait). */
  returned: Float64Array;
  /** Scratch: one customer's distinct return buckets, ascending. */
  returnBuckets: Int32Array;
}

/**
 * Finds the bucket of a time in the period in O(1): the period is cut into slots no longer than the
 * shortest bucket, each slot knows the bucket its start lies in, and a time is in that bucket or, past a
 * boundary inside the slot, the next one. (A binary search per customer costs more than their events.)
 */
class BucketFinder {
  private readonly base: number;
  private readonly slotMs: number;
  private readonly table: Int32Array;
  constructor(
    starts: Float64Array,
    private readonly ends: Float64Array,
    to: number,
  ) {
    const B = starts.length;
    this.base = starts[0] as number;
    let shortest = to - this.base;
    for (let b = 0; b + 1 < B; b++) shortest = Math.min(shortest, (ends[b] as number) - (starts[b] as number));
    // At most one boundary per slot; a few slots per bucket keep that step rare.
    this.slotMs = Math.max(1, Math.floor(shortest / 4));
    const slots = Math.floor((to - this.base) / this.slotMs) + 1;
    this.table = new Int32Array(slots);
    let b = 0;
    for (let s = 0; s < slots; s++) {
      const t = this.base + s * this.slotMs;
      while (b + 1 < B && t >= (starts[b + 1] as number)) b++;
      this.table[s] = b;
    }
  }

  /** The index of the bucket holding t, for from ≤ t < to. */
  at(t: number): number {
    const b = this.table[Math.floor((t - this.base) / this.slotMs)] as number;
    return t >= (this.ends[b] as number) ? b + 1 : b;
  }
}

/** Counts one entry in bucket e of customer c and its returns (the customer's return buckets, ascending, from `p`). */
function countEntry(x: Counting, c: number, e: number, nReturns: number, p: number): number {
  const { N, returnBuckets, returned } = x;
  const B = x.ends.length;
  const cohort = x.cohortOf === null ? 0 : (x.cohortOf[c] as number);
  const at = cohort * B + e;
  x.entries[at] = (x.entries[at] as number) + 1;
  const row = (x.cohortOf === null ? e : cohort) * (N + 1);
  // Skip the returns at or before the entry bucket; count those up to e + N.
  while (p < nReturns && (returnBuckets[p] as number) <= e) p++;
  for (let y = p; y < nReturns; y++) {
    const k = (returnBuckets[y] as number) - e;
    if (k > N) break;
    returned[row + k] = (returned[row + k] as number) + 1;
  }
  return p;
}

/**
 * First-time: the customer's first start event ever (also before `from`: then they never enter);
 * returns are the return events after it in the period, by distinct bucket. Events before the first
 * start lie in its bucket or earlier, so they are never returns and are not looked at.
 */
function countFirstTime(x: Counting): void {
  const { offsets, ts, startMask, returnMask, from, to, N, buckets, ends, returnBuckets } = x;
  const customers = offsets.length - 1;
  for (let c = 0; c < customers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && startMask[i] === 0) i++;
    if (i === hi) continue;
    const first = ts[i] as number;
    if (first < from || first >= to) continue;
    const entry = buckets.at(first);
    const last = entry + N;
    let b = entry;
    let end = ends[b] as number;
    let nReturns = 0;
    for (i++; i < hi; i++) {
      if (returnMask[i] === 0) continue;
      const t = ts[i] as number;
      if (t >= to) break;
      if (t >= end) {
        // A cursor, not a search: the customer's events are in time order.
        do b++;
        while (t >= (ends[b] as number));
        end = ends[b] as number;
      }
      if (b > last) break;
      if (b !== entry && (nReturns === 0 || returnBuckets[nReturns - 1] !== b)) returnBuckets[nReturns++] = b;
    }
    countEntry(x, c, entry, nReturns, 0);
  }
}

/** Recurring: an entry per distinct bucket with a start event in the period; returns likewise. */
function countRecurring(x: Counting, entryBuckets: Int32Array): void {
  const { offsets, ts, startMask, returnMask, from, to, buckets, ends, returnBuckets } = x;
  const customers = offsets.length - 1;
  for (let c = 0; c < customers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    while (i < hi && (ts[i] as number) < from) i++;
    if (i === hi || (ts[i] as number) >= to) continue;
    let b = buckets.at(ts[i] as number);
    let end = ends[b] as number;
    let nEntries = 0;
    let nReturns = 0;
    for (; i < hi; i++) {
      const s = startMask[i] as number;
      const r = returnMask[i] as number;
      if (s === 0 && r === 0) continue;
      const t = ts[i] as number;
      if (t >= to) break;
      if (t >= end) {
        do b++;
        while (t >= (ends[b] as number));
        end = ends[b] as number;
      }
      if (s !== 0 && (nEntries === 0 || entryBuckets[nEntries - 1] !== b)) entryBuckets[nEntries++] = b;
      if (r !== 0 && (nReturns === 0 || returnBuckets[nReturns - 1] !== b)) returnBuckets[nReturns++] = b;
    }
    let p = 0;
    for (let y = 0; y < nEntries; y++) p = countEntry(x, c, entryBuckets[y] as number, nReturns, p);
  }
}

/** Entries per customer, without returns: what ranks the trait values before the counting pass. */
function entriesPerCustomer(x: Counting, firstTime: boolean, out: Int32Array): void {
  const { offsets, ts, startMask, from, to, buckets, ends } = x;
  const customers = offsets.length - 1;
  for (let c = 0; c < customers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    if (firstTime) {
      while (i < hi && startMask[i] === 0) i++;
      out[c] = i < hi && (ts[i] as number) >= from && (ts[i] as number) < to ? 1 : 0;
      continue;
    }
    let n = 0;
    let b = -1;
    let end = -Infinity;
    for (; i < hi; i++) {
      if (startMask[i] === 0) continue;
      const t = ts[i] as number;
      if (t < from) continue;
      if (t >= to) break;
      if (t >= end) {
        // A new bucket (the first one found by search).
        b = b < 0 ? buckets.at(t) : b + 1;
        while (t >= (ends[b] as number)) b++;
        end = ends[b] as number;
        n++;
      }
    }
    out[c] = n;
  }
}

/** A trait's values as slots: one per name, and slot G for "(none)" (absent, "" and "(none)" itself). */
interface TraitSlots {
  count: number;
  ofCustomer: Int32Array;
  nameOf: (slot: number) => string;
}

function traitSlots(input: RetentionInput, customers: number): TraitSlots {
  const { customerGroup, groupNames } = input;
  if (!customerGroup || !groupNames) throw new Error('retention by trait needs customerGroup and groupNames');
  const G = groupNames.length;
  const slotOf = new Int32Array(G);
  for (let g = 0; g < G; g++) slotOf[g] = groupNames[g] === '' || groupNames[g] === NONE_GROUP ? G : g;
  const ofCustomer = new Int32Array(customers);
  for (let c = 0; c < customers; c++) {
    const g = customerGroup[c] as number;
    ofCustomer[c] = g < 0 ? G : (slotOf[g] as number);
  }
  return { count: G + 1, ofCustomer, nameOf: (s) => (s === G ? NONE_GROUP : (groupNames[s] as string)) };
}

/** The kept slots: ranked by entries (descending), ties by value in code-unit order, the first `limit`. */
function keptSlots(entriesPerSlot: Float64Array, nameOf: (slot: number) => string, limit: number): number[] {
  return topK(
    entriesPerSlot.length,
    limit,
    (s) => entriesPerSlot[s] !== 0,
    (a, b) => (entriesPerSlot[b] as number) - (entriesPerSlot[a] as number) || compareText(nameOf(a), nameOf(b)),
  );
}

/** Up to this many trait values, one counting pass per value and a merge; past it, a ranking pass first. */
const ONE_PASS_TRAIT_SLOTS = 256;

/** Computes the retention answer; equal to the reference's on the same events. */
export function retentionKernel(ev: CustomerEvents, input: RetentionInput, q: RetentionQuery): RetentionResult {
  const N = q.periods;
  const K = N + 1;
  const firstTime = q.mode === 'first-time';
  const customers = ev.offsets.length - 1;
  // The bucket list once per query: the loops compare numbers, never ask Intl.
  const startList = bucketStarts(q.interval, q.from, q.to, q.timeZone);
  const B = startList.length;
  const starts = Float64Array.from(startList);
  const ends = new Float64Array(B);
  for (let b = 0; b < B; b++) ends[b] = b + 1 < B ? (starts[b + 1] as number) : Infinity;
  const x: Counting = {
    offsets: ev.offsets,
    ts: ev.ts,
    startMask: input.startMask,
    returnMask: input.returnMask,
    from: q.from,
    to: q.to,
    N,
    buckets: new BucketFinder(starts, ends, q.to),
    ends,
    cohortOf: null,
    entries: new Float64Array(0),
    returned: new Float64Array(0),
    returnBuckets: new Int32Array(B),
  };

  const count = () => (firstTime ? countFirstTime(x) : countRecurring(x, new Int32Array(B)));
  const allocate = (rows: number, returnRows: number) => {
    x.entries = new Float64Array(rows * B);
    x.returned = new Float64Array(returnRows * K);
  };
  let cohortNames: string[] = [];
  if (q.cohortBy === 'start') {
    allocate(1, B);
    count();
  } else {
    // Cohorts by trait: the kept values are known only once every entry is counted.
    const slots = traitSlots(input, customers);
    const limit = q.cohortBy.limit;
    let kept: number[];
    const cohortOfSlot = (list: number[]) => {
      const map = new Int32Array(slots.count).fill(list.length); // the rest: "(other)"
      list.forEach((s, k) => (map[s] = k));
      return map;
    };
    if (slots.count <= ONE_PASS_TRAIT_SLOTS) {
      // Few values: count per value in one pass, then rank and merge the rest into "(other)".
      x.cohortOf = slots.ofCustomer;
      allocate(slots.count, slots.count);
      count();
      const perSlot = new Float64Array(slots.count);
      for (let s = 0; s < slots.count; s++) for (let e = 0; e < B; e++) perSlot[s] = (perSlot[s] as number) + (x.entries[s * B + e] as number);
      kept = keptSlots(perSlot, slots.nameOf, limit);
      const map = cohortOfSlot(kept);
      const bySlot = { entries: x.entries, returned: x.returned };
      allocate(kept.length + 1, kept.length + 1);
      for (let s = 0; s < slots.count; s++) {
        const g = map[s] as number;
        for (let e = 0; e < B; e++) x.entries[g * B + e] = (x.entries[g * B + e] as number) + (bySlot.entries[s * B + e] as number);
        for (let k = 0; k < K; k++) x.returned[g * K + k] = (x.returned[g * K + k] as number) + (bySlot.returned[s * K + k] as number);
      }
    } else {
      // Many values (a trait like an email): rank on a pass that counts entries only, so the
      // counting pass accumulates into at most limit + 1 cohorts.
      const perCustomer = new Int32Array(customers);
      entriesPerCustomer(x, firstTime, perCustomer);
      const perSlot = new Float64Array(slots.count);
      for (let c = 0; c < customers; c++) {
        const s = slots.ofCustomer[c] as number;
        perSlot[s] = (perSlot[s] as number) + (perCustomer[c] as number);
      }
      kept = keptSlots(perSlot, slots.nameOf, limit);
      const map = cohortOfSlot(kept);
      x.cohortOf = slots.ofCustomer.map((s) => map[s] as number);
      allocate(kept.length + 1, kept.length + 1);
      count();
    }
    cohortNames = [...kept.map(slots.nameOf), OTHER_GROUP];
  }
  const byTrait = q.cohortBy !== 'start';
  const { entries, returned } = x;

  const cohorts: RetentionCohort[] = [];
  if (!byTrait) {
    for (let e = 0; e < B; e++) {
      const size = entries[e] as number;
      const values: (number | null)[] = [size];
      const observed: number[] = [size];
      for (let k = 1; k <= N; k++) {
        const seen = e + k < B;
        values.push(seen ? (returned[e * K + k] as number) : null);
        observed.push(seen ? size : 0);
      }
      const start = iso(starts[e] as number);
      cohorts.push({ cohort: start, start, size, values, observed });
    }
  } else {
    cohortNames.forEach((name, g) => {
      let size = 0;
      for (let e = 0; e < B; e++) size += entries[g * B + e] as number;
      if (size === 0) return;
      // observed[k]: the cohort's entries whose bucket e + k is in the period, i.e. e < B − k.
      const values: (number | null)[] = [size];
      const observed: number[] = [size];
      let seen = size;
      for (let k = 1; k <= N; k++) {
        if (k <= B) seen -= entries[g * B + B - k] as number;
        observed.push(seen);
        values.push(seen === 0 ? null : (returned[g * K + k] as number));
      }
      cohorts.push({ cohort: name, start: null, size, values, observed });
    });
  }

  const overall: RetentionResult['overall'] = [];
  for (let k = 0; k <= N; k++) {
    let back = 0;
    let seen = 0;
    for (const c of cohorts) {
      back += c.values[k] ?? 0;
      seen += c.observed[k] ?? 0;
    }
    overall.push({ period: k, returned: back, observed: seen, rate: seen === 0 ? null : back / seen });
  }
  return { buckets: startList.map(iso), cohorts, overall };
}
