import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallType } from '../../../common/segment.ts';
import { testEngines } from '../../../test/helpers/server.ts';
import { openTestStores, type TestStores } from '../../../test/helpers/stores.ts';

type Call = Record<string, unknown> & { type: CallType };

/**
 * Identity resolution through the real pipeline over real stores (no HTTP). Every scenario runs twice:
 * one inbox row per micro-batch (decisions made against committed state) and everything in one
 * micro-batch (decisions made against the batch's in-memory state) — both must agree.
 */
describe.each(testEngines())('identity resolution on %s storage', (engine) => {
  describe.each([
    { mode: 'one call per request and per micro-batch', perCall: true, batchSize: 1 },
    { mode: 'all calls in one request and one micro-batch', perCall: false, batchSize: 5000 },
  ])('$mode', ({ perCall, batchSize }) => {
    let s: TestStores;
    let n = 0;
    beforeEach(async () => {
      s = await openTestStores(engine);
    });
    afterEach(async () => {
      await s.close();
    });

    const base = Date.parse('2025-01-10T10:00:00Z');
    /** Appends calls with increasing timestamps and unique messageIds, then runs the pipeline to the end. */
    async function run(calls: Call[]): Promise<void> {
      await s.append(
        calls.map((c) => ({ messageId: `m-${++n}`, timestamp: new Date(base + n * 60_000).toISOString(), ...c })),
        { perCall },
      );
      await s.pipeline({ batchSize }).drain();
    }
    const profile = async (id: string) => {
      const p = await s.profiles.find(s.workspaceId, id);
      if (!p) throw new Error(`no profile for ${id}`);
      return p;
    };
    const timeline = async (id: string) => (await s.stores.events.profileEvents({ workspaceId: s.workspaceId, profileId: (await profile(id)).id, limit: 500 })).map((e) => e.messageId).sort();
    const allEvents = () => s.stores.events.events({ workspaceId: s.workspaceId, limit: 500 });

    it('an anonymous visitor who signs in keeps one profile with the whole timeline', async () => {
      await run([
        { type: 'page', anonymousId: 'anon-1', name: 'Home', messageId: 'p1' },
        { type: 'track', anonymousId: 'anon-1', event: 'Product Viewed', messageId: 't1' },
        { type: 'identify', anonymousId: 'anon-1', userId: 'u-1', traits: { email: 'ada@example.com' }, messageId: 'i1' },
        { type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 't2' },
      ]);
      const p = await profile('u-1');
      expect((await profile('anon-1')).id).toBe(p.id);
      expect(p).toMatchObject({ userId: 'u-1', eventCount: 4, traits: { email: 'ada@example.com' } });
      expect(p.identities).toEqual(expect.arrayContaining([{ kind: 'anonymous', value: 'anon-1' }, { kind: 'user', value: 'u-1' }]));
      expect(p.identities).toHaveLength(2);
      expect(await timeline('u-1')).toEqual(['i1', 'p1', 't1', 't2']);
      expect(await s.profiles.count(s.workspaceId)).toBe(1);
    });

    it('an anonymous profile merges into the existing profile of the user who signs in', async () => {
      await run([
        { type: 'identify', userId: 'u-1', traits: { email: 'ada@example.com', plan: 'pro' }, messageId: 'i1' },
        { type: 'page', anonymousId: 'anon-2', messageId: 'p1', context: { traits: { plan: 'free', locale: 'sv' } } },
        { type: 'track', userId: 'u-1', anonymousId: 'anon-2', event: 'Signed In', messageId: 't1' },
      ]);
      const p = await profile('u-1');
      expect((await profile('anon-2')).id).toBe(p.id);
      // The survivor's traits win over the merged profile's; traits only the merged one had are kept.
      expect(p.traits).toEqual({ email: 'ada@example.com', plan: 'pro', locale: 'sv' });
      expect(p.mergedFrom).toHaveLength(1);
      expect(p.eventCount).toBe(3);
      expect(await timeline('anon-2')).toEqual(['i1', 'p1', 't1']);
      expect(await s.profiles.count(s.workspaceId)).toBe(1);
      // Analytics re-points the merged profile's earlier events at the survivor.
      for (const e of await allEvents()) expect(e.profileId).toBe(p.id);
      // The merged profile id still finds the survivor.
      const mergedId = p.mergedFrom[0] ?? '';
      expect((await profile(mergedId)).id).toBe(p.id);
    });

    it('a shared device never merges two users, nor gives the second user the first one’s profile', async () => {
      await run([
        { type: 'identify', userId: 'alice', anonymousId: 'device-1', traits: { email: 'alice@example.com' }, messageId: 'a1' },
        { type: 'track', anonymousId: 'device-1', event: 'Product Viewed', messageId: 'a2' },
        // Bob signs in on the same browser: his first call carries Alice's anonymous id.
        { type: 'identify', userId: 'bob', anonymousId: 'device-1', traits: { email: 'bob@example.com' }, messageId: 'b1' },
        { type: 'track', userId: 'bob', event: 'Order Completed', messageId: 'b2' },
      ]);
      const alice = await profile('alice');
      const bob = await profile('bob');
      expect(bob.id).not.toBe(alice.id);
      expect(alice.userId).toBe('alice');
      expect(bob.userId).toBe('bob');
      expect(alice.traits).toEqual({ email: 'alice@example.com' });
      expect(bob.traits).toEqual({ email: 'bob@example.com' });
      expect(alice.identities).not.toContainEqual({ kind: 'user', value: 'bob' });
      expect(await timeline('alice')).toEqual(['a1', 'a2']);
      expect(await timeline('bob')).toEqual(['b1', 'b2']);
      expect(await s.profiles.count(s.workspaceId)).toBe(2);
    });

    it('a shared device does not merge two users who both already have profiles', async () => {
      await run([
        { type: 'identify', userId: 'alice', anonymousId: 'device-1', messageId: 'a1' },
        { type: 'identify', userId: 'bob', anonymousId: 'device-2', messageId: 'b1' },
        { type: 'track', userId: 'bob', anonymousId: 'device-1', event: 'Signed In', messageId: 'b2' },
      ]);
      const alice = await profile('alice');
      const bob = await profile('bob');
      expect(bob.id).not.toBe(alice.id);
      expect(alice.mergedFrom).toEqual([]);
      expect(bob.mergedFrom).toEqual([]);
      expect(await timeline('bob')).toEqual(['b1', 'b2']);
      expect(await timeline('alice')).toEqual(['a1']);
    });

    it('alias merges two existing profiles; every earlier event belongs to the survivor', async () => {
      await run([
        { type: 'identify', userId: 'old-id', traits: { name: 'Ada', email: 'old@example.com' }, messageId: 'o1' },
        { type: 'track', userId: 'old-id', event: 'Cart Viewed', messageId: 'o2' },
        { type: 'identify', userId: 'new-id', traits: { email: 'new@example.com' }, messageId: 'n1' },
        { type: 'alias', previousId: 'old-id', userId: 'new-id', messageId: 'al' },
        { type: 'track', userId: 'new-id', event: 'Order Completed', messageId: 'n2' },
      ]);
      const p = await profile('new-id');
      expect((await profile('old-id')).id).toBe(p.id);
      expect(p.traits).toEqual({ name: 'Ada', email: 'new@example.com' });
      expect(p.eventCount).toBe(5);
      expect(await timeline('old-id')).toEqual(['al', 'n1', 'n2', 'o1', 'o2']);
      for (const e of await allEvents()) expect(e.profileId).toBe(p.id);
      expect(await s.profiles.count(s.workspaceId)).toBe(1);
    });

    it('alias from an anonymous id links it to the user', async () => {
      await run([
        { type: 'page', anonymousId: 'anon-9', messageId: 'p1' },
        { type: 'alias', previousId: 'anon-9', userId: 'u-9', messageId: 'al' },
        { type: 'page', anonymousId: 'anon-9', messageId: 'p2' },
      ]);
      const p = await profile('u-9');
      expect((await profile('anon-9')).id).toBe(p.id);
      expect(p.userId).toBe('u-9');
      expect(await timeline('u-9')).toEqual(['al', 'p1', 'p2']);
    });

    it('chained merges point every earlier profile at the last survivor', async () => {
      await run([
        { type: 'page', anonymousId: 'a', messageId: 'e1' },
        { type: 'page', anonymousId: 'b', messageId: 'e2' },
        { type: 'identify', userId: 'u-b', messageId: 'e3' },
        // a → u-b's profile … then u-b's profile → u-c's profile.
        { type: 'alias', previousId: 'a', userId: 'u-b', messageId: 'e4' },
        { type: 'identify', userId: 'u-c', anonymousId: 'b', messageId: 'e5' },
        { type: 'alias', previousId: 'u-b', userId: 'u-c', messageId: 'e6' },
      ]);
      const c = await profile('u-c');
      for (const id of ['a', 'b', 'u-b']) expect((await profile(id)).id).toBe(c.id);
      expect(await timeline('a')).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
      for (const e of await allEvents()) expect(e.profileId).toBe(c.id);
      expect(c.mergedFrom.length).toBeGreaterThanOrEqual(2);
      for (const m of c.mergedFrom) expect((await profile(m)).id).toBe(c.id);
      expect(await s.profiles.count(s.workspaceId)).toBe(1);
    });

    it('traits merge from identify traits and context.traits, later values winning', async () => {
      await run([
        { type: 'identify', userId: 'u-1', traits: { email: 'a@example.com', plan: 'free' } },
        { type: 'track', userId: 'u-1', event: 'Upgraded', context: { traits: { plan: 'pro', company: 'Acme' } } },
        { type: 'identify', userId: 'u-1', traits: { firstName: 'Ada' }, context: { traits: { firstName: 'ignored', phone: '+46 70' } } },
      ]);
      expect((await profile('u-1')).traits).toEqual({ email: 'a@example.com', plan: 'pro', company: 'Acme', firstName: 'Ada', phone: '+46 70' });
    });

    it('group attaches the account and its traits to the profile', async () => {
      await run([
        { type: 'group', userId: 'u-1', groupId: 'acme', traits: { name: 'Acme AB', employees: 40 } },
        { type: 'group', userId: 'u-1', groupId: 'acme', traits: { plan: 'enterprise' } },
        { type: 'group', userId: 'u-2', groupId: 'acme', traits: { employees: 45 } },
      ]);
      const p1 = await profile('u-1');
      expect(p1.accounts).toEqual([{ groupId: 'acme', traits: { name: 'Acme AB', employees: 45, plan: 'enterprise' } }]);
      expect((await profile('u-2')).accounts).toEqual([{ groupId: 'acme', traits: { name: 'Acme AB', employees: 45, plan: 'enterprise' } }]);
      // Account traits are not person traits.
      expect(p1.traits).toEqual({});
    });

    it('accounts of a merged profile belong to the survivor', async () => {
      await run([
        { type: 'identify', userId: 'u-5', traits: { email: 'five@example.com' } },
        { type: 'group', anonymousId: 'anon-5', groupId: 'org-a', traits: { name: 'Org A' } },
        { type: 'identify', userId: 'u-5', anonymousId: 'anon-5' },
      ]);
      const p = await profile('u-5');
      expect(p.mergedFrom).toHaveLength(1);
      expect(p.accounts).toEqual([{ groupId: 'org-a', traits: { name: 'Org A' } }]);
    });

    it('a repeated messageId is stored once and counted once', async () => {
      await run([
        { type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 'dup' },
        { type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 'dup' },
        { type: 'track', userId: 'u-1', event: 'Order Refunded', messageId: 'other' },
      ]);
      await run([{ type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 'dup' }]);
      expect(await timeline('u-1')).toEqual(['dup', 'other']);
      expect((await profile('u-1')).eventCount).toBe(2);
      expect((await s.stores.events.stats({ workspaceId: s.workspaceId, now: Date.now() })).totalEvents).toBe(2);
    });
  });
});
