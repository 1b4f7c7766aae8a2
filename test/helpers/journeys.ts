import type { Journey, JourneyAnalytics } from '../../common/journeys/api.ts';
import type { JourneyDefinitionInput } from '../../common/journeys/model.ts';
import type { TestServer } from './server.ts';

/** The five-phase rules exactly as issue 3 states them, written out by hand (independent of the template texts). */
export const FIVE_PHASE: JourneyDefinitionInput = {
  stages: [
    { id: 'st-aw', key: 'awareness', name: 'Awareness', touchpoints: [{ id: 'tp-any', name: 'Any activity', channel: 'web', kind: 'digital', rule: { type: 'any' } }] },
    {
      id: 'st-co',
      key: 'consideration',
      name: 'Consideration',
      touchpoints: [
        { id: 'tp-pv', name: 'Product viewed', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Product Viewed'] } },
        { id: 'tp-plv', name: 'Product list viewed', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Product List Viewed'] } },
        { id: 'tp-ps', name: 'Products searched', channel: 'search', kind: 'digital', rule: { type: 'track', events: ['Products Searched'] } },
      ],
    },
    { id: 'st-pu', key: 'purchase', name: 'Purchase', touchpoints: [{ id: 'tp-oc', name: 'Order completed', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'] } }] },
    { id: 'st-re', key: 'retention', name: 'Retention', touchpoints: [{ id: 'tp-oc2', name: 'Second order', channel: 'web', kind: 'digital', rule: { type: 'track', events: ['Order Completed'], nth: 2 } }] },
    {
      id: 'st-ad',
      key: 'advocacy',
      name: 'Advocacy',
      touchpoints: [
        { id: 'tp-rev', name: 'Product reviewed', channel: 'reviews', kind: 'digital', rule: { type: 'track', events: ['Product Reviewed'] } },
        { id: 'tp-sh', name: 'Product shared', channel: 'social', kind: 'digital', rule: { type: 'track', events: ['Product Shared'] } },
      ],
    },
  ],
  personas: [{ id: 'pe-big', name: 'Big spender', rule: { match: 'all', events: [{ rule: { type: 'track', events: ['Order Completed'], where: [{ path: 'properties.revenue', op: 'gt', value: 1000 }] }, minCount: 1 }] } }],
};

/** Creates and publishes a journey, and waits until its first recompute is done. */
export async function publishJourney(t: TestServer, body: unknown): Promise<Journey> {
  const journey = await t.api<Journey>('/api/journeys', { method: 'POST', body: JSON.stringify(body) });
  await t.api(`/api/journeys/${journey.id}/publish`, { method: 'POST' });
  await waitForRecompute(t, journey.id);
  return journey;
}

/** Waits until the journey's latest recompute has finished. */
export async function waitForRecompute(t: TestServer, id: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const j = await t.api<Journey>(`/api/journeys/${id}`);
    if (j.recompute?.state === 'done') return;
    if (j.recompute?.state === 'failed') throw new Error('recompute failed');
    if (Date.now() > until) throw new Error('recompute did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The analytics of a journey over [from, to). */
export function analytics(t: TestServer, id: string, from: number, to: number, extra = ''): Promise<JourneyAnalytics> {
  return t.api<JourneyAnalytics>(`/api/journeys/${id}/analytics?from=${from}&to=${to}${extra}`);
}
