import { NONE_GROUP, OTHER_GROUP } from '../../../common/analytics/query.ts';
import type { RetentionCohort, RetentionQuery, RetentionResult } from '../../../common/analytics/retention.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, bucketStarts, eventMatches, groupOf, inPeriod, topGroups, traitOf } from './events.ts';
import type { AnalyticsCustomer } from './events.ts';
import { bucketIndexer, iso } from './trends.ts';

/** Plain reference for retention (docs/analytics.md#retention). */

/** One cohort entry: a customer entering in a bucket (first-time: once; recurring: once per bucket). */
interface Entry {
  customer: AnalyticsCustomer;
  bucket: number;
  /** returned[k]: did a return event in bucket `bucket + k` (k ≥ 1). */
  returned: boolean[];
}

export function referenceRetention(calls: Call[], q: RetentionQuery): RetentionResult {
  const customers = analyticsCustomers(calls);
  const period = { from: q.from, to: q.to };
  const starts = bucketStarts(period, q.interval, q.timeZone);
  const bucketOf = bucketIndexer(starts, q.interval, q.timeZone);
  const returnMatcher = q.return ?? q.start;
  const N = q.periods;

  const entries: Entry[] = [];
  for (const customer of customers) {
    const entryBuckets: number[] = [];
    if (q.mode === 'first-time') {
      // The first start event ever, wherever it lies; it counts only when it lies in the period.
      const first = customer.events.find((e) => eventMatches(q.start, e.call));
      if (first && inPeriod(period, first.t)) entryBuckets.push(bucketOf(first.t));
    } else {
      for (const e of customer.events) {
        if (!inPeriod(period, e.t) || !eventMatches(q.start, e.call)) continue;
        const b = bucketOf(e.t);
        if (!entryBuckets.includes(b)) entryBuckets.push(b);
      }
    }
    const returnBuckets = new Set<number>();
    for (const e of customer.events) if (inPeriod(period, e.t) && eventMatches(returnMatcher, e.call)) returnBuckets.add(bucketOf(e.t));
    for (const bucket of entryBuckets) {
      const returned: boolean[] = [false];
      for (let k = 1; k <= N; k++) returned.push(returnBuckets.has(bucket + k));
      entries.push({ customer, bucket, returned });
    }
  }

  // Period k of an entry is observed when bucket entry + k is one of the period's buckets.
  const observedAt = (e: Entry, k: number) => e.bucket + k < starts.length;

  const cohortOf = (cohort: string, start: string | null, members: Entry[], byBucket: number | null): RetentionCohort => {
    const values: (number | null)[] = [];
    const observed: number[] = [];
    for (let k = 0; k <= N; k++) {
      const seen = members.filter((e) => observedAt(e, k));
      observed.push(seen.length);
      const bucketObserved = byBucket === null ? seen.length > 0 : byBucket + k < starts.length;
      values.push(k === 0 ? members.length : bucketObserved ? seen.filter((e) => e.returned[k]).length : null);
    }
    return { cohort, start, size: members.length, values, observed };
  };

  const cohorts: RetentionCohort[] = [];
  if (q.cohortBy === 'start') {
    for (let b = 0; b < starts.length; b++) {
      cohorts.push(cohortOf(iso(starts[b] as number), iso(starts[b] as number), entries.filter((e) => e.bucket === b), b));
    }
  } else {
    const trait = q.cohortBy.trait;
    const valueOf = (e: Entry) => {
      const v = traitOf(e.customer, trait);
      return v === null || v === '' ? NONE_GROUP : v;
    };
    const entriesPerValue = new Map<string, number>();
    for (const e of entries) entriesPerValue.set(valueOf(e), (entriesPerValue.get(valueOf(e)) ?? 0) + 1);
    const kept = topGroups(entriesPerValue, q.cohortBy.limit);
    for (const value of [...kept, OTHER_GROUP]) {
      const members = entries.filter((e) => groupOf(valueOf(e), kept) === value);
      if (members.length > 0) cohorts.push(cohortOf(value, null, members, null));
    }
  }

  const overall: RetentionResult['overall'] = [];
  for (let k = 0; k <= N; k++) {
    let returned = 0;
    let observed = 0;
    for (const c of cohorts) {
      returned += c.values[k] ?? 0;
      observed += c.observed[k] ?? 0;
    }
    overall.push({ period: k, returned, observed, rate: observed === 0 ? null : returned / observed });
  }
  return { buckets: starts.map(iso), cohorts, overall };
}
