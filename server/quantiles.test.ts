import { describe, expect, it } from 'vitest';
import { selectRanks } from './quantiles.ts';

/** The nearest-rank (lower) quantile by sorting: what `selectRanks` must agree with. */
function bySorting(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** A seeded generator (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('selectRanks (stage time quantiles)', () => {
  const qs = [0.5, 0.9, 0, 1];
  const cases: [string, (r: () => number, i: number) => number, number][] = [
    ['small', (r) => Math.floor(r() * 1000), 37],
    ['large spread over days, in ms', (r) => Math.floor(r() * 90 * 86_400_000), 150_000],
    ['large, one bucket holds most values', (r) => 3_600_000 + Math.floor(r() * 1000), 100_000],
    ['large with many zeros and duplicates', (r) => (r() < 0.4 ? 0 : Math.floor(r() * 20) * 60_000), 120_000],
    ['large with a negative value (falls back)', (r, i) => (i === 5 ? -1 : Math.floor(r() * 1e9)), 70_000],
  ];
  for (const [name, gen, n] of cases) {
    it(name, () => {
      const r = random(n);
      const values = Array.from({ length: n }, (_, i) => gen(r, i));
      expect(selectRanks(Float64Array.from(values), qs)).toEqual(qs.map((q) => bySorting(values, q)));
    });
  }
  it('answers null for no values', () => {
    expect(selectRanks(new Float64Array(0), [0.5, 0.9])).toEqual([null, null]);
  });
});
