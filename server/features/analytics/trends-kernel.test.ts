import { describe, expect, test } from 'vitest';
import { NONE_GROUP } from '../../../common/analytics/query.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import { numericValue, TrendsQuery } from '../../../common/analytics/trends.ts';
import type { TrendsQueryInput, TrendsResult } from '../../../common/analytics/trends.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { breakdownValue, traitOf } from '../../../test/helpers/analytics-reference/events.ts';
import { fieldValue, referenceTrends } from '../../../test/helpers/analytics-reference/trends.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import { pick, randomCalls, rng } from '../../../test/helpers/kernel-test-streams.ts';
import { trendsKernel, type TrendsKernelInput } from './trends-kernel.ts';

/**
 * The trends kernel against the plain reference (docs/analytics.md#trends) on random streams and
 * queries: every metric, interval and several time zones (Europe/Stockholm across its DST changes),
 * breakdowns by event property and by trait, compare. The test plays the service: it builds the
 * per-event masks, numbers and group indices the kernel takes, with the reference's own field rules.
 */

type Columns = ReturnType<typeof columnsOf>;

/** What the service passes: masks, numbers (numericValue, NaN when none) and breakdown indices. */
function serviceInput(columns: Columns, q: TrendsQuery, random?: () => number): TrendsKernelInput {
  const { customers } = columns;
  const events = customers.flatMap((c) => c.events.map((e) => ({ c, e })));
  const seriesMasks = masksOf(customers, q.series.map((s) => s.matcher));
  const values = q.series.map((s) => (s.property !== undefined ? Float64Array.from(events, ({ e }) => numericValue(fieldValue(e.call, s.property as string)) ?? NaN) : undefined));
  if (!q.breakdown) return { seriesMasks, values };
  // Group indices in an order of no meaning, with a few values that never occur among them.
  const groupNames: string[] = ['never seen', '(other)', 'zzz'];
  if (random) groupNames.sort(() => random() - 0.5);
  const index = (v: string) => {
    let k = groupNames.indexOf(v);
    if (k < 0) k = groupNames.push(v) - 1;
    return k;
  };
  const b = q.breakdown;
  if (b.kind === 'event') return { seriesMasks, values, groupNames, eventGroup: Int32Array.from(events, ({ c, e }) => index(breakdownValue(b, c, e))) };
  return { seriesMasks, values, groupNames, customerGroup: Int32Array.from(customers, (c) => index(traitOf(c, b.key) || NONE_GROUP)) };
}

function kernel(calls: Call[], input: TrendsQueryInput, columns = columnsOf(calls), random?: () => number): TrendsResult {
  const q = TrendsQuery.parse(input);
  return trendsKernel(columns.columns, serviceInput(columns, q, random), q);
}

/** Deep equality with sums and averages compared at a relative 1e-9 (an engine may add in another order). */
function expectSame(actual: TrendsResult, expected: TrendsResult, what: string) {
  const close = (x: unknown, y: unknown): unknown => {
    if (typeof x === 'number' && typeof y === 'number' && x !== y && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y))) return y;
    if (Array.isArray(x) && Array.isArray(y)) return x.map((v, k) => close(v, y[k]));
    if (x && y && typeof x === 'object' && typeof y === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, close(v, (y as Record<string, unknown>)[k])]));
    return x;
  };
  expect(close(actual, expected), what).toEqual(expected);
}

const MATCHERS: EventMatcherInput[] = [
  { event: 'Order Completed' },
  { event: 'Product Viewed' },
  { type: 'page' },
  { type: 'page', pagePath: '/products/*' },
  { type: 'screen' },
  {},
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'exists' }] },
  { stage: { journeyId: 'j1', stageKey: 'buy' } },
  { type: 'identify' },
];
const PROPERTIES = ['properties.revenue', 'properties.price', 'properties.plan', 'context.campaign.source'];
const ZONES = ['UTC', 'Europe/Stockholm', 'Europe/Stockholm', 'America/Santiago', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPAN = { hour: 3 * DAY, day: 12 * DAY, week: 40 * DAY, month: 100 * DAY } as const;

function randomQuery(random: () => number, calls: Call[]): TrendsQueryInput {
  const times = calls.map((c) => Date.parse(c.timestamp));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const interval = pick(random, ['hour', 'day', 'day', 'week', 'month'] as const);
  const compare = random() < 0.5;
  // Often on an event's time (from inclusive, to exclusive); with compare, mid-stream so that the
  // previous period has events too.
  const from = random() < 0.3 ? pick(random, times) : lo - HOUR + Math.floor(random() * (hi - lo) * (compare ? 0.7 : 1));
  const to = Math.min(from + 1 + Math.floor(random() * SPAN[interval]), random() < 0.2 ? pick(random, times) + 1 : Infinity);
  const seriesCount = random() < 0.1 ? 10 : 1 + Math.floor(random() * 4);
  const series = Array.from({ length: seriesCount }, () => {
    const metric = pick(random, ['count', 'customers', 'sum', 'average'] as const);
    return { matcher: pick(random, MATCHERS), metric, ...(metric === 'sum' || metric === 'average' ? { property: pick(random, PROPERTIES) } : {}) };
  });
  const breakdown = pick(random, [
    undefined,
    undefined,
    { kind: 'event' as const, key: 'properties.plan' },
    { kind: 'event' as const, key: 'context.campaign.source' },
    { kind: 'event' as const, key: 'properties.revenue' },
    { kind: 'trait' as const, key: 'plan' },
  ]);
  return {
    series,
    from: Math.max(0, from),
    to: Math.max(from + 1, to),
    interval,
    timeZone: pick(random, ZONES),
    compare,
    ...(breakdown ? { breakdown: { ...breakdown, limit: 1 + Math.floor(random() * 4) } } : {}),
  };
}

describe('trends kernel = reference', () => {
  test('random streams, random queries (metrics, intervals, time zones, breakdowns, compare)', () => {
    let cases = 0;
    let nonEmpty = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const calls = randomCalls(seed + 1000, 120 + seed * 5, 4 + (seed % 15));
      const columns = columnsOf(calls);
      const random = rng(seed * 104_729);
      for (let k = 0; k < 10; k++) {
        const input = randomQuery(random, calls);
        const expected = referenceTrends(calls, TrendsQuery.parse(input));
        expectSame(kernel(calls, input, columns, random), expected, `seed ${seed} query ${k}: ${JSON.stringify(input)}`);
        cases++;
        if (expected.current.series.some((s) => s.groups.some((g) => g.total !== 0 && g.total !== null))) nonEmpty++;
      }
    }
    expect(cases).toBe(300);
    expect(nonEmpty).toBeGreaterThan(200);
  });
});

describe('trends kernel: hand-picked edges', () => {
  let n = 0;
  const track = (user: string, event: string, timestamp: string, properties: Record<string, unknown> = {}): Call => ({ type: 'track', messageId: `t${++n}`, userId: user, event, timestamp, properties });

  test('Stockholm days across the spring change; sums of numeric strings, averages without numbers', () => {
    const calls = [
      track('a', 'Order', '2024-03-29T23:00:00Z', { revenue: 100 }),
      track('a', 'Order', '2024-03-30T22:30:00Z', { revenue: '12.5' }),
      track('b', 'Order', '2024-03-30T23:00:00Z', { revenue: '1e3' }),
      track('b', 'Order', '2024-03-31T21:59:59.999Z', { revenue: -0 }),
      track('c', 'Order', '2024-03-31T22:00:00Z', { revenue: 5 }), // = to
      // The last instant of the 30th and the first of the 31st: one bucket each.
      track('d', 'Order', '2024-03-30T22:59:59.999Z', { revenue: 1 }),
      track('d', 'Order', '2024-03-30T23:00:00Z', { revenue: 2 }),
    ];
    const input: TrendsQueryInput = {
      series: [
        { matcher: { event: 'Order' }, metric: 'sum', property: 'properties.revenue' },
        { matcher: { event: 'Order' }, metric: 'average', property: 'properties.revenue' },
        { matcher: { event: 'Order' }, metric: 'customers' },
      ],
      from: '2024-03-29T23:00:00Z',
      to: '2024-03-31T22:00:00Z',
      timeZone: 'Europe/Stockholm',
      compare: true,
    };
    const r = kernel(calls, input);
    expect(r).toEqual(referenceTrends(calls, TrendsQuery.parse(input)));
    expect(r.current.series.map((s) => s.groups[0]?.values)).toEqual([
      [113.5, 2],
      [113.5 / 3, 1],
      [2, 2],
    ]);
  });

  test('a value that reads "(other)" and is kept shares the "(other)" row, as the reference groups by text', () => {
    const calls = [track('a', 'E', '2024-01-01T10:00:00Z', { plan: '(other)' }), track('b', 'E', '2024-01-01T11:00:00Z', { plan: '(other)' }), track('c', 'E', '2024-01-01T12:00:00Z', { plan: 'pro' })];
    for (const limit of [1, 2]) {
      const input: TrendsQueryInput = { series: [{ matcher: { event: 'E' }, metric: 'customers' }], from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z', breakdown: { kind: 'event', key: 'properties.plan', limit } };
      expect(kernel(calls, input), `limit ${limit}`).toEqual(referenceTrends(calls, TrendsQuery.parse(input)));
    }
  });

  test('no events: zeros, null averages, and no "(other)" row', () => {
    const input: TrendsQueryInput = { series: [{ matcher: { event: 'E' } }, { matcher: { event: 'E' }, metric: 'average', property: 'properties.x' }], from: '2024-01-01T00:00:00Z', to: '2024-01-03T00:00:00Z', breakdown: { kind: 'trait', key: 'plan', limit: 2 }, compare: true };
    expect(kernel([], input)).toEqual(referenceTrends([], TrendsQuery.parse(input)));
  });
});
