import type { JourneyDefinition } from '../../../common/journeys/model.ts';
import { type MaskContext, ruleMasks } from './event-masks.ts';

/**
 * Attribution by a journey's touchpoints (docs/analytics.md, attribution): per event, the first
 * touchpoint in map order whose rule matches it, where an `nth` rule matches only the customer's n-th
 * matching event (over all their events, as journey state counts it); -1 for none.
 */
export async function touchpointOfEvents(ctx: MaskContext, definition: JourneyDefinition): Promise<{ touchpoint: Int32Array; ids: string[]; names: string[] }> {
  const touchpoints = definition.stages.flatMap((s) => s.touchpoints);
  const { columns } = ctx;
  const n = columns.ts.length;
  const touchpoint = new Int32Array(n).fill(-1);
  const seen = new Int32Array(32);
  for (let first = 0; first < touchpoints.length; first += 32) {
    const chunk = touchpoints.slice(first, first + 32);
    const masks = await ruleMasks(ctx, chunk.map((t) => ({ rule: t.rule })));
    const nth = chunk.map((t) => t.rule.nth);
    for (let c = 0; c < columns.profileIds.length; c++) {
      seen.fill(0);
      for (let i = columns.offsets[c] as number; i < (columns.offsets[c + 1] as number); i++) {
        const m = masks[i] as number;
        if (m === 0) continue;
        for (let k = 0; k < chunk.length; k++) {
          if ((m & (1 << k)) === 0) continue;
          const count = (seen[k] as number) + 1;
          seen[k] = count;
          // Earlier chunks hold earlier touchpoints in map order: they keep the event.
          if (count === nth[k] || nth[k] === 1) {
            if (touchpoint[i] === -1) touchpoint[i] = first + k;
          }
        }
      }
    }
  }
  return { touchpoint, ids: touchpoints.map((t) => t.id), names: touchpoints.map((t) => t.name) };
}
