import { Analytics } from '@segment/analytics-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventItem, EventList, ProfileDetail, Stats } from '../common/api.ts';
import { startTestServer, testEngines, type TestServer } from './helpers/server.ts';

/**
 * The real Segment Node client (@segment/analytics-node) against a started Kundresa server: what a
 * developer wiring a shop backend gets. Everything is read back through the admin API.
 */
describe.each(testEngines())('Segment analytics-node client → Kundresa on %s storage', (engine) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ engine });
  });
  afterEach(async () => {
    await t.close();
  });

  /** Runs `calls` through a real client, flushes it, and fails on any delivery error or non-2xx answer. */
  async function send(calls: (a: Analytics) => void, opts: { flushAt?: number } = {}): Promise<{ requests: number; bodies: string[] }> {
    const analytics = new Analytics({ writeKey: t.writeKey, host: t.url, flushAt: opts.flushAt ?? 15, maxRetries: 0 });
    const errors: unknown[] = [];
    const statuses: number[] = [];
    const bodies: string[] = [];
    analytics.on('error', (err) => errors.push(err));
    analytics.on('http_request', (r) => bodies.push(r.body));
    analytics.on('http_response', (r) => statuses.push(r.status));
    calls(analytics);
    await analytics.closeAndFlush({ timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await t.settle();
    return { requests: statuses.length, bodies };
  }

  const events = async (query = '') => (await t.api<EventList>(`/api/events?limit=500${query}`)).events;
  const profile = (id: string) => t.api<ProfileDetail>(`/api/profiles/${encodeURIComponent(id)}`);
  const timeline = async (id: string) => (await t.api<EventList>(`/api/profiles/${encodeURIComponent(id)}/events?limit=500`)).events;
  const byMessageId = (list: EventItem[], id: string) => {
    const e = list.find((x) => x.messageId === id);
    if (!e) throw new Error(`event ${id} not stored; have ${list.map((x) => x.messageId).join(', ')}`);
    return e;
  };

  it('stores identify, track, page, screen, group and alias with their fields', async () => {
    const before = Date.now();
    await send((a) => {
      a.identify({ userId: 'u-1', traits: { email: 'ada@example.com', name: 'Ada' }, messageId: 'm-identify' });
      a.track({ userId: 'u-1', event: 'Order Completed', properties: { order_id: 'o-1', revenue: 99.5, currency: 'SEK' }, messageId: 'm-track' });
      a.page({ userId: 'u-1', category: 'Docs', name: 'Pricing', properties: { path: '/pricing' }, context: { campaign: { name: 'spring', source: 'newsletter', medium: 'email' } }, messageId: 'm-page' });
      a.screen({ userId: 'u-1', name: 'Cart', properties: { items: 2 }, messageId: 'm-screen' });
      a.group({ userId: 'u-1', groupId: 'acme', traits: { name: 'Acme AB' }, messageId: 'm-group' });
      a.alias({ userId: 'u-1', previousId: 'visitor-7', messageId: 'm-alias' });
    });
    const after = Date.now();
    const list = await events();
    expect(list).toHaveLength(6);
    expect(byMessageId(list, 'm-identify')).toMatchObject({ type: 'identify', userId: 'u-1', traits: { email: 'ada@example.com', name: 'Ada' } });
    expect(byMessageId(list, 'm-track')).toMatchObject({ type: 'track', event: 'Order Completed', properties: { order_id: 'o-1', revenue: 99.5, currency: 'SEK' } });
    const page = byMessageId(list, 'm-page');
    expect(page).toMatchObject({ type: 'page', name: 'Pricing', properties: { path: '/pricing' } });
    expect(page.context.campaign).toEqual({ name: 'spring', source: 'newsletter', medium: 'email' });
    // The client's own context arrives too.
    expect(page.context.library).toMatchObject({ name: '@segment/analytics-node' });
    expect(byMessageId(list, 'm-screen')).toMatchObject({ type: 'screen', name: 'Cart', properties: { items: 2 } });
    expect(byMessageId(list, 'm-group')).toMatchObject({ type: 'group', groupId: 'acme', traits: { name: 'Acme AB' } });
    expect(byMessageId(list, 'm-alias')).toMatchObject({ type: 'alias', userId: 'u-1', previousId: 'visitor-7' });
    for (const e of list) {
      // Timestamps are corrected for clock skew: here client and server share a clock.
      expect(e.timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(e.timestamp).toBeLessThanOrEqual(after + 1000);
      expect(e.receivedAt).toBeGreaterThanOrEqual(before);
      expect(e.receivedAt).toBeLessThanOrEqual(after);
    }
    const p = await profile('u-1');
    expect(p.eventCount).toBe(6);
    expect((await profile('visitor-7')).id).toBe(p.id);
  });

  it('delivers a large mixed batch completely, in several requests', async () => {
    const n = 120;
    const { requests, bodies } = await send(
      (a) => {
        for (let i = 0; i < n; i++) {
          const userId = `user-${i % 10}`;
          const messageId = `batch-${i}`;
          if (i % 4 === 0) a.track({ userId, event: i % 8 === 0 ? 'Product Viewed' : 'Product Added', properties: { i }, messageId });
          else if (i % 4 === 1) a.page({ userId, name: `Page ${i}`, messageId });
          else if (i % 4 === 2) a.identify({ userId, traits: { n: i }, messageId });
          else a.group({ userId, groupId: `g-${i % 3}`, traits: { seen: i }, messageId });
        }
      },
      { flushAt: 25 },
    );
    expect(requests).toBeGreaterThanOrEqual(n / 25);
    expect(JSON.parse(bodies[0] ?? '{}').batch.length).toBeGreaterThan(1);
    const list = await events();
    expect(new Set(list.map((e) => e.messageId))).toEqual(new Set(Array.from({ length: n }, (_, i) => `batch-${i}`)));
    const stats = await t.api<Stats>('/api/stats');
    expect(stats).toMatchObject({ totalEvents: n, totalProfiles: 10, pipelineLag: 0 });
    expect((await events('&type=track')).length).toBe(n / 4);
    expect((await events('&event=Product%20Viewed')).length).toBe(n / 8);
    expect((await profile('user-3')).eventCount).toBe(n / 10);
  });

  it('an anonymous visitor who signs in gets one profile with the whole timeline', async () => {
    await send((a) => {
      a.page({ anonymousId: 'anon-42', name: 'Home', messageId: 'v1' });
      a.page({ anonymousId: 'anon-42', name: 'Product', messageId: 'v2' });
      a.track({ anonymousId: 'anon-42', event: 'Product Added', properties: { sku: 'X' }, messageId: 'v3' });
    });
    const anonymous = await profile('anon-42');
    expect(anonymous.userId).toBeNull();
    await send((a) => {
      a.identify({ userId: 'customer-42', anonymousId: 'anon-42', traits: { email: 'c42@example.com' }, messageId: 'v4' });
      a.track({ userId: 'customer-42', event: 'Order Completed', messageId: 'v5' });
    });
    const p = await profile('customer-42');
    expect(p.id).toBe(anonymous.id);
    expect((await profile('anon-42')).id).toBe(p.id);
    expect(p).toMatchObject({ userId: 'customer-42', eventCount: 5, traits: { email: 'c42@example.com' } });
    expect((await timeline('customer-42')).map((e) => e.messageId).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect((await t.api<Stats>('/api/stats')).totalProfiles).toBe(1);
  });

  it('alias merges two existing profiles: all earlier events of both belong to the survivor', async () => {
    await send((a) => {
      a.identify({ userId: 'old-login', traits: { email: 'old@example.com', phone: '+4670' }, messageId: 'o1' });
      a.track({ userId: 'old-login', event: 'Cart Viewed', messageId: 'o2' });
      a.identify({ userId: 'new-login', traits: { email: 'new@example.com' }, messageId: 'n1' });
      a.track({ userId: 'new-login', event: 'Checkout Started', messageId: 'n2' });
    });
    const oldProfile = await profile('old-login');
    const newProfile = await profile('new-login');
    expect(oldProfile.id).not.toBe(newProfile.id);
    await send((a) => a.alias({ previousId: 'old-login', userId: 'new-login', messageId: 'al' }));

    const all = ['al', 'n1', 'n2', 'o1', 'o2'];
    for (const id of ['old-login', 'new-login', oldProfile.id, newProfile.id]) {
      expect((await timeline(id)).map((e) => e.messageId).sort()).toEqual(all);
    }
    const survivor = await profile('old-login');
    expect(survivor.id).toBe(newProfile.id);
    expect(survivor.mergedFrom).toEqual([oldProfile.id]);
    expect(survivor.traits).toEqual({ email: 'new@example.com', phone: '+4670' });
    expect(survivor.eventCount).toBe(5);
    for (const e of await events()) expect(e.profileId).toBe(newProfile.id);
    expect((await t.api<Stats>('/api/stats')).totalProfiles).toBe(1);
  });

  it('a shared device: an anonymous id tied to user A, seen with user B, does not merge A and B', async () => {
    await send((a) => {
      a.identify({ userId: 'anna', anonymousId: 'family-laptop', traits: { email: 'anna@example.com' }, messageId: 'a1' });
      a.track({ anonymousId: 'family-laptop', event: 'Product Viewed', messageId: 'a2' });
    });
    await send((a) => {
      a.identify({ userId: 'bertil', anonymousId: 'family-laptop', traits: { email: 'bertil@example.com' }, messageId: 'b1' });
      a.track({ userId: 'bertil', anonymousId: 'family-laptop', event: 'Order Completed', messageId: 'b2' });
    });
    const anna = await profile('anna');
    const bertil = await profile('bertil');
    expect(bertil.id).not.toBe(anna.id);
    expect(anna).toMatchObject({ userId: 'anna', traits: { email: 'anna@example.com' }, mergedFrom: [] });
    expect(bertil).toMatchObject({ userId: 'bertil', traits: { email: 'bertil@example.com' }, mergedFrom: [] });
    expect((await timeline('anna')).map((e) => e.messageId).sort()).toEqual(['a1', 'a2']);
    expect((await timeline('bertil')).map((e) => e.messageId).sort()).toEqual(['b1', 'b2']);
    expect((await t.api<Stats>('/api/stats')).totalProfiles).toBe(2);
  });

  it('merges traits from identify traits and context.traits, later values winning', async () => {
    await send((a) => {
      a.identify({ userId: 'u-t', traits: { email: 'first@example.com', plan: 'free' } });
      a.track({ userId: 'u-t', event: 'Plan Upgraded', context: { traits: { plan: 'pro', company: 'Acme' } } });
    });
    await send((a) => a.identify({ userId: 'u-t', traits: { firstName: 'Ada' }, context: { traits: { lastName: 'Lovelace' } } }));
    expect((await profile('u-t')).traits).toEqual({ email: 'first@example.com', plan: 'pro', company: 'Acme', firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('group attaches the account and its traits to the profile', async () => {
    await send((a) => {
      a.identify({ userId: 'u-g', traits: { email: 'g@example.com' } });
      a.group({ userId: 'u-g', groupId: 'org-1', traits: { name: 'Org One', employees: 12 } });
    });
    await send((a) => a.group({ userId: 'u-g', groupId: 'org-1', traits: { plan: 'enterprise' } }));
    const p = await profile('u-g');
    expect(p.accounts).toEqual([{ groupId: 'org-1', traits: { name: 'Org One', employees: 12, plan: 'enterprise' } }]);
    expect(p.traits).toEqual({ email: 'g@example.com' });
  });
});
