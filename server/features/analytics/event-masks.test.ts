import { describe, expect, it } from 'vitest';
import { MaskBuffers } from './event-masks.ts';

describe('MaskBuffers', () => {
  it('gives one query distinct masks, reuses them after release, and zeroes a reused one when asked', () => {
    const pool = new MaskBuffers();
    const first = pool.lease();
    const a = first.mask(1000, false);
    const b = first.mask(1000, false);
    expect(a.length).toBe(1000);
    a.fill(7);
    b.fill(9);
    expect(a[0]).toBe(7); // b did not overwrite a: two buffers
    first.release();

    const second = pool.lease();
    const c = second.mask(900, true);
    expect(c.length).toBe(900);
    expect(c.buffer === a.buffer || c.buffer === b.buffer).toBe(true);
    expect(c.every((v) => v === 0)).toBe(true);
    const d = second.mask(900, false);
    expect(d.buffer).not.toBe(c.buffer);
    second.release();
  });

  it('keeps at most two buffers, the largest, and allocates when none is large enough', () => {
    const pool = new MaskBuffers();
    const lease = pool.lease();
    const small = lease.mask(10, false);
    const mid = lease.mask(100_000, false);
    const large = lease.mask(200_000, false);
    lease.release();
    const next = pool.lease();
    const got = [next.mask(10, false), next.mask(10, false), next.mask(10, false)];
    expect(got[0]?.buffer).toBe(large.buffer);
    expect(got[1]?.buffer).toBe(mid.buffer);
    expect(got[2]?.buffer).not.toBe(small.buffer);
    expect(next.mask(10_000_000, false).length).toBe(10_000_000);
    next.release();
  });
});
