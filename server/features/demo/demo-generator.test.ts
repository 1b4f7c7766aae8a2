import { describe, expect, it } from 'vitest';
import { normaliseCall } from '../../../common/segment.ts';
import { DEMO_EVENT_NAMES, type DemoCall, generateDemoCalls, generateTrackCalls } from './demo-generator.ts';

const END = Date.UTC(2026, 2, 1);
const take = (opts: Parameters<typeof generateDemoCalls>[0]) => [...generateDemoCalls({ end: END, ...opts })];
const byId = (a: DemoCall, b: DemoCall) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

describe('generateDemoCalls', () => {
  // One mid-sized data set shared by the statistical checks (generation takes well under a second).
  const calls = take({ customers: 800, days: 90, seed: 7 });
  const tracks = (event: string) => calls.filter((c) => c.type === 'track' && c.event === event);

  it('is deterministic: the same seed, size and end give identical calls, messageIds included', () => {
    const a = take({ customers: 60, days: 30, seed: 42 });
    const b = take({ customers: 60, days: 30, seed: 42 });
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });

  it('gives other data and disjoint ids for another seed', () => {
    const a = take({ customers: 60, days: 30, seed: 1 });
    const b = take({ customers: 60, days: 30, seed: 2 });
    const ids = new Set(a.map((c) => c.messageId));
    expect(b.some((c) => ids.has(c.messageId))).toBe(false);
    const users = new Set(a.flatMap((c) => (c.userId ? [c.userId] : [])));
    expect(b.some((c) => c.userId !== undefined && users.has(c.userId))).toBe(false);
  });

  it('yields calls in time order, and per-customer order yields exactly the same calls', () => {
    const timeOrder = take({ customers: 80, days: 45, seed: 3 });
    for (let i = 1; i < timeOrder.length; i++) expect((timeOrder[i]?.timestamp ?? '') >= (timeOrder[i - 1]?.timestamp ?? '')).toBe(true);
    const perCustomer = take({ customers: 80, days: 45, seed: 3, order: 'customer' });
    expect(perCustomer.length).toBe(timeOrder.length);
    expect([...perCustomer].sort(byId)).toEqual([...timeOrder].sort(byId));
  });

  it('cuts at `until` without changing the calls before it', () => {
    const all = take({ customers: 60, days: 30, seed: 4 });
    const until = END - 5 * 86_400_000 + 3_600_000;
    const cut = take({ customers: 60, days: 30, seed: 4, until });
    expect(cut.length).toBeLessThan(all.length);
    expect(cut).toEqual(all.filter((c) => Date.parse(c.timestamp) < until));
  });

  it('keeps every call inside the window and gives each a unique messageId', () => {
    const start = END - 90 * 86_400_000;
    expect(calls.every((c) => Date.parse(c.timestamp) >= start && Date.parse(c.timestamp) < END)).toBe(true);
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(calls.length);
  });

  it('produces only calls the ingestion API accepts', () => {
    const rejected = calls.map((c) => normaliseCall(c, { receivedAt: END, newMessageId: () => 'x' })).filter((r) => !r.ok);
    expect(rejected).toEqual([]);
    expect(Math.max(...calls.map((c) => JSON.stringify(c).length))).toBeLessThan(32 * 1024);
  });

  it('produces every promised event name', () => {
    const names = new Set(calls.filter((c) => c.type === 'track').map((c) => c.event));
    expect([...names].sort()).toEqual([...DEMO_EVENT_NAMES].sort());
    expect(new Set(calls.map((c) => c.type))).toEqual(new Set(['page', 'track', 'identify']));
  });

  it('has a funnel with drop-off: many viewers, fewer carts, fewer checkouts, fewer orders', () => {
    const people = (event: string) => new Set(tracks(event).map((c) => c.userId ?? c.anonymousId)).size;
    const viewed = people('Product Viewed');
    const added = people('Product Added');
    const checkout = people('Checkout Started');
    const ordered = people('Order Completed');
    expect(added).toBeLessThan(viewed * 0.6);
    expect(checkout).toBeLessThan(added);
    expect(ordered).toBeLessThan(checkout);
    expect(ordered).toBeGreaterThan(viewed * 0.05);
    expect(tracks('Order Completed').length).toBeLessThan(tracks('Product Added').length);
    // Refunds are rare.
    expect(tracks('Order Refunded').length).toBeLessThan(tracks('Order Completed').length * 0.1);
  });

  it('has orders per the e-commerce spec with Nordic currencies, and repeat buyers', () => {
    const orders = tracks('Order Completed');
    for (const o of orders) {
      const p = o.properties ?? {};
      expect(typeof p.order_id).toBe('string');
      expect(p.revenue).toBeGreaterThan(0);
      expect(['SEK', 'DKK', 'NOK']).toContain(p.currency);
      expect(Array.isArray(p.products) && p.products.length > 0).toBe(true);
      expect(o.userId).toBeDefined();
    }
    expect(new Set(orders.map((o) => o.properties?.currency))).toEqual(new Set(['SEK', 'DKK', 'NOK']));
    expect(new Set(orders.map((o) => o.properties?.order_id)).size).toBe(orders.length);
    const perUser = new Map<string, number>();
    for (const o of orders) perUser.set(o.userId ?? '', (perUser.get(o.userId ?? '') ?? 0) + 1);
    expect([...perUser.values()].filter((n) => n >= 2).length).toBeGreaterThan(10);
  });

  it('signs anonymous visitors in with identify (anonymousId + userId + traits), some on two devices', () => {
    const identifies = calls.filter((c) => c.type === 'identify');
    expect(identifies.length).toBeGreaterThan(100);
    for (const c of identifies) {
      expect(c.anonymousId).toBeDefined();
      expect(c.userId).toBeDefined();
      expect(Object.keys(c.traits ?? {})).toEqual(expect.arrayContaining(['email', 'first_name', 'last_name', 'city', 'country', 'locale']));
      expect(['SE', 'DK', 'NO']).toContain(c.traits?.country);
    }
    const devices = new Map<string, Set<string>>();
    for (const c of identifies) devices.set(c.userId ?? '', (devices.get(c.userId ?? '') ?? new Set()).add(c.anonymousId ?? ''));
    expect([...devices.values()].filter((d) => d.size === 2).length).toBeGreaterThan(10);
    // Before signing in, a visitor's calls carry only the anonymousId.
    const firstByAnon = new Map<string, DemoCall>();
    for (const c of calls) if (c.anonymousId && !firstByAnon.has(c.anonymousId)) firstByAnon.set(c.anonymousId, c);
    expect([...firstByAnon.values()].every((c) => c.userId === undefined)).toBe(true);
    // Visitors who never sign in exist too.
    const signedIn = new Set(identifies.map((c) => c.anonymousId));
    expect([...firstByAnon.keys()].filter((a) => !signedIn.has(a)).length).toBeGreaterThan(100);
  });

  it('has sessions from campaigns with UTM parameters and click ids, organic search and direct', () => {
    const campaigns = calls.flatMap((c) => (c.context.campaign ? [c.context.campaign as Record<string, string>] : []));
    const pairs = new Set(campaigns.map((c) => `${c.source}/${c.medium}`));
    for (const p of ['google/cpc', 'facebook/paid_social', 'newsletter/email', 'instagram/paid_social']) expect(pairs).toContain(p);
    const landing = calls.filter((c) => c.type === 'page' && c.context.campaign);
    const urls = landing.map((c) => String((c.context.page as { url: string }).url));
    expect(urls.some((u) => u.includes('gclid='))).toBe(true);
    expect(urls.some((u) => u.includes('fbclid='))).toBe(true);
    expect(urls.every((u) => u.includes('utm_source='))).toBe(true);
    const referrers = calls.filter((c) => c.type === 'page').map((c) => String((c.context.page as { referrer: string }).referrer));
    expect(referrers.some((r) => /google\.(se|dk|no)/.test(r))).toBe(true);
    expect(referrers.filter((r) => r === '').length).toBeGreaterThan(100);
  });

  it('reports deliveries, reviews and support contacts from the backend and the support desk', () => {
    const backend = ['Order Shipped', 'Order Delivered', 'Product Reviewed', 'Support Ticket Created', 'Support Ticket Resolved', 'Order Refunded'].flatMap(tracks);
    expect(backend.every((c) => c.userId !== undefined && c.anonymousId === undefined)).toBe(true);
    expect(tracks('Product Reviewed').every((c) => [1, 2, 3, 4, 5].includes(Number(c.properties?.rating)))).toBe(true);
    expect(new Set(tracks('Support Ticket Created').map((c) => c.properties?.channel))).toEqual(new Set(['email', 'chat', 'phone']));
    const shipped = new Map(tracks('Order Shipped').map((c) => [c.properties?.order_id, c.timestamp]));
    for (const d of tracks('Order Delivered')) expect(d.timestamp > (shipped.get(d.properties?.order_id) ?? '9')).toBe(true);
  });

  it('streams lazily: the first calls of a large data set come without generating the rest', () => {
    const it = generateDemoCalls({ customers: 1_000_000, days: 90, seed: 1, end: END, order: 'customer' });
    const first = it.next();
    expect(first.done).toBe(false);
    it.return(undefined);
  });
});

describe('generateTrackCalls', () => {
  it('gives a deterministic stream of valid ~500-byte track calls with unique ids', () => {
    const a = [...generateTrackCalls({ seed: 9, count: 2000, users: 300 })];
    const b = [...generateTrackCalls({ seed: 9, count: 2000, users: 300 })];
    expect(b).toEqual(a);
    expect(a).toHaveLength(2000);
    expect(new Set(a.map((c) => c.messageId)).size).toBe(2000);
    expect(new Set(a.map((c) => c.userId)).size).toBeLessThanOrEqual(300);
    const avg = a.reduce((s, c) => s + JSON.stringify(c).length, 0) / a.length;
    expect(avg).toBeGreaterThan(400);
    expect(avg).toBeLessThan(650);
    expect(a.every((c) => c.type === 'track' && normaliseCall(c, { receivedAt: 0, newMessageId: () => 'x' }).ok)).toBe(true);
  });
});
