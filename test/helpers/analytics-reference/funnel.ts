import { FunnelCustomersQuery, FunnelQuery, funnelStepName } from '../../../common/analytics/funnel.ts';
import type { FunnelBreakdownGroup, FunnelCustomersQueryInput, FunnelQueryInput, FunnelResult, FunnelStepResult, FunnelTrendBucket, TimeToConvertBin } from '../../../common/analytics/funnel.ts';
import { OTHER_GROUP } from '../../../common/analytics/query.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, breakdownValue, bucketStarts, bucketStart, eventMatches, groupOf, inPeriod, quantile, topGroups } from './events.ts';
import type { AnalyticsCustomer, RefEvent } from './events.ts';

/**
 * The plain reference for funnels (docs/analytics.md#funnels): per customer, a depth-first search over
 * every valid sequence of their events in the period, keeping the chosen one; then counting. Exponential
 * in the worst case, which is fine for the small streams the property test sends.
 */

/** A customer's chosen sequence: the 0-based steps it includes, ascending for ordered funnels, and their events in time order. */
export interface ChosenSequence {
  steps: number[];
  events: RefEvent[];
}

/** One customer in the funnel: their chosen sequence and which steps count them. */
interface Entrant {
  customer: AnalyticsCustomer;
  chosen: ChosenSequence;
  /** counted[i]: the customer is in step i's count (0-based). */
  counted: boolean[];
  /** msFromPrevious[i]: time from the previous step of the chosen sequence, where counted and i > 0. */
  msFromPrevious: (number | null)[];
}

/**
 * The customer's chosen sequence, or null when they did no step-1 event in the period. Among all valid
 * sequences it is the one reaching the highest step (ordered, strict) or the most steps (any), then with
 * the most steps, then the earliest: compared element by element, the earlier event wins, on the same
 * event the lower step.
 */
export function chosenSequence(q: FunnelQuery, c: AnalyticsCustomer): ChosenSequence | null {
  const events = c.events.filter((e) => inPeriod(q, e.t));
  const n = q.steps.length;
  // matches[p][i]: event p completes step i.
  const matches = events.map((e) => q.steps.map((s) => eventMatches(s, e.call)));
  const matchesAnyStep = matches.map((m) => m.some(Boolean));
  const excluded = q.exclusions.map((x) => events.map((e) => eventMatches(x.matcher, e.call)));

  // What no sequence can beat: the highest step with a matching event, and the number of such steps.
  const matchable = q.steps.map((_, i) => matches.some((m) => m[i]));
  const bestPossible = q.order === 'any' ? [0, matchable.filter(Boolean).length] : [matchable.lastIndexOf(true), matchable.filter(Boolean).length];

  let best: { positions: number[]; steps: number[] } | null = null;
  const keyOf = (steps: number[]) => (q.order === 'any' ? [0, steps.length] : [Math.max(...steps), steps.length]);
  const beats = (a: number[], b: number[]) => (a[0] as number) > (b[0] as number) || (a[0] === b[0] && (a[1] as number) > (b[1] as number));

  /** Whether step `next` at position p may follow the sequence (positions, steps): window, per-step window, strict, exclusions. */
  const mayExtend = (positions: number[], steps: number[], p: number, next: number): boolean => {
    const last = positions[positions.length - 1] as number;
    const first = events[positions[0] as number] as RefEvent;
    const e = events[p] as RefEvent;
    if (e.t - first.t > q.windowMs) return false;
    const within = q.steps[next]?.withinMs;
    if (within !== undefined && e.t - (events[last] as RefEvent).t > within) return false;
    if (q.order === 'strict') {
      for (let k = last + 1; k < p; k++) if (matchesAnyStep[k]) return false;
    }
    const lastStep = steps[steps.length - 1] as number;
    for (let x = 0; x < q.exclusions.length; x++) {
      const { fromStep, toStep } = q.exclusions[x] as { fromStep: number; toStep: number };
      // 0-based: this event is the first one at or beyond toStep, so the interval to check closes here.
      if (!(lastStep < toStep - 1 && next >= toStep - 1)) continue;
      let from = positions[0] as number;
      steps.forEach((s, k) => {
        if (s <= fromStep - 1) from = positions[k] as number;
      });
      for (let k = from + 1; k < p; k++) if (excluded[x]?.[k]) return false;
    }
    return true;
  };

  /** The steps that may come next: for ordered funnels any later step with only optional steps skipped; for any, every unused step. */
  const nextSteps = (steps: number[]): number[] => {
    const out: number[] = [];
    if (q.order === 'any') {
      for (let i = 0; i < n; i++) if (!steps.includes(i)) out.push(i);
      return out;
    }
    for (let i = (steps[steps.length - 1] as number) + 1; i < n; i++) {
      out.push(i);
      if (!q.steps[i]?.optional) break;
    }
    return out;
  };

  // Depth-first in tie-break order (earlier event, then lower step), so the first sequence found with the
  // best key is the chosen one; a valid sequence's prefixes are valid, so invalid branches are cut.
  let done = false;
  const search = (positions: number[], steps: number[]) => {
    if (done) return;
    const key = keyOf(steps);
    if (best === null || beats(key, keyOf(best.steps))) best = { positions: [...positions], steps: [...steps] };
    if (key[0] === bestPossible[0] && key[1] === bestPossible[1]) {
      done = true;
      return;
    }
    const candidates = nextSteps(steps);
    for (let p = (positions[positions.length - 1] as number) + 1; p < events.length; p++) {
      for (const next of candidates) {
        if (!matches[p]?.[next] || !mayExtend(positions, steps, p, next)) continue;
        search([...positions, p], [...steps, next]);
        if (done) return;
      }
    }
  };
  for (let p = 0; p < events.length && !done; p++) {
    if (q.order === 'any') {
      for (let i = 0; i < n && !done; i++) if (matches[p]?.[i]) search([p], [i]);
    } else if (matches[p]?.[0]) search([p], [0]);
  }
  const found = best as { positions: number[]; steps: number[] } | null;
  if (found === null) return null;
  return { steps: found.steps, events: found.positions.map((p) => events[p] as RefEvent) };
}

/** The 0-based index of the previous required step (step 1 is always required). */
function previousRequired(q: FunnelQuery, i: number): number {
  if (q.order === 'any') return i - 1;
  let k = i - 1;
  while (k > 0 && q.steps[k]?.optional) k--;
  return k;
}

/** The last required step: reaching it is converting. */
function lastRequired(q: FunnelQuery): number {
  if (q.order === 'any') return q.steps.length - 1;
  let k = q.steps.length - 1;
  while (k > 0 && q.steps[k]?.optional) k--;
  return k;
}

function entrantOf(q: FunnelQuery, customer: AnalyticsCustomer): Entrant | null {
  const chosen = chosenSequence(q, customer);
  if (chosen === null) return null;
  const counted: boolean[] = [];
  const msFromPrevious: (number | null)[] = [];
  for (let i = 0; i < q.steps.length; i++) {
    // With order any, step i means "i + 1 steps done": the chosen sequence's (i + 1)-th event.
    const at = q.order === 'any' ? (i < chosen.steps.length ? i : -1) : chosen.steps.indexOf(i);
    const reached = q.order === 'any' || q.steps[i]?.optional ? at >= 0 : Math.max(...chosen.steps) >= i;
    counted.push(reached);
    const e = chosen.events[at];
    const before = chosen.events[at - 1];
    msFromPrevious.push(reached && e !== undefined && before !== undefined ? e.t - before.t : null);
  }
  return { customer, chosen, counted, msFromPrevious };
}

/** Equal-width integer bins from the smallest value: width ceil(range / bins), at most `bins` of them. */
function histogram(values: number[], bins: number): TimeToConvertBin[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const span = Math.max(...values) - lo + 1;
  const width = Math.ceil(span / bins);
  const out: TimeToConvertBin[] = [];
  for (let b = 0; b * width < span; b++) {
    const fromMs = lo + b * width;
    const toMs = fromMs + width;
    out.push({ fromMs, toMs, count: values.filter((v) => v >= fromMs && v < toMs).length });
  }
  return out;
}

function stepResults(q: FunnelQuery, entrants: Entrant[]): FunnelStepResult[] {
  const customers = entrants.length;
  const counts = q.steps.map((_, i) => entrants.filter((e) => e.counted[i]).length);
  return q.steps.map((step, i) => {
    const count = counts[i] as number;
    const previous = i === 0 ? null : (counts[previousRequired(q, i)] as number);
    const times = i === 0 ? [] : entrants.filter((e) => e.counted[i]).map((e) => e.msFromPrevious[i] as number);
    return {
      index: i + 1,
      name: funnelStepName(step),
      optional: step.optional,
      count,
      conversionFromPrevious: previous === null || previous === 0 ? null : count / previous,
      conversionFromFirst: customers === 0 ? null : count / customers,
      dropOff: previous === null ? null : previous - count,
      medianMsFromPrevious: quantile(times, 0.5),
      p90MsFromPrevious: quantile(times, 0.9),
      timeToConvert: i === 0 || q.timeToConvertBins === undefined ? null : histogram(times, q.timeToConvertBins),
    };
  });
}

/** The breakdown group of each entrant, and the groups in order (kept values by rank, then "(other)"). */
function groupsOf(q: FunnelQuery, entrants: Entrant[]): { groupOfEntrant: string[]; groups: string[] } | null {
  const b = q.breakdown;
  if (b === undefined) return null;
  const values = entrants.map((e) => breakdownValue(b, e.customer, e.chosen.events[0] as RefEvent));
  const perValue = new Map<string, number>();
  for (const v of values) perValue.set(v, (perValue.get(v) ?? 0) + 1);
  const kept = topGroups(perValue, b.limit);
  const groupOfEntrant = values.map((v) => groupOf(v, kept));
  const groups = groupOfEntrant.includes(OTHER_GROUP) ? [...kept, OTHER_GROUP] : kept;
  return { groupOfEntrant, groups };
}

function entrantsOf(q: FunnelQuery, calls: Call[]): Entrant[] {
  const out: Entrant[] = [];
  for (const c of analyticsCustomers(calls)) {
    const e = entrantOf(q, c);
    if (e !== null) out.push(e);
  }
  return out;
}

/** The funnel's answer over the calls, as POST /api/analytics/funnel must give it. */
export function referenceFunnel(input: FunnelQueryInput, calls: Call[]): FunnelResult {
  const q = FunnelQuery.parse(input);
  const entrants = entrantsOf(q, calls);

  let breakdown: FunnelBreakdownGroup[] | null = null;
  const grouping = groupsOf(q, entrants);
  if (grouping !== null) {
    breakdown = grouping.groups.map((value) => {
      const members = entrants.filter((_, k) => grouping.groupOfEntrant[k] === value);
      return { value, customers: members.length, steps: stepResults(q, members) };
    });
  }

  let trend: FunnelTrendBucket[] | null = null;
  if (q.trend !== undefined) {
    const interval = q.trend;
    const converts = lastRequired(q);
    const bucketOf = entrants.map((e) => bucketStart((e.chosen.events[0] as RefEvent).t, interval, q.timeZone));
    trend = bucketStarts(q, interval, q.timeZone).map((start) => {
      const members = entrants.filter((_, k) => bucketOf[k] === start);
      const entered = members.length;
      const converted = members.filter((e) => e.counted[converts]).length;
      return { bucketStart: new Date(start).toISOString(), entered, converted, conversion: entered === 0 ? null : converted / entered };
    });
  }

  return { customers: entrants.length, steps: stepResults(q, entrants), breakdown, trend };
}

/** The customers behind a step (ids, sorted): counted at it, or counted at the previous required step but not at it. */
export function funnelCustomers(input: FunnelCustomersQueryInput, calls: Call[]): string[] {
  const { funnel: q, step, kind, group } = FunnelCustomersQuery.parse(input);
  const i = step - 1;
  const entrants = entrantsOf(q, calls);
  const grouping = groupsOf(q, entrants);
  const ids: string[] = [];
  entrants.forEach((e, k) => {
    if (group !== undefined && grouping?.groupOfEntrant[k] !== group) return;
    const wanted = kind === 'converted' ? e.counted[i] : i > 0 && e.counted[previousRequired(q, i)] && !e.counted[i];
    if (wanted) ids.push(e.customer.id);
  });
  return ids.sort();
}
