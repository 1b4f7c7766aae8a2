import { describe, expect, test } from 'vitest';
import { FunnelQuery, FunnelResult } from '../common/analytics/funnel.ts';
import type { FunnelQueryInput } from '../common/analytics/funnel.ts';
import type { Call } from './helpers/journey-reference.ts';
import { funnelCustomers, referenceFunnel } from './helpers/analytics-reference/funnel.ts';

/**
 * Hand-checked fixtures pinning the funnel reference (docs/analytics.md#funnels). Every expected number
 * is worked out in the comments; times are minutes after T0 (Monday 2024-05-06 00:00 UTC).
 */

const T0 = Date.parse('2024-05-06T00:00:00Z');
const MIN = 60_000;
const PERIOD = { from: T0, to: T0 + 30 * 24 * 60 * MIN };

let messageCounter = 0;
/** A track call by `user` at `minute` after T0; calls are sent (and get seq) in the order they are written. */
function track(user: string, event: string, minute: number, properties?: Record<string, unknown>): Call {
  return { type: 'track', messageId: `m${messageCounter++}`, userId: user, event, timestamp: new Date(T0 + minute * MIN).toISOString(), properties };
}

function funnel(q: Omit<FunnelQueryInput, 'from' | 'to'> & Partial<Pick<FunnelQueryInput, 'from' | 'to'>>, calls: Call[]): FunnelResult {
  // Every answer must also be a valid response body.
  return FunnelResult.parse(referenceFunnel({ ...PERIOD, ...q }, calls));
}

const counts = (r: FunnelResult) => r.steps.map((s) => s.count);
const ABC = [{ event: 'A' }, { event: 'B' }, { event: 'C' }];

describe('ordered funnels: the windowFunnel level', () => {
  const calls = [
    // u1: A 0, B 10, C 20 → level 3.
    track('u1', 'A', 0), track('u1', 'B', 10), track('u1', 'C', 20),
    // u2: A 0, B 10 → level 2.
    track('u2', 'A', 0), track('u2', 'B', 10),
    // u3: C before B does not count: A 0, C 5, B 10 → level 2.
    track('u3', 'A', 0), track('u3', 'C', 5), track('u3', 'B', 10),
    // u4: from A 0 the C at 70 is outside the 60-minute window, from the later A 30 it is inside
    // (70 − 30 = 40) → level 3 with the sequence A 30, B 50, C 70.
    track('u4', 'A', 0), track('u4', 'A', 30), track('u4', 'B', 50), track('u4', 'C', 70),
    // u5: never did A → not in the funnel.
    track('u5', 'B', 0), track('u5', 'C', 10),
    // u6: A only → level 1.
    track('u6', 'A', 0),
    // u7: the window is inclusive: B at exactly 60 counts, C at 61 does not → level 2.
    track('u7', 'A', 0), track('u7', 'B', 60), track('u7', 'C', 61),
  ];
  const r = funnel({ steps: ABC, windowMs: 60 * MIN }, calls);

  test('step i counts customers with level ≥ i', () => {
    // level 3: u1 u4; level 2: u2 u3 u7; level 1: u6 → 6, 5, 2.
    expect(r.customers).toBe(6);
    expect(counts(r)).toEqual([6, 5, 2]);
  });

  test('conversions and drop-off are count / count', () => {
    const [s1, s2, s3] = r.steps;
    expect(s1).toMatchObject({ index: 1, name: 'A', optional: false, conversionFromPrevious: null, conversionFromFirst: 1, dropOff: null, medianMsFromPrevious: null, timeToConvert: null });
    expect(s2).toMatchObject({ index: 2, name: 'B', conversionFromPrevious: 5 / 6, conversionFromFirst: 5 / 6, dropOff: 1 });
    expect(s3).toMatchObject({ index: 3, name: 'C', conversionFromPrevious: 2 / 5, conversionFromFirst: 2 / 6, dropOff: 3 });
  });

  test('times come from the chosen sequence, quantiles by nearest rank (lower)', () => {
    // A→B: u1 10, u2 10, u3 10, u4 20 (chosen A 30 → B 50), u7 60 → [10, 10, 10, 20, 60]:
    // median = rank ceil(2.5) = 3 → 10; p90 = rank ceil(4.5) = 5 → 60.
    expect(r.steps[1]).toMatchObject({ medianMsFromPrevious: 10 * MIN, p90MsFromPrevious: 60 * MIN });
    // B→C: u1 10, u4 20 → median rank 1 → 10; p90 rank ceil(1.8) = 2 → 20.
    expect(r.steps[2]).toMatchObject({ medianMsFromPrevious: 10 * MIN, p90MsFromPrevious: 20 * MIN });
  });

  test('the customers behind each step', () => {
    const q = { ...PERIOD, steps: ABC, windowMs: 60 * MIN };
    expect(funnelCustomers({ funnel: q, step: 1, kind: 'converted' }, calls)).toEqual(['u1', 'u2', 'u3', 'u4', 'u6', 'u7']);
    expect(funnelCustomers({ funnel: q, step: 1, kind: 'dropped' }, calls)).toEqual([]);
    expect(funnelCustomers({ funnel: q, step: 2, kind: 'dropped' }, calls)).toEqual(['u6']);
    expect(funnelCustomers({ funnel: q, step: 3, kind: 'converted' }, calls)).toEqual(['u1', 'u4']);
    expect(funnelCustomers({ funnel: q, step: 3, kind: 'dropped' }, calls)).toEqual(['u2', 'u3', 'u7']);
  });

  test('the default window is 14 days', () => {
    // A 0, B at 14 days exactly → converts; C at 14 days + 1 minute → not.
    const day = 24 * 60;
    const r14 = funnel({ steps: ABC }, [track('u', 'A', 0), track('u', 'B', 14 * day), track('u', 'C', 14 * day + 1)]);
    expect(counts(r14)).toEqual([1, 1, 0]);
  });
});

describe('events: order, ties, period, one step per event', () => {
  test('one event fills at most one step, even when it matches several', () => {
    // Steps "Viewed" then "Viewed": u1 viewed once → level 1; u2 twice → level 2.
    const r = funnel({ steps: [{ event: 'Viewed' }, { event: 'Viewed' }] }, [track('u1', 'Viewed', 0), track('u2', 'Viewed', 0), track('u2', 'Viewed', 5)]);
    expect(counts(r)).toEqual([2, 1]);
  });

  test('equal timestamps are ordered by seq (the order the store received them)', () => {
    // u1 sent A then B at the same minute → A < B, converts in 0 ms. u2 sent B then A → B < A: no B after A.
    const r = funnel({ steps: [{ event: 'A' }, { event: 'B' }] }, [track('u1', 'A', 5), track('u1', 'B', 5), track('u2', 'B', 5), track('u2', 'A', 5)]);
    expect(counts(r)).toEqual([2, 1]);
    expect(r.steps[1]?.medianMsFromPrevious).toBe(0);
  });

  test('every event of a sequence lies in [from, to)', () => {
    const from = T0 + 100 * MIN;
    const to = T0 + 200 * MIN;
    const r = funnel({ steps: [{ event: 'A' }, { event: 'B' }], from, to }, [
      // u1: A before from → not in the funnel, though B is inside.
      track('u1', 'A', 99), track('u1', 'B', 150),
      // u2: A at from (inclusive), B at to (exclusive) → level 1.
      track('u2', 'A', 100), track('u2', 'B', 200),
      // u3: A at from, B just before to → level 2.
      track('u3', 'A', 100), track('u3', 'B', 199),
    ]);
    expect(counts(r)).toEqual([2, 1]);
  });

  test('step matchers: where conditions and page rules', () => {
    const page = (user: string, path: string, minute: number): Call => ({ type: 'page', messageId: `m${messageCounter++}`, userId: user, name: 'Page', properties: { path }, timestamp: new Date(T0 + minute * MIN).toISOString() });
    const steps = [{ type: 'page' as const, pagePath: '/products/*' }, { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'gt' as const, value: 100 }] }];
    const r = funnel({ steps }, [
      // u1: product page, then an order over 100 → level 2.
      page('u1', '/products/7', 0), track('u1', 'Order Completed', 5, { revenue: 250 }),
      // u2: product page, an order of 50 → level 1.
      page('u2', '/products/8', 0), track('u2', 'Order Completed', 5, { revenue: 50 }),
      // u3: the cart page is not a product page → not in the funnel.
      page('u3', '/cart', 0), track('u3', 'Order Completed', 5, { revenue: 500 }),
    ]);
    expect(counts(r)).toEqual([2, 1]);
    expect(r.steps.map((s) => s.name)).toEqual(['Page /products/*', 'Order Completed']);
  });

  test('stage entry steps match only that stage of that journey', () => {
    const entry = (user: string, journeyId: string, stageKey: string, minute: number): Call => ({
      type: 'track', messageId: `m${messageCounter++}`, userId: user, event: 'Journey Stage Entered', properties: { journey_id: journeyId, stage_key: stageKey }, timestamp: new Date(T0 + minute * MIN).toISOString(),
    });
    const steps = [{ stage: { journeyId: 'j1', stageKey: 'consideration' } }, { event: 'Order Completed' }];
    const r = funnel({ steps }, [
      entry('u1', 'j1', 'consideration', 0), track('u1', 'Order Completed', 5),
      // Another journey's stage, and another stage: neither enters this funnel.
      entry('u2', 'j2', 'consideration', 0), entry('u3', 'j1', 'purchase', 0),
    ]);
    expect(counts(r)).toEqual([1, 1]);
    expect(r.steps[0]?.name).toBe('Stage consideration');
    // An event step never matches a stage entry, even by its name.
    expect(counts(funnel({ steps: [{ event: 'Journey Stage Entered' }, { event: 'Order Completed' }] }, [entry('u1', 'j1', 'x', 0)]))).toEqual([0, 0]);
  });
});

describe('strict funnels', () => {
  test('consecutive steps are adjacent among the events matching any step', () => {
    const calls = [
      // u1: A, C, B, C. Ordered: A 0 → B 2 → C 3, level 3. Strict: the event after A that matches a
      // step is C (step 3), not B → level 1.
      track('u1', 'A', 0), track('u1', 'C', 1), track('u1', 'B', 2), track('u1', 'C', 3),
      // u2: A, X, B, C: X matches no step, so it does not break adjacency → level 3 in both.
      track('u2', 'A', 0), track('u2', 'X', 1), track('u2', 'B', 2), track('u2', 'C', 3),
      // u3: A, A, B: from A 0 the next match is A 1 (step 1), but A 1 → B 2 is adjacent → level 2.
      track('u3', 'A', 0), track('u3', 'A', 1), track('u3', 'B', 2),
    ];
    expect(counts(funnel({ steps: ABC, order: 'ordered' }, calls))).toEqual([3, 3, 2]);
    expect(counts(funnel({ steps: ABC, order: 'strict' }, calls))).toEqual([3, 2, 1]);
  });

  test('a skipped optional step still breaks adjacency when its event lies between', () => {
    // Steps A, B (optional), C, strict. u1: A, C → C reached with B skipped. u2: A, B, C → all three.
    // u3: A 0, B 1, B 2, C 3: A → B 1 is adjacent, but B 1 → C 3 is broken by B 2, A → B 2 by B 1 and
    // A → C 3 by both Bs → chosen A, B 1 (B counted, C not). Counts: A 3, B u2 u3, C u1 u2.
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
    const r = funnel({ steps, order: 'strict' }, [
      track('u1', 'A', 0), track('u1', 'C', 1),
      track('u2', 'A', 0), track('u2', 'B', 1), track('u2', 'C', 2),
      track('u3', 'A', 0), track('u3', 'B', 1), track('u3', 'B', 2), track('u3', 'C', 3),
    ]);
    expect(counts(r)).toEqual([3, 2, 2]);
    expect(funnelCustomers({ funnel: { ...PERIOD, steps, order: 'strict' }, step: 3, kind: 'dropped' }, [track('v', 'A', 0), track('v', 'B', 1), track('v', 'B', 2), track('v', 'C', 3)])).toEqual(['v']);
  });
});

describe('any-order funnels', () => {
  test('step i counts customers who did at least i distinct steps within one window', () => {
    const calls = [
      // u1: C, A, B → 3 steps.
      track('u1', 'C', 0), track('u1', 'A', 10), track('u1', 'B', 20),
      // u2: B twice is one step done → 1.
      track('u2', 'B', 0), track('u2', 'B', 5),
      // u3: A and C 100 minutes apart, window 60 → 1.
      track('u3', 'A', 0), track('u3', 'C', 100),
      // u4: B, then A and C 50 minutes later; from B 0 to C 70 is too long, A 50 → C 70 fits → 2.
      track('u4', 'B', 0), track('u4', 'A', 50), track('u4', 'C', 70),
    ];
    const r = funnel({ steps: ABC, order: 'any', windowMs: 60 * MIN }, calls);
    // Entered (≥ 1 step): all four; ≥ 2: u1 u4; ≥ 3: u1.
    expect(counts(r)).toEqual([4, 2, 1]);
    // Time between the first and second step done: u1 10, u4 (chosen B 0, A 50) 50 → median rank 1 → 10.
    expect(r.steps[1]).toMatchObject({ medianMsFromPrevious: 10 * MIN, p90MsFromPrevious: 50 * MIN });
  });

  test('one event matching two steps completes only one of them', () => {
    const steps = [{ event: 'Viewed', where: [{ path: 'properties.sale', op: 'eq' as const, value: true }] }, { event: 'Viewed' }];
    // u1: one sale view → 1 step. u2: a sale view and a plain view → 2.
    const r = funnel({ steps, order: 'any' }, [track('u1', 'Viewed', 0, { sale: true }), track('u2', 'Viewed', 0), track('u2', 'Viewed', 1, { sale: true })]);
    expect(counts(r)).toEqual([2, 1]);
  });
});

describe('optional steps', () => {
  const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
  const calls = [
    track('u1', 'A', 0), track('u1', 'B', 1), track('u1', 'C', 2), // all three
    track('u2', 'A', 0), track('u2', 'C', 1), // B skipped
    track('u3', 'A', 0), track('u3', 'B', 1), // stops at the optional B
    track('u4', 'A', 0), // A only
  ];

  test('an optional step counts customers whose chosen sequence includes it; a required one, those who reached it', () => {
    // A: 4. B: u1 u3 → 2. C: u1 u2 → 2.
    const r = funnel({ steps }, calls);
    expect(counts(r)).toEqual([4, 2, 2]);
    expect(r.steps.map((s) => s.optional)).toEqual([false, true, false]);
    // Both compare with the previous required step, A: 2 / 4, dropping 2.
    expect(r.steps[1]).toMatchObject({ conversionFromPrevious: 0.5, dropOff: 2 });
    expect(r.steps[2]).toMatchObject({ conversionFromPrevious: 0.5, dropOff: 2 });
    const q = { ...PERIOD, steps };
    expect(funnelCustomers({ funnel: q, step: 2, kind: 'dropped' }, calls)).toEqual(['u2', 'u4']);
    expect(funnelCustomers({ funnel: q, step: 3, kind: 'dropped' }, calls)).toEqual(['u3', 'u4']);
  });

  test('the chosen sequence takes the optional step when it can, and times run from the previous step done', () => {
    // u1: A 0, C 5, B 6, C 10: A → C 5 (2 steps) or A → B 6 → C 10 (3 steps): the latter is chosen.
    // C's time from the previous step done: 10 − 6 = 4. u2: A 0, C 7: C from A = 7.
    const r = funnel({ steps }, [track('u1', 'A', 0), track('u1', 'C', 5), track('u1', 'B', 6), track('u1', 'C', 10), track('u2', 'A', 0), track('u2', 'C', 7)]);
    expect(counts(r)).toEqual([2, 1, 2]);
    // C times [4, 7]: median rank 1 → 4; p90 rank 2 → 7.
    expect(r.steps[2]).toMatchObject({ medianMsFromPrevious: 4 * MIN, p90MsFromPrevious: 7 * MIN });
    expect(r.steps[1]).toMatchObject({ medianMsFromPrevious: 6 * MIN });
  });

  test('a per-step window runs from the previous step done, skipping skipped optional steps', () => {
    const timed = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C', withinMs: 10 * MIN }];
    const r = funnel({ steps: timed }, [
      // u1: A 0, B 30, C 35: C − B = 5 ≤ 10 → converts through B (C − A = 35 would not).
      track('u1', 'A', 0), track('u1', 'B', 30), track('u1', 'C', 35),
      // u2: A 0, C 5: B skipped, C − A = 5 → converts.
      track('u2', 'A', 0), track('u2', 'C', 5),
      // u3: A 0, C 15: 15 > 10 → level A.
      track('u3', 'A', 0), track('u3', 'C', 15),
    ]);
    expect(counts(r)).toEqual([3, 1, 2]);
  });

  test('a per-step window on a required step', () => {
    const timed = [{ event: 'A' }, { event: 'B', withinMs: 5 * MIN }, { event: 'C' }];
    // u1: B 6 after A → not within 5: level 1. u2: A 0, A 3, B 6: from A 3 it is → then C → level 3.
    const r = funnel({ steps: timed }, [track('u1', 'A', 0), track('u1', 'B', 6), track('u1', 'C', 7), track('u2', 'A', 0), track('u2', 'A', 3), track('u2', 'B', 6), track('u2', 'C', 20)]);
    expect(counts(r)).toEqual([2, 1, 1]);
  });
});

describe('exclusions', () => {
  const exclusions = [{ matcher: { event: 'X' }, fromStep: 1, toStep: 2 }];

  test('a sequence with an excluded event strictly between its from and to steps does not count', () => {
    const calls = [
      // u1: A 0, X 5, B 10, C 20: X between A and B → no valid A → B: level 1.
      track('u1', 'A', 0), track('u1', 'X', 5), track('u1', 'B', 10), track('u1', 'C', 20),
      // u2: A 0, X 5, A 7, B 10: A 7 → B 10 has no X between → level 2.
      track('u2', 'A', 0), track('u2', 'X', 5), track('u2', 'A', 7), track('u2', 'B', 10),
      // u3: A 0, X 5 and nothing else: a sequence that has not reached step 2 is not touched → level 1.
      track('u3', 'A', 0), track('u3', 'X', 5),
      // u4: X after B (same minute, sent later) is not between → level 3.
      track('u4', 'A', 0), track('u4', 'B', 10), track('u4', 'X', 10), track('u4', 'C', 20),
      // u5: X between B and C is outside steps 1–2 → level 3.
      track('u5', 'A', 0), track('u5', 'B', 10), track('u5', 'X', 15), track('u5', 'C', 20),
      // u6: X at B's minute but sent before it lies between A and B (seq order) → level 1.
      track('u6', 'A', 0), track('u6', 'X', 10), track('u6', 'B', 10), track('u6', 'C', 20),
    ];
    // With the exclusion: levels 1, 2, 1, 3, 3, 1 → [6, 3, 2]. Without: 3, 2, 1, 3, 3, 3 → [6, 5, 4].
    expect(counts(funnel({ steps: ABC, exclusions }, calls))).toEqual([6, 3, 2]);
    expect(counts(funnel({ steps: ABC }, calls))).toEqual([6, 5, 4]);
  });

  test('the endpoints themselves are not between', () => {
    // Excluding every track event between steps 1 and 2 still lets A → B through when they are adjacent.
    const anyTrack = [{ matcher: { type: 'track' as const }, fromStep: 1, toStep: 2 }];
    const calls = [track('u1', 'A', 0), track('u1', 'B', 1), track('u2', 'A', 0), track('u2', 'Y', 1), track('u2', 'B', 2)];
    expect(counts(funnel({ steps: [{ event: 'A' }, { event: 'B' }], exclusions: anyTrack }, calls))).toEqual([2, 1]);
  });

  test('a skipped optional endpoint stands in for the nearest step done around it', () => {
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
    const between2and3 = [{ matcher: { event: 'X' }, fromStep: 2, toStep: 3 }];
    const r = funnel({ steps, exclusions: between2and3 }, [
      // u1: A 0, X 5, C 10: B skipped, so the interval runs from A to C and holds X → level A.
      track('u1', 'A', 0), track('u1', 'X', 5), track('u1', 'C', 10),
      // u2: A 0, X 5, B 7, C 10: the interval is B 7 → C 10, X is before it → all three.
      track('u2', 'A', 0), track('u2', 'X', 5), track('u2', 'B', 7), track('u2', 'C', 10),
    ]);
    expect(counts(r)).toEqual([2, 1, 1]);
  });
});

describe('breakdown', () => {
  test('groups by the property on the chosen sequence’s first event; top N by customers, then (other)', () => {
    const steps = [{ event: 'A' }, { event: 'B' }];
    const calls = [
      // u1: A (plan x) 0 cannot reach B 100 in the 60-minute window; A (plan y) 50 can → group y.
      track('u1', 'A', 0, { plan: 'x' }), track('u1', 'A', 50, { plan: 'y' }), track('u1', 'B', 100),
      track('u2', 'A', 0, { plan: 'y' }),
      track('u3', 'A', 0, { plan: 'x' }), track('u3', 'B', 1),
      track('u4', 'A', 0), // no plan → (none)
    ];
    // Entered per value: y 2 (u1 u2), x 1 (u3), (none) 1 (u4). limit 2 keeps y, then x and (none) tie
    // at 1 and the lower value wins: "(none)" < "x" in code-unit order. x goes to (other).
    const r = funnel({ steps, windowMs: 60 * MIN, breakdown: { kind: 'event', key: 'properties.plan', limit: 2 } }, calls);
    expect(r.breakdown?.map((g) => [g.value, g.customers, g.steps.map((s) => s.count)])).toEqual([
      ['y', 2, [2, 1]],
      ['(none)', 1, [1, 0]],
      ['(other)', 1, [1, 1]],
    ]);
    const q = { ...PERIOD, steps, windowMs: 60 * MIN, breakdown: { kind: 'event' as const, key: 'properties.plan', limit: 2 } };
    expect(funnelCustomers({ funnel: q, step: 2, kind: 'dropped', group: 'y' }, calls)).toEqual(['u2']);
    expect(funnelCustomers({ funnel: q, step: 2, kind: 'converted', group: '(other)' }, calls)).toEqual(['u3']);
  });

  test('by trait: the customer’s latest value', () => {
    const identify = (user: string, plan: string, minute: number): Call => ({ type: 'identify', messageId: `m${messageCounter++}`, userId: user, traits: { plan }, timestamp: new Date(T0 + minute * MIN).toISOString() });
    const calls = [identify('u1', 'free', 0), identify('u1', 'pro', 10), track('u1', 'A', 1), identify('u2', 'free', 0), track('u2', 'A', 1), track('u2', 'B', 2)];
    const r = funnel({ steps: [{ event: 'A' }, { event: 'B' }], breakdown: { kind: 'trait', key: 'plan' } }, calls);
    // u1 → pro (latest), u2 → free; one customer each, ties by value: free, pro.
    expect(r.breakdown?.map((g) => [g.value, g.steps.map((s) => s.count)])).toEqual([
      ['free', [1, 1]],
      ['pro', [1, 0]],
    ]);
    expect(funnel({ steps: [{ event: 'A' }, { event: 'B' }] }, calls).breakdown).toBeNull();
  });
});

describe('trend and time to convert', () => {
  test('customers are bucketed by their first funnel event, in the time zone', () => {
    const at = (iso: string) => (Date.parse(iso) - T0) / MIN;
    const calls = [
      // 23:30 on the 6th in Stockholm (UTC+2) → the bucket of 6 May, starting 2024-05-05T22:00Z.
      track('u1', 'A', at('2024-05-06T21:30:00Z')),
      // 00:30 on the 7th in Stockholm → bucket of 7 May; converts.
      track('u2', 'A', at('2024-05-06T22:30:00Z')), track('u2', 'B', at('2024-05-06T23:00:00Z')),
      track('u3', 'A', at('2024-05-07T08:00:00Z')),
    ];
    const r = funnel({ steps: [{ event: 'A' }, { event: 'B' }], from: T0, to: Date.parse('2024-05-08T00:00:00Z'), trend: 'day', timeZone: 'Europe/Stockholm' }, calls);
    // Buckets: those holding from (02:00 on the 6th, local) to to − 1 ms (01:59 on the 8th, local).
    expect(r.trend).toEqual([
      { bucketStart: '2024-05-05T22:00:00.000Z', entered: 1, converted: 0, conversion: 0 },
      { bucketStart: '2024-05-06T22:00:00.000Z', entered: 2, converted: 1, conversion: 0.5 },
      { bucketStart: '2024-05-07T22:00:00.000Z', entered: 0, converted: 0, conversion: null },
    ]);
  });

  test('converted means reaching the last required step', () => {
    const steps = [{ event: 'A' }, { event: 'B' }, { event: 'C', optional: true }];
    const r = funnel({ steps, trend: 'week', from: T0, to: T0 + 7 * 24 * 60 * MIN }, [track('u1', 'A', 0), track('u1', 'B', 1), track('u2', 'A', 0)]);
    expect(r.trend).toEqual([{ bucketStart: '2024-05-06T00:00:00.000Z', entered: 2, converted: 1, conversion: 0.5 }]);
  });

  test('equal-width bins of the times from the previous step', () => {
    // A→B times 10, 10, 20 minutes; 2 bins: span 600 001 ms, width ceil(600 001 / 2) = 300 001.
    const calls = [track('u1', 'A', 0), track('u1', 'B', 10), track('u2', 'A', 0), track('u2', 'B', 10), track('u3', 'A', 0), track('u3', 'B', 20)];
    const r = funnel({ steps: [{ event: 'A' }, { event: 'B' }], timeToConvertBins: 2 }, calls);
    expect(r.steps[0]?.timeToConvert).toBeNull();
    expect(r.steps[1]?.timeToConvert).toEqual([
      { fromMs: 600_000, toMs: 900_001, count: 2 },
      { fromMs: 900_001, toMs: 1_200_002, count: 1 },
    ]);
  });
});

describe('the query schema refuses what the semantics leave undefined', () => {
  const base = { ...PERIOD, steps: ABC };
  const problems = (q: unknown) => {
    const r = FunnelQuery.safeParse(q);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  test('defaults', () => {
    const q = FunnelQuery.parse({ ...base, from: '2024-05-06T00:00:00Z' });
    expect(q).toMatchObject({ order: 'ordered', windowMs: 14 * 24 * 60 * MIN, exclusions: [], timeZone: 'UTC', from: T0 });
    expect(q.steps[1]).toMatchObject({ event: 'B', optional: false, type: 'any', where: [] });
  });

  test('refusals', () => {
    expect(problems({ ...base, steps: [{ event: 'A', optional: true }, { event: 'B' }] })).toEqual(['steps.0.optional: the first step cannot be optional']);
    expect(problems({ ...base, steps: [{ event: 'A', withinMs: 5 }, { event: 'B' }] })).toEqual(['steps.0.withinMs: the first step has no previous step to be within']);
    expect(problems({ ...base, order: 'any', steps: [{ event: 'A' }, { event: 'B', optional: true, withinMs: 5 }] })).toEqual([
      'steps.1.optional: optional steps need an order: not with order "any"',
      'steps.1.withinMs: per-step windows need an order: not with order "any"',
    ]);
    expect(problems({ ...base, order: 'any', exclusions: [{ matcher: { event: 'X' }, fromStep: 1, toStep: 2 }] })).toEqual(['exclusions: exclusions lie between ordered steps: not with order "any"']);
    expect(problems({ ...base, exclusions: [{ matcher: { event: 'X' }, fromStep: 2, toStep: 2 }] })).toEqual(['exclusions.0.toStep: toStep must come after fromStep']);
    expect(problems({ ...base, exclusions: [{ matcher: { event: 'X' }, fromStep: 1, toStep: 4 }] })).toEqual(['exclusions.0.toStep: the funnel has 3 steps']);
    expect(problems({ ...base, from: PERIOD.to })).toEqual(['to: from must be before to']);
    // 100 days of hours: 2400 buckets.
    expect(problems({ ...base, to: T0 + 100 * 24 * 60 * MIN, trend: 'hour' })).toEqual(['trend: more than 2000 hour buckets in the period: choose a longer interval']);
    expect(problems({ ...base, steps: [{ event: 'A' }] })).toHaveLength(1);
    expect(problems({ ...base, steps: Array.from({ length: 31 }, () => ({ event: 'A' })) })).toHaveLength(1);
    expect(problems({ ...base, colour: 'red' })).toHaveLength(1);
    expect(problems({ ...base, steps: [{ event: 'A', colour: 'red' }, { event: 'B' }] })).toHaveLength(1);
  });
});
