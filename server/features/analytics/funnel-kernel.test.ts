import { describe, expect, test } from 'vitest';
import { FunnelQuery } from '../../../common/analytics/funnel.ts';
import type { FunnelQueryInput, FunnelResult, FunnelStepInput } from '../../../common/analytics/funnel.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { type AnalyticsCustomer, fieldText, traitOf } from '../../../test/helpers/analytics-reference/events.ts';
import { chosenSequence, funnelCustomers, referenceFunnel } from '../../../test/helpers/analytics-reference/funnel.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import type { CustomerEvents } from './customer-events.ts';
import type { Allocator } from './scratch-buffers.ts';
import { funnelCustomersOf, funnelKernel, type FunnelOutcomes } from './funnel-kernel.ts';
import { pick, randomCalls, randomPeriod, rng } from '../../../test/helpers/kernel-test-streams.ts';

/**
 * The funnel kernel against the plain reference (docs/analytics.md#funnels): random streams and random
 * queries over every option, customer lists included, plus hand-picked edges. Step and exclusion masks
 * and breakdown codes are built the way the service builds them, here with the reference's matching.
 */

type Columns = { columns: CustomerEvents; customers: AnalyticsCustomer[] };

/** Breakdown value codes as the service gives them: -1 for absent, null or "", else an index into names. */
function groupCodes(q: FunnelQuery, { columns, customers }: Columns): { eventGroup?: Int32Array; customerGroup?: Int32Array; groupNames?: string[] } {
  const b = q.breakdown;
  if (b === undefined) return {};
  const names: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (v: string | null) => {
    if (v === null || v === '') return -1;
    let k = index.get(v);
    if (k === undefined) {
      k = names.push(v) - 1;
      index.set(v, k);
    }
    return k;
  };
  if (b.kind === 'trait') return { customerGroup: Int32Array.from(customers, (c) => codeOf(traitOf(c, b.key))), groupNames: names };
  const eventGroup = new Int32Array(columns.ts.length);
  let i = 0;
  for (const c of customers) for (const e of c.events) eventGroup[i++] = codeOf(fieldText(e.call, b.key));
  return { eventGroup, groupNames: names };
}

function kernel(input: FunnelQueryInput, cols: Columns): { result: FunnelResult; outcomes: FunnelOutcomes } {
  const q = FunnelQuery.parse(input);
  const stepMasks = masksOf(cols.customers, q.steps);
  const exclusionMasks = q.exclusions.length > 0 ? masksOf(cols.customers, q.exclusions.map((x) => x.matcher)) : undefined;
  return funnelKernel(cols.columns, { stepMasks, exclusionMasks, ...groupCodes(q, cols) }, q, DIRTY);
}

/** Arrays full of leftovers, as reused scratch memory is: the kernel must write what it reads. */
const DIRTY: Allocator = {
  uint32: (n) => new Uint32Array(n).fill(0xdeadbeef),
  int32: (n) => new Int32Array(n).fill(-123456),
  float64: (n) => new Float64Array(n).fill(1.5e12),
};

/** The kernel's list as ids, with each time checked against the reference's chosen sequence. */
function listed(o: FunnelOutcomes, q: FunnelQuery, cols: Columns, step: number, kind: 'converted' | 'dropped', group?: string): string[] {
  const { customers, times } = funnelCustomersOf(o, step, kind, group);
  return Array.from(customers, (c, k) => {
    const chosen = chosenSequence(q, cols.customers[c] as AnalyticsCustomer);
    const at = q.order === 'any' ? step - 1 : (chosen?.steps.indexOf(step - 1) ?? -1);
    const want = kind === 'converted' ? chosen?.events[at]?.t : chosen?.events[chosen.events.length - 1]?.t;
    expect(times[k], `time of ${cols.columns.profileIds[c]} at step ${step} ${kind}`).toBe(want);
    return cols.columns.profileIds[c] as string;
  });
}

const MATCHERS: EventMatcherInput[] = [
  { event: 'Product Viewed' },
  { event: 'Product Viewed' },
  { event: 'Product Added' },
  { event: 'Order Completed' },
  { event: 'Signed Up' },
  { type: 'page' },
  { type: 'page', pagePath: '/products/*' },
  { type: 'page', pagePath: '/cart' },
  { type: 'screen' },
  { type: 'track' },
  {},
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'exists' }] },
  { type: 'track', where: [{ path: 'properties.plan', op: 'eq', value: 'pro' }] },
  { stage: { journeyId: 'j1', stageKey: 'buy' } },
  { stage: { journeyId: 'j1', stageKey: 'aware' } },
];
const EXCLUSION_MATCHERS: EventMatcherInput[] = [{ event: 'Signed Up' }, { type: 'screen' }, { event: 'Product Added' }, { type: 'page', pagePath: '/cart' }, { type: 'identify' }, {}];
const MIN = 60_000;
const WINDOWS = [undefined, 0, 1, MIN, 30 * MIN, 3 * 60 * MIN, 86_400_000, 3 * 86_400_000];
const WITHIN = [0, 1, MIN, 30 * MIN, 2 * 60 * MIN, 86_400_000];

function randomQuery(random: () => number, calls: Call[]): FunnelQueryInput {
  const order = pick(random, ['ordered', 'ordered', 'strict', 'any'] as const);
  const n = 2 + Math.floor(random() * (random() < 0.2 ? 6 : 3));
  const steps: FunnelStepInput[] = Array.from({ length: n }, (_, i) => {
    const step: FunnelStepInput = { ...pick(random, MATCHERS) };
    if (order !== 'any' && i > 0 && random() < 0.25) step.optional = true;
    if (order !== 'any' && i > 0 && random() < 0.2) step.withinMs = pick(random, WITHIN);
    return step;
  });
  const exclusions =
    order === 'any' || random() < 0.5
      ? []
      : Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
          const fromStep = 1 + Math.floor(random() * (n - 1));
          const toStep = fromStep + 1 + Math.floor(random() * (n - fromStep));
          return { matcher: pick(random, EXCLUSION_MATCHERS), fromStep, toStep };
        });
  const r = random();
  const breakdown = r < 0.2 ? { kind: 'event' as const, key: pick(random, ['properties.plan', 'properties.path', 'context.campaign.source']), limit: pick(random, [1, 2, 3, 10]) } : r < 0.35 ? { kind: 'trait' as const, key: 'plan', limit: pick(random, [1, 2, 10]) } : undefined;
  return {
    ...randomPeriod(random, calls),
    steps,
    order,
    windowMs: pick(random, WINDOWS),
    exclusions,
    breakdown,
    trend: random() < 0.3 ? pick(random, ['hour', 'day', 'week', 'month'] as const) : undefined,
    timeZone: pick(random, ['UTC', 'Europe/Stockholm', 'America/St_Johns']),
    timeToConvertBins: random() < 0.4 ? pick(random, [1, 2, 3, 7, 100]) : undefined,
  };
}

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * Dense streams: few names, many ties and near-ties, events matching several steps, anonymous visitors
 * merged by identify — where the ordering, strict, window and exclusion rules actually decide.
 */
function denseCalls(seed: number): Call[] {
  const random = rng(seed);
  const start = Date.parse('2024-03-30T20:00:00Z') + Math.floor(random() * 3 * DAY);
  const calls: Call[] = [];
  let message = 0;
  const people = 3 + Math.floor(random() * 9);
  for (let p = 0; p < people; p++) {
    let t = start + Math.floor(random() * DAY);
    const anonymous = random() < 0.3;
    const count = 1 + Math.floor(random() * 11);
    for (let k = 0; k < count; k++) {
      t += pick(random, [0, 0, 0, 1, 1000, MIN, MIN, 5 * MIN, 30 * MIN, HOUR, 10 * HOUR, DAY]);
      const who = anonymous && k < count / 2 ? { anonymousId: `a${p}` } : { userId: `u${p}` };
      const stamp = { messageId: `d${seed}-${message++}`, timestamp: new Date(t).toISOString() };
      const plan = pick(random, ['pro', 'free', '', null, undefined, '(other)']);
      const properties = plan === undefined ? {} : { plan };
      if (random() < 0.15) calls.push({ type: 'page', ...who, ...stamp, name: 'Shop', properties: { ...properties, path: pick(random, ['/a', '/b']) } });
      else calls.push({ type: 'track', ...who, ...stamp, event: pick(random, ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'X']), properties });
    }
    if (anonymous) calls.push({ type: 'identify', userId: `u${p}`, anonymousId: `a${p}`, messageId: `d${seed}-${message++}`, timestamp: new Date(t).toISOString(), traits: { plan: pick(random, ['pro', 'free', '']) } });
  }
  // Sent shuffled: ties at one timestamp are ordered by arrival (seq).
  for (let i = calls.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [calls[i], calls[j]] = [calls[j] as Call, calls[i] as Call];
  }
  return calls;
}

const DENSE_MATCHERS: EventMatcherInput[] = [
  { event: 'A' },
  { event: 'A' },
  { event: 'B' },
  { event: 'B' },
  { event: 'C' },
  { event: 'D' },
  { type: 'track' },
  { event: 'A', where: [{ path: 'properties.plan', op: 'eq', value: 'pro' }] },
  { type: 'page' },
  {},
];
const DENSE_EXCLUSIONS: EventMatcherInput[] = [{ event: 'X' }, { event: 'D' }, { event: 'B' }, { event: 'C' }, { type: 'page' }, { type: 'track' }];
const DENSE_WINDOWS = [undefined, 0, 1, MIN, 5 * MIN, 30 * MIN, HOUR, 10 * HOUR, DAY];

/** A period holding every call of the stream. */
function wholeStream(calls: Call[]): { from: number; to: number } {
  const times = calls.map((c) => Date.parse(c.timestamp));
  return { from: Math.min(...times) - HOUR, to: Math.max(...times) + HOUR };
}

function denseQuery(random: () => number, calls: Call[]): FunnelQueryInput {
  const order = pick(random, ['ordered', 'ordered', 'strict', 'strict', 'any'] as const);
  const n = 2 + Math.floor(random() * (random() < 0.3 ? 5 : 3));
  const steps: FunnelStepInput[] = Array.from({ length: n }, (_, i) => {
    const step: FunnelStepInput = { ...pick(random, DENSE_MATCHERS) };
    if (order !== 'any' && i > 0 && random() < 0.3) step.optional = true;
    if (order !== 'any' && i > 0 && random() < 0.25) step.withinMs = pick(random, DENSE_WINDOWS.slice(1));
    return step;
  });
  const exclusions =
    order === 'any' || random() < 0.3
      ? []
      : Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const fromStep = 1 + Math.floor(random() * (n - 1));
          const toStep = fromStep + 1 + Math.floor(random() * (n - fromStep));
          return { matcher: pick(random, DENSE_EXCLUSIONS), fromStep, toStep };
        });
  const r = random();
  return {
    ...(random() < 0.6 ? wholeStream(calls) : randomPeriod(random, calls)),
    steps,
    order,
    windowMs: pick(random, DENSE_WINDOWS),
    exclusions,
    breakdown: r < 0.25 ? { kind: 'event', key: 'properties.plan', limit: pick(random, [1, 2, 5]) } : r < 0.4 ? { kind: 'trait', key: 'plan', limit: pick(random, [1, 3]) } : undefined,
    trend: random() < 0.3 ? pick(random, ['hour', 'day', 'week'] as const) : undefined,
    timeZone: pick(random, ['UTC', 'Europe/Stockholm']),
    timeToConvertBins: random() < 0.4 ? pick(random, [1, 2, 5, 100]) : undefined,
  };
}

/** Compares one query's answer and one of its customer lists with the reference. */
function compare(input: FunnelQueryInput, calls: Call[], cols: Columns, random: () => number, where: string): FunnelResult {
  const q = FunnelQuery.parse(input);
  const expected = referenceFunnel(input, calls);
  const { result, outcomes } = kernel(input, cols);
  expect(result, where).toEqual(expected);
  const step = 1 + Math.floor(random() * q.steps.length);
  const kind = pick(random, ['converted', 'dropped'] as const);
  const groups = expected.breakdown ?? [];
  const group = groups.length > 0 && random() < 0.7 ? pick(random, groups).value : undefined;
  expect(listed(outcomes, q, cols, step, kind, group), `${where} step ${step} ${kind} ${group}`).toEqual(funnelCustomers({ funnel: input, step, kind, group }, calls));
  return expected;
}

describe('funnel kernel = reference', () => {
  test('random streams, random queries over every option', () => {
    let cases = 0;
    let converting = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const calls = randomCalls(seed, 120 + seed * 4, 6 + (seed % 15));
      const cols = columnsOf(calls);
      const random = rng(seed * 7919);
      for (let k = 0; k < 12; k++) {
        const input = randomQuery(random, calls);
        const expected = compare(input, calls, cols, random, `seed ${seed} query ${k}: ${JSON.stringify(input)}`);
        cases++;
        if ((expected.steps[1]?.count ?? 0) > 0) converting++;
      }
    }
    expect(cases).toBe(360);
    // The streams must make people convert, not only enter.
    expect(converting).toBeGreaterThan(100);
  });

  test('dense streams: ties, events matching several steps, strict, optional steps, per-step windows, exclusions', () => {
    // How often each rule changed an answer: the generator must exercise them, not just pass through.
    const decided = { strict: 0, optional: 0, within: 0, exclusions: 0, window: 0, deep: 0 };
    let cases = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const calls = denseCalls(seed);
      const cols = columnsOf(calls);
      const random = rng(seed * 104729);
      for (let k = 0; k < 6; k++) {
        const input = denseQuery(random, calls);
        const where = `dense seed ${seed} query ${k}: ${JSON.stringify(input)}`;
        const expected = compare(input, calls, cols, random, where);
        cases++;
        const q = FunnelQuery.parse(input);
        const counts = JSON.stringify(expected.steps.map((s) => s.count));
        const without = (change: Partial<FunnelQueryInput>) => JSON.stringify(referenceFunnel({ ...input, ...change }, calls).steps.map((s) => s.count)) !== counts;
        if (q.order === 'strict' && without({ order: 'ordered' })) decided.strict++;
        if (q.steps.some((s) => s.optional) && without({ steps: q.steps.map((s) => ({ ...s, optional: false })) })) decided.optional++;
        if (q.steps.some((s) => s.withinMs !== undefined) && without({ steps: q.steps.map((s) => ({ ...s, withinMs: undefined })) })) decided.within++;
        if (q.exclusions.length > 0 && without({ exclusions: [] })) decided.exclusions++;
        if (without({ windowMs: 366 * DAY })) decided.window++;
        if ((expected.steps[3]?.count ?? 0) > 0) decided.deep++;
      }
    }
    expect(cases).toBe(720);
    for (const [rule, n] of Object.entries(decided)) expect(n, rule).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------------------------------
// Hand-picked edges: each answer is worked out in the comments and must also be the reference's.
// ---------------------------------------------------------------------------------------------------

const T0 = Date.parse('2024-05-06T00:00:00Z');
const PERIOD = { from: T0, to: T0 + 30 * DAY };
let sent = 0;
/** A track call at `minute` after T0; calls get seq in the order they are written. */
function track(user: string, event: string, minute: number, properties?: Record<string, unknown>): Call {
  return { type: 'track', messageId: `h${sent++}`, userId: user, event, timestamp: new Date(T0 + minute * MIN).toISOString(), properties };
}

/** The kernel's answer, checked against the reference, and the chosen sequences as "user: event@minute step …". */
function edge(q: Omit<FunnelQueryInput, 'from' | 'to'>, calls: Call[]): { counts: number[]; result: FunnelResult; chosen: string[] } {
  const input = { ...PERIOD, ...q };
  const cols = columnsOf(calls);
  const { result, outcomes } = kernel(input, cols);
  expect(result).toEqual(referenceFunnel(input, calls));
  const chosen: string[] = [];
  const parsed = FunnelQuery.parse(input);
  for (let e = 0; e < outcomes.entrants; e++) {
    const c = cols.customers[outcomes.customer[e] as number] as AnalyticsCustomer;
    const ref = chosenSequence(parsed, c);
    chosen.push(`${c.id}: ${(ref?.events ?? []).map((ev, k) => `${ev.call.event}@${(ev.t - T0) / MIN} ${(ref?.steps[k] ?? 0) + 1}`).join(', ')}`);
    // The kernel keeps the same event times and counted steps as the reference's chosen sequence.
    const times = Array.from(outcomes.seqTimes.subarray(outcomes.seqStart[e], outcomes.seqStart[e + 1]));
    expect(times, chosen[e]).toEqual((ref?.events ?? []).map((ev) => ev.t));
  }
  return { counts: result.steps.map((s) => s.count), result, chosen };
}

describe('hand-picked edges', () => {
  test('ties at one timestamp are ordered by seq; the earliest of tied starts is chosen', () => {
    const r = edge({ steps: [{ event: 'A' }, { event: 'B' }] }, [
      // u1: A then B at the same minute → converts in 0 ms. u2: B sent before A → B is not after A.
      track('u1', 'A', 5), track('u1', 'B', 5),
      track('u2', 'B', 5), track('u2', 'A', 5),
      // u3: two A and a B all at minute 7: the first A (by seq) starts the chosen sequence.
      track('u3', 'A', 7, { n: 1 }), track('u3', 'A', 7, { n: 2 }), track('u3', 'B', 7),
    ]);
    expect(r.counts).toEqual([3, 2]);
    expect(r.result.steps[1]?.medianMsFromPrevious).toBe(0);
    expect(r.chosen).toEqual(['u1: A@5 1, B@5 2', 'u2: A@5 1', 'u3: A@7 1, B@7 2']);
  });

  test('one event matching two steps fills only one', () => {
    // Ordered, "any track" then "B": u1's single B can be step 1 or 2, not both → level 1; u2's two Bs → 2.
    expect(edge({ steps: [{ type: 'track' }, { event: 'B' }] }, [track('u1', 'B', 0), track('u2', 'B', 0), track('u2', 'B', 1)]).counts).toEqual([2, 1]);
    // Any order, "any track" and "A": u3 did A then B. If A took "any track", B could not take "A";
    // so the only two-step sequence is A as step 2 and B as step 1, and the chosen sequence says so.
    const any = edge({ steps: [{ type: 'track' }, { event: 'A' }], order: 'any' }, [track('u3', 'A', 0), track('u3', 'B', 1), track('u4', 'A', 0)]);
    expect(any.counts).toEqual([2, 1]);
    expect(any.chosen).toEqual(['u3: A@0 2, B@1 1', 'u4: A@0 1']);
  });

  test('window edges: t(last) − t(first) = windowMs converts, 1 ms more does not; the same for withinMs', () => {
    const at = (user: string, event: string, ms: number): Call => ({ ...track(user, event, 0), timestamp: new Date(T0 + ms).toISOString() });
    const W = 60 * MIN;
    const calls = [at('u1', 'A', 0), at('u1', 'B', W), at('u2', 'A', 0), at('u2', 'B', W + 1)];
    expect(edge({ steps: [{ event: 'A' }, { event: 'B' }], windowMs: W }, calls).counts).toEqual([2, 1]);
    expect(edge({ steps: [{ event: 'A' }, { event: 'B', withinMs: W }], order: 'strict' }, calls).counts).toEqual([2, 1]);
    // Any order: the window holds both, whichever comes first.
    expect(edge({ steps: [{ event: 'B' }, { event: 'A' }], order: 'any', windowMs: W }, calls).counts).toEqual([2, 1]);
  });

  test('an exclusion event at the same timestamp as a step event lies between only when its seq does', () => {
    const exclusions = [{ matcher: { event: 'X' }, fromStep: 1, toStep: 2 }];
    const calls = [
      // u1: X sent before B at B's minute → strictly between A and B → A only.
      track('u1', 'A', 0), track('u1', 'X', 10), track('u1', 'B', 10),
      // u2: X sent after B → after the sequence → converts.
      track('u2', 'A', 0), track('u2', 'B', 10), track('u2', 'X', 10),
      // u3: X sent before A at A's minute → before the sequence → converts.
      track('u3', 'X', 0), track('u3', 'A', 0), track('u3', 'B', 10),
    ];
    expect(edge({ steps: [{ event: 'A' }, { event: 'B' }], exclusions }, calls).counts).toEqual([3, 2]);
    // Strict: X matches no step, so it never breaks adjacency, only the exclusion.
    expect(edge({ steps: [{ event: 'A' }, { event: 'B' }], exclusions, order: 'strict' }, calls).counts).toEqual([3, 2]);
  });

  test('a skipped optional step widens the excluded stretch; an optional step inside it may not match the exclusion', () => {
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
    const between2and3 = [{ matcher: { event: 'X' }, fromStep: 2, toStep: 3 }];
    const r = edge({ steps, exclusions: between2and3 }, [
      // u1: B skipped, so the stretch runs from A to C and holds X → A only.
      track('u1', 'A', 0), track('u1', 'X', 5), track('u1', 'C', 10),
      // u2: the stretch is B → C; X lies before it → all three.
      track('u2', 'A', 0), track('u2', 'X', 5), track('u2', 'B', 7), track('u2', 'C', 10),
      // u3: X between B and C: through B is excluded, skipping B widens the stretch to A → C, still
      // holding X → the best is A, B (step 2 counted, not step 3).
      track('u3', 'A', 0), track('u3', 'B', 2), track('u3', 'X', 5), track('u3', 'C', 10),
    ]);
    expect(r.counts).toEqual([3, 2, 1]);
    expect(r.chosen).toEqual(['u1: A@0 1', 'u2: A@0 1, B@7 2, C@10 3', 'u3: A@0 1, B@2 2']);
    // Excluding B itself between steps 1 and 3: an included B is strictly inside the stretch, and a
    // skipped one still lies in it → no C; A, B does not reach step 3, so it stands.
    const inside = edge({ steps, exclusions: [{ matcher: { event: 'B' }, fromStep: 1, toStep: 3 }] }, [track('u4', 'A', 0), track('u4', 'B', 1), track('u4', 'C', 2)]);
    expect(inside.chosen).toEqual(['u4: A@0 1, B@1 2']);
  });

  test('strict: an intervening event matching any step breaks adjacency; one matching none does not', () => {
    const ABC = [{ event: 'A' }, { event: 'B' }, { event: 'C' }];
    const calls = [
      // u1: A, C, B, C: after A the next step event is C → level 1 (ordered: 3).
      track('u1', 'A', 0), track('u1', 'C', 1), track('u1', 'B', 2), track('u1', 'C', 3),
      // u2: X matches no step → level 3.
      track('u2', 'A', 0), track('u2', 'X', 1), track('u2', 'B', 2), track('u2', 'C', 3),
      // u3: A, A, B: the second A starts the adjacent pair → level 2, chosen from A@1.
      track('u3', 'A', 0), track('u3', 'A', 1), track('u3', 'B', 2),
    ];
    const strict = edge({ steps: ABC, order: 'strict' }, calls);
    expect(strict.counts).toEqual([3, 2, 1]);
    expect(strict.chosen).toEqual(['u1: A@0 1', 'u2: A@0 1, B@2 2, C@3 3', 'u3: A@1 1, B@2 2']);
    expect(edge({ steps: ABC }, calls).counts).toEqual([3, 3, 2]);
  });

  test('the highest step beats more steps, more steps beat earlier events', () => {
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
    // Strict u1: A@0 → B@1 is adjacent but A@2 breaks B → C; A@2 → C@3 reaches step 3 → chosen.
    // Ordered u2: A, C, B, C: A → B → C (three steps) beats the earlier A → C.
    expect(edge({ steps, order: 'strict' }, [track('u1', 'A', 0), track('u1', 'B', 1), track('u1', 'A', 2), track('u1', 'C', 3)]).chosen).toEqual(['u1: A@2 1, C@3 3']);
    expect(edge({ steps }, [track('u2', 'A', 0), track('u2', 'C', 5), track('u2', 'B', 6), track('u2', 'C', 10)]).chosen).toEqual(['u2: A@0 1, B@6 2, C@10 3']);
  });

  test('a per-step window waits from the previous included step; a later start can satisfy it', () => {
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C', withinMs: 10 * MIN }];
    const r = edge({ steps }, [
      track('u1', 'A', 0), track('u1', 'B', 30), track('u1', 'C', 35), // C − B = 5 → through B
      track('u2', 'A', 0), track('u2', 'A', 20), track('u2', 'C', 25), // C − A@20 = 5 → from the second A
      track('u3', 'A', 0), track('u3', 'C', 15), // 15 > 10 → A only
    ]);
    expect(r.chosen).toEqual(['u1: A@0 1, B@30 2, C@35 3', 'u2: A@20 1, C@25 3', 'u3: A@0 1']);
  });

  test('rebuilding the chosen sequence re-checks each link, not only whether the rest can be completed', () => {
    // Steps A, B (optional), C within 5 minutes, D (optional), E. The best is A, B@11, C@12, E@15 (one
    // optional step). C@10 comes earlier and could continue through D@10.5 to E with one optional step
    // too, but it is 10 minutes after A: the link A → C breaks C's per-step window.
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C', withinMs: 5 * MIN }, { event: 'D', optional: true }, { event: 'E' }];
    const r = edge({ steps }, [track('u1', 'A', 0), track('u1', 'C', 10), track('u1', 'D', 10.5), track('u1', 'B', 11), track('u1', 'C', 12), track('u1', 'E', 15)]);
    expect(r.chosen).toEqual(['u1: A@0 1, B@11 2, C@12 3, E@15 5']);
  });

  test('rebuilding the chosen sequence re-checks each link for exclusions too', () => {
    // Steps A, B (optional), C, D (optional), E; no X between steps 2 and 3 (with B skipped: between A
    // and C). C@2 could continue through D@3 to E@6 with one optional step, like the best, A, B@4,
    // C@5, E@6; but X@1 lies between A and C@2.
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }, { event: 'D', optional: true }, { event: 'E' }];
    const exclusions = [{ matcher: { event: 'X' }, fromStep: 2, toStep: 3 }];
    const r = edge({ steps, exclusions }, [track('u1', 'A', 0), track('u1', 'X', 1), track('u1', 'C', 2), track('u1', 'D', 3), track('u1', 'B', 4), track('u1', 'C', 5), track('u1', 'E', 6)]);
    expect(r.chosen).toEqual(['u1: A@0 1, B@4 2, C@5 3, E@6 5']);
  });

  test('breakdown codes: -1, "" and "(none)" are one group; a kept value "(other)" is the rest too', () => {
    const calls = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((u) => track(u, 'A', 0));
    const cols = columnsOf(calls);
    const q = FunnelQuery.parse({ ...PERIOD, steps: [{ event: 'A' }, { event: 'B' }], breakdown: { kind: 'trait', key: 'plan', limit: 2 } });
    const stepMasks = masksOf(cols.customers, q.steps);
    // Customers a … g: -1, "", "(none)" → (none) ×3; "(other)" ×2; "pro", "free" → outside the top 2.
    const groupNames = ['', '(none)', '(other)', 'pro', 'free'];
    const customerGroup = Int32Array.from([-1, 0, 1, 2, 2, 3, 4]);
    const { result, outcomes } = funnelKernel(cols.columns, { stepMasks, customerGroup, groupNames }, q);
    // Kept: (none) 3, (other) 2; the rest (pro, free) joins "(other)", listed again after the kept
    // groups, as the reference lists it (both entries hold the same four customers).
    expect(result.breakdown?.map((g) => [g.value, g.customers])).toEqual([['(none)', 3], ['(other)', 4], ['(other)', 4]]);
    expect(Array.from(funnelCustomersOf(outcomes, 1, 'converted', '(other)').customers, (c) => cols.columns.profileIds[c])).toEqual(['d', 'e', 'f', 'g']);
  });

  test('customer lists: converted with their step time, dropped with their last step time, by group', () => {
    const steps = [{ event: 'A' }, { event: 'B', optional: true }, { event: 'C' }];
    const calls = [
      track('u1', 'A', 0, { plan: 'pro' }), track('u1', 'B', 1), track('u1', 'C', 2),
      track('u2', 'A', 0, { plan: 'pro' }), track('u2', 'C', 3),
      track('u3', 'A', 0), track('u3', 'B', 4),
      track('u4', 'A', 0, { plan: 'free' }),
    ];
    const input = { ...PERIOD, steps, breakdown: { kind: 'event' as const, key: 'properties.plan', limit: 1 } };
    const cols = columnsOf(calls);
    const { outcomes } = kernel(input, cols);
    const list = (step: number, kind: 'converted' | 'dropped', group?: string) => {
      const { customers, times } = funnelCustomersOf(outcomes, step, kind, group);
      return Array.from(customers, (c, k) => `${cols.columns.profileIds[c]}@${((times[k] as number) - T0) / MIN}`);
    };
    expect(list(3, 'converted')).toEqual(['u1@2', 'u2@3']);
    expect(list(3, 'dropped')).toEqual(['u3@4', 'u4@0']);
    expect(list(2, 'dropped')).toEqual(['u2@3', 'u4@0']);
    expect(list(1, 'dropped')).toEqual([]);
    // Groups: pro (u1, u2) kept, (none) u3 and free u4 in (other).
    expect(outcomes.groups).toEqual(['pro', '(other)']);
    expect(list(1, 'converted', 'pro')).toEqual(['u1@0', 'u2@0']);
    expect(list(3, 'dropped', '(other)')).toEqual(['u3@4', 'u4@0']);
    expect(list(1, 'converted', 'enterprise')).toEqual([]);
    for (const [step, kind, group] of [[3, 'converted', undefined], [2, 'dropped', undefined], [3, 'dropped', '(other)']] as const) {
      expect(list(step, kind, group).map((s) => s.split('@')[0])).toEqual(funnelCustomers({ funnel: input, step, kind, group }, calls));
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Large customers: too big for the reference, so the general search is checked against the simple one.
// ---------------------------------------------------------------------------------------------------

/** Columns of customers with these many events: random step masks, gaps with ties, seq = position. */
function syntheticColumns(sizes: number[], seed: number, steps: number): { columns: CustomerEvents; stepMasks: Uint32Array } {
  const random = rng(seed);
  const total = sizes.reduce((a, b) => a + b, 0);
  const offsets = new Int32Array(sizes.length + 1);
  const ts = new Float64Array(total);
  const stepMasks = new Uint32Array(total);
  let i = 0;
  sizes.forEach((size, c) => {
    offsets[c] = i;
    let t = T0 + Math.floor(random() * DAY);
    for (let k = 0; k < size; k++, i++) {
      t += pick(random, [0, 0, 1, 1000, MIN, 10 * MIN, HOUR, 5 * HOUR]);
      ts[i] = t;
      // Mostly one step per event, now and then two, often none.
      let m = 0;
      if (random() < 0.6) m |= 1 << Math.floor(random() * steps);
      if (random() < 0.1) m |= 1 << Math.floor(random() * steps);
      stepMasks[i] = m;
    }
  });
  offsets[sizes.length] = total;
  const zeros = () => new Int32Array(total).fill(-1);
  const columns: CustomerEvents = {
    profileIds: sizes.map((_, c) => `c${String(c).padStart(6, '0')}`),
    offsets,
    ts,
    seq: Float64Array.from(ts, (_, k) => k),
    type: new Uint8Array(total),
    name: zeros(),
    path: zeros(),
    utmSource: zeros(),
    utmMedium: zeros(),
    utmCampaign: zeros(),
    referrerHost: zeros(),
    pageHost: zeros(),
    strings: [],
  };
  return { columns, stepMasks };
}

describe('large customers', () => {
  test('the general search agrees with the chains on plain ordered and strict funnels, up to 100,000 events a customer', () => {
    const sizes = [100_000, 20_000, 5_000, ...Array.from({ length: 300 }, (_, k) => 1 + (k % 60))];
    for (const [steps, order] of [[3, 'ordered'], [6, 'ordered'], [2, 'strict'], [3, 'strict']] as const) {
      const { columns, stepMasks } = syntheticColumns(sizes, steps, steps);
      const base = { ...PERIOD, order, steps: Array.from({ length: steps }, (_, k) => ({ event: `S${k}` })), windowMs: pick(rng(steps), [HOUR, 6 * HOUR, DAY]), timeToConvertBins: 10 };
      const simple = funnelKernel(columns, { stepMasks }, FunnelQuery.parse(base));
      // Two rules that change nothing but send every customer through the general search: a per-step
      // window as wide as the whole window; and "no event of step j + 1 between steps j and j + 1",
      // which the chains always obey (greedy ones take the first such event, strict ones have no step
      // event in between), so the best key and the earliest sequence with it stay.
      const timed = FunnelQuery.parse({ ...base, steps: base.steps.map((s, k) => (k === 1 ? { ...s, withinMs: base.windowMs } : s)) });
      const ownEvents = FunnelQuery.parse({ ...base, exclusions: base.steps.slice(1).map((s, k) => ({ matcher: s, fromStep: k + 1, toStep: k + 2 })) });
      const exclusionMasks = stepMasks.map((m) => m >>> 1);
      for (const q of [timed, ownEvents]) {
        const general = funnelKernel(columns, { stepMasks, exclusionMasks }, q);
        expect(general.result.steps).toEqual(simple.result.steps);
        expect(general.outcomes.counted).toEqual(simple.outcomes.counted);
        expect(general.outcomes.seqTimes).toEqual(simple.outcomes.seqTimes);
      }
      expect(simple.result.steps[steps - 1]?.count).toBeGreaterThan(0);
    }
  });

  test('strict, optional-step and any-order funnels finish on a 100,000-event customer', () => {
    const { columns, stepMasks } = syntheticColumns([100_000, 10], 5, 4);
    const steps = [{ event: 'S0' }, { event: 'S1', optional: true }, { event: 'S2', withinMs: HOUR }, { event: 'S3' }];
    for (const q of [
      { ...PERIOD, steps: steps.map((s) => ({ ...s, optional: false, withinMs: undefined })), order: 'strict' as const },
      { ...PERIOD, steps, windowMs: DAY },
      { ...PERIOD, steps, order: 'strict' as const, exclusions: [{ matcher: { event: 'X' }, fromStep: 1, toStep: 3 }] },
      { ...PERIOD, steps: steps.map((s) => ({ event: s.event })), order: 'any' as const, windowMs: HOUR },
    ]) {
      const { result } = funnelKernel(columns, { stepMasks, exclusionMasks: Uint32Array.from(stepMasks, (m) => (m >>> 3) & 1) }, FunnelQuery.parse(q));
      expect(result.customers).toBe(2);
      expect(result.steps[3]?.count).toBeGreaterThan(0);
    }
  });
});
