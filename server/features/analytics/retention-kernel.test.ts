import { describe, expect, it } from 'vitest';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import { RetentionQuery } from '../../../common/analytics/retention.ts';
import type { RetentionQueryInput } from '../../../common/analytics/retention.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { traitOf } from '../../../test/helpers/analytics-reference/events.ts';
import { referenceRetention } from '../../../test/helpers/analytics-reference/retention.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import { retentionKernel } from './retention-kernel.ts';

/**
 * The retention kernel against the plain reference (test/helpers/analytics-reference/retention.ts) on
 * seeded random call streams and random queries, plus hand-picked edge cases. Results must be equal
 * (every number is an integer count, or a ratio of two computed the same way).
 */

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32: small, seedable, good enough for test data.
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)] as T;
  return { next, int, pick };
}

const DAY = 86_400_000;
// Around the Stockholm spring-forward (31 March 2024) and fall-back (27 October 2024) weekends.
const ORIGINS = [Date.parse('2024-03-10T00:00:00Z'), Date.parse('2024-10-06T00:00:00Z'), Date.parse('2023-12-20T00:00:00Z')];
const TIME_ZONES = ['UTC', 'Europe/Stockholm', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const PLANS = ['free', 'pro', 'team', 'Pro', '', '(none)', 5, null];

/** A stream with anonymous visitors who later identify or are aliased, duplicate timestamps and messageIds, traits. */
function randomCalls(r: ReturnType<typeof rng>, origin: number, spanMs: number): Call[] {
  const calls: Call[] = [];
  const times: number[] = [];
  const users = 4 + r.int(14);
  let n = 0;
  const time = () => {
    // Reuse an earlier timestamp now and then (ties are ordered by seq), else a minute in the span.
    const t = times.length > 0 && r.next() < 0.15 ? r.pick(times) : origin + r.int(Math.floor(spanMs / 60_000)) * 60_000 + r.pick([0, 0, 999]);
    times.push(t);
    return new Date(t).toISOString();
  };
  const who = (): Pick<Call, 'userId' | 'anonymousId'> => {
    const u = r.int(users);
    const roll = r.next();
    if (roll < 0.2) return { anonymousId: `anon${u}` };
    if (roll < 0.3) return { anonymousId: `stray${r.int(4)}` }; // never identified
    return { userId: `u${u}` };
  };
  const count = 40 + r.int(260);
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const id = who();
    const base = { messageId: `m${n++}`, timestamp: time(), ...id };
    if (roll < 0.25) calls.push({ ...base, type: 'track', event: 'Login', properties: {} });
    else if (roll < 0.35) calls.push({ ...base, type: 'track', event: 'Signed Up', properties: {}, context: r.next() < 0.3 ? { traits: { plan: r.pick(PLANS) } } : {} });
    else if (roll < 0.45) calls.push({ ...base, type: 'track', event: 'Order Completed', properties: r.next() < 0.5 ? { revenue: r.pick([10, '5', 'x']) } : {} });
    else if (roll < 0.65) calls.push({ ...base, type: 'page', name: r.pick(['Home', 'Product']), properties: { path: r.pick(['/', '/p/1', '/p/2', '/cart']) } });
    else if (roll < 0.7) calls.push({ ...base, type: 'screen', name: 'Feed', properties: {} });
    else if (roll < 0.75) calls.push({ ...base, type: 'track', event: 'Journey Stage Entered', properties: { journey_id: 'j1', stage_key: r.pick(['aware', 'buy']) } });
    else if (roll < 0.85) {
      const u = r.int(users);
      calls.push({ ...base, type: 'identify', userId: `u${u}`, anonymousId: r.next() < 0.6 ? `anon${u}` : undefined, traits: r.next() < 0.7 ? { plan: r.pick(PLANS) } : {} });
    } else if (roll < 0.9) {
      const u = r.int(users);
      calls.push({ type: 'alias', messageId: `m${n++}`, timestamp: time(), userId: `u${u}`, previousId: `anon${u}` });
    } else if (roll < 0.95 && calls.length > 0) calls.push(r.pick(calls)); // a retried call: same messageId
    else calls.push({ ...base, type: 'group', groupId: 'g1', traits: {} });
  }
  return calls;
}

const MATCHERS: EventMatcherInput[] = [
  { event: 'Signed Up' },
  { event: 'Login' },
  {},
  { type: 'page' },
  { type: 'page', pagePath: '/p/*' },
  { type: 'screen', event: 'Feed' },
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'exists' }] },
  { stage: { journeyId: 'j1', stageKey: 'buy' } },
];

const SPAN: Record<'day' | 'week' | 'month', number> = { day: 40 * DAY, week: 24 * 7 * DAY, month: 400 * DAY };

function randomQuery(r: ReturnType<typeof rng>, origin: number): RetentionQueryInput {
  const interval = r.pick(['day', 'week', 'month'] as const);
  const span = SPAN[interval];
  // Periods starting before, inside and at odd hours within the stream; sometimes covering all of it.
  const from = origin - span / 10 + r.int(Math.floor(span / 2 / 60_000)) * 60_000;
  const to = r.next() < 0.2 ? origin + span + DAY : from + 1 + r.int(Math.floor(span * 0.8));
  const q: RetentionQueryInput = {
    start: r.pick(MATCHERS),
    mode: r.pick(['first-time', 'recurring'] as const),
    interval,
    periods: r.next() < 0.1 ? 120 : 1 + r.int(12),
    from,
    to,
    timeZone: r.pick(TIME_ZONES),
  };
  if (r.next() < 0.5) q.return = r.pick(MATCHERS);
  if (r.next() < 0.4) q.cohortBy = { trait: r.next() < 0.9 ? 'plan' : 'missing', limit: 1 + r.int(4) };
  return q;
}

/** Runs the kernel the way the service will: masks from the matchers, trait values as per-customer codes. */
function runKernel(calls: Call[], q: RetentionQuery) {
  const { columns, customers } = columnsOf(calls);
  const masks = masksOf(customers, [q.start, q.return ?? q.start]);
  const startMask = new Uint8Array(masks.length);
  const returnMask = new Uint8Array(masks.length);
  masks.forEach((m, i) => {
    startMask[i] = m & 1;
    returnMask[i] = (m >>> 1) & 1;
  });
  if (q.cohortBy === 'start') return retentionKernel(columns, { startMask, returnMask }, q);
  const groupNames: string[] = [];
  const codes = new Map<string, number>();
  const customerGroup = new Int32Array(customers.length);
  customers.forEach((c, i) => {
    const v = traitOf(c, q.cohortBy === 'start' ? '' : q.cohortBy.trait);
    if (v === null || v === '') {
      customerGroup[i] = -1;
      return;
    }
    let code = codes.get(v);
    if (code === undefined) {
      code = groupNames.push(v) - 1;
      codes.set(v, code);
    }
    customerGroup[i] = code;
  });
  return retentionKernel(columns, { startMask, returnMask, customerGroup, groupNames }, q);
}

describe('retention kernel', () => {
  it('equals the reference on random streams and queries (every mode, interval, zone, cohort kind)', () => {
    const r = rng(20240331);
    let cases = 0;
    let withEntries = 0;
    let withReturns = 0;
    for (let stream = 0; stream < 60; stream++) {
      const origin = r.pick(ORIGINS);
      const interval = r.pick(['day', 'week', 'month'] as const);
      const calls = randomCalls(r, origin, SPAN[interval]);
      for (let k = 0; k < 6; k++) {
        const q = RetentionQuery.parse(randomQuery(r, origin));
        const expected = referenceRetention(calls, q);
        const actual = runKernel(calls, q);
        expect(actual, JSON.stringify(q)).toEqual(expected);
        cases++;
        if (expected.overall[0]?.observed) withEntries++;
        if (expected.overall.some((p) => p.period > 0 && p.returned > 0)) withReturns++;
      }
    }
    // The generator must actually exercise entries and returns, not compare empty answers.
    expect(cases).toBe(360);
    expect(withEntries).toBeGreaterThan(200);
    expect(withReturns).toBeGreaterThan(100);
  });

  it('Stockholm DST: a 23-hour and a 25-hour day are one bucket each; returns at local midnight land in the next day', () => {
    const track = (user: string, event: string, timestamp: string, id: string): Call => ({ type: 'track', messageId: id, userId: user, event, timestamp, properties: {} });
    const calls = [
      track('a', 'Signed Up', '2024-03-30T22:59:59.999Z', '1'), // 30 March 23:59:59.999 CET
      track('a', 'Login', '2024-03-30T23:00:00Z', '2'), // 31 March 00:00 CET: next day
      track('a', 'Login', '2024-03-31T21:59:59Z', '3'), // 31 March 23:59:59 CEST: still the 23-hour day
      track('a', 'Login', '2024-03-31T22:00:00Z', '4'), // 1 April 00:00 CEST
      track('b', 'Signed Up', '2024-10-26T22:00:00Z', '5'), // 27 October 00:00 CEST
      track('b', 'Login', '2024-10-27T22:59:59Z', '6'), // 27 October 23:59:59 CET: the 25-hour day
    ];
    for (const period of [
      { from: '2024-03-30T12:00:00Z', to: '2024-04-01T22:00:00Z' },
      { from: '2024-10-26T00:00:00Z', to: '2024-10-29T00:00:00Z' },
    ]) {
      for (const mode of ['first-time', 'recurring'] as const) {
        const q = RetentionQuery.parse({ start: { event: 'Signed Up' }, return: { event: 'Login' }, mode, interval: 'day', periods: 3, timeZone: 'Europe/Stockholm', ...period });
        expect(runKernel(calls, q)).toEqual(referenceRetention(calls, q));
      }
    }
    const q = RetentionQuery.parse({ start: { event: 'Signed Up' }, return: { event: 'Login' }, interval: 'day', periods: 3, timeZone: 'Europe/Stockholm', from: '2024-03-30T12:00:00Z', to: '2024-04-01T22:00:00Z' });
    // Buckets 30, 31 March, 1 April (the period ends at 2 April 00:00 CEST): a is back at periods 1 and 2, period 3 is not observed.
    expect(runKernel(calls, q).cohorts[0]?.values).toEqual([1, 1, 1, null]);
  });

  it('edge cases: no events, no start event, first start before `from`, events exactly at `from` and `to`', () => {
    const track = (user: string, event: string, timestamp: string, id: string): Call => ({ type: 'track', messageId: id, userId: user, event, timestamp, properties: {} });
    const from = '2024-01-01T00:00:00Z';
    const to = '2024-01-04T00:00:00Z';
    const streams: Call[][] = [
      [],
      [track('a', 'Login', '2024-01-02T00:00:00Z', '1')],
      [track('a', 'Signed Up', '2023-12-31T23:59:59.999Z', '1'), track('a', 'Signed Up', from, '2'), track('a', 'Login', '2024-01-02T00:00:00Z', '3')],
      [track('a', 'Signed Up', from, '1'), track('a', 'Login', to, '2'), track('b', 'Signed Up', '2024-01-03T23:59:59.999Z', '3')],
      // Same timestamp: the return before the start (by seq) is in the entry bucket and plays no part.
      [track('a', 'Login', '2024-01-02T10:00:00Z', '1'), track('a', 'Signed Up', '2024-01-02T10:00:00Z', '2'), track('a', 'Login', '2024-01-03T10:00:00Z', '3')],
    ];
    for (const calls of streams) {
      for (const mode of ['first-time', 'recurring'] as const) {
        for (const cohortBy of ['start', { trait: 'plan' }] as const) {
          const q = RetentionQuery.parse({ start: { event: 'Signed Up' }, return: { event: 'Login' }, mode, interval: 'day', periods: 2, from, to, cohortBy });
          expect(runKernel(calls, q)).toEqual(referenceRetention(calls, q));
        }
      }
    }
  });

  it('a trait with many values keeps the top `limit` by entries, ties by value; the rest is "(other)"', () => {
    // Few values (counted per value in one pass) and, with unique e-mails, more than 256 (ranked on a pass of its own).
    const calls: Call[] = [];
    let id = 0;
    for (let i = 0; i < 400; i++) {
      const user = `u${i}`;
      const plan = i < 360 ? `p${String(i % 10).padStart(2, '0')}` : i < 380 ? `p0${i % 3}` : undefined;
      const email = i % 50 === 0 ? undefined : i % 7 === 0 ? 'shared@x.se' : `${user}@x.se`;
      calls.push({ type: 'identify', messageId: `m${id++}`, userId: user, timestamp: '2023-12-01T00:00:00Z', traits: { plan, email } });
      calls.push({ type: 'track', messageId: `m${id++}`, userId: user, event: 'Signed Up', timestamp: `2024-01-0${1 + (i % 3)}T10:00:00Z`, properties: {} });
      if (i % 2 === 0) calls.push({ type: 'track', messageId: `m${id++}`, userId: user, event: 'Signed Up', timestamp: '2024-01-04T10:00:00Z', properties: {} });
      if (i % 3 === 0) calls.push({ type: 'track', messageId: `m${id++}`, userId: user, event: 'Signed Up', timestamp: '2024-01-03T10:00:00Z', properties: {} });
    }
    const emails = new Set(calls.flatMap((c) => (c.type === 'identify' && typeof c.traits?.email === 'string' ? [c.traits.email] : [])));
    expect(emails.size).toBeGreaterThan(256); // past the kernel's one-pass limit
    for (const trait of ['plan', 'email']) {
      for (const mode of ['first-time', 'recurring'] as const) {
        for (const limit of [1, 3, 10, 50]) {
          const q = RetentionQuery.parse({ start: { event: 'Signed Up' }, mode, interval: 'day', periods: 3, from: '2024-01-01T00:00:00Z', to: '2024-01-05T00:00:00Z', cohortBy: { trait, limit } });
          const expected = referenceRetention(calls, q);
          expect(runKernel(calls, q), `${trait} ${mode} ${limit}`).toEqual(expected);
          if (trait === 'plan') expect(expected.cohorts.length).toBe(Math.min(limit, 11) + (limit < 11 ? 1 : 0));
          else expect(expected.cohorts.length).toBe(limit + 1);
        }
      }
    }
  });
});
