/**
 * Scratch typed arrays for one TPE ask: views carved out of a few large buffers and handed back all at
 * once by {@link TpeArena.reset}. A model at n = 1,000 needs ~0.5 MB of short-lived arrays per ask; taking
 * them from reused buffers keeps that off the garbage collector. Views must not outlive the ask they were
 * taken in (the sampler resets the arena at the start of each ask).
 *
 * @example
 * ```ts
 * const arena = new TpeArena();
 * const mu = arena.f64(1000); // zero-filled
 * arena.reset(); // every view taken so far may now be overwritten
 * ```
 */
export class TpeArena {
  private f = new Float64Array(1 << 16);
  private fAt = 0;
  private i = new Int32Array(1 << 14);
  private iAt = 0;

  /** A zero-filled Float64Array of length n. */
  f64(n: number): Float64Array {
    if (this.fAt + n > this.f.length) {
      // Earlier views keep the old buffer alive until the reset; later ones come from a larger one.
      this.f = new Float64Array(Math.max(2 * this.f.length, 2 * n));
      this.fAt = 0;
    }
    const out = this.f.subarray(this.fAt, this.fAt + n);
    this.fAt += n;
    return out.fill(0);
  }

  /** A zero-filled Int32Array of length n. */
  i32(n: number): Int32Array {
    if (this.iAt + n > this.i.length) {
      this.i = new Int32Array(Math.max(2 * this.i.length, 2 * n));
      this.iAt = 0;
    }
    const out = this.i.subarray(this.iAt, this.iAt + n);
    this.iAt += n;
    return out.fill(0);
  }

  /** Makes the whole buffers available again. */
  reset(): void {
    this.fAt = 0;
    this.iAt = 0;
  }
}
