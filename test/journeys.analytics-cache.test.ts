import { describe, expect, it } from 'vitest';
import { JourneyDefinition } from '../common/journeys/model.ts';
import { viewOfEvent } from '../common/journeys/rule-matcher.ts';
import { mulberry32 } from '../server/features/demo/demo-generator.ts';
import { compileJourney } from '../server/features/journeys/compiled-journey.ts';
import { customersBehind, journeyAnalytics } from '../server/features/journeys/journey-analytics.ts';
import { JourneyState } from '../server/features/journeys/journey-state.ts';
import { FIVE_PHASE } from './helpers/journeys.ts';

/**
 * The analytics keep derived data with the state (cached stage times and personas, the touchpoint hits
 * grouped by customer) and bring it up to date as events and merges arrive. A state asked for analytics
 * all along (so with hits logged and customers merged after its hit index was built) must give exactly
 * the numbers of the same state built at once and asked at the end.
 */
const H = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const NAMES = ['Product Viewed', 'Product List Viewed', 'Products Searched', 'Order Completed', 'Product Reviewed', 'Product Shared', 'Signed Up'];
const DEFINITION = JourneyDefinition.parse(FIVE_PHASE);

type Op = { kind: 'event'; profile: string; ts: number; name: string; revenue: number; source: string | null } | { kind: 'merge'; from: string; to: string };

function ops(seed: number, n: number): Op[] {
  const rnd = mulberry32(seed);
  const out: Op[] = [];
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.03) {
      out.push({ kind: 'merge', from: `c${Math.floor(rnd() * 120)}`, to: `c${Math.floor(rnd() * 120)}` });
      continue;
    }
    out.push({
      kind: 'event',
      profile: `c${Math.floor(rnd() * 120)}`,
      ts: T0 + Math.floor(rnd() * 40 * 24) * H,
      name: NAMES[Math.floor(rnd() * NAMES.length)] ?? 'Signed Up',
      revenue: Math.floor(rnd() * 2000),
      source: rnd() < 0.3 ? ['google', 'newsletter', 'ads'][Math.floor(rnd() * 3)] ?? null : null,
    });
  }
  return out;
}

function run(state: JourneyState, op: Op): void {
  if (op.kind === 'merge') return state.merge(op.from, op.to);
  const event = { type: 'track', event: op.name, name: null, properties: { revenue: op.revenue }, context: op.source ? { campaign: { source: op.source } } : {}, traits: {} };
  state.apply(state.resolve(state.profile(op.profile)), op.ts, viewOfEvent(event));
}

const PERIODS = [
  { from: T0, to: T0 + 60 * 24 * H },
  { from: T0 + 7 * 24 * H, to: T0 + 14 * 24 * H },
  { from: T0 + 30 * 24 * H, to: T0 + 31 * 24 * H },
];

/** Everything the analytics answer for a state, with customers named by id (rows differ between states). */
function numbers(state: JourneyState): unknown {
  const id = (p: number) => state.profileIds[p];
  const groupOfs = {
    channel: (_p: number, t: number) => state.journey.touchpoints[t]?.channel ?? null,
    source: (p: number) => state.string(state.acq[p * 3] ?? -1),
    persona: (p: number) => (state.inPersona(p, 0) ? 'big' : null),
  };
  return PERIODS.flatMap((period) =>
    [undefined, 0].flatMap((persona) => {
      const q = { ...period, stuckMs: 5 * 24 * H, persona };
      const behind = ['reached', 'skipped', 'current', 'stuck', 'converted', 'dropped'].flatMap((metric) =>
        state.journey.stages.map((_, stageIndex) => customersBehind(state, { ...q, metric, stageIndex, touchpoint: -1 }).map((c) => [id(c.profile), c.time, c.furthest])),
      );
      const touchpoints = state.journey.touchpoints.map((_, touchpoint) => customersBehind(state, { ...q, metric: 'touchpoint', stageIndex: -1, touchpoint }).map((c) => [id(c.profile), c.time, c.furthest]));
      return [
        journeyAnalytics(state, q),
        journeyAnalytics(state, { ...q, groupOf: groupOfs.channel, groupBy: 'touchpoint' }),
        journeyAnalytics(state, { ...q, groupOf: groupOfs.source, groupBy: 'customer' }),
        journeyAnalytics(state, { ...q, groupOf: groupOfs.persona }),
        behind,
        touchpoints,
      ];
    }),
  );
}

describe('journey analytics over derived data kept with the state', () => {
  it('a state changed in many rows after its mark drops the mark (bounded memory) and answers as a fresh one', () => {
    const journey = compileJourney({ journeyId: 'j', workspaceId: 'w', name: 'J', version: 1, definition: DEFINITION });
    const live = new JourneyState(journey);
    const q = { ...PERIODS[0], stuckMs: 0 } as { from: number; to: number; stuckMs: number };
    const stream: Op[] = Array.from({ length: 130_000 }, (_, i) => ({ kind: 'event', profile: `n${i}`, ts: T0 + (i % 500) * H, name: NAMES[i % NAMES.length] ?? 'Signed Up', revenue: 1, source: null }));
    run(live, stream[0] as Op);
    journeyAnalytics(live, q); // the mark
    let most = 0;
    for (const op of stream.slice(1)) {
      run(live, op);
      most = Math.max(most, live.preimages.size);
    }
    expect(most).toBeLessThanOrEqual(100_000);
    expect(live.markAt).toBe(-1);
    const fresh = new JourneyState(journey);
    for (const op of stream) run(fresh, op);
    expect(journeyAnalytics(live, q)).toEqual(journeyAnalytics(fresh, q));
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: asked all along equals built at once`, () => {
      const journey = compileJourney({ journeyId: 'j', workspaceId: 'w', name: 'J', version: 1, definition: DEFINITION });
      const stream = ops(seed, 3000);
      const live = new JourneyState(journey);
      const rnd = mulberry32(seed + 100);
      stream.forEach((op, i) => {
        run(live, op);
        if (i > 200 && rnd() < 0.01) journeyAnalytics(live, { from: T0, to: T0 + 60 * 24 * H, stuckMs: 0, persona: rnd() < 0.5 ? 0 : undefined });
      });
      const once = new JourneyState(journey);
      for (const op of stream) run(once, op);
      expect(numbers(live)).toEqual(numbers(once));
    });

    it(`seed ${seed}: the live map's repeated queries, answered from the numbers at the mark plus the changes, equal a fresh state's`, () => {
      const journey = compileJourney({ journeyId: 'j', workspaceId: 'w', name: 'J', version: 1, definition: DEFINITION });
      const stream = ops(seed + 10, 2500);
      const live = new JourneyState(journey);
      const rnd = mulberry32(seed + 200);
      const queries = PERIODS.flatMap((period) => [undefined, 0].flatMap((persona) => [0, 5 * 24 * H].map((stuckMs) => ({ ...period, stuckMs, persona }))));
      let compared = 0;
      stream.forEach((op, i) => {
        run(live, op);
        if (i < 100 || rnd() > 0.02) return;
        const fresh = new JourneyState(journey);
        for (const earlier of stream.slice(0, i + 1)) run(fresh, earlier);
        for (const q of queries) expect(journeyAnalytics(live, q), `after op ${i}`).toEqual(journeyAnalytics(fresh, q));
        compared++;
      });
      // The answers above came from kept numbers plus many changed rows (merges, new customers, new hits).
      expect(compared).toBeGreaterThan(20);
      expect(live.markedRows.length).toBeGreaterThan(50);
    });
  }
});
