import { InvalidOptionsError } from '../../../lib/errors.js';
import { SOBOL_JOE_KUO_ROWS, SOBOL_MAX_DIM } from './sobolDirections.js';

const BITS = 32;
const SCALE = 2 ** -BITS;

/**
 * A seeded scramble of the Sobol' sequence (SciPy's LMS + shift): each dimension's 32 direction numbers
 * multiplied by a random lower-triangular binary matrix with unit diagonal, then every point XOR-ed with
 * a random digital shift. Plain data, so it can live in sampler state.
 */
export interface SobolScramble {
  readonly _tag: 'SobolScramble';
  /** Per dimension, the 32 scrambled direction numbers (uint32, most significant bit first). */
  readonly directions: ReadonlyArray<ReadonlyArray<number>>;
  /** Per dimension, the digital shift (uint32). */
  readonly shift: ReadonlyArray<number>;
}

let table: Uint32Array[] = [];

// Direction numbers V_k = m_k·2^(32−k) of one dimension (0-based), by the Joe–Kuo recurrence.
const directionsOf = (row: string | undefined): Uint32Array => {
  const v = new Uint32Array(BITS);
  if (row === undefined) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [, s, a, ...m] = row.split(' ').map(Number) as [number, number, number, ...number[]];
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = ((m[k] as number) * 2 ** (BITS - 1 - k)) >>> 0;
  for (let k = s; k < BITS; k++) {
    let x = (v[k - s] as number) ^ ((v[k - s] as number) >>> s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j] as number;
    v[k] = x >>> 0;
  }
  return v;
};

/**
 * The unscrambled direction numbers of the first `dim` dimensions (parsed once from the Joe–Kuo table).
 *
 * @throws InvalidOptionsError beyond the table's {@link SOBOL_MAX_DIM} dimensions.
 */
export const sobolDirections = (dim: number): ReadonlyArray<Uint32Array> => {
  if (dim > SOBOL_MAX_DIM)
    throw new InvalidOptionsError('sobol', [`dimension ${dim} exceeds the ${SOBOL_MAX_DIM} dimensions of the table`]);
  if (table.length < dim) {
    const rows = SOBOL_JOE_KUO_ROWS.trim().split('\n');
    table = [directionsOf(undefined), ...rows.slice(0, Math.max(0, dim - 1)).map(directionsOf)];
  }
  return table;
};

const randomUint32 = (next: () => number): number => Math.floor(next() * 2 ** 32) >>> 0;

const parity = (x: number): number => {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
};

/**
 * Draws a scramble for the first `dim` dimensions from a uniform source (use inside `withRng`).
 *
 * @example
 * ```ts
 * const [scramble, rng2] = withRng(rng, (next) => sobolScramble(3, next));
 * sobolPoint(0, 3, scramble); // a random point, no longer the origin
 * ```
 */
export const sobolScramble = (dim: number, next: () => number): SobolScramble => {
  const base = sobolDirections(dim);
  const shift: number[] = [];
  const directions: number[][] = [];
  for (let d = 0; d < dim; d++) {
    shift.push(randomUint32(next));
    // Row p (bit 31 − p of the output) mixes input bits at least as significant as itself.
    const rows: number[] = [];
    for (let p = 0; p < BITS; p++) {
      const above = p === 0 ? 0 : (randomUint32(next) & ~(2 ** (BITS - p) - 1)) >>> 0;
      rows.push((above | (2 ** (BITS - 1 - p))) >>> 0);
    }
    directions.push(
      Array.from(base[d] as Uint32Array, (v) => {
        let out = 0;
        for (let p = 0; p < BITS; p++) if (parity(((rows[p] as number) & v) >>> 0)) out += 2 ** (BITS - 1 - p);
        return out >>> 0;
      }),
    );
  }
  return { _tag: 'SobolScramble', directions, shift };
};

/**
 * The point of the Sobol' sequence at `index` (0-based, Gray-code order as SciPy), in [0, 1)^dim.
 * Unscrambled, d = 2: (0,0), (0.5,0.5), (0.75,0.25), (0.25,0.75), (0.375,0.375), …
 *
 * @example
 * ```ts
 * sobolPoint(2, 2); // [0.75, 0.25]
 * ```
 * @throws InvalidOptionsError if `index` is not an integer in [0, 2^32) or `dim` is out of the table.
 */
export const sobolPoint = (index: number, dim: number, scramble?: SobolScramble): number[] => {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS)
    throw new InvalidOptionsError('sobolPoint', [`index must be an integer in [0, 2^32), got ${index}`]);
  const dirs = scramble?.directions ?? sobolDirections(dim);
  const gray = (index ^ (index >>> 1)) >>> 0;
  const out: number[] = [];
  for (let d = 0; d < dim; d++) {
    const v = dirs[d] as ArrayLike<number>;
    let x = scramble ? (scramble.shift[d] as number) : 0;
    for (let g = gray, k = 0; g !== 0; g >>>= 1, k++) if (g & 1) x ^= v[k] as number;
    out.push((x >>> 0) * SCALE);
  }
  return out;
};
