/**
 * Memory a query uses and drops, kept between queries. A kernel over 10M events fills arrays of tens
 * of megabytes (step masks, per-customer outcomes, times); new ones per query cost their page faults
 * and, worse, make V8 run full collections of the heap (external memory pressure), which at 100M
 * events took as long as a good part of the query.
 */
export class ScratchBuffers {
  /** Free buffers, smallest first. */
  private free: ArrayBuffer[] = [];

  constructor(private readonly keep = 8) {}

  /** Buffers for one query, all given back by its `release`. */
  lease(): ScratchLease {
    return new ScratchLease(this);
  }

  /** A buffer of at least `bytes` (contents undefined): the smallest free one that fits, else a new one. */
  take(bytes: number): ArrayBuffer {
    const k = this.free.findIndex((b) => b.byteLength >= bytes);
    if (k >= 0) return this.free.splice(k, 1)[0] as ArrayBuffer;
    // Headroom, so that the events folded in over the next while fit the same buffer.
    return new ArrayBuffer(bytes + Math.floor(bytes / 64) + 4096);
  }

  give(b: ArrayBuffer): void {
    this.free.push(b);
    this.free.sort((x, y) => x.byteLength - y.byteLength);
    // Over the limit, the smallest go (a later query of the same size needs the large ones).
    if (this.free.length > this.keep) this.free.splice(0, this.free.length - this.keep);
  }
}

/** Where a kernel takes its large arrays from. */
export interface Allocator {
  uint32(n: number, zeroed?: boolean): Uint32Array;
  int32(n: number, zeroed?: boolean): Int32Array;
  float64(n: number, zeroed?: boolean): Float64Array;
}

/** New arrays each time (zeroed, as new typed arrays are). */
export const FRESH: Allocator = {
  uint32: (n) => new Uint32Array(n),
  int32: (n) => new Int32Array(n),
  float64: (n) => new Float64Array(n),
};

/** The buffers one query took; `release` once nothing reads its arrays any more. */
export class ScratchLease implements Allocator {
  private taken: ArrayBuffer[] = [];

  constructor(private readonly pool: ScratchBuffers) {}

  private buffer(bytes: number): ArrayBuffer {
    const b = this.pool.take(bytes);
    this.taken.push(b);
    return b;
  }

  uint32(n: number, zeroed = false): Uint32Array {
    const a = new Uint32Array(this.buffer(n * 4), 0, n);
    if (zeroed) a.fill(0);
    return a;
  }

  int32(n: number, zeroed = false): Int32Array {
    const a = new Int32Array(this.buffer(n * 4), 0, n);
    if (zeroed) a.fill(0);
    return a;
  }

  float64(n: number, zeroed = false): Float64Array {
    const a = new Float64Array(this.buffer(n * 8), 0, n);
    if (zeroed) a.fill(0);
    return a;
  }

  release(): void {
    for (const b of this.taken) this.pool.give(b);
    this.taken = [];
  }
}
