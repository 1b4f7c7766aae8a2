import { describe, expect, it } from 'vitest';
import { AttributionQuery } from '../../../common/analytics/attribution.ts';
import type { AttributionQueryInput, AttributionResult } from '../../../common/analytics/attribution.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import type { JourneyDefinitionInput, MatchRuleInput } from '../../../common/journeys/model.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { referenceAttribution } from '../../../test/helpers/analytics-reference/attribution.ts';
import type { AnalyticsCustomer } from '../../../test/helpers/analytics-reference/events.ts';
import { numberIn } from '../../../test/helpers/analytics-reference/trends.ts';
import { ruleMatches } from '../../../test/helpers/journey-reference.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import { attributionKernel } from './attribution-kernel.ts';

/**
 * The attribution kernel against the plain reference (test/helpers/analytics-reference/attribution.ts)
 * on seeded random call streams and random queries, plus hand-picked edge cases. The rule-based
 * models add the same numbers in the same order as the reference, so they must be equal to the bit;
 * the Markov numbers are solved another way (markov.ts) and must agree within a relative 1e-9.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ORIGIN = Date.parse('2024-03-20T00:00:00Z');
const SPAN = 24 * DAY;

const CAMPAIGNS: Record<string, unknown>[] = [
  {},
  {},
  { source: 'google', medium: 'cpc', name: 'spring' },
  { source: 'news', medium: 'email', name: 'jan' },
  { medium: 'social' },
  { source: 'google', medium: '' },
  { source: '(direct)' }, // a literal "(direct)" is the same channel as a direct visit
  { source: 'fb', name: 7 },
];
const REFERRERS = [undefined, undefined, '', 'https://www.google.com/search?q=x', 'https://shop.se/x', 'HTTPS://WWW.Shop.SE:443/cart', 'https://t.co/abc', 'https://blog.shop.se/', 'not a url', 'android-app://com.google.android.gm/'];
const URLS = [undefined, 'https://shop.se/', 'https://www.shop.se/p/1', 'https://blog.shop.se/post'];
const REVENUES = [10, '25.5', undefined, 'x', -3, '007', '1e3', 12.25, ''];

/** Visits of anonymous visitors who later identify or are aliased, UTM and referrers, orders with all sorts of revenue. */
function randomCalls(r: ReturnType<typeof rng>): Call[] {
  const calls: Call[] = [];
  const users = 3 + r.int(12);
  let n = 0;
  let last = ORIGIN;
  const time = () => {
    // Often within a visit (seconds to minutes after the previous call), sometimes the same instant, else anywhere.
    const roll = r.next();
    if (roll < 0.1) return new Date(last).toISOString();
    last = roll < 0.55 ? last + r.int(40) * MINUTE : ORIGIN + r.int(SPAN / MINUTE) * MINUTE;
    return new Date(last).toISOString();
  };
  const who = (): Pick<Call, 'userId' | 'anonymousId'> => {
    const u = r.int(users);
    const roll = r.next();
    if (roll < 0.25) return { anonymousId: `anon${u}` };
    if (roll < 0.3) return { anonymousId: `stray${r.int(3)}` };
    return { userId: `u${u}` };
  };
  const count = 30 + r.int(250);
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const base = { messageId: `m${n++}`, timestamp: time(), ...who() };
    if (roll < 0.45) {
      const page: Record<string, unknown> = { referrer: r.pick(REFERRERS), url: r.pick(URLS) };
      const properties: Record<string, unknown> = { path: r.pick(['/', '/p/1', '/checkout/done']) };
      if (r.next() < 0.1) properties.referrer = r.pick(REFERRERS);
      if (r.next() < 0.1) properties.url = r.pick(URLS);
      calls.push({ ...base, type: 'page', name: 'Page', properties, context: { campaign: r.pick(CAMPAIGNS), page } });
    } else if (roll < 0.6) {
      calls.push({ ...base, type: 'track', event: 'Order Completed', properties: { revenue: r.pick(REVENUES), total: r.pick(REVENUES) }, context: r.next() < 0.3 ? { campaign: r.pick(CAMPAIGNS) } : {} });
    } else if (roll < 0.72) {
      calls.push({ ...base, type: 'track', event: r.pick(['Ad Clicked', 'Email Clicked', 'Login']), properties: {}, context: { campaign: r.pick(CAMPAIGNS) } });
    } else if (roll < 0.77) {
      calls.push({ ...base, type: 'screen', name: 'Feed', properties: {}, context: { campaign: r.pick(CAMPAIGNS) } });
    } else if (roll < 0.82) {
      // Derived stage entries: never activity, so they neither start nor continue a visit.
      calls.push({ ...base, type: 'track', event: 'Journey Stage Entered', properties: { journey_id: 'j1', stage_key: 'buy' }, context: { campaign: { source: 'stage' } } });
    } else if (roll < 0.9) {
      const u = r.int(users);
      calls.push({ ...base, type: 'identify', userId: `u${u}`, anonymousId: r.next() < 0.7 ? `anon${u}` : undefined, traits: {}, context: { campaign: { source: 'identify' } } });
    } else if (roll < 0.94) {
      const u = r.int(users);
      calls.push({ type: 'alias', messageId: `m${n++}`, timestamp: time(), userId: `u${u}`, previousId: `anon${u}` });
    } else if (calls.length > 0) calls.push(r.pick(calls)); // a retried call: same messageId
  }
  return calls;
}

const RULES: MatchRuleInput[] = [
  { events: ['Ad Clicked'] },
  { events: ['Email Clicked'] },
  { type: 'page', nth: 2 },
  { type: 'page' },
  { type: 'page', pagePath: '/p/*' },
  { events: ['Order Completed'] }, // the conversion itself: never its own touch
  { utm: { source: 'google' } },
  { type: 'screen' },
  { events: ['Login'], nth: 3 },
];

function randomJourney(r: ReturnType<typeof rng>): JourneyDefinitionInput {
  const order = RULES.map((rule, k) => ({ rule, k })).sort(() => r.next() - 0.5);
  const tps = order.slice(0, 2 + r.int(order.length - 1)).map(({ rule, k }) => ({ id: `tp${k}`, name: `Touchpoint ${k}`, channel: 'web' as const, kind: 'digital' as const, rule }));
  const cut = r.int(tps.length + 1);
  return {
    stages: [
      { id: 's1', key: 'aware', name: 'Aware', touchpoints: tps.slice(0, cut) },
      { id: 's2', key: 'buy', name: 'Buy', touchpoints: tps.slice(cut) },
    ],
  };
}

const CONVERSIONS: EventMatcherInput[] = [
  { event: 'Order Completed' },
  { event: 'Order Completed' },
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'exists' }] },
  { type: 'page', pagePath: '/checkout/*' },
  { event: 'Login' },
];

function randomQuery(r: ReturnType<typeof rng>): AttributionQueryInput {
  const from = ORIGIN + r.int(SPAN / 2 / HOUR) * HOUR + r.pick([0, 17 * MINUTE]);
  const to = r.next() < 0.2 ? ORIGIN + SPAN + DAY : from + HOUR + r.int(SPAN / HOUR) * HOUR;
  return {
    conversion: r.pick(CONVERSIONS),
    revenueProperty: r.pick(['properties.revenue', 'properties.revenue', 'properties.total']),
    channel: r.pick(['utm_source', 'utm_medium', 'utm_campaign', 'source_medium', 'referrer', { journeyId: 'j1' }] as const),
    lookbackMs: r.pick([0, 10 * MINUTE, HOUR, DAY, 3 * DAY, 7 * DAY, 30 * DAY]),
    halfLifeMs: r.pick([MINUTE, HOUR, DAY, 7 * DAY]),
    inactivityMs: r.pick([MINUTE, 30 * MINUTE, 2 * HOUR, 24 * HOUR]),
    siteHosts: r.pick([[], ['shop.se'], ['WWW.Shop.se', 't.co'], ['google.com', 'blog.shop.se']]),
    from,
    to,
  };
}

/** Per event: the first touchpoint in map order whose rule matches it (nth rules: only their n-th match), -1 none. */
function touchpointsOf(customers: AnalyticsCustomer[], journey: JourneyDefinitionInput): { touchpoint: Int32Array; ids: string[]; names: string[] } {
  const tps = (journey.stages ?? []).flatMap((s) => s.touchpoints ?? []);
  const out: number[] = [];
  for (const c of customers) {
    const matched = tps.map((tp) => {
      const positions: number[] = [];
      c.events.forEach((e, pos) => {
        if (ruleMatches(tp.rule, e.call)) positions.push(pos);
      });
      const nth = tp.rule.nth ?? 1;
      return new Set(positions.slice(nth - 1, nth === 1 ? undefined : nth));
    });
    c.events.forEach((_, pos) => out.push(matched.findIndex((s) => s.has(pos))));
  }
  return { touchpoint: Int32Array.from(out), ids: tps.map((tp) => tp.id), names: tps.map((tp) => tp.name) };
}

/** Runs the kernel the way the service will: the conversion mask, revenue per event and (journey) touchpoint per event. */
function runKernel(calls: Call[], q: AttributionQuery, journey?: JourneyDefinitionInput): AttributionResult {
  const { columns, customers } = columnsOf(calls);
  const conversionMask = Uint8Array.from(masksOf(customers, [q.conversion]));
  const revenue = Float64Array.from(customers.flatMap((c) => c.events.map((e) => numberIn(e.call, q.revenueProperty) ?? NaN)));
  if (typeof q.channel === 'string' || !journey) return attributionKernel(columns, { conversionMask, revenue }, q);
  const tps = touchpointsOf(customers, journey);
  return attributionKernel(columns, { conversionMask, revenue, touchpoint: tps.touchpoint, touchpointIds: tps.ids, touchpointNames: tps.names }, q);
}

/** The answer without the Markov numbers, which are compared within a tolerance. */
function ruleBased(r: AttributionResult) {
  return {
    channels: r.channels.map((c) => ({ ...c, conversions: { ...c.conversions, markov: 0 }, revenue: { ...c.revenue, markov: 0 }, removalEffect: 0 })),
    totals: { ...r.totals, conversionProbability: r.totals.conversionProbability === null ? null : 0 },
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function expectSame(actual: AttributionResult, expected: AttributionResult, label: string) {
  expect(ruleBased(actual), label).toEqual(ruleBased(expected));
  const markov = (r: AttributionResult) => [r.totals.conversionProbability ?? -1, ...r.channels.flatMap((c) => [c.removalEffect, c.conversions.markov, c.revenue.markov])];
  const a = markov(actual);
  const e = markov(expected);
  const off = a.findIndex((x, i) => !close(x, e[i] as number));
  expect(off, `${label}\nmarkov: ${JSON.stringify(a)}\nreference: ${JSON.stringify(e)}`).toBe(-1);
}

describe('attribution kernel', () => {
  it('equals the reference on random streams and queries (every channel kind, lookback, half-life, inactivity, site hosts)', () => {
    const r = rng(7);
    let cases = 0;
    let converting = 0;
    let withNull = 0;
    let markovMixed = 0;
    const kinds = new Set<string>();
    for (let stream = 0; stream < 70; stream++) {
      const calls = randomCalls(r);
      const journey = randomJourney(r);
      for (let k = 0; k < 6; k++) {
        const q = AttributionQuery.parse(randomQuery(r));
        const expected = referenceAttribution(calls, q, journey);
        expectSame(runKernel(calls, q, journey), expected, JSON.stringify({ stream, q, journey }));
        cases++;
        kinds.add(typeof q.channel === 'string' ? q.channel : 'journey');
        if (expected.totals.conversions > 0) converting++;
        if (expected.totals.nullPaths > 0) withNull++;
        const p = expected.totals.conversionProbability;
        if (p !== null && p > 0 && p < 1 && expected.channels.length > 2) markovMixed++;
      }
    }
    // The generator must exercise conversions, null paths and non-trivial chains, not empty answers.
    expect(cases).toBe(420);
    expect(kinds.size).toBe(6);
    expect(converting).toBeGreaterThan(250);
    expect(withNull).toBeGreaterThan(250);
    expect(markovMixed).toBeGreaterThan(150);
  });

  const page = (user: string, timestamp: string, context: Record<string, unknown> = {}, id = `${user}${timestamp}`): Call => ({ type: 'page', messageId: id, userId: user, timestamp, properties: {}, context });
  const order = (user: string, timestamp: string, revenue?: unknown, id = `o${user}${timestamp}`): Call => ({ type: 'track', messageId: id, userId: user, event: 'Order Completed', timestamp, properties: revenue === undefined ? {} : { revenue } });
  const query = (q: Partial<AttributionQueryInput>) => AttributionQuery.parse({ conversion: { event: 'Order Completed' }, from: '2024-01-10T00:00:00Z', to: '2024-01-20T00:00:00Z', ...q });

  it('edge cases: no events, conversions at `from` and `to`, a touch exactly lookbackMs before, a visit started by the order, equal timestamps', () => {
    const streams: Call[][] = [
      [],
      [page('a', '2024-01-12T10:00:00Z', { campaign: { source: 'google' } })], // a null path only: P(conversion) 0
      [page('a', '2024-01-09T23:59:59.999Z', { campaign: { source: 'google' } })], // 1 ms before `from`: on no path at all
      [page('a', '2024-01-10T00:00:00Z', { campaign: { source: 'google' } }), page('a', '2024-01-20T00:00:00Z', { campaign: { source: 'fb' } })], // at `from`: a null path; at `to`: no touch
      [order('a', '2024-01-10T00:00:00Z', 5), order('a', '2024-01-20T00:00:00Z', 7)], // at from: counted, at to: not
      [page('a', '2024-01-09T00:00:00Z', { campaign: { source: 'google' } }), order('a', '2024-01-10T00:00:00Z', 5)], // exactly the lookback (1 day)
      [page('a', '2024-01-08T23:59:59.999Z', { campaign: { source: 'google' } }), order('a', '2024-01-10T00:00:00Z', 5)], // 1 ms too early
      // The order starts a visit: no touch of its own, and the page after it continues that visit (no touch either).
      [order('a', '2024-01-12T10:00:00Z', 5), page('a', '2024-01-12T10:05:00Z', { campaign: { source: 'google' } })],
      // Same instant: the page (earlier seq) is before the order and is its touch; the second order has none.
      [page('a', '2024-01-12T10:00:00Z', { campaign: { source: 'google' } }, '1'), order('a', '2024-01-12T10:00:00Z', 5, '2'), order('a', '2024-01-12T10:00:00Z', 6, '3')],
      // A track call without an event name is activity (and no stage entry is in the data).
      [{ type: 'track', messageId: 'n', userId: 'a', timestamp: '2024-01-12T09:00:00Z', properties: {}, context: { campaign: { source: 'nameless' } } }, order('a', '2024-01-12T10:00:00Z', 5)],
    ];
    for (const calls of streams) {
      for (const channel of ['utm_source', 'source_medium', 'referrer'] as const) {
        const q = query({ channel, lookbackMs: DAY });
        expectSame(runKernel(calls, q), referenceAttribution(calls, q), JSON.stringify(calls));
      }
    }
    expect(runKernel([], query({})).totals).toEqual({ conversions: 0, revenue: 0, nullPaths: 0, conversionProbability: null });
  });

  it('time decay with a one-minute half-life and touches days old: finite credits that sum to 1', () => {
    const calls = [page('a', '2024-01-11T00:00:00Z', { campaign: { source: 'google' } }), page('a', '2024-01-12T00:00:00Z', { campaign: { source: 'email' } }), order('a', '2024-01-15T00:00:00Z', 10)];
    // google is 1440 half-lives before email: 2^(−1440) is 0 in doubles, and measured from the order both would be.
    const q = query({ channel: 'utm_source', halfLifeMs: MINUTE, lookbackMs: 30 * DAY });
    const res = runKernel(calls, q);
    expectSame(res, referenceAttribution(calls, q), 'decay');
    const decay = Object.fromEntries(res.channels.map((c) => [c.channel, c.conversions.time_decay]));
    expect(decay).toEqual({ google: 0, email: 1 });
  });

  it('Markov: the removal effects of the reference fixture, and a chain with a loop (A → B → A)', () => {
    const utm = (user: string, timestamp: string, source: string) => page(user, timestamp, { campaign: { source } });
    const calls = [
      utm('a', '2024-01-11T10:00:00Z', 'A'),
      utm('a', '2024-01-12T10:00:00Z', 'B'),
      utm('a', '2024-01-13T10:00:00Z', 'A'),
      order('a', '2024-01-14T10:00:00Z', 30),
      utm('b', '2024-01-11T10:00:00Z', 'B'),
      utm('c', '2024-01-11T10:00:00Z', 'A'),
      utm('c', '2024-01-12T10:00:00Z', 'C'),
    ];
    const q = query({ channel: 'utm_source', lookbackMs: 7 * DAY });
    const res = runKernel(calls, q);
    expectSame(res, referenceAttribution(calls, q), 'loop');
    // start → A (2/3), B (1/3); A → B 1/3, conv 1/3, C 1/3; B → A 1/2, null 1/2; C → null.
    // x_A = 1/3 + x_B/3, x_B = x_A/2 → x_A = 2/5, x_B = 1/5, P = 2/3·2/5 + 1/3·1/5 = 1/3.
    // Without A: 0 (effect 1). Without B: x_A = 1/3, P = 2/9 (effect 1/3). Without C: unchanged (0).
    const effect = Object.fromEntries(res.channels.map((c) => [c.channel, c.removalEffect]));
    expect(res.totals.conversionProbability).toBeCloseTo(1 / 3, 14);
    expect(effect.A).toBeCloseTo(1, 14);
    expect(effect.B).toBeCloseTo(1 / 3, 14);
    expect(effect.C).toBe(0);
  });
});
