import { afterEach, describe, expect, it } from 'vitest';
import { openTestStores, type TestStores } from '../../../test/helpers/stores.ts';
import { testEngines } from '../../../test/helpers/server.ts';

describe.each(testEngines())('inbox pruning on %s', (engine) => {
  let t: TestStores | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('deletes applied rows only, and the pipeline carries on after them', async () => {
    t = await openTestStores(engine);
    const calls = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track' as const, userId: `u${from + i}`, event: 'Viewed', messageId: `m${from + i}` }));
    await t.append(calls(0, 5), { perCall: true });
    const pipeline = t.pipeline();
    await pipeline.drain();
    const applied = await t.stores.events.position();
    await t.append(calls(5, 3), { perCall: true });

    await t.inbox.prune(applied);
    const left = await t.stores.state.db.selectFrom('inbox').select('seq').orderBy('seq').execute();
    expect(left).toHaveLength(3);
    expect(left.every((r) => Number(r.seq) > applied)).toBe(true);

    await pipeline.drain();
    const stats = await t.stores.events.stats({ workspaceId: t.workspaceId, now: Date.now() });
    expect(stats.totalEvents).toBe(8);
    expect(await pipeline.lag()).toBe(0);
  });
});
