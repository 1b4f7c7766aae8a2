/**
 * A map from a 62-bit key, given as two non-negative 31-bit halves, to an integer: open addressing in
 * typed arrays, so a scan can look up millions of keys without a Map entry (and its garbage) per key.
 * Event stores use it to turn the 64-bit hashes SQL computes cheaply into dense codes.
 */
export class PairTable {
  private readonly hi: Int32Array;
  private readonly lo: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.hi = new Int32Array(size).fill(-1);
    this.lo = new Int32Array(size);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Adds a key; false when it is there already with another value (a collision of two texts' hashes). */
  set(hi: number, lo: number, value: number): boolean {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i] as number;
      if (h === -1) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.values[i] = value;
        return true;
      }
      if (h === hi && this.lo[i] === lo) return this.values[i] === value;
      i = (i + 1) & this.mask;
    }
  }

  /** The value of a key; -1 when absent. */
  get(hi: number, lo: number): number {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i] as number;
      if (h === -1) return -1;
      if (h === hi && this.lo[i] === lo) return this.values[i] as number;
      i = (i + 1) & this.mask;
    }
  }
}
