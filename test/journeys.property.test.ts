import { afterEach, describe, expect, it } from 'vitest';
import type { EventList, ProfileDetail } from '../common/api.ts';
import type { Journey, JourneyAnalytics, JourneyCustomerList, ProfileJourneys } from '../common/journeys/api.ts';
import type { JourneyDefinitionInput } from '../common/journeys/model.ts';
import { type Call, customerState, type RefAnalytics, type RefCustomer, type RefState, referenceAnalytics, resolveCustomers, timeOf } from './helpers/journey-reference.ts';
import { FIVE_PHASE, publishJourney } from './helpers/journeys.ts';
import { generate, prng, send, type Stream, T0 } from './helpers/random-stream.ts';
import { startTestServer, type TestServer, testEngines } from './helpers/server.ts';

/**
 * The property test of issue 3: random event streams (out-of-order arrival, duplicate messageIds,
 * anonymous visitors merged into known customers by identify or alias, random batches) against a
 * plain reference implementation of docs/journeys.md (test/helpers/journey-reference.ts), on every
 * engine. Per seed:
 * 1. live: both journeys are published before anything is sent; most of the stream is sent; every
 *    customer's stages and the analytics of several periods (and personas) must equal the reference;
 * 2. recompute: a republish (version 2) rebuilds the state from stored events: the same numbers;
 * 3. recompute under load: version 3 is published while the rest of the stream (held-back identity
 *    links among it) arrives; once it is live, the numbers must equal the reference of everything;
 *    and every (customer, stage) the reference says was reached has a `Journey Stage Entered` event.
 * A failure names the seed, the phase and the first customer or number that differs.
 */

/** KUNDRESA_PROPERTY_SEEDS=1,2,3 replays given seeds (a failure names its seed) or runs more of them. */
const SEEDS = process.env.KUNDRESA_PROPERTY_SEEDS ? process.env.KUNDRESA_PROPERTY_SEEDS.split(',').map(Number) : [11, 23, 37, 41, 59];
const H = 3_600_000;
const D = 24 * H;

/** A second journey that exercises the matcher: in, contains, gt, neq, exists, globs, UTM, screens, nth = 3, trait and "any" personas. */
const MATCHER: JourneyDefinitionInput = {
  stages: [
    {
      id: 'm-arrive',
      key: 'arrive',
      name: 'Arrive',
      touchpoints: [
        { id: 'm-camp', name: 'Campaign page', channel: 'web', kind: 'digital', rule: { type: 'page', pagePath: '/campaign/**' } },
        { id: 'm-news', name: 'From the newsletter', channel: 'email', kind: 'digital', rule: { type: 'any', utm: { source: 'newsletter', medium: 'EMAIL' } } },
        { id: 'm-app', name: 'App', channel: 'app', kind: 'digital', rule: { type: 'screen' } },
      ],
    },
    {
      id: 'm-explore',
      key: 'explore',
      name: 'Explore',
      touchpoints: [
        { id: 'm-cat', name: 'Shoes or bags', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Product Viewed', 'Product List Viewed'], where: [{ path: 'properties.category', op: 'in', value: ['shoes', 'bags'] }] } },
        { id: 'm-boot', name: 'Searched boots', channel: 'search', kind: 'digital', rule: { type: 'track', events: ['Products Searched'], where: [{ path: 'properties.query', op: 'contains', value: 'BOOT' }] } },
        { id: 'm-prod', name: 'Product page', channel: 'web', kind: 'digital', rule: { type: 'page', pagePath: '/products/*' } },
      ],
    },
    {
      id: 'm-commit',
      key: 'commit',
      name: 'Commit',
      touchpoints: [
        { id: 'm-big', name: 'Big order', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.revenue', op: 'gt', value: 500 }] } },
        { id: 'm-qty', name: 'Three or four items', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.quantity', op: 'in', value: [3, 4] }] } },
        { id: 'm-winter', name: 'Winter sale order', channel: 'ads', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], utm: { campaign: 'WINTER-SALE' } } },
        { id: 'm-coupon', name: 'Coupon order', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.coupon', op: 'exists' }] } },
      ],
    },
    {
      id: 'm-repeat',
      key: 'repeat',
      name: 'Repeat',
      touchpoints: [
        { id: 'm-third', name: 'Third order', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], nth: 3 } },
        { id: 'm-good', name: 'Good review', channel: 'reviews', kind: 'digital', rule: { type: 'track', events: ['Product Reviewed'], where: [{ path: 'properties.rating', op: 'gt', value: 3 }] } },
      ],
    },
    {
      id: 'm-promote',
      key: 'promote',
      name: 'Promote',
      touchpoints: [{ id: 'm-share', name: 'Shared, not by e-mail', channel: 'social', kind: 'digital', rule: { type: 'track', events: ['Product Shared'], where: [{ path: 'properties.channel', op: 'neq', value: 'email' }] } }],
    },
  ],
  personas: [
    { id: 'pe-pro', name: 'Pro plan', rule: { match: 'all', traits: [{ path: 'traits.plan', op: 'eq', value: 'pro' }] } },
    {
      id: 'pe-keen',
      name: 'Keen',
      rule: {
        match: 'any',
        events: [
          { rule: { type: 'track', events: ['Order Completed'] }, minCount: 2 },
          { rule: { type: 'track', events: ['Products Searched'], where: [{ path: 'properties.query', op: 'contains', value: 'boot' }] }, minCount: 2 },
        ],
      },
    },
  ],
};

/** The periods every phase compares: all of it, a middle week, a late window; with and without personas. */
const PERIODS: { from: number; to: number; stuckDays?: number }[] = [
  { from: T0 - 3 * D, to: T0 + 25 * D, stuckDays: 7 },
  { from: T0 + 5 * D, to: T0 + 12 * D },
  { from: T0 + 10 * D, to: T0 + 16 * D, stuckDays: 3 },
];

// ---------------------------------------------------------------------------------------------------
// The stream.
// ---------------------------------------------------------------------------------------------------

async function waitForVersion(t: TestServer, id: string, version: number): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    const j = await t.api<Journey>(`/api/journeys/${id}`);
    if (j.recompute?.state === 'failed') throw new Error(`recompute of ${id} v${version} failed`);
    if (j.recompute?.state === 'done' && j.recompute.version === version) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`recompute of ${id} v${version} did not finish`);
}

// ---------------------------------------------------------------------------------------------------
// Comparing.
// ---------------------------------------------------------------------------------------------------

interface Ctx {
  seed: number;
  phase: string;
  t: TestServer;
  stream: Stream;
}

interface PublishedJourney {
  id: string;
  name: string;
  def: JourneyDefinitionInput;
}

const fmtTime = (ms: number | null) => (ms === null ? 'null' : `${new Date(ms).toISOString()} (T0${ms >= T0 ? '+' : '-'}${(Math.abs(ms - T0) / D).toFixed(4)}d)`);

function describeCustomer(ctx: Ctx, c: RefCustomer): string {
  const person = ctx.stream.personOf.get(c.calls[0]?.messageId ?? '');
  const lines = c.calls.map((call) => {
    const what = call.type === 'track' ? call.event : call.type === 'page' || call.type === 'screen' ? `${call.type} ${call.name ?? ''}` : call.type;
    const ids = [call.userId && `u=${call.userId}`, call.anonymousId && `a=${call.anonymousId}`, call.previousId && `prev=${call.previousId}`].filter(Boolean).join(' ');
    const detail = JSON.stringify({ ...(call.properties ?? {}), ...(call.traits ? { traits: call.traits } : {}), ...(call.context && Object.keys(call.context).length > 0 ? { context: call.context } : {}) });
    return `    ${fmtTime(timeOf(call))} ${what} [${ids}] ${call.messageId} ${detail}`;
  });
  return `person #${person} (userIds ${c.userIds.join(',') || '-'}, anonymousIds ${c.anonymousIds.join(',') || '-'}), ${c.calls.length} calls:\n${lines.join('\n')}`;
}

/** The first difference between two plain values, as "path: engine X, reference Y"; null when equal. */
function firstDifference(engine: unknown, reference: unknown, path = ''): string | null {
  if (Array.isArray(engine) && Array.isArray(reference)) {
    if (engine.length !== reference.length) return `${path}.length: engine ${engine.length}, reference ${reference.length}`;
    for (let i = 0; i < engine.length; i++) {
      const e = engine[i] as unknown;
      const r = reference[i] as unknown;
      const label = r !== null && typeof r === 'object' && 'key' in r ? String((r as { key: unknown }).key) : r !== null && typeof r === 'object' && 'id' in r ? String((r as { id: unknown }).id) : String(i);
      const d = firstDifference(e, r, `${path}[${label}]`);
      if (d) return d;
    }
    return null;
  }
  if (engine !== null && reference !== null && typeof engine === 'object' && typeof reference === 'object') {
    for (const k of Object.keys(reference)) {
      const d = firstDifference((engine as Record<string, unknown>)[k], (reference as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(engine, reference) ? null : `${path}: engine ${JSON.stringify(engine)}, reference ${JSON.stringify(reference)}`;
}

interface Resolved {
  customers: RefCustomer[];
  /** Canonical profile id of each customer (same index). */
  profileIds: string[];
  states: Map<string, RefState[]>;
}

/** Runs `fn` over the items with a few requests in flight; results in item order. */
async function inParallel<T, R>(items: T[], fn: (item: T) => Promise<R>, limit = 8): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Maps every reference customer to its profile (all its ids must lead to one profile, and customers to distinct ones). */
async function resolveProfiles(ctx: Ctx, sent: Call[], journeys: PublishedJourney[]): Promise<Resolved> {
  const customers = resolveCustomers(sent);
  const found = await inParallel(customers, (c) => inParallel([...c.userIds, ...c.anonymousIds], (id) => ctx.t.api<ProfileDetail>(`/api/profiles/${encodeURIComponent(id)}`), 2));
  const profileIds: string[] = [];
  const owner = new Map<string, number>();
  for (const [i, c] of customers.entries()) {
    const ids = new Set((found[i] ?? []).map((p) => p.id));
    if (ids.size !== 1) throw new Error(`seed ${ctx.seed} [${ctx.phase}]: the ids of one customer lead to profiles ${[...ids].join(', ')}: identity resolution did not merge them\n${describeCustomer(ctx, c)}`);
    const profileId = [...ids][0] as string;
    const other = owner.get(profileId);
    if (other !== undefined) throw new Error(`seed ${ctx.seed} [${ctx.phase}]: two reference customers share profile ${profileId}\n${describeCustomer(ctx, c)}\n${describeCustomer(ctx, customers[other] as RefCustomer)}`);
    owner.set(profileId, i);
    profileIds.push(profileId);
  }
  const states = new Map(journeys.map((j) => [j.id, customers.map((c) => customerState(j.def, c))]));
  return { customers, profileIds, states };
}

/** Every customer's position in every journey, as GET /api/profiles/{id}/journeys reports it. */
async function checkCustomers(ctx: Ctx, r: Resolved, journeys: PublishedJourney[], version: number): Promise<void> {
  // By an identity (the anonymous one when there is one: merged-away ids must lead to the survivor).
  const positions = await inParallel(r.customers, (c) => ctx.t.api<ProfileJourneys>(`/api/profiles/${encodeURIComponent(c.anonymousIds[0] ?? c.userIds[0] ?? '')}/journeys`));
  for (const [i, c] of r.customers.entries()) {
    const engineJourneys = positions[i]?.journeys ?? [];
    for (const j of journeys) {
      const got = engineJourneys.find((x) => x.journeyId === j.id);
      const want = r.states.get(j.id)?.[i] as RefState;
      const engine = got && {
        version: got.version,
        currentStage: got.currentStage,
        stages: got.stages.map((s) => ({ key: s.key, enteredAt: s.enteredAt, reachedAt: s.reachedAt, skipped: s.skipped })),
        touchpoints: got.touchpoints.map((x) => ({ id: x.id, events: x.events, firstAt: x.firstAt })),
        personas: [...got.personas].sort(),
      };
      const diff = firstDifference(engine ?? null, { version, ...want, personas: [...want.personas].sort() });
      if (diff) {
        const fmt = (s: { key: string; enteredAt: number | null; reachedAt: number | null; skipped: boolean }) => `    ${s.key}: entered ${fmtTime(s.enteredAt)}, reached ${fmtTime(s.reachedAt)}${s.skipped ? ', skipped' : ''}`;
        throw new Error(
          `seed ${ctx.seed} [${ctx.phase}] journey ${j.name}, profile ${r.profileIds[i]}: ${diff}\n  engine:\n${(engine?.stages ?? []).map(fmt).join('\n')}\n  reference:\n${want.stages.map(fmt).join('\n')}\n  ${describeCustomer(ctx, c)}`,
        );
      }
    }
  }
}

type StageMetric = 'reached' | 'skipped' | 'current' | 'stuck';

/** The analytics of every period (and persona) against the reference; on a difference, the first customer behind it. */
async function checkAnalytics(ctx: Ctx, r: Resolved, journeys: PublishedJourney[], version: number): Promise<void> {
  const cases = journeys.flatMap((j) => [undefined, ...(j.def.personas ?? []).map((p) => p.id)].flatMap((persona) => PERIODS.map((p) => ({ j, persona, ...p, stuckDays: p.stuckDays ?? 14, explicit: p.stuckDays !== undefined }))));
  const answers = await inParallel(cases, (c) => ctx.t.api<JourneyAnalytics>(`/api/journeys/${c.j.id}/analytics?${analyticsQuery(c)}`));
  for (const [k, c] of cases.entries()) {
    const got = answers[k] as JourneyAnalytics;
    const want: RefAnalytics = referenceAnalytics(c.j.def, r.customers, { from: c.from, to: c.to, stuckDays: c.stuckDays, persona: c.persona });
    const engine = {
      customers: got.customers,
      stages: got.stages.map((s) => ({
        key: s.key,
        reached: s.reached,
        skipped: s.skipped,
        current: s.current,
        stuck: s.stuck,
        conversionFromPrevious: s.conversionFromPrevious,
        dropOff: s.dropOff,
        medianMsFromPrevious: s.medianMsFromPrevious,
        p90MsFromPrevious: s.p90MsFromPrevious,
      })),
      touchpoints: got.touchpoints.map((x) => ({ id: x.id, events: x.events, customers: x.customers, reachedNext: x.reachedNext })),
    };
    const diff = got.version === version ? firstDifference(engine, want) : `version: engine ${got.version}, expected ${version}`;
    if (!diff) continue;
    let who = '';
    const m = /^\.stages\[([^\]]+)\]\.(reached|skipped|current|stuck)\b/.exec(diff);
    if (m) who = await firstCustomerBehind(ctx, r, c.j, m[1] as string, m[2] as StageMetric, c);
    throw new Error(`seed ${ctx.seed} [${ctx.phase}] journey ${c.j.name}, analytics ?${analyticsQuery(c)}: ${diff}${who}`);
  }
}

/** The period (and persona) of an analytics request; stuckDays left to its default of 14 for one period. */
function analyticsQuery(c: { from: number; to: number; stuckDays: number; explicit: boolean; persona?: string }): string {
  return `from=${c.from}&to=${c.to}${c.explicit ? `&stuckDays=${c.stuckDays}` : ''}${c.persona ? `&persona=${c.persona}` : ''}`;
}

/** Which customer the engine and the reference disagree on for one stage number (debugging aid). */
async function firstCustomerBehind(ctx: Ctx, r: Resolved, j: PublishedJourney, stageKey: string, metric: StageMetric, q: { from: number; to: number; stuckDays: number; persona?: string }): Promise<string> {
  const list = await ctx.t.api<JourneyCustomerList>(
    `/api/journeys/${j.id}/customers?metric=${metric}&stage=${stageKey}&from=${q.from}&to=${q.to}&stuckDays=${q.stuckDays}&limit=1000${q.persona ? `&persona=${q.persona}` : ''}`,
  );
  const engineSet = new Set(list.customers.map((c) => c.profileId));
  const states = r.states.get(j.id) ?? [];
  const s = (j.def.stages ?? []).findIndex((x) => x.key === stageKey);
  const last = (j.def.stages ?? []).length - 1;
  const inPeriod = (x: number | null) => x !== null && x >= q.from && x < q.to;
  for (const [i, c] of r.customers.entries()) {
    const st = states[i] as RefState;
    if (q.persona && !st.personas.includes(q.persona)) continue;
    const at = st.stages[s]?.reachedAt ?? null;
    let furthest = -1;
    st.stages.forEach((x, k) => {
      if (x.reachedAt !== null && x.reachedAt < q.to) furthest = k;
    });
    const inRef = metric === 'reached' ? inPeriod(at) : metric === 'skipped' ? inPeriod(at) && !!st.stages[s]?.skipped : metric === 'current' ? furthest === s : furthest === s && s < last && q.to - (at ?? 0) > q.stuckDays * D;
    const id = r.profileIds[i] as string;
    if (inRef !== engineSet.has(id)) return `\n  first customer counted by ${inRef ? 'the reference only' : 'the engine only'}: profile ${id}\n  ${describeCustomer(ctx, c)}`;
  }
  return '\n  (the engine and the reference list the same customers: the difference is in how they are counted)';
}

/** Every (customer, stage) reached has a `Journey Stage Entered` event, none an unreached stage, none earlier than the stage was reached. */
async function checkStageEntries(ctx: Ctx, r: Resolved, journeys: PublishedJourney[]): Promise<void> {
  const entries: EventList['events'] = [];
  let cursor: string | null = null;
  do {
    const page: EventList = await ctx.t.api<EventList>(`/api/events?event=Journey%20Stage%20Entered&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    entries.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  const indexOf = new Map(r.profileIds.map((id, i) => [id, i]));
  for (const j of journeys) {
    const states = r.states.get(j.id) ?? [];
    const have = new Set<string>();
    for (const e of entries) {
      if (e.properties.journey_id !== j.id) continue;
      const i = indexOf.get(e.profileId);
      const key = String(e.properties.stage_key);
      if (i === undefined) throw new Error(`seed ${ctx.seed} [${ctx.phase}] journey ${j.name}: a stage entry for ${e.profileId}, which is no customer's canonical profile: ${JSON.stringify(e)}`);
      const stage = states[i]?.stages.find((s) => s.key === key);
      if (!stage || stage.reachedAt === null) throw new Error(`seed ${ctx.seed} [${ctx.phase}] journey ${j.name}: an entry for stage ${key}, which the reference says the customer never reached: ${JSON.stringify(e)}\n  ${describeCustomer(ctx, r.customers[i] as RefCustomer)}`);
      if (e.timestamp < stage.reachedAt) throw new Error(`seed ${ctx.seed} [${ctx.phase}] journey ${j.name}: the entry of stage ${key} at ${fmtTime(e.timestamp)} is before the customer reached it (${fmtTime(stage.reachedAt)}): ${JSON.stringify(e)}\n  ${describeCustomer(ctx, r.customers[i] as RefCustomer)}`);
      have.add(`${e.profileId}\u0000${key}`);
    }
    for (const [i, st] of states.entries()) {
      for (const s of st.stages) {
        if (s.reachedAt !== null && !have.has(`${r.profileIds[i]}\u0000${s.key}`)) {
          throw new Error(`seed ${ctx.seed} [${ctx.phase}] journey ${j.name}: no Journey Stage Entered event for stage ${s.key} of profile ${r.profileIds[i]} (reached ${fmtTime(s.reachedAt)})\n  ${describeCustomer(ctx, r.customers[i] as RefCustomer)}`);
        }
      }
    }
  }
}

async function checkAll(ctx: Ctx, sent: Call[], journeys: PublishedJourney[], version: number): Promise<Resolved> {
  const r = await resolveProfiles(ctx, sent, journeys);
  await checkCustomers(ctx, r, journeys, version);
  await checkAnalytics(ctx, r, journeys, version);
  return r;
}

// ---------------------------------------------------------------------------------------------------

describe.each(testEngines())('journey state and analytics against the reference on %s', (engine) => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it.each(SEEDS)('seed %i: live, recomputed, and recomputed while events arrive', async (seed) => {
    const stream = generate(seed);
    const rnd = prng(seed * 7919);
    t = await startTestServer({ engine });
    const ctx: Ctx = { seed, phase: 'live v1', t, stream };
    const journeys: PublishedJourney[] = [];
    for (const [name, def] of [
      ['Five phases', FIVE_PHASE],
      ['Matcher', MATCHER],
    ] as const) {
      const j = await publishJourney(t, { name, definition: def });
      journeys.push({ id: j.id, name, def });
    }

    // 1. Live: the journeys are published, then most of the stream arrives.
    await send(t, stream.main, rnd, 0.15);
    await t.settle();
    await checkAll(ctx, stream.main, journeys, 1);

    // 2. Recompute: republished, the state is rebuilt from the stored events.
    ctx.phase = 'recomputed v2';
    for (const j of journeys) {
      await t.api(`/api/journeys/${j.id}`, { method: 'PATCH', body: JSON.stringify({ description: 'republished' }) });
      await t.api(`/api/journeys/${j.id}/publish`, { method: 'POST' });
    }
    for (const j of journeys) await waitForVersion(t, j.id, 2);
    await checkAll(ctx, stream.main, journeys, 2);

    // 3. Recompute while the rest arrives (held-back identity links among it): version 2 stays live
    //    until version 3 has caught up, including what arrived during its scan.
    ctx.phase = 'recomputed v3 under load';
    const tail = send(t, stream.tail, rnd, 0);
    for (const j of journeys) {
      await t.api(`/api/journeys/${j.id}`, { method: 'PATCH', body: JSON.stringify({ description: 'republished again' }) });
      await t.api(`/api/journeys/${j.id}/publish`, { method: 'POST' });
    }
    await tail;
    for (const j of journeys) await waitForVersion(t, j.id, 3);
    await t.settle();
    const everything = [...stream.main, ...stream.tail];
    expect(resolveCustomers(everything).length).toBe(stream.persons.length);
    const r = await checkAll(ctx, everything, journeys, 3);
    ctx.phase = 'stage entries';
    await checkStageEntries(ctx, r, journeys);
  });
});
