import { describe, expect, test } from 'vitest';
import { bucketOf, bucketStarts } from '../../../common/analytics/buckets.ts';
import { BucketClock, codesOf, topK, TripleIndex } from './kernel-tools.ts';
import { rng } from '../../../test/helpers/kernel-test-streams.ts';

describe('kernel tools', () => {
  test('BucketClock gives bucketOf’s answer: DST days, half-hour zones, long periods with long slots, the edges', () => {
    const random = rng(5);
    const cases = [
      { interval: 'hour', zone: 'Europe/Stockholm', from: '2024-03-30T10:17:00Z', to: '2024-04-01T03:00:00Z' },
      { interval: 'hour', zone: 'Australia/Lord_Howe', from: '2024-04-06T00:00:00Z', to: '2024-04-08T00:00:00Z' },
      { interval: 'day', zone: 'Europe/Stockholm', from: '2024-10-20T12:00:00Z', to: '2024-11-02T00:00:00Z' },
      { interval: 'day', zone: 'America/Santiago', from: '2024-09-01T00:00:00Z', to: '2024-09-20T00:00:00Z' },
      { interval: 'week', zone: 'Asia/Kolkata', from: '2020-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      // 2,000 months: a period long enough for slots longer than 15 minutes.
      { interval: 'month', zone: 'Europe/Stockholm', from: '1900-01-01T00:00:00Z', to: '2066-01-01T00:00:00Z' },
    ] as const;
    for (const c of cases) {
      const from = Date.parse(c.from);
      const to = Date.parse(c.to);
      const starts = bucketStarts(c.interval, from, to, c.zone);
      const clock = new BucketClock(from, to, starts, 7);
      const times = [from, to - 1, ...starts.filter((s) => s >= from), ...starts.filter((s) => s - 1 >= from).map((s) => s - 1)];
      for (let k = 0; k < 3000; k++) times.push(from + Math.floor(random() * (to - from)));
      for (const t of times) expect(clock.bucket(t), `${c.interval} ${c.zone} ${new Date(t).toISOString()}`).toBe(bucketOf(t, starts) + 7);
    }
  });

  test('codesOf: one pass, the first code of each text, -1 when absent', () => {
    expect([...codesOf(['a', 'b', 'a', ''], ['b', 'x', 'a', '', 'b'])]).toEqual([1, -1, 0, 3, 1]);
  });

  test('TripleIndex: dense ids in order of first sight, through rehashing', () => {
    const index = new TripleIndex(4);
    const random = rng(9);
    const seen = new Map<string, number>();
    for (let k = 0; k < 20_000; k++) {
      const key = [Math.floor(random() * 50) - 5, Math.floor(random() * 50), Math.floor(random() * 3)] as const;
      const id = index.id(...key);
      const known = seen.get(key.join());
      if (known === undefined) {
        expect(id).toBe(seen.size);
        seen.set(key.join(), id);
      } else expect(id).toBe(known);
      expect([index.a[id], index.b[id], index.c[id]]).toEqual([...key]);
    }
    expect(index.size).toBe(seen.size);
  });

  test('topK: the best k by the order given, as a full sort would', () => {
    const random = rng(3);
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 10));
      const k = Math.floor(random() * 12);
      const better = (x: number, y: number) => (values[y] as number) - (values[x] as number) || x - y;
      const keep = (x: number) => x % 3 !== 0;
      const sorted = values.map((_, x) => x).filter(keep).sort(better).slice(0, k);
      expect(topK(values.length, k, keep, better)).toEqual(sorted);
    }
  });
});
