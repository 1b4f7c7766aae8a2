import { afterEach, expect, it } from 'vitest';
import { JourneyDefinition } from '../common/journeys/model.ts';
import type { StoredEvent } from '../common/segment.ts';
import { compileJourney } from '../server/features/journeys/compiled-journey.ts';
import { JourneyEngine } from '../server/features/journeys/journey-engine.ts';
import { SEQ_STRIDE } from '../server/features/ingestion/inbox.repository.ts';
import { createLogger } from '../server/logger.ts';
import { DuckDbEventStore } from '../server/storage/events/duckdb-event-store.ts';
import type { EventRecord } from '../server/storage/events/event-store.ts';
import { FIVE_PHASE } from './helpers/journeys.ts';

/**
 * A recompute that starts while the pipeline is still storing a batch the engine has already processed.
 *
 * The pipeline's step hands a micro-batch to `JourneyEngine.process` (the live state and the stage
 * entries) and then writes it to the event store; that write overlaps the next step. A publish in that
 * window starts a recompute whose scan snapshot does not hold the batch yet, and whose buffer does not
 * hold it either (it was processed before the build existed): the new version loses those events for
 * good. The property test (journeys.property.test.ts, phase "recomputed v3 under load") finds it on
 * random streams; this is the same interleaving made deterministic.
 *
 * Suggested fix (JourneyEngine): remember the last batch `process` handled and start every build's
 * buffer with it. The pipeline has at most one event-store write in flight, always of that batch; the
 * build already drops buffered rows at or below the scan's position, so a batch the scan did see is
 * not applied twice.
 */

let events: DuckDbEventStore | undefined;
afterEach(async () => {
  await events?.close();
  events = undefined;
});

it('a version published while the pipeline stores a processed batch still counts that batch', async () => {
  events = await DuckDbEventStore.open(':memory:');
  const engine = new JourneyEngine({ events, log: createLogger('error') });
  const definition = JourneyDefinition.parse(FIVE_PHASE);
  const version = (v: number) => compileJourney({ journeyId: 'jr-1', workspaceId: 'ws-1', name: 'Five phases', version: v, definition });
  await engine.load([version(1)]);

  const at = Date.parse('2026-01-01T00:00:00Z');
  const call: StoredEvent = {
    type: 'track',
    messageId: 'm-1',
    userId: 'carol',
    anonymousId: null,
    event: 'Order Completed',
    name: null,
    properties: { revenue: 50 },
    traits: {},
    context: {},
    groupId: null,
    previousId: null,
    timestamp: at,
    originalTimestamp: at,
    sentAt: null,
    receivedAt: at,
  };
  const order: EventRecord = { seq: 1 * SEQ_STRIDE, workspaceId: 'ws-1', profileId: 'prf-carol', event: call };

  // Pipeline step for inbox row 1: derive (the live version sees the order) …
  const entries = engine.process([order], []);
  expect(entries.map((e) => e.event.properties.stage_key)).toEqual(['awareness', 'consideration', 'purchase']);
  // … a publish lands before the step's event-store write has committed …
  await engine.activate(version(2));
  // … and the write commits.
  await events.apply({ events: [order, ...entries], merges: [], position: 1 });

  const state = engine.state('jr-1');
  expect(state?.journey.version).toBe(2);
  const row = state?.find('prf-carol');
  // Carol bought: version 2 must have her in purchase (stage 2), as version 1 had.
  expect(row === undefined ? -1 : state?.furthestStage(row)).toBe(2);
});
