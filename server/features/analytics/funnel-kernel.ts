import { bucketOf, bucketStarts } from '../../../common/analytics/buckets.ts';
import { funnelStepName } from '../../../common/analytics/funnel.ts';
import type { FunnelBreakdownGroup, FunnelQuery, FunnelResult, FunnelStepResult, FunnelTrendBucket, TimeToConvertBin } from '../../../common/analytics/funnel.ts';
import { NONE_GROUP, OTHER_GROUP } from '../../../common/analytics/query.ts';
import { selectRanks } from '../../quantiles.ts';
import { type CustomerEvents, customerCount } from './customer-events.ts';
import { SequenceFinder } from './funnel-sequences.ts';
import { compareText, topK } from './kernel-tools.ts';
import { type Allocator, FRESH } from './scratch-buffers.ts';

/**
 * Funnels (docs/analytics.md#funnels) as one pass over the customer-clustered columns: per customer
 * the chosen sequence (funnel-sequences.ts), kept as a bitmask of the steps it counts at and the times
 * of its events; then counts, times from the previous step, breakdown groups and trend buckets from
 * those, without going back to the events. The kept outcomes also answer "who converted / dropped at
 * step i" (`funnelCustomersOf`) without running the funnel again.
 */

/** What the service computes per query besides the columns, all indexed like the columns. */
export interface FunnelKernelInput {
  /** Per event position: bit i set when the event matches step i + 1 (any stored event; the kernel cuts the period). */
  readonly stepMasks: Uint32Array;
  /** Per event position: bit k set when the event matches exclusion k's matcher. Needed when the query has exclusions. */
  readonly exclusionMasks?: Uint32Array;
  /** Breakdown kind `event`: per event position, the index into `groupNames` of the key's value, -1 when absent, null or "". */
  readonly eventGroup?: Int32Array;
  /** Breakdown kind `trait`: per customer, the index into `groupNames` of their latest value, -1 when absent, null or "". */
  readonly customerGroup?: Int32Array;
  /** The values behind the indexes. Indexes whose values read the same ("" and "(none)" read "(none)") are one group. */
  readonly groupNames?: readonly string[];
}

/** Each entrant's chosen sequence, reduced to what results and customer lists need. */
export interface FunnelOutcomes {
  readonly order: FunnelQuery['order'];
  readonly steps: number;
  /** Per 0-based step: the previous required step (-1 for the first). */
  readonly previousRequired: Int32Array;
  /** Number of customers who entered (did step 1 in the period; any step, for order any). */
  readonly entrants: number;
  /** Per entrant: the customer index into the columns, ascending. */
  readonly customer: Int32Array;
  /**
   * Per entrant: bit i set when the customer counts at step i (0-based). Ordered and strict: the steps
   * the chosen sequence includes (a reached required step is always included); any: the first `level`.
   */
  readonly counted: Uint32Array;
  /** Per entrant e: its sequence's event times are seqTimes[seqStart[e] … seqStart[e + 1]), in sequence order. */
  readonly seqStart: Int32Array;
  readonly seqTimes: Float64Array;
  /** With a breakdown: per entrant, the index into `groups` of its group; null without. */
  readonly group: Int32Array | null;
  /** With a breakdown: the groups in result order (kept values by rank, then "(other)" when not empty). */
  readonly groups: readonly string[] | null;
  readonly profileIds: readonly string[];
}

/**
 * The funnel's answer and outcomes over the columns; `q` is the parsed query. Exactly the reference's
 * answer. The outcomes' arrays come from `alloc` (they live as long as what it lends).
 */
export function funnelKernel(ev: CustomerEvents, input: FunnelKernelInput, q: FunnelQuery, alloc: Allocator = FRESH): { result: FunnelResult; outcomes: FunnelOutcomes } {
  const outcomes = chosenSequences(ev, input, q, alloc);
  return { result: resultOf(q, outcomes, alloc), outcomes };
}

/**
 * The customers behind a step (1-based): `converted` counted at it, `dropped` counted at its previous
 * required step but not at it; optionally only one breakdown group. Each with the time that put them
 * there: the time of their event of the step (converted; for order any, their step-th event), or of
 * the last event of their chosen sequence (dropped). Sorted by profile id in code-unit order, as the
 * reference sorts its ids.
 */
export function funnelCustomersOf(o: FunnelOutcomes, step: number, kind: 'converted' | 'dropped', group?: string): { customers: Int32Array; times: Float64Array } {
  const i = step - 1;
  if (i < 0 || i >= o.steps) throw new RangeError(`the funnel has ${o.steps} steps`);
  let only = -1;
  if (group !== undefined) {
    if (o.groups === null || o.group === null) throw new Error('a group needs a breakdown');
    only = o.groups.indexOf(group);
    if (only < 0) return { customers: new Int32Array(0), times: new Float64Array(0) };
  }
  const bit = 1 << i;
  const prev = i === 0 ? 0 : 1 << (o.previousRequired[i] as number);
  const any = o.order === 'any';
  const customers: number[] = [];
  const times: number[] = [];
  for (let e = 0; e < o.entrants; e++) {
    if (only >= 0 && (o.group as Int32Array)[e] !== only) continue;
    const c = o.counted[e] as number;
    if (kind === 'converted') {
      if ((c & bit) === 0) continue;
      const k = any ? i : popcount(c & (bit - 1));
      times.push(o.seqTimes[(o.seqStart[e] as number) + k] as number);
    } else {
      if (i === 0 || (c & prev) === 0 || (c & bit) !== 0) continue;
      times.push(o.seqTimes[(o.seqStart[e + 1] as number) - 1] as number);
    }
    customers.push(o.customer[e] as number);
  }
  // Customers are usually stored in id order already; sort only when they are not.
  const ids = o.profileIds;
  let sorted = true;
  for (let k = 1; k < customers.length && sorted; k++) sorted = (ids[customers[k - 1] as number] as string) < (ids[customers[k] as number] as string);
  const order = customers.map((_, k) => k);
  if (!sorted) order.sort((a, b) => compareText(ids[customers[a] as number] as string, ids[customers[b] as number] as string));
  return { customers: Int32Array.from(order, (k) => customers[k] as number), times: Float64Array.from(order, (k) => times[k] as number) };
}

// ---------------------------------------------------------------------------------------------------
// The pass over customers.
// ---------------------------------------------------------------------------------------------------

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The first position in [lo, hi) whose time is ≥ t (hi when none). */
function lowerBound(ts: Float64Array, t: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((ts[mid] as number) < t) a = mid + 1;
    else b = mid;
  }
  return a;
}

function previousRequiredOf(q: FunnelQuery): Int32Array {
  return Int32Array.from(q.steps, (_, i) => {
    if (i === 0) return -1;
    if (q.order === 'any') return i - 1;
    let k = i - 1;
    while (k > 0 && q.steps[k]?.optional) k--;
    return k;
  });
}

function chosenSequences(ev: CustomerEvents, input: FunnelKernelInput, q: FunnelQuery, alloc: Allocator): FunnelOutcomes {
  const n = q.steps.length;
  const { offsets, ts } = ev;
  if (input.stepMasks.length !== ts.length) throw new Error('funnel kernel: one step mask per event');
  const finder = new SequenceFinder(q, ts, input.stepMasks, input.exclusionMasks ?? null);
  const C = customerCount(ev);
  const any = q.order === 'any';
  const from = q.from;
  const to = q.to;

  const breakdown = q.breakdown;
  const eventGroup = breakdown?.kind === 'event' ? (input.eventGroup ?? null) : null;
  const customerGroup = breakdown?.kind === 'trait' ? (input.customerGroup ?? null) : null;
  if (breakdown !== undefined && eventGroup === null && customerGroup === null) throw new Error(`funnel kernel: a ${breakdown.kind} breakdown needs its group codes`);

  // Every entry up to the last entrant is written below (seqStart[0] here).
  const customer = alloc.int32(C);
  const counted = alloc.uint32(C);
  const seqStart = alloc.int32(C + 1);
  seqStart[0] = 0;
  const code = alloc.int32(breakdown === undefined ? 0 : C);
  let seqTimes = alloc.float64(Math.min(ts.length, 2 * C) + n);
  const { pos, step } = finder;
  let E = 0;
  let used = 0;
  for (let c = 0; c < C; c++) {
    const first = offsets[c] as number;
    const last = offsets[c + 1] as number;
    if (first === last) continue;
    // The period is a contiguous run of the customer's time-ordered events.
    const lo = (ts[first] as number) >= from ? first : lowerBound(ts, from, first, last);
    const hi = (ts[last - 1] as number) < to ? last : lowerBound(ts, to, lo, last);
    if (lo >= hi) continue;
    const len = finder.find(lo, hi);
    if (len === 0) continue;
    if (used + len > seqTimes.length) {
      const grown = alloc.float64(Math.max(seqTimes.length * 2, used + len));
      grown.set(seqTimes);
      seqTimes = grown;
    }
    let bits = 0;
    for (let k = 0; k < len; k++) {
      seqTimes[used + k] = ts[pos[k] as number] as number;
      bits |= 1 << (step[k] as number);
    }
    used += len;
    customer[E] = c;
    counted[E] = any ? (1 << len) - 1 : bits;
    seqStart[E + 1] = used;
    if (eventGroup !== null) code[E] = eventGroup[pos[0] as number] as number;
    else if (customerGroup !== null) code[E] = customerGroup[c] as number;
    E++;
  }

  let group: Int32Array | null = null;
  let groups: string[] | null = null;
  if (breakdown !== undefined) {
    const g = groupsOf(code.subarray(0, E), input.groupNames ?? [], breakdown.limit);
    group = g.group;
    groups = g.groups;
  }
  return {
    order: q.order,
    steps: n,
    previousRequired: previousRequiredOf(q),
    entrants: E,
    customer: customer.subarray(0, E),
    counted: counted.subarray(0, E),
    seqStart: seqStart.subarray(0, E + 1),
    seqTimes: seqTimes.subarray(0, used),
    group,
    groups,
    profileIds: ev.profileIds,
  };
}

/**
 * Breakdown groups from each entrant's value code: values ranked by entrants (descending, ties by value
 * in code-unit order), the first `limit` kept, the rest in "(other)". Groups are by value *text*, as
 * the reference's: codes with one text (-1, "" and "(none)" all read "(none)") are one group, and a
 * kept value that reads "(other)" is the same group as the rest.
 */
function groupsOf(code: Int32Array, names: readonly string[], limit: number): { group: Int32Array; groups: string[] } {
  const perCode = new Int32Array(names.length + 1);
  for (let e = 0; e < code.length; e++) perCode[(code[e] as number) + 1] = (perCode[(code[e] as number) + 1] as number) + 1;
  const textOf = (k: number) => {
    const t = k === 0 ? '' : (names[k - 1] as string);
    return t === '' ? NONE_GROUP : t;
  };
  // One value per text (a few codes may share one), with its entrants.
  const valueOfText = new Map<string, number>();
  const valueOfCode = new Int32Array(names.length + 1).fill(-1);
  const texts: string[] = [];
  const counts: number[] = [];
  for (let k = 0; k < perCode.length; k++) {
    if (perCode[k] === 0) continue;
    const t = textOf(k);
    let v = valueOfText.get(t);
    if (v === undefined) {
      v = texts.push(t) - 1;
      counts.push(0);
      valueOfText.set(t, v);
    }
    valueOfCode[k] = v;
    counts[v] = (counts[v] as number) + (perCode[k] as number);
  }
  const kept = topK(texts.length, limit, () => true, (a, b) => (counts[b] as number) - (counts[a] as number) || compareText(texts[a] as string, texts[b] as string));
  const groups = kept.map((v) => texts[v] as string);
  // A kept value reading "(other)" is the "(other)" group.
  const keptText = groups.indexOf(OTHER_GROUP);
  const other = keptText >= 0 ? keptText : groups.length;
  const groupOfValue = new Int32Array(texts.length).fill(other);
  kept.forEach((v, g) => (groupOfValue[v] = g));
  const group = new Int32Array(code.length);
  let otherUsed = false;
  for (let e = 0; e < code.length; e++) {
    const g = groupOfValue[valueOfCode[(code[e] as number) + 1] as number] as number;
    group[e] = g;
    if (g === other) otherUsed = true;
  }
  // "(other)" follows the kept groups when anyone is in it (the reference lists it again even when a
  // kept value reads "(other)"; both entries then show the same customers).
  if (otherUsed) groups.push(OTHER_GROUP);
  return { group, groups };
}

// ---------------------------------------------------------------------------------------------------
// Results from the outcomes.
// ---------------------------------------------------------------------------------------------------

function resultOf(q: FunnelQuery, o: FunnelOutcomes, alloc: Allocator): FunnelResult {
  const n = q.steps.length;
  const groupCount = o.groups === null ? 1 : o.groups.length;
  const tables = stepTables(o, groupCount, alloc);

  // Groups first: their statistics reorder the times inside their own slice of a step's times; the
  // whole funnel's statistics then reorder the step's times across all groups.
  let breakdown: FunnelBreakdownGroup[] | null = null;
  if (o.groups !== null) {
    const groups: FunnelBreakdownGroup[] = [];
    // A second "(other)" (after a kept value reading "(other)") shows that group again.
    const firstOf = new Map<string, number>();
    for (let g = 0; g < groupCount; g++) {
      const value = o.groups[g] as string;
      const same = firstOf.get(value);
      if (same !== undefined) {
        groups.push(groups[same] as FunnelBreakdownGroup);
        continue;
      }
      firstOf.set(value, g);
      const counts = (i: number) => tables.counts[g * n + i] as number;
      const region = (i: number): [number, number] => [tables.start[i * groupCount + g] as number, tables.start[i * groupCount + g + 1] as number];
      groups.push({ value, customers: counts(0), steps: stepResults(q, o, counts, tables.times, region) });
    }
    breakdown = groups;
  }
  const totals = new Int32Array(n);
  for (let g = 0; g < groupCount; g++) for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + (tables.counts[g * n + i] as number);
  const steps = stepResults(q, o, (i) => totals[i] as number, tables.times, (i) => [tables.start[i * groupCount] as number, tables.start[(i + 1) * groupCount] as number]);

  let trend: FunnelTrendBucket[] | null = null;
  if (q.trend !== undefined) {
    const starts = bucketStarts(q.trend, q.from, q.to, q.timeZone);
    const entered = new Int32Array(starts.length);
    const converted = new Int32Array(starts.length);
    let last = n - 1;
    if (q.order !== 'any') while (last > 0 && q.steps[last]?.optional) last--;
    const lastBit = 1 << last;
    for (let e = 0; e < o.entrants; e++) {
      const b = bucketOf(o.seqTimes[o.seqStart[e] as number] as number, starts);
      entered[b] = (entered[b] as number) + 1;
      if (((o.counted[e] as number) & lastBit) !== 0) converted[b] = (converted[b] as number) + 1;
    }
    trend = starts.map((start, b) => {
      const inBucket = entered[b] as number;
      return { bucketStart: new Date(start).toISOString(), entered: inBucket, converted: converted[b] as number, conversion: inBucket === 0 ? null : (converted[b] as number) / inBucket };
    });
  }
  return { customers: totals[0] as number, steps, breakdown, trend };
}

/**
 * counts[g · n + i]: entrants of group g counted at step i. times: every counted entrant's time from
 * the previous step of their sequence, step-major then group: step i of group g is
 * times[start[i · G + g] … start[i · G + g + 1]), so step i of all groups is one slice too.
 */
function stepTables(o: FunnelOutcomes, G: number, alloc: Allocator): { counts: Int32Array; times: Float64Array; start: Int32Array } {
  const n = o.steps;
  const counts = new Int32Array(G * n);
  const { counted, group, seqStart, seqTimes } = o;
  for (let e = 0; e < o.entrants; e++) {
    const row = (group === null ? 0 : (group[e] as number)) * n;
    for (let c = counted[e] as number; c !== 0; c &= c - 1) {
      const i = 31 - Math.clz32(c & -c);
      counts[row + i] = (counts[row + i] as number) + 1;
    }
  }
  const start = new Int32Array(n * G + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < G; g++) {
      start[i * G + g] = total;
      if (i > 0) total += counts[g * n + i] as number;
    }
  }
  start[n * G] = total;
  const fill = start.slice();
  const times = alloc.float64(total);
  const any = o.order === 'any';
  for (let e = 0; e < o.entrants; e++) {
    const g = group === null ? 0 : (group[e] as number);
    const s0 = seqStart[e] as number;
    // Step 1 has no time; bit i's event is the k-th of the sequence (k = i for order any).
    let k = 0;
    for (let c = (counted[e] as number) & ~1; c !== 0; c &= c - 1) {
      const i = 31 - Math.clz32(c & -c);
      k = any ? i : k + 1;
      const at = (fill[i * G + g] as number);
      fill[i * G + g] = at + 1;
      times[at] = (seqTimes[s0 + k] as number) - (seqTimes[s0 + k - 1] as number);
    }
  }
  return { counts, times, start };
}

function stepResults(q: FunnelQuery, o: FunnelOutcomes, count: (i: number) => number, times: Float64Array, region: (i: number) => [number, number]): FunnelStepResult[] {
  const customers = count(0);
  return q.steps.map((s, i) => {
    const here = count(i);
    const previous = i === 0 ? null : count(o.previousRequired[i] as number);
    const [a, b] = region(i);
    const values = times.subarray(a, b);
    const [median, p90] = i === 0 ? [null, null] : selectRanks(values, [0.5, 0.9]);
    return {
      index: i + 1,
      name: funnelStepName(s),
      optional: s.optional,
      count: here,
      conversionFromPrevious: previous === null || previous === 0 ? null : here / previous,
      conversionFromFirst: customers === 0 ? null : here / customers,
      dropOff: previous === null ? null : previous - here,
      medianMsFromPrevious: median ?? null,
      p90MsFromPrevious: p90 ?? null,
      timeToConvert: i === 0 || q.timeToConvertBins === undefined ? null : histogram(values, q.timeToConvertBins),
    };
  });
}

/** Equal-width integer bins from the smallest value: width ⌈(hi − lo + 1) / bins⌉, empty bins included. */
function histogram(values: Float64Array, bins: number): TimeToConvertBin[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo + 1;
  const width = Math.ceil(span / bins);
  const count = Math.ceil(span / width);
  const counts = new Int32Array(count);
  for (let k = 0; k < values.length; k++) {
    const b = Math.floor(((values[k] as number) - lo) / width);
    counts[b] = (counts[b] as number) + 1;
  }
  return Array.from(counts, (c, b) => ({ fromMs: lo + b * width, toMs: lo + (b + 1) * width, count: c }));
}
