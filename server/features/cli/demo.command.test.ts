import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventNames, Stats } from '../../../common/api.ts';
import type { JourneyAnalytics } from '../../../common/journeys/api.ts';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';
import { freePort, freshStorage, serveStorage, storageConfig, type TestStorage, testContext } from './cli-test.helpers.ts';
import { runDemo } from './demo.command.ts';

describe('kundresa demo', () => {
  describe('with a server running', () => {
    let ts: TestServer;
    let storage: TestStorage;
    beforeAll(async () => {
      ts = await startTestServer();
      storage = { engine: 'embedded', dataDir: ts.dataDir, pgSchema: undefined, writeKey: ts.writeKey, adminToken: ts.adminToken, remove: () => undefined };
    });
    afterAll(async () => {
      await ts.close();
    });

    it('sends the data set through its ingestion API, waits for the pipeline, and the data shows up', async () => {
      const { ctx, stdout } = testContext(storage, storageConfig(storage, { port: await freePort(), withKeys: false }));
      const now = Date.UTC(2026, 5, 15, 12, 30);
      const r = await runDemo({ customers: 40, days: 21, seed: 5, now, url: ts.url, adminToken: ts.adminToken, progress: false }, ctx);
      expect(r.mode).toBe('http');
      expect(r.url).toBe(ts.url);
      expect(r.sent).toBeGreaterThan(300);
      expect(r.accepted).toBe(r.sent);
      expect(r.rejected).toEqual([]);
      expect(r.processed).toBe(true);
      const stats = await ts.api<Stats>('/api/stats');
      expect(stats.pipelineLag).toBe(0);
      const names = new Map((await ts.api<EventNames>('/api/event-names')).events.map((e) => [e.event, e.count]));
      // Stored: the demo's calls and the stage entries of the journey map it published first.
      const entries = names.get('Journey Stage Entered') ?? 0;
      expect(entries).toBeGreaterThan(40);
      expect(stats.totalEvents).toBe(r.sent + entries);
      for (const [name, count] of Object.entries(r.counts)) if (name !== 'page' && name !== 'identify') expect(names.get(name)).toBe(count);
      expect(r.counts['Order Completed']).toBeGreaterThan(0);
      expect(stats.totalProfiles).toBeGreaterThan(20);
      expect(stdout()).toContain(`Open the dashboard: ${ts.url}/`);

      // The live map: a published seven-phase journey with customers at every step up to purchase.
      if (!('id' in r.journey)) throw new Error(`no demo journey: ${r.journey.skipped}`);
      expect(r.journey.created).toBe(true);
      expect(stdout()).toContain(`journeys/${r.journey.id}`);
      const map = await ts.api<JourneyAnalytics>(`/api/journeys/${r.journey.id}/analytics?from=${now - 30 * 86_400_000}&to=${now + 86_400_000}`);
      expect(map.stages.map((st) => st.key)).toEqual(['awareness', 'consideration', 'decision', 'purchase', 'delivery', 'post-purchase', 'loyalty']);
      const reached = map.stages.map((st) => st.reached);
      expect(reached[0]).toBeGreaterThan(20);
      expect(reached[3]).toBeGreaterThan(0);
      expect(reached[4]).toBeGreaterThan(0);
      for (let i = 1; i < reached.length; i++) expect(reached[i]).toBeLessThanOrEqual(reached[i - 1] ?? 0);

      // The same seed later the same day sends the same calls up to the earlier now, and stores nothing twice.
      const again = await runDemo({ customers: 40, days: 21, seed: 5, now: now + 3_600_000, url: ts.url, writeKey: ts.writeKey, adminToken: ts.adminToken, progress: false }, ctx);
      expect(again.sent).toBeGreaterThanOrEqual(r.sent);
      expect(again.journey).toEqual({ id: r.journey.id, name: r.journey.name, created: false });
      const namesAgain = new Map((await ts.api<EventNames>('/api/event-names')).events.map((e) => [e.event, e.count]));
      expect((await ts.api<Stats>('/api/stats')).totalEvents).toBe(again.sent + (namesAgain.get('Journey Stage Entered') ?? 0));
    });
  });

  describe('with no server running', () => {
    let storage: TestStorage;
    beforeAll(() => {
      storage = freshStorage('embedded');
    });
    afterAll(() => storage.remove());

    it('starts a server in-process on a random port, sends through HTTP, waits, and stops it', async () => {
      const port = await freePort();
      const { ctx, stdout } = testContext(storage, storageConfig(storage, { port }));
      const r = await runDemo({ customers: 20, days: 10, seed: 8, progress: false }, ctx);
      expect(r.mode).toBe('in-process');
      expect(r.url).not.toContain(`:${port}`);
      expect(r.processed).toBe(true);
      expect(r.accepted).toBe(r.sent);
      // Stopped: nothing answers there any more.
      await expect(fetch(`${r.url}/api/health`)).rejects.toThrow();
      expect(stdout()).toContain('A new workspace was created');
      expect(stdout()).toContain(storage.adminToken);

      const server = await serveStorage(storage);
      try {
        const stats = await server.api<Stats>('/api/stats');
        expect(stats.pipelineLag).toBe(0);
        const names = new Map((await server.api<EventNames>('/api/event-names')).events.map((e) => [e.event, e.count]));
        expect(stats.totalEvents).toBe(r.sent + (names.get('Journey Stage Entered') ?? 0));
        expect('id' in r.journey && r.journey.created).toBe(true);
      } finally {
        await server.close();
      }
    });
  });
});
