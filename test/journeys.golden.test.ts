import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyAnalytics, JourneyCustomerList, ProfileJourneys } from '../common/journeys/api.ts';
import type { EventList } from '../common/api.ts';
import { analytics, FIVE_PHASE, publishJourney } from './helpers/journeys.ts';
import { startTestServer, type TestServer, testEngines } from './helpers/server.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const H = 3_600_000;
const D = 24 * H;
const at = (ms: number) => new Date(T0 + ms).toISOString();

/**
 * The hand-checked fixture (five-phase rules, period [T0, T0 + 30 d)):
 * - alice: page (aw) → Product Viewed +1h (co) → order +2h (pu) → order +5d (re) → review +6d (ad)
 * - bob: Product Viewed +1d (aw and co at once)
 * - carol: order +2d (aw, pu; co skipped)
 * - dave: anonymous page +3d, identifies, order +4d (co skipped) — his timestamps arrive out of order
 * - erin: an anonymous order +1d and a known order +2d, merged by alias: two orders → retention at +2d
 */
function fixture() {
  const track = (who: Record<string, string>, event: string, ms: number, properties: Record<string, unknown> = {}) => ({ type: 'track', ...who, event, properties, timestamp: at(ms) });
  return [
    [{ type: 'page', userId: 'alice', name: 'Home', properties: { path: '/' }, timestamp: at(0) }, track({ userId: 'alice' }, 'Product Viewed', H), track({ userId: 'alice' }, 'Order Completed', 2 * H, { revenue: 1200 }), track({ userId: 'alice' }, 'Order Completed', 5 * D, { revenue: 80 }), track({ userId: 'alice' }, 'Product Reviewed', 6 * D)],
    [track({ userId: 'bob' }, 'Product Viewed', D)],
    [track({ userId: 'carol' }, 'Order Completed', 2 * D, { revenue: 50 })],
    // Dave's order is sent before his earlier page view.
    [{ type: 'identify', userId: 'dave', anonymousId: 'anon-dave', traits: { email: 'dave@example.se' }, timestamp: at(3 * D + H) }, track({ userId: 'dave' }, 'Order Completed', 4 * D, { revenue: 300 }), { type: 'page', anonymousId: 'anon-dave', name: 'Landing', properties: { path: '/landing' }, timestamp: at(3 * D) }],
    [track({ anonymousId: 'anon-erin' }, 'Order Completed', D, { revenue: 20 })],
    [track({ userId: 'erin' }, 'Order Completed', 2 * D, { revenue: 30 })],
    [{ type: 'alias', previousId: 'anon-erin', userId: 'erin', timestamp: at(2 * D + H) }],
  ];
}

describe.each(testEngines())('journey golden fixture on %s', (engine) => {
  let t: TestServer;
  let id: string;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    const journey = await publishJourney(t, { name: 'Five phases', definition: FIVE_PHASE });
    id = journey.id;
    // Sent after publishing: the live path computes the state and emits the stage entries.
    for (const batch of fixture()) {
      const res = await t.ingest('batch', { batch });
      expect(res.status).toBe(200);
      await t.settle();
    }
  }, 60_000);
  afterAll(() => t?.close());

  const expectGolden = (a: JourneyAnalytics) => {
    const byKey = Object.fromEntries(a.stages.map((s) => [s.key, s]));
    expect(a.stages.map((s) => [s.key, s.reached, s.skipped, s.current, s.stuck])).toEqual([
      ['awareness', 5, 0, 0, 0],
      ['consideration', 5, 3, 1, 1],
      ['purchase', 4, 0, 2, 2],
      ['retention', 2, 0, 1, 1],
      ['advocacy', 1, 0, 1, 0],
    ]);
    expect(a.stages.map((s) => s.conversionFromPrevious)).toEqual([null, 1, 0.8, 0.5, 0.5]);
    expect(byKey.consideration?.medianMsFromPrevious).toBe(0);
    expect(byKey.consideration?.p90MsFromPrevious).toBe(D);
    expect(byKey.purchase?.p90MsFromPrevious).toBe(H);
    expect(byKey.retention?.medianMsFromPrevious).toBe(D);
    expect(byKey.retention?.p90MsFromPrevious).toBe(5 * D - 2 * H);
    expect(byKey.advocacy?.medianMsFromPrevious).toBe(D);
    expect(a.customers).toBe(5);
    const tp = Object.fromEntries(a.touchpoints.map((x) => [x.id, x]));
    // Activity: 11 track/page calls (identify and alias are not activity).
    expect(tp['tp-any']).toMatchObject({ events: 11, customers: 5 });
    expect(tp['tp-oc']).toMatchObject({ events: 6, customers: 4, reachedNext: 0.5 });
    expect(tp['tp-oc2']).toMatchObject({ events: 2, customers: 2, reachedNext: 0.5 });
    expect(tp['tp-pv']).toMatchObject({ events: 2, customers: 2, reachedNext: 0.5 });
    expect(tp['tp-sh']).toMatchObject({ events: 0, customers: 0, reachedNext: null });
  };

  it('computes the hand-checked stage and touchpoint numbers live', async () => {
    const a = await analytics(t, id, T0, T0 + 30 * D, '&stuckDays=14');
    expect(a.version).toBe(1);
    expectGolden(a);
  });

  it('gets the same numbers when a new version recomputes them from stored events', async () => {
    await t.api(`/api/journeys/${id}`, { method: 'PATCH', body: JSON.stringify({ description: 'republished' }) });
    await t.api(`/api/journeys/${id}/publish`, { method: 'POST' });
    for (let i = 0; i < 500; i++) {
      const j = await t.api<{ recompute: { state: string; version: number } }>(`/api/journeys/${id}`);
      if (j.recompute.state === 'done' && j.recompute.version === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const a = await analytics(t, id, T0, T0 + 30 * D, '&stuckDays=14');
    expect(a.version).toBe(2);
    expectGolden(a);
  });

  it('narrows to a period and compares with the previous one', async () => {
    const a = await analytics(t, id, T0 + 2 * D, T0 + 30 * D, '&compare=true');
    // In [+2d, +30d): reached awareness carol (+2d) and dave (+3d).
    expect(a.stages[0]?.reached).toBe(2);
    expect(a.previous?.stages[0]?.reached).toBe(3);
    expect(a.previous?.to).toBe(T0 + 2 * D);
  });

  it('splits by persona and filters by it', async () => {
    const a = await analytics(t, id, T0, T0 + 30 * D, '&breakdown=persona');
    const groups = Object.fromEntries((a.breakdown?.groups ?? []).map((g) => [g.value, g.stages[0]?.reached]));
    expect(groups).toEqual({ 'Big spender': 1, '(none)': 4 });
    // Behind a group's number: its customers.
    const big = await t.api<JourneyCustomerList>(`/api/journeys/${id}/customers?metric=reached&stage=purchase&breakdown=persona&group=${encodeURIComponent('Big spender')}&from=${T0}&to=${T0 + 30 * D}`);
    expect(big.customers.map((c) => c.userId)).toEqual(['alice']);
    const none = await t.api<JourneyCustomerList>(`/api/journeys/${id}/customers?metric=reached&stage=purchase&breakdown=persona&group=(none)&from=${T0}&to=${T0 + 30 * D}`);
    expect(none.customers.map((c) => c.userId).sort()).toEqual(['carol', 'dave', 'erin']);
    const only = await analytics(t, id, T0, T0 + 30 * D, '&persona=pe-big');
    expect(only.stages.map((s) => s.reached)).toEqual([1, 1, 1, 1, 1]);
  });

  it('lists the customers behind a number, as JSON and CSV', async () => {
    const list = await t.api<JourneyCustomerList>(`/api/journeys/${id}/customers?metric=current&stage=purchase&from=${T0}&to=${T0 + 30 * D}`);
    expect(list.total).toBe(2);
    expect(list.customers.map((c) => c.userId).sort()).toEqual(['carol', 'dave']);
    expect(list.customers.find((c) => c.userId === 'dave')?.email).toBe('dave@example.se');
    const skipped = await t.api<JourneyCustomerList>(`/api/journeys/${id}/customers?metric=skipped&stage=consideration&from=${T0}&to=${T0 + 30 * D}`);
    expect(skipped.customers.map((c) => c.userId).sort()).toEqual(['carol', 'dave', 'erin']);
    const res = await fetch(`${t.url}/api/journeys/${id}/customers?metric=reached&stage=retention&from=${T0}&to=${T0 + 30 * D}&format=csv`, { headers: { Authorization: `Bearer ${t.adminToken}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('profile_id,user_id,email,name,current_stage,entered_at');
    expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(['alice', 'erin']);
  });

  it("shows one customer's position, merges included", async () => {
    const { journeys } = await t.api<ProfileJourneys>('/api/profiles/erin/journeys');
    const j = journeys.find((x) => x.journeyId === id);
    expect(j?.currentStage).toBe('retention');
    expect(j?.stages.map((s) => [s.key, s.reachedAt === null ? null : s.reachedAt - T0, s.skipped])).toEqual([
      ['awareness', D, false],
      ['consideration', D, true],
      ['purchase', D, false],
      ['retention', 2 * D, false],
      ['advocacy', null, false],
    ]);
  });

  it('previews a rule being edited: events and customers it matches', async () => {
    const preview = (rule: unknown) => t.api<{ events: number; customers: number }>('/api/journeys/preview-rule', { method: 'POST', body: JSON.stringify({ rule, days: 365 }) });
    expect(await preview({ type: 'track', events: ['Order Completed'] })).toMatchObject({ events: 6, customers: 4 });
    expect(await preview({ type: 'track', events: ['Order Completed'], nth: 2 })).toMatchObject({ events: 2, customers: 2 });
    expect(await preview({ type: 'track', events: ['Order Completed'], where: [{ path: 'properties.revenue', op: 'gt', value: 100 }] })).toMatchObject({ events: 2, customers: 2 });
    expect(await preview({ type: 'page', pagePath: '/land*' })).toMatchObject({ events: 1, customers: 1 });
    const bad = await fetch(`${t.url}/api/journeys/preview-rule`, { method: 'POST', headers: { Authorization: `Bearer ${t.adminToken}` }, body: JSON.stringify({ rule: { where: [{ path: 'properties.x', op: 'regex', value: '(a+)+$' }] } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('nests quantifiers');
  });

  it('records stage entries as Journey Stage Entered events', async () => {
    const events = await t.api<EventList>('/api/events?event=Journey%20Stage%20Entered&limit=100');
    const distinct = new Set(events.events.map((e) => `${e.profileId}:${String(e.properties.stage_key)}`));
    // Every (customer, stage) reached live has its entry: 5 + 2 + 3 + 3 + 4.
    expect(distinct.size).toBe(17);
    const aliceAdvocacy = events.events.find((e) => e.properties.stage_key === 'advocacy');
    expect(aliceAdvocacy).toMatchObject({ userId: 'alice', timestamp: T0 + 6 * D });
    expect(aliceAdvocacy?.properties).toMatchObject({ journey_id: id, journey_version: 1, previous_stage_key: 'retention', touchpoint_id: 'tp-rev', skipped: false });
  });
});
