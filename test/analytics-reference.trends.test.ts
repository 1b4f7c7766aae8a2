import { describe, expect, it } from 'vitest';
import { TrendsQuery } from '../common/analytics/trends.ts';
import type { TrendsQueryInput, TrendsResult } from '../common/analytics/trends.ts';
import type { Call } from './helpers/journey-reference.ts';
import { referenceTrends } from './helpers/analytics-reference/trends.ts';

/** Hand-checked fixtures for the trends reference (docs/analytics.md#trends). */

let n = 0;
const track = (who: Partial<Call>, event: string, timestamp: string, properties: Record<string, unknown> = {}): Call => ({ type: 'track', messageId: `m${++n}`, event, timestamp, properties, ...who });
const identify = (who: Partial<Call>, timestamp: string, traits: Record<string, unknown>): Call => ({ type: 'identify', messageId: `m${++n}`, timestamp, traits, ...who });
const run = (calls: Call[], q: TrendsQueryInput): TrendsResult => referenceTrends(calls, TrendsQuery.parse(q));
const table = (r: TrendsResult['current']) => r.series.map((s) => s.groups.map((g) => [g.group, g.values, g.total]));

describe('trends reference', () => {
  it('counts, distinct customers, sums and averages per local day (Europe/Stockholm, spring-forward weekend)', () => {
    const order = 'Order Completed';
    const calls = [
      track({ userId: 'alice' }, order, '2024-03-29T22:59:00Z', { revenue: 1000 }), // 23:59 on the 29th local: before `from`
      track({ userId: 'alice' }, order, '2024-03-29T23:00:00Z', { revenue: 100 }), // = from: 30 March 00:00 local, bucket 0
      track({ userId: 'alice' }, order, '2024-03-30T22:30:00Z', { revenue: '12.5' }), // 23:30 on the 30th (CET): bucket 0; a numeric string
      track({ userId: 'dave' }, order, '2024-03-30T12:00:00Z', { revenue: '1e3' }), // bucket 0; an exponent string is no number
      track({ userId: 'bob' }, order, '2024-03-30T23:00:00Z', { revenue: '12 kr' }), // 00:00 on the 31st: bucket 1; no number
      track({ userId: 'bob' }, order, '2024-03-31T21:59:59Z', { revenue: 7 }), // 23:59:59 CEST on the 31st: bucket 1
      track({ userId: 'alice' }, order, '2024-03-31T08:00:00Z', { revenue: '-3' }), // bucket 1
      track({ anonymousId: 'anon-carol' }, order, '2024-03-31T10:00:00Z', { revenue: true }), // bucket 1, carol before she logs in; a boolean is no number
      identify({ userId: 'carol', anonymousId: 'anon-carol' }, '2024-03-31T10:05:00Z', {}),
      track({ userId: 'carol' }, order, '2024-03-31T22:00:00Z', { revenue: 5 }), // = to (1 April 00:00 CEST): outside
      track({ userId: 'bob' }, 'Product Viewed', '2024-03-30T10:00:00Z', { name: 'Mug' }), // no price
    ];
    const r = run(calls, {
      series: [
        { matcher: { event: order }, metric: 'count' },
        { matcher: { event: order }, metric: 'customers' },
        { matcher: { event: order }, metric: 'sum', property: 'properties.revenue' },
        { matcher: { event: order }, metric: 'average', property: 'properties.revenue' },
        { matcher: { event: 'Product Viewed' }, metric: 'sum', property: 'properties.price' },
        { matcher: { event: 'Product Viewed' }, metric: 'average', property: 'properties.price' },
      ],
      from: '2024-03-29T23:00:00Z',
      to: '2024-03-31T22:00:00Z',
      interval: 'day',
      timeZone: 'Europe/Stockholm',
    });
    // Two local days: the 30th (24 h, from 23:00Z) and the 31st (23 h, from 23:00Z of the 30th).
    expect(r.current.buckets).toEqual(['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z']);
    expect(table(r.current)).toEqual([
      // bucket 0: alice ×2, dave; bucket 1: bob ×2, alice, carol (anonymous, merged) → 3 + 4 = 7
      [[null, [3, 4], 7]],
      // bucket 0: alice, dave; bucket 1: bob, alice, carol; total distinct: alice, dave, bob, carol = 4 (not 2 + 3)
      [[null, [2, 3], 4]],
      // numbers: bucket 0: 100 + 12.5; bucket 1: 7 + (−3); total 116.5
      [[null, [112.5, 4], 116.5]],
      // bucket 0: 112.5 / 2; bucket 1: 4 / 2; total 116.5 / 4 numbers
      [[null, [56.25, 2], 29.125]],
      // nothing to add: sums are 0, averages null
      [[null, [0, 0], 0]],
      [[null, [null, null], null]],
    ]);
    expect(r.current.series.map((s) => s.name)).toEqual([order, `Customers: ${order}`, `Sum of properties.revenue: ${order}`, `Average of properties.revenue: ${order}`, 'Sum of properties.price: Product Viewed', 'Average of properties.price: Product Viewed']);
    expect(r.previous).toBeNull();
  });

  it('breaks down by an event property: top groups by customers (ties by value), "(none)" ranks like a value, the rest in "(other)"', () => {
    const played = (user: string, genre: unknown, day: number) => track({ userId: user }, 'Played', `2024-01-0${day}T12:00:00Z`, genre === undefined ? {} : { genre });
    const calls = [
      played('u1', 'rock', 1),
      played('u1', 'rock', 2),
      played('u1', 'jazz', 3),
      played('u2', 'rock', 1),
      played('u2', 'pop', 2),
      played('u3', 'jazz', 1),
      played('u3', 'rock', 4),
      played('u4', undefined, 1), // absent → (none)
      played('u5', '', 2), // empty → (none)
      played('u6', 'pop', 5),
    ];
    // Customers per value: rock {u1,u2,u3} = 3; jazz {u1,u3}, pop {u2,u6}, (none) {u4,u5} = 2 each.
    // limit 2: rock, then the first of the tied values in code-unit order: "(none)" < "jazz" < "pop".
    const r = run(calls, {
      series: [
        { matcher: { event: 'Played' }, metric: 'count' },
        { matcher: { event: 'Played' }, metric: 'customers' },
      ],
      from: '2024-01-01T00:00:00Z', // a Monday
      to: '2024-01-08T00:00:00Z',
      interval: 'week',
      breakdown: { kind: 'event', key: 'properties.genre', limit: 2 },
    });
    expect(r.current.buckets).toEqual(['2024-01-01T00:00:00.000Z']);
    expect(table(r.current)).toEqual([
      // rock: u1 ×2, u2, u3 = 4 events; (none): 2; other: jazz u1, u3 + pop u2, u6 = 4
      [
        ['rock', [4], 4],
        ['(none)', [2], 2],
        ['(other)', [4], 4],
      ],
      // (other) holds u1, u3, u2, u6: 4 distinct customers
      [
        ['rock', [3], 3],
        ['(none)', [2], 2],
        ['(other)', [4], 4],
      ],
    ]);
  });

  it('compares with the previous period by bucket index; groups (by latest trait) are the current period\'s', () => {
    const login = (who: string, timestamp: string) => track({ userId: who }, 'Login', timestamp);
    const calls = [
      identify({ userId: 'a' }, '2023-12-01T00:00:00Z', { plan: 'pro' }),
      identify({ userId: 'b' }, '2023-12-01T00:00:00Z', { plan: 'pro' }),
      identify({ userId: 'b' }, '2023-12-02T00:00:00Z', { plan: 'free' }), // b's latest plan: free
      login('a', '2024-01-01T10:00:00Z'), // previous bucket 0
      login('a', '2024-01-03T10:00:00Z'), // current bucket 0
      login('b', '2024-01-02T10:00:00Z'), // previous bucket 1
      login('b', '2024-01-04T10:00:00Z'), // current bucket 1
      login('b', '2024-01-04T11:00:00Z'), // current bucket 1
      login('c', '2024-01-02T23:59:59.999Z'), // previous bucket 1 (c has no plan)
      login('c', '2024-01-05T00:00:00Z'), // = to: outside
    ];
    const r = run(calls, { series: [{ matcher: { event: 'Login' } }], from: '2024-01-03T00:00:00Z', to: '2024-01-05T00:00:00Z', interval: 'day', compare: true });
    expect(r.previous?.from).toBe('2024-01-01T00:00:00.000Z');
    expect(r.previous?.to).toBe('2024-01-03T00:00:00.000Z');
    expect(r.previous?.buckets).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']);
    expect(table(r.current)).toEqual([[[null, [1, 2], 3]]]);
    expect(table(r.previous as TrendsResult['current'])).toEqual([[[null, [1, 2], 3]]]);

    // By plan, limit 1: in the current period pro {a} and free {b} tie at 1 customer; "free" < "pro" keeps free.
    // c's "(none)" only occurs in the previous period, where it joins "(other)" with a's pro.
    const byPlan = run(calls, { series: [{ matcher: { event: 'Login' } }], from: '2024-01-03T00:00:00Z', to: '2024-01-05T00:00:00Z', interval: 'day', compare: true, breakdown: { kind: 'trait', key: 'plan', limit: 1 } });
    expect(table(byPlan.current)).toEqual([
      [
        ['free', [0, 2], 2],
        ['(other)', [1, 0], 1],
      ],
    ]);
    expect(table(byPlan.previous as TrendsResult['current'])).toEqual([
      [
        ['free', [0, 1], 1],
        ['(other)', [1, 1], 2],
      ],
    ]);
  });

  it('the previous period has its own buckets: a month compared with the 31 days before it spans two months', () => {
    const calls = [
      track({ userId: 'a' }, 'Login', '2024-01-29T12:00:00Z'), // before the previous period
      track({ userId: 'a' }, 'Login', '2024-01-30T00:00:00Z'), // = previous from (1 March − 31 days in a leap year)
      track({ userId: 'a' }, 'Login', '2024-02-10T00:00:00Z'),
      track({ userId: 'a' }, 'Login', '2024-03-05T00:00:00Z'),
    ];
    const r = run(calls, { series: [{ matcher: { event: 'Login' } }], from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z', interval: 'month', compare: true });
    expect(r.current.buckets).toEqual(['2024-03-01T00:00:00.000Z']);
    expect(table(r.current)).toEqual([[[null, [1], 1]]]);
    expect(r.previous?.buckets).toEqual(['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z']);
    expect(table(r.previous as TrendsResult['current'])).toEqual([[[null, [1, 1], 2]]]);
  });
});
