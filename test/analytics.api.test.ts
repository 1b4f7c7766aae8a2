import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDetail } from '../common/api.ts';
import type { AnalyticsCustomers, SavedReport, SavedReportList } from '../common/analytics/api.ts';
import { AttributionQuery, type AttributionQueryInput } from '../common/analytics/attribution.ts';
import type { FunnelQueryInput } from '../common/analytics/funnel.ts';
import type { PathsQueryInput } from '../common/analytics/paths.ts';
import { RetentionQuery, type RetentionQueryInput } from '../common/analytics/retention.ts';
import { SessionsQuery, type SessionsQueryInput } from '../common/analytics/sessions.ts';
import { TrendsQuery, type TrendsQueryInput } from '../common/analytics/trends.ts';
import { referenceAttribution } from './helpers/analytics-reference/attribution.ts';
import { funnelCustomers, referenceFunnel } from './helpers/analytics-reference/funnel.ts';
import { referencePaths } from './helpers/analytics-reference/paths.ts';
import { referenceRetention } from './helpers/analytics-reference/retention.ts';
import { referenceSessions } from './helpers/analytics-reference/sessions.ts';
import { referenceTrends } from './helpers/analytics-reference/trends.ts';
import type { Call } from './helpers/journey-reference.ts';
import { FIVE_PHASE, publishJourney } from './helpers/journeys.ts';
import { generate, prng, send, T0 } from './helpers/random-stream.ts';
import { startTestServer, type TestServer, testEngines } from './helpers/server.ts';

/**
 * The explorer's API end to end on every engine: a random stream (merges, duplicates, out-of-order
 * arrival) goes in through /v1, a journey is live (so stage entries are stored too, and must be left
 * out where docs/analytics.md says), and every query kind answers over HTTP exactly what the plain
 * reference computes from the calls. Plus the customers behind a funnel step, CSV, saved reports,
 * validation and auth.
 */

const D = 86_400_000;
const PERIOD = { from: T0 - 3 * D, to: T0 + 25 * D };

const FUNNELS: FunnelQueryInput[] = [
  { ...PERIOD, steps: [{ type: 'page' }, { event: 'Product Viewed' }, { event: 'Order Completed' }], windowMs: 7 * D, breakdown: { kind: 'trait', key: 'plan' }, trend: 'week', timeToConvertBins: 5 },
  { ...PERIOD, steps: [{ type: 'page', pagePath: '/campaign/**' }, { event: 'Products Searched', optional: true }, { event: 'Order Completed', withinMs: 3 * D }], exclusions: [{ matcher: { event: 'Cart Viewed' }, fromStep: 1, toStep: 3 }] },
  { ...PERIOD, steps: [{ event: 'Product Viewed', where: [{ path: 'properties.category', op: 'eq', value: 'shoes' }] }, { event: 'Order Completed' }], order: 'strict', breakdown: { kind: 'event', key: 'properties.category' } },
  { ...PERIOD, steps: [{ event: 'Order Completed' }, { event: 'Product Reviewed' }, { type: 'page' }], order: 'any' },
];
const PATHS: PathsQueryInput[] = [
  { ...PERIOD, start: { type: 'page' }, depth: 4 },
  { ...PERIOD, end: { event: 'Order Completed' }, depth: 3, eventTypes: 'events', topPaths: 5 },
];
const RETENTION: RetentionQueryInput[] = [
  { ...PERIOD, start: { type: 'page' }, interval: 'day', periods: 10 },
  { ...PERIOD, start: { event: 'Order Completed' }, return: { type: 'page' }, mode: 'recurring', interval: 'week', periods: 3, timeZone: 'Europe/Stockholm', cohortBy: { trait: 'plan' } },
];
const TRENDS: TrendsQueryInput[] = [
  { ...PERIOD, interval: 'day', series: [{ matcher: { event: 'Order Completed' }, metric: 'sum', property: 'properties.revenue' }, { matcher: {}, metric: 'customers' }], compare: true },
  { ...PERIOD, interval: 'week', timeZone: 'Europe/Stockholm', series: [{ matcher: { type: 'page' }, metric: 'count' }], breakdown: { kind: 'event', key: 'context.campaign.source' } },
];
const SESSIONS: SessionsQueryInput[] = [{ ...PERIOD, interval: 'day', siteHosts: ['m.shop.example'] }];
const ATTRIBUTION: AttributionQueryInput[] = [
  { ...PERIOD, conversion: { event: 'Order Completed' } },
  { ...PERIOD, conversion: { event: 'Order Completed' }, channel: 'referrer', lookbackMs: 5 * D },
];

describe.each(testEngines())('analytics API (%s)', (engine) => {
  let t: TestServer;
  let sent: Call[];
  let journeyId: string;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    journeyId = (await publishJourney(t, { name: 'Five', definition: FIVE_PHASE })).id;
    const stream = generate(29);
    const rnd = prng(29 * 13);
    await send(t, stream.main, rnd, 0.1);
    await t.settle();
    // Built on this first query, then kept current through the rest (held-back links merge customers).
    await post(t, 'trends', TRENDS[0]);
    await send(t, stream.tail, rnd, 0.2);
    await t.settle();
    sent = [...stream.main, ...stream.tail];
  }, 120_000);
  afterAll(() => t?.close());

  it('funnels answer as the reference does, and list the customers behind a step', async () => {
    for (const q of FUNNELS) expect(await post(t, 'funnel', q), JSON.stringify(q)).toEqual(referenceFunnel(q, sent));
    const q = FUNNELS[0] as FunnelQueryInput;
    for (const kind of ['converted', 'dropped'] as const) {
      const body = { funnel: q, step: 2, kind };
      const page = await t.api<AnalyticsCustomers>('/api/analytics/funnel/customers?limit=1000', { method: 'POST', body: JSON.stringify(body) });
      const expected = funnelCustomers(body, sent);
      expect(page.total).toBe(expected.length);
      const expectedProfiles = await Promise.all(expected.map(async (id) => (await t.api<ProfileDetail>(`/api/profiles/${encodeURIComponent(id)}`)).id));
      expect(page.customers.map((c) => c.profileId).sort()).toEqual(expectedProfiles.sort());
    }
    const csv = await fetch(`${t.url}/api/analytics/funnel/customers?format=csv`, { method: 'POST', headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ funnel: q, step: 1, kind: 'converted' }) });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('profile_id,user_id,time');
    expect(lines.length - 1).toBe(referenceFunnel(q, sent).steps[0]?.count);
  });

  it('paths, retention, trends, sessions and attribution answer as the references do', async () => {
    for (const q of PATHS) expect(await post(t, 'paths', q), JSON.stringify(q)).toEqual(referencePaths(q, sent));
    for (const q of RETENTION) expect(await post(t, 'retention', q), JSON.stringify(q)).toEqual(referenceRetention(sent, RetentionQuery.parse(q)));
    for (const q of TRENDS) expectClose(await post(t, 'trends', q), referenceTrends(sent, TrendsQuery.parse(q)), JSON.stringify(q));
    for (const q of SESSIONS) expect(await post(t, 'sessions', q), JSON.stringify(q)).toEqual(referenceSessions(sent, SessionsQuery.parse(q)));
    for (const q of ATTRIBUTION) expectClose(await post(t, 'attribution', q), referenceAttribution(sent, AttributionQuery.parse(q)), JSON.stringify(q));
    const byJourney: AttributionQueryInput = { ...PERIOD, conversion: { event: 'Order Completed' }, channel: { journeyId } };
    expectClose(await post(t, 'attribution', byJourney), referenceAttribution(sent, AttributionQuery.parse(byJourney), FIVE_PHASE), 'journey channel');
  });

  it('answers CSV, refuses bad queries with every problem listed, and needs the admin token', async () => {
    const csv = await fetch(`${t.url}/api/analytics/funnel?format=csv`, { method: 'POST', headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(FUNNELS[0]) });
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('group,step,name,optional,customers,conversion_from_previous,conversion_from_first,drop_off,median_ms_from_previous,p90_ms_from_previous');
    const bad = await fetch(`${t.url}/api/analytics/funnel`, { method: 'POST', headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ steps: [{ optional: true }], from: 2, to: 1 }) });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { details: { issues: unknown[] } } };
    expect(err.error.details.issues.length).toBeGreaterThanOrEqual(2);
    const anonymous = await fetch(`${t.url}/api/analytics/funnel`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(FUNNELS[0]) });
    expect(anonymous.status).toBe(401);
    const withWriteKey = await fetch(`${t.url}/api/analytics/funnel`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}`, 'Content-Type': 'application/json' }, body: JSON.stringify(FUNNELS[0]) });
    expect(withWriteKey.status).toBe(401);
  });

  it('saves, renames, lists and deletes reports, checking their queries', async () => {
    const saved = await t.api<SavedReport>('/api/reports', { method: 'POST', body: JSON.stringify({ name: 'Checkout', kind: 'funnel', query: FUNNELS[0] }) });
    expect(saved.id).toMatch(/^rp_/);
    expect((await t.api<SavedReport>(`/api/reports/${saved.id}`)).query).toEqual(FUNNELS[0]);
    const renamed = await t.api<SavedReport>(`/api/reports/${saved.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'Checkout (web)' }) });
    expect(renamed.name).toBe('Checkout (web)');
    expect((await t.api<SavedReportList>('/api/reports')).reports.map((r) => r.id)).toContain(saved.id);
    await expect(t.api('/api/reports', { method: 'POST', body: JSON.stringify({ name: 'Bad', kind: 'retention', query: { start: 'x' } }) })).rejects.toThrow(/400/);
    await t.api(`/api/reports/${saved.id}`, { method: 'DELETE' });
    await expect(t.api(`/api/reports/${saved.id}`)).rejects.toThrow(/404/);
  });
});

async function post<T = unknown>(t: TestServer, kind: string, body: unknown): Promise<T> {
  return t.api<T>(`/api/analytics/${kind}`, { method: 'POST', body: JSON.stringify(body) });
}

/** Deep equality with numbers compared to a relative 1e-9 (sums of money, fractional credits). */
function expectClose(actual: unknown, expected: unknown, label: string, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${label} ${path}: ${actual} vs ${expected}`).toBe(true);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', `${label} ${path}`).toBe(true);
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const k of keys) expectClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], label, `${path}.${k}`);
    return;
  }
  expect(actual, `${label} ${path}`).toEqual(expected);
}

