import { describe, expect, test } from 'vitest';
import { FunnelQuery } from '../../../common/analytics/funnel.ts';
import type { FunnelQueryInput, FunnelResult, FunnelStepInput } from '../../../common/analytics/funnel.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import { columnsOf, masksOf } from '../../../test/helpers/analytics-columns.ts';
import { type AnalyticsCustomer, fieldText, traitOf } from '../../../test/helpers/analytics-reference/events.ts';
import { chosenSequence, funnelCustomers, referenceFunnel } from '../../../test/helpers/analytics-reference/funnel.ts';
import type { Call } from '../../../test/helpers/journey-reference.ts';
import type { CustomerEvents } from './customer-events.ts';
import { funnelCustomersOf, funnelKernel, type FunnelOutcomes } from './funnel-kernel.ts';
import { pick, randomCalls, randomPeriod, rng } from './kernel-test-streams.ts';

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
  return funnelKernel(cols.columns, { stepMasks, exclusionMasks, ...groupCodes(q, cols) }, q);
}

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

describe('funnel kernel = reference', () => {
  test('random streams, random queries over every option', () => {
    let cases = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const calls = randomCalls(seed, 120 + seed * 4, 6 + (seed % 15));
      const cols = columnsOf(calls);
      const random = rng(seed * 7919);
      for (let k = 0; k < 12; k++) {
        const input = randomQuery(random, calls);
        const q = FunnelQuery.parse(input);
        const expected = referenceFunnel(input, calls);
        const { result, outcomes } = kernel(input, cols);
        const where = `seed ${seed} query ${k}: ${JSON.stringify(input)}`;
        expect(result, where).toEqual(expected);
        const i = 1 + Math.floor(random() * q.steps.length);
        const kind = pick(random, ['converted', 'dropped'] as const);
        const group = expected.breakdown && expected.breakdown.length > 0 && random() < 0.7 ? pick(random, expected.breakdown).value : undefined;
        expect(listed(outcomes, q, cols, i, kind, group), `${where} step ${i} ${kind} ${group}`).toEqual(funnelCustomers({ funnel: input, step: i, kind, group }, calls));
        cases++;
      }
    }
    expect(cases).toBe(360);
  });
});
