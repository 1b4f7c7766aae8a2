import { describe, expect, it } from 'vitest';
import { RetentionQuery } from '../common/analytics/retention.ts';
import type { RetentionQueryInput, RetentionResult } from '../common/analytics/retention.ts';
import type { Call } from './helpers/journey-reference.ts';
import { referenceRetention } from './helpers/analytics-reference/retention.ts';

/** Hand-checked fixtures for the retention reference (docs/analytics.md#retention). */

let n = 0;
const track = (user: string, event: string, timestamp: string): Call => ({ type: 'track', messageId: `m${++n}`, userId: user, event, timestamp, properties: {} });
const identify = (user: string, traits: Record<string, unknown>): Call => ({ type: 'identify', messageId: `m${++n}`, userId: user, timestamp: '2023-12-01T00:00:00Z', traits });
const run = (calls: Call[], q: Partial<RetentionQueryInput>): RetentionResult =>
  referenceRetention(calls, RetentionQuery.parse({ start: { event: 'Signed Up' }, return: { event: 'Login' }, interval: 'day', periods: 3, from: '2024-01-01T00:00:00Z', to: '2024-01-05T00:00:00Z', ...q }));
const rows = (r: RetentionResult) => r.cohorts.map((c) => [c.cohort, c.size, c.values, c.observed]);
const curve = (r: RetentionResult) => r.overall.map((p) => [p.returned, p.observed, p.rate]);

// Buckets: 0 = 1 Jan, 1 = 2 Jan, 2 = 3 Jan, 3 = 4 Jan (UTC days); periods 0 … 3.
const SIGNUPS = [
  track('a', 'Signed Up', '2024-01-01T10:00:00Z'),
  track('a', 'Login', '2024-01-01T11:00:00Z'), // bucket 0: period 0 is the cohort itself, this changes nothing
  track('a', 'Login', '2024-01-02T08:00:00Z'), // a: period 1
  track('a', 'Login', '2024-01-04T08:00:00Z'), // a: period 3
  track('b', 'Signed Up', '2024-01-01T12:00:00Z'),
  track('b', 'Login', '2024-01-03T08:00:00Z'), // b: period 2
  track('c', 'Signed Up', '2024-01-02T09:00:00Z'),
  track('c', 'Login', '2024-01-03T09:00:00Z'), // c: period 1
  track('c', 'Login', '2024-01-05T10:00:00Z'), // after `to`: not counted (and its bucket is not in the period)
  track('d', 'Signed Up', '2023-12-31T10:00:00Z'), // d's first sign-up is before `from`: never in a first-time cohort
  track('d', 'Signed Up', '2024-01-02T10:00:00Z'),
  track('d', 'Login', '2024-01-03T10:00:00Z'),
  track('e', 'Signed Up', '2024-01-04T23:59:59.999Z'), // the last bucket: only period 0 is observed
  track('f', 'Login', '2024-01-02T10:00:00Z'), // no start event: in no cohort
];

describe('retention reference', () => {
  it('first-time: cohorts by the bucket of the first start event ever; later periods by return events; unobserved periods are null', () => {
    const r = run(SIGNUPS, { mode: 'first-time' });
    expect(r.buckets).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z', '2024-01-04T00:00:00.000Z']);
    expect(rows(r)).toEqual([
      // a and b; period 1: a; period 2: b; period 3: a
      ['2024-01-01T00:00:00.000Z', 2, [2, 1, 1, 1], [2, 2, 2, 2]],
      // c; period 1 (3 Jan): c; period 2 (4 Jan): nobody; period 3 would be 5 Jan: null
      ['2024-01-02T00:00:00.000Z', 1, [1, 1, 0, null], [1, 1, 1, 0]],
      // nobody entered on 3 Jan: 0 where the bucket exists, null past the end
      ['2024-01-03T00:00:00.000Z', 0, [0, 0, null, null], [0, 0, 0, 0]],
      ['2024-01-04T00:00:00.000Z', 1, [1, null, null, null], [1, 0, 0, 0]],
    ]);
    // Weighted by the cohorts whose period is observed: k1 (1 + 1) / (2 + 1), k2 (1 + 0) / (2 + 1), k3 1 / 2.
    expect(curve(r)).toEqual([
      [4, 4, 1],
      [2, 3, 2 / 3],
      [1, 3, 1 / 3],
      [1, 2, 0.5],
    ]);
  });

  it('recurring: a customer enters every bucket with a start event in the period', () => {
    const r = run(SIGNUPS, { mode: 'recurring' });
    // d's sign-up on 2 Jan now counts (the one before `from` does not): cohort 2 Jan = c and d, both back on 3 Jan.
    expect(rows(r)[1]).toEqual(['2024-01-02T00:00:00.000Z', 2, [2, 2, 0, null], [2, 2, 2, 0]]);

    // Start and return both Login (the default return is the start): a enters on 1, 2 and 4 Jan.
    const logins = [
      track('a', 'Login', '2024-01-01T10:00:00Z'),
      track('a', 'Login', '2024-01-02T10:00:00Z'),
      track('a', 'Login', '2024-01-02T11:00:00Z'), // a second login in the same bucket: one entry
      track('a', 'Login', '2024-01-04T10:00:00Z'),
      track('f', 'Login', '2024-01-02T12:00:00Z'),
    ];
    const r2 = run(logins, { mode: 'recurring', start: { event: 'Login' }, return: undefined });
    expect(rows(r2)).toEqual([
      // a@1 Jan: back on 2 Jan (k1) and 4 Jan (k3), not 3 Jan
      ['2024-01-01T00:00:00.000Z', 1, [1, 1, 0, 1], [1, 1, 1, 1]],
      // a@2 Jan: back on 4 Jan (k2); f@2 Jan: never back
      ['2024-01-02T00:00:00.000Z', 2, [2, 0, 1, null], [2, 2, 2, 0]],
      ['2024-01-03T00:00:00.000Z', 0, [0, 0, null, null], [0, 0, 0, 0]],
      ['2024-01-04T00:00:00.000Z', 1, [1, null, null, null], [1, 0, 0, 0]],
    ]);
    expect(curve(r2)).toEqual([
      [4, 4, 1],
      [1, 3, 1 / 3],
      [1, 3, 1 / 3],
      [1, 1, 1],
    ]);
  });

  it('cohorts by trait: each entry is counted from its own entry bucket and observed as far as the period goes', () => {
    const calls = [...SIGNUPS, identify('a', { plan: 'pro' }), identify('b', { plan: 'free' }), identify('c', { plan: 'pro' }), identify('e', { plan: 'pro' })];
    const r = run(calls, { mode: 'first-time', cohortBy: { trait: 'plan' } });
    expect(rows(r)).toEqual([
      // pro = a@0, c@1, e@3. k1: observed a, c (e's 5 Jan is past the end), both back → 2/2.
      // k2: observed a (3 Jan), c (4 Jan): neither back → 0/2. k3: observed a only (4 Jan): back → 1/1.
      ['pro', 3, [3, 2, 0, 1], [3, 2, 2, 1]],
      // free = b@0: back on 3 Jan (k2) only
      ['free', 1, [1, 0, 1, 0], [1, 1, 1, 1]],
    ]);
    expect(r.cohorts.map((c) => c.start)).toEqual([null, null]);
    // The same entries as the cohorts by start: the same overall curve.
    expect(curve(r)).toEqual(curve(run(SIGNUPS, { mode: 'first-time' })));

    // limit 1: the smaller cohort goes to "(other)"; customers without the trait are "(none)".
    const limited = run([...calls.filter((c) => !(c.type === 'identify' && c.userId === 'e'))], { mode: 'first-time', cohortBy: { trait: 'plan', limit: 1 } });
    expect(rows(limited).map((row) => [row[0], row[1]])).toEqual([
      ['pro', 2],
      ['(other)', 2], // b (free) and e (none)
    ]);
  });

  it('weeks start on Monday 00:00 in the query time zone (Europe/Stockholm)', () => {
    const calls = [
      track('x', 'Signed Up', '2024-03-31T21:30:00Z'), // Sunday 23:30 CEST: week of 25 March
      track('x', 'Login', '2024-03-31T22:30:00Z'), // Monday 1 April 00:30 CEST: next week (in UTC it would be the same week)
    ];
    const q = { interval: 'week' as const, periods: 1, from: '2024-03-24T23:00:00Z', to: '2024-04-07T22:00:00Z' };
    expect(rows(run(calls, { ...q, timeZone: 'Europe/Stockholm' }))).toEqual([
      ['2024-03-24T23:00:00.000Z', 1, [1, 1], [1, 1]],
      ['2024-03-31T22:00:00.000Z', 0, [0, null], [0, 0]],
    ]);
    // In UTC the period touches three weeks (from 18, 25 March and 1 April) and the login falls in the
    // sign-up's own week: nobody is back in period 1.
    expect(rows(run(calls, { ...q, timeZone: 'UTC' }))).toEqual([
      ['2024-03-18T00:00:00.000Z', 0, [0, 0], [0, 0]],
      ['2024-03-25T00:00:00.000Z', 1, [1, 0], [1, 1]],
      ['2024-04-01T00:00:00.000Z', 0, [0, null], [0, 0]],
    ]);
  });
});
