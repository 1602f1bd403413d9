// A small seeded generator (xorshift32) so fault injection is reproducible, on Node and on a device.

export class XorShift32 {
  private s: number;

  constructor(seed: number) {
    this.s = (seed | 0) || 0x2545f491;
  }

  /** Next value in 0 .. 2^32-1. */
  nextU32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x | 0;
    return x >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }
}
