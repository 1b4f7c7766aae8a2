import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JourneyAnalytics } from '../common/journeys/api.ts';
import type { EventNames } from '../common/api.ts';
import { analytics, FIVE_PHASE, publishJourney } from './helpers/journeys.ts';
import { startTestServer, testEngines } from './helpers/server.ts';

const DAY = 86_400_000;

/** Journey state is derived: a restart rebuilds it from the event store before the pipeline resumes. */
describe.each(testEngines())('journey state across a restart on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kundresa-journey-restart-'));
  const pgSchema = engine === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('shows the same numbers after a restart and keeps counting live, without emitting past entries again', async () => {
    const now = Date.now();
    const at = (ms: number) => new Date(now - 5 * DAY + ms).toISOString();
    let t = await startTestServer({ engine, dataDir, pgSchema });
    // The workspace (and its keys) are made by the first start; later starts keep them.
    const keys = { Authorization: `Bearer ${t.adminToken}` };
    const writeKey = t.writeKey;
    let before: JourneyAnalytics;
    let bySourceBefore: JourneyAnalytics;
    let id: string;
    const get = <T>(p: string) => t.api<T>(p, { headers: keys });
    try {
      id = (await publishJourney(t, { name: 'Five phases', definition: FIVE_PHASE })).id;
      const batch = [];
      for (let i = 0; i < 30; i++) {
        batch.push({ type: 'track', userId: `u${i}`, event: 'Product Viewed', timestamp: at(i * 1000) });
        if (i % 3 === 0) batch.push({ type: 'track', userId: `u${i}`, event: 'Order Completed', timestamp: at(DAY + i * 1000) });
        if (i % 6 === 0) batch.push({ type: 'track', userId: `u${i}`, event: 'Order Completed', timestamp: at(2 * DAY + i * 1000) });
        // First touch: an empty source is no campaign, so the later one counts (live and recomputed alike).
        if (i % 5 === 0) batch.push({ type: 'page', userId: `u${i}`, name: 'Home', context: { campaign: { source: '' } }, timestamp: at(i * 1000 - 60_000) });
        if (i % 5 === 0) batch.push({ type: 'page', userId: `u${i}`, name: 'Home', context: { campaign: { source: 'google' } }, timestamp: at(i * 1000 + 60_000) });
      }
      expect((await t.ingest('batch', { batch })).status).toBe(200);
      await t.settle();
      before = await analytics(t, id, now - 10 * DAY, now + DAY);
      expect(before.stages.map((s) => s.reached)).toEqual([30, 30, 10, 5, 0]);
      bySourceBefore = await get(`/api/journeys/${id}/analytics?from=${now - 10 * DAY}&to=${now + DAY}&breakdown=utm_source`);
      expect(bySourceBefore.breakdown?.groups.map((g) => [g.value, g.stages[0]?.reached])).toEqual([
        ['(none)', 24],
        ['google', 6],
      ]);
    } finally {
      await t.close();
    }

    t = await startTestServer({ engine, dataDir, pgSchema });
    try {
      const after = await get<JourneyAnalytics>(`/api/journeys/${id}/analytics?from=${now - 10 * DAY}&to=${now + DAY}`);
      expect(after.stages).toEqual(before.stages);
      expect((await get<JourneyAnalytics>(`/api/journeys/${id}/analytics?from=${now - 10 * DAY}&to=${now + DAY}&breakdown=utm_source`)).breakdown).toEqual(bySourceBefore.breakdown);
      expect(after.touchpoints).toEqual(before.touchpoints);
      const entries = async () => new Map((await get<EventNames>('/api/event-names')).events.map((e) => [e.event, e.count])).get('Journey Stage Entered');
      expect(await entries()).toBe(30 + 30 + 10 + 5);
      // Live again: a review takes one customer to advocacy, with one new entry.
      const review = await fetch(`${t.url}/v1/track`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId: 'u0', event: 'Product Reviewed', timestamp: at(3 * DAY) }),
      });
      expect(review.status).toBe(200);
      await t.settle();
      const live = await get<JourneyAnalytics>(`/api/journeys/${id}/analytics?from=${now - 10 * DAY}&to=${now + DAY}`);
      expect(live.stages.map((s) => s.reached)).toEqual([30, 30, 10, 5, 1]);
      expect(await entries()).toBe(76);
    } finally {
      await t.close();
    }
  }, 60_000);
});
