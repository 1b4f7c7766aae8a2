import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODELS, AttributionQuery } from '../common/analytics/attribution.ts';
import type { AttributionQueryInput, AttributionResult } from '../common/analytics/attribution.ts';
import type { JourneyDefinitionInput } from '../common/journeys/model.ts';
import type { Call } from './helpers/journey-reference.ts';
import { referenceAttribution } from './helpers/analytics-reference/attribution.ts';

/** Hand-checked fixtures for the attribution reference (docs/analytics.md#attribution). */

let n = 0;
const page = (user: string, timestamp: string, context: Record<string, unknown> = {}): Call => ({ type: 'page', messageId: `m${++n}`, userId: user, timestamp, properties: {}, context });
const utm = (user: string, timestamp: string, campaign: Record<string, string>) => page(user, timestamp, { campaign });
const order = (user: string, timestamp: string, revenue?: unknown): Call => ({ type: 'track', messageId: `m${++n}`, userId: user, event: 'Order Completed', timestamp, properties: revenue === undefined ? {} : { revenue } });
const track = (user: string, event: string, timestamp: string): Call => ({ type: 'track', messageId: `m${++n}`, userId: user, event, timestamp, properties: {} });

const DAY = 86_400_000;
const run = (calls: Call[], q: Partial<AttributionQueryInput>, journey?: JourneyDefinitionInput): AttributionResult =>
  referenceAttribution(calls, AttributionQuery.parse({ conversion: { event: 'Order Completed' }, from: '2024-01-10T00:00:00Z', to: '2024-01-20T00:00:00Z', lookbackMs: 7 * DAY, halfLifeMs: DAY, ...q }), journey);
const model = (r: AttributionResult, m: 'conversions' | 'revenue', name: (typeof ATTRIBUTION_MODELS)[number]) => Object.fromEntries(r.channels.filter((c) => c[m][name] !== 0).map((c) => [c.channel, c[m][name]]));

/** Every model's conversions and revenue add up to the totals. */
function expectReconciles(r: AttributionResult) {
  for (const m of ATTRIBUTION_MODELS) {
    let conversions = 0;
    let revenue = 0;
    for (const c of r.channels) {
      conversions += c.conversions[m];
      revenue += c.revenue[m];
    }
    expect(conversions, m).toBeCloseTo(r.totals.conversions, 9);
    expect(revenue, m).toBeCloseTo(r.totals.revenue, 9);
  }
}

// Period 10–20 January, lookback 7 days (touches from 3 January), half-life 1 day, channel utm_source.
const CALLS: Call[] = [
  // a: google → email → (direct) → order 100; then (direct) → order "50".
  utm('a', '2024-01-05T10:00:00Z', { source: 'google' }),
  utm('a', '2024-01-08T10:00:00Z', { source: 'email' }),
  page('a', '2024-01-09T10:00:00Z'), // a visit without a campaign: (direct)
  utm('a', '2024-01-09T10:05:00Z', { source: 'facebook' }), // same visit: only its first event names the channel
  order('a', '2024-01-10T10:00:00Z', 100),
  page('a', '2024-01-11T10:00:00Z'),
  order('a', '2024-01-12T10:00:00Z', '50'), // after the first order, the path restarts: (direct) only
  // b: google, an order before the period (which ends that path), newsletter exactly 7 days before the
  // counted order (inside the lookback), google → order without revenue.
  utm('b', '2024-01-06T12:00:00Z', { source: 'google' }),
  order('b', '2024-01-07T12:00:00Z', 999),
  utm('b', '2024-01-08T12:00:00Z', { source: 'newsletter' }),
  utm('b', '2024-01-14T12:00:00Z', { source: 'google' }),
  order('b', '2024-01-15T12:00:00Z'),
  // c: a visit 7 days and 6 hours before the order (outside the lookback): the order is (direct), 30.
  // Then facebook with no order after it: a path to null.
  utm('c', '2024-01-03T06:00:00Z', { source: 'google' }),
  order('c', '2024-01-10T12:00:00Z', 30),
  utm('c', '2024-01-18T10:00:00Z', { source: 'facebook' }),
  // d: google → (direct), no order: a path to null.
  utm('d', '2024-01-15T10:00:00Z', { source: 'google' }),
  page('d', '2024-01-16T10:00:00Z'),
];

describe('attribution reference', () => {
  // Conversion paths: a1 google → email → (direct); a2 (direct); b newsletter → google; c none → (direct).
  // Revenue: 100, 50, 0, 30 = 180.
  const r = run(CALLS, { channel: 'utm_source' });

  it('totals and the order of channels (last-touch conversions, then name)', () => {
    expect(r.totals).toEqual({ conversions: 4, revenue: 180, nullPaths: 2, conversionProbability: expect.closeTo(2 / 3, 12) });
    expect(r.channels.map((c) => c.channel)).toEqual(['(direct)', 'google', 'email', 'facebook', 'newsletter']);
    expectReconciles(r);
  });

  it('first touch, last touch and last non-direct', () => {
    expect(model(r, 'conversions', 'first_touch')).toEqual({ '(direct)': 2, google: 1, newsletter: 1 });
    expect(model(r, 'revenue', 'first_touch')).toEqual({ '(direct)': 80, google: 100 });
    expect(model(r, 'conversions', 'last_touch')).toEqual({ '(direct)': 3, google: 1 });
    expect(model(r, 'revenue', 'last_touch')).toEqual({ '(direct)': 180 });
    // a1's last touch is (direct); the last non-direct one is email. a2 and c have only (direct).
    expect(model(r, 'conversions', 'last_non_direct')).toEqual({ '(direct)': 2, email: 1, google: 1 });
    expect(model(r, 'revenue', 'last_non_direct')).toEqual({ '(direct)': 80, email: 100 });
  });

  it('linear and position-based (40/20/40; two touches 50/50; one touch 100 %)', () => {
    const linear = model(r, 'conversions', 'linear');
    expect(linear.google).toBeCloseTo(1 / 3 + 1 / 2, 12);
    expect(linear.email).toBeCloseTo(1 / 3, 12);
    expect(linear['(direct)']).toBeCloseTo(1 / 3 + 1 + 1, 12);
    expect(linear.newsletter).toBeCloseTo(1 / 2, 12);
    expect(model(r, 'revenue', 'linear').email).toBeCloseTo(100 / 3, 12);
    const position = model(r, 'conversions', 'position_based');
    expect(position.google).toBeCloseTo(0.4 + 0.5, 12);
    expect(position.email).toBeCloseTo(0.2, 12);
    expect(position['(direct)']).toBeCloseTo(0.4 + 1 + 1, 12);
    expect(position.newsletter).toBeCloseTo(0.5, 12);
    expect(model(r, 'revenue', 'position_based')).toEqual({ google: 40, email: 20, '(direct)': 120 });
  });

  it('time decay: weight 2^(−Δt / half-life), normalised per conversion', () => {
    // a1: Δt 5, 2, 1 days → 1/32, 8/32, 16/32 of 25/32 → .04, .32, .64. b: Δt 7 and 1 days → 1/128, 64/128 → 1/65, 64/65.
    const decay = model(r, 'conversions', 'time_decay');
    expect(decay.google).toBeCloseTo(0.04 + 64 / 65, 12);
    expect(decay.email).toBeCloseTo(0.32, 12);
    expect(decay['(direct)']).toBeCloseTo(0.64 + 2, 12);
    expect(decay.newsletter).toBeCloseTo(1 / 65, 12);
    const revenue = model(r, 'revenue', 'time_decay');
    expect(revenue.google).toBeCloseTo(4, 9);
    expect(revenue.email).toBeCloseTo(32, 9);
    expect(revenue['(direct)']).toBeCloseTo(144, 9);
  });

  it('markov: removal effects of the first-order chain, solved exactly', () => {
    // Paths: google→email→(direct)→conv, (direct)→conv, newsletter→google→conv, (direct)→conv,
    // facebook→null, google→(direct)→null. From start: google 2/6, (direct) 2/6, newsletter 1/6, facebook 1/6;
    // google → email, conv, (direct) 1/3 each; email → (direct); (direct) → conv 3/4, null 1/4; newsletter → google.
    // P(conv): direct 3/4, email 3/4, google 1/3·3/4 + 1/3 + 1/3·3/4 = 5/6, newsletter 5/6; start 2/6·5/6 + 2/6·3/4 + 1/6·5/6 = 2/3.
    // Without google: 2/6·3/4 = 1/4 → effect 1 − (1/4)/(2/3) = 5/8. Without (direct): google 1/3, start 1/9 + 1/18 = 1/6 → 3/4.
    // Without email: google 7/12, start 7/36 + 9/36 + 7/72 = 13/24 → 3/16. Without newsletter: 19/36 → 5/24. Facebook: 0.
    const effect = Object.fromEntries(r.channels.map((c) => [c.channel, c.removalEffect]));
    expect(effect.google).toBeCloseTo(5 / 8, 12);
    expect(effect['(direct)']).toBeCloseTo(3 / 4, 12);
    expect(effect.email).toBeCloseTo(3 / 16, 12);
    expect(effect.newsletter).toBeCloseTo(5 / 24, 12);
    expect(effect.facebook).toBe(0);
    // Sum 85/48; shares 30, 36, 9, 10 of 85, times 4 conversions and 180 revenue.
    const markov = model(r, 'conversions', 'markov');
    expect(markov.google).toBeCloseTo((4 * 30) / 85, 12);
    expect(markov['(direct)']).toBeCloseTo((4 * 36) / 85, 12);
    expect(markov.email).toBeCloseTo((4 * 9) / 85, 12);
    expect(markov.newsletter).toBeCloseTo((4 * 10) / 85, 12);
    expect(model(r, 'revenue', 'markov').google).toBeCloseTo((180 * 30) / 85, 9);
  });

  it('referrer channel: external hosts only; a referral from the site itself is a (direct) visit', () => {
    const calls = [
      page('x', '2024-01-11T09:00:00Z', { page: { referrer: 'https://www.google.com/', url: 'https://shop.se/' }, campaign: { source: 'google', medium: 'cpc' } }),
      page('x', '2024-01-11T09:05:00Z', { page: { referrer: 'https://shop.se/', url: 'https://shop.se/p' } }),
      page('x', '2024-01-12T09:00:00Z', { page: { referrer: 'https://shop.se/cart', url: 'https://shop.se/' }, campaign: { medium: 'email' } }),
      order('x', '2024-01-12T09:01:00Z', 10),
    ];
    const byReferrer = run(calls, { channel: 'referrer' });
    expect(model(byReferrer, 'conversions', 'first_touch')).toEqual({ 'google.com': 1 });
    expect(model(byReferrer, 'conversions', 'last_touch')).toEqual({ '(direct)': 1 });
    expect(model(byReferrer, 'conversions', 'last_non_direct')).toEqual({ 'google.com': 1 });
    // source_medium: "source / medium", a missing half is "(none)".
    const bySourceMedium = run(calls, { channel: 'source_medium' });
    expect(bySourceMedium.channels.map((c) => c.channel)).toEqual(['(none) / email', 'google / cpc']);
    expectReconciles(bySourceMedium);
  });

  it('journey channel: touchpoint matches (nth rules: the n-th match only), the first touchpoint in map order wins', () => {
    const journey: JourneyDefinitionInput = {
      stages: [
        {
          id: 's1',
          key: 'aware',
          name: 'Aware',
          touchpoints: [
            { id: 'ad', name: 'Ad click', channel: 'ads', kind: 'digital', rule: { events: ['Ad Clicked'] } },
            { id: 'second-visit', name: 'Second page view', channel: 'web', kind: 'digital', rule: { type: 'page', nth: 2 } },
            { id: 'page', name: 'Any page', channel: 'web', kind: 'digital', rule: { type: 'page' } },
          ],
        },
        {
          id: 's2',
          key: 'buy',
          name: 'Buy',
          touchpoints: [
            { id: 'mail', name: 'Newsletter click', channel: 'email', kind: 'digital', rule: { events: ['Email Clicked'] } },
            { id: 'order', name: 'Order', channel: 'web', kind: 'digital', rule: { events: ['Order Completed'] } },
          ],
        },
      ],
    };
    const calls = [
      page('y', '2024-01-11T10:00:00Z'), // page (second-visit does not match the first page)
      track('y', 'Ad Clicked', '2024-01-12T10:00:00Z'), // ad
      page('y', '2024-01-13T10:00:00Z'), // second-visit: listed before "page"
      page('y', '2024-01-14T10:00:00Z'), // page
      track('y', 'Email Clicked', '2024-01-14T12:00:00Z'), // mail
      order('y', '2024-01-15T10:00:00Z', 200), // the conversion is no touch of itself
    ];
    const res = run(calls, { channel: { journeyId: 'j1' } }, journey);
    expect(model(res, 'conversions', 'first_touch')).toEqual({ page: 1 });
    expect(model(res, 'conversions', 'last_touch')).toEqual({ mail: 1 });
    const linear = model(res, 'conversions', 'linear');
    expect(linear).toEqual({ page: expect.closeTo(2 / 5, 12), ad: expect.closeTo(1 / 5, 12), 'second-visit': expect.closeTo(1 / 5, 12), mail: expect.closeTo(1 / 5, 12) });
    // One path page → ad → second-visit → page → mail → conv: a first-order chain with a loop. From page:
    // ad 1/2, mail 1/2; P(conv) = 1. Without ad (or second-visit) only page → mail remains: 1/2, effect 1/2.
    // Without page or mail: 0, effect 1. Effects 1/2 + 1/2 + 1 + 1 = 3: shares 1/6, 1/6, 1/3, 1/3.
    const markov = model(res, 'conversions', 'markov');
    expect(markov).toEqual({ page: expect.closeTo(1 / 3, 12), ad: expect.closeTo(1 / 6, 12), 'second-visit': expect.closeTo(1 / 6, 12), mail: expect.closeTo(1 / 3, 12) });
    expect(res.channels.map((c) => [c.channel, c.name])).toEqual([
      ['mail', 'Newsletter click'],
      ['ad', 'Ad click'],
      ['page', 'Any page'],
      ['second-visit', 'Second page view'],
    ]);
    expect(res.totals.nullPaths).toBe(0);
    expectReconciles(res);
  });

  it('without conversions in the period every number is 0; an order at `to` does not end the open path', () => {
    const calls = [utm('e', '2024-01-19T10:00:00Z', { source: 'google' }), order('e', '2024-01-20T00:00:00Z', 10)];
    const res = run(calls, { channel: 'utm_source' });
    expect(res.totals).toEqual({ conversions: 0, revenue: 0, nullPaths: 1, conversionProbability: 0 });
    expect(res.channels).toHaveLength(1);
    expect(res.channels[0]?.conversions).toEqual({ first_touch: 0, last_touch: 0, last_non_direct: 0, linear: 0, position_based: 0, time_decay: 0, markov: 0 });
    expect(run([], {}).totals).toEqual({ conversions: 0, revenue: 0, nullPaths: 0, conversionProbability: null });
  });
  it('time decay with a short half-life and old touches: weights relative to the last touch, no 0/0', () => {
    // From the order, 2^(−Δt/h) underflows to 0 for both touches (Δt > 1074 minutes); relative to the
    // last touch, google gets 2^(−60) / (1 + 2^(−60)) and email the rest.
    const calls = [utm('z', '2024-01-11T00:00:00Z', { source: 'google' }), utm('z', '2024-01-11T01:00:00Z', { source: 'email' }), order('z', '2024-01-12T12:00:00Z', 10)];
    const res = run(calls, { channel: 'utm_source', halfLifeMs: 60_000 });
    expect(model(res, 'conversions', 'time_decay')).toEqual({ google: 2 ** -60 / (1 + 2 ** -60), email: 1 / (1 + 2 ** -60) });
    expectReconciles(res);
  });
  it('every model reconciles with the totals on a random stream, for every channel kind', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
    const calls: Call[] = [];
    for (let i = 0; i < 400; i++) {
      const user = `u${Math.floor(random() * 25)}`;
      const timestamp = new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 22 * DAY)).toISOString();
      if (random() < 0.15) calls.push(order(user, timestamp, pick([10, '25.5', undefined, 'x'])));
      else {
        const campaign = pick([{}, { source: 'google', medium: 'cpc' }, { source: 'news', medium: 'email', name: 'jan' }, { medium: 'social' }]);
        const referrer = pick([undefined, 'https://www.google.com/', 'https://shop.se/x', 'https://t.co/abc']);
        calls.push(page(user, timestamp, { campaign, page: { referrer, url: 'https://shop.se/' } }));
      }
    }
    for (const channel of ['utm_source', 'utm_medium', 'utm_campaign', 'source_medium', 'referrer'] as const) {
      const res = run(calls, { channel, lookbackMs: 5 * DAY });
      expect(res.totals.conversions).toBeGreaterThan(0);
      expectReconciles(res);
      for (const c of res.channels) {
        expect(c.removalEffect).toBeGreaterThanOrEqual(0);
        expect(c.removalEffect).toBeLessThanOrEqual(1);
      }
    }
  });
});
