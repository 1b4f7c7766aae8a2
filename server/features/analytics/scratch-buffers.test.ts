import { describe, expect, it } from 'vitest';
import { ScratchBuffers } from './scratch-buffers.ts';

describe('ScratchBuffers', () => {
  it('gives one query distinct arrays, reuses their memory after release, and zeroes when asked', () => {
    const pool = new ScratchBuffers();
    const first = pool.lease();
    const a = first.uint32(1000);
    const b = first.float64(500);
    expect(a.length).toBe(1000);
    expect(b.length).toBe(500);
    a.fill(7);
    b.fill(9);
    expect(a[999]).toBe(7); // b did not overwrite a: two buffers
    first.release();

    const second = pool.lease();
    const c = second.int32(900, true);
    expect(c.length).toBe(900);
    expect(c.buffer === a.buffer || c.buffer === b.buffer).toBe(true);
    expect(c.every((v) => v === 0)).toBe(true);
    const d = second.uint32(900);
    expect(d.buffer).not.toBe(c.buffer);
    second.release();
  });

  it('takes the smallest free buffer that fits, keeps a bounded number, and allocates when none fits', () => {
    const pool = new ScratchBuffers(2);
    const lease = pool.lease();
    const small = lease.uint32(10);
    const mid = lease.uint32(100_000);
    const large = lease.uint32(200_000);
    lease.release(); // three given back, two kept: the small one goes
    const next = pool.lease();
    expect(next.uint32(50_000).buffer).toBe(mid.buffer);
    expect(next.uint32(10).buffer).toBe(large.buffer);
    expect(next.uint32(10).buffer).not.toBe(small.buffer);
    expect(next.float64(3_000_000).length).toBe(3_000_000);
    next.release();
  });
});
