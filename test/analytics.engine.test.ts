import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileDetail } from '../common/api.ts';
import type { EventMatcherInput } from '../common/analytics/query.ts';
import { EventMatcher } from '../common/analytics/query.ts';
import type { CustomerEvents } from '../server/features/analytics/customer-events.ts';
import { matcherMasks } from '../server/features/analytics/event-masks.ts';
import { columnsOf, masksOf } from './helpers/analytics-columns.ts';
import type { AnalyticsCustomer } from './helpers/analytics-reference/events.ts';
import { generate, prng, send } from './helpers/random-stream.ts';
import { startTestServer, type TestServer, testEngines } from './helpers/server.ts';

/**
 * The analytics engine's own view of the events (AnalyticsIndex: built from the store, then kept
 * current from the pipeline) against the reference's (test/helpers/analytics-columns.ts), on every
 * engine: the same customers (merges resolved), each with the same events in the same order and the
 * same names, paths, UTM values and hosts; and the same events matched by each matcher. Kernels are
 * tested against the references on these columns, so together the engine answers as the references do.
 */

const SEEDS = [5, 17];

/** Matchers over everything the stream has: names, types, where on several operators, globs. */
const MATCHERS: EventMatcherInput[] = [
  { event: 'Order Completed' },
  { event: 'Product Viewed', where: [{ path: 'properties.category', op: 'in', value: ['shoes', 'bags'] }] },
  { type: 'page', pagePath: '/campaign/**' },
  { type: 'page' },
  { type: 'screen', event: 'Home' },
  { event: 'Order Completed', where: [{ path: 'properties.revenue', op: 'gt', value: 500 }] },
  { where: [{ path: 'context.campaign.source', op: 'eq', value: 'google' }] },
  { event: 'Products Searched', where: [{ path: 'properties.query', op: 'contains', value: 'BOOT' }] },
  { type: 'identify' },
  {},
];

/** One customer's events as comparable text rows. */
function rowsOf(c: CustomerEvents, customer: number): string[] {
  const s = (code: number) => (code < 0 ? '-' : (c.strings[code] ?? '?'));
  const rows: string[] = [];
  for (let i = c.offsets[customer] as number; i < (c.offsets[customer + 1] as number); i++) {
    rows.push([c.ts[i], c.type[i], s(c.name[i] as number), s(c.path[i] as number), s(c.utmSource[i] as number), s(c.utmMedium[i] as number), s(c.utmCampaign[i] as number), s(c.referrerHost[i] as number), s(c.pageHost[i] as number)].join(' | '));
  }
  return rows;
}

/** The engine's customer index of each reference customer, by asking the API which profile its ids lead to. */
async function customerOfReference(t: TestServer, engine: CustomerEvents, reference: AnalyticsCustomer[]): Promise<number[]> {
  const index = new Map(engine.profileIds.map((id, c) => [id, c]));
  const out: number[] = [];
  for (const r of reference) {
    const id = r.customer.userIds[0] ?? r.customer.anonymousIds[0] ?? '';
    const profile = await t.api<ProfileDetail>(`/api/profiles/${encodeURIComponent(id)}`);
    const c = index.get(profile.id);
    if (c === undefined) throw new Error(`customer ${r.id} (profile ${profile.id}) is not in the engine's columns`);
    out.push(c);
  }
  return out;
}

async function expectSameColumns(t: TestServer, engine: CustomerEvents, sent: Parameters<typeof columnsOf>[0], label: string): Promise<void> {
  const { columns: reference, customers } = columnsOf(sent);
  const mapping = await customerOfReference(t, engine, customers);
  const nonEmpty = engine.profileIds.filter((_, c) => (engine.offsets[c + 1] as number) > (engine.offsets[c] as number)).length;
  expect(nonEmpty, `${label}: customers with events`).toBe(customers.length);
  customers.forEach((r, i) => expect(rowsOf(engine, mapping[i] as number), `${label}: events of ${r.id}`).toEqual(rowsOf(reference, i)));

  // The same events match each matcher.
  const ws = t.server.workspaceId;
  const engineMasks = await matcherMasks({ events: t.server.stores.events, workspaceId: ws, columns: engine }, MATCHERS.map((m) => EventMatcher.parse(m)));
  const referenceMasks = masksOf(customers, MATCHERS);
  customers.forEach((r, i) => {
    const c = mapping[i] as number;
    const a = Array.from(engineMasks.subarray(engine.offsets[c] as number, engine.offsets[c + 1] as number));
    const b = Array.from(referenceMasks.subarray(reference.offsets[i] as number, reference.offsets[i + 1] as number));
    expect(a, `${label}: matcher bits of ${r.id}'s events`).toEqual(b);
  });
}

describe.each(testEngines())('analytics engine columns (%s)', (engine) => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: built from the store, then kept current through new events and merges`, async () => {
      t = await startTestServer({ engine });
      const stream = generate(seed);
      const rnd = prng(seed * 31);
      const ws = t.server.workspaceId;
      // Built from what is stored so far…
      await send(t, stream.main, rnd, 0.1);
      await t.settle();
      await expectSameColumns(t, await t.server.analytics.columns(ws), stream.main, 'built');
      // …then the rest (held-back identity links merge customers) folded in.
      await send(t, stream.tail, rnd, 0.2);
      await t.settle();
      const all = [...stream.main, ...stream.tail];
      await expectSameColumns(t, await t.server.analytics.columns(ws), all, 'folded');
    }, 120_000);
  }
});
