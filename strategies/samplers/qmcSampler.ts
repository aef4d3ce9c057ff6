import type { Config } from '../../lib/config.js';
import type { Distribution } from '../../lib/distribution.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { RngState, Seed } from '../../lib/rng.js';
import { rngFromSeed, withRng } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { ParamSpec, SearchSpace } from '../../lib/searchSpace.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import { choiceFromUnit, fromUnit } from '../../lib/unitTransform.js';
import { activeIn } from '../randomConfig.js';
import type { HaltonScramble } from './qmc/haltonPoint.js';
import { haltonPoint, haltonScramble } from './qmc/haltonPoint.js';
import type { SobolScramble } from './qmc/sobolPoint.js';
import { sobolDirections, sobolPoint, sobolScramble } from './qmc/sobolPoint.js';
import { SOBOL_MAX_DIM } from './qmc/sobolDirections.js';

/** Options of {@link qmcSampler}. */
export interface QmcOptions {
  /** The low-discrepancy sequence. Default `'sobol'` (Optuna's default). */
  readonly type?: 'sobol' | 'halton';
  /** Randomise the sequence (LMS + shift for Sobol', digit permutations for Halton). Default false, as Optuna. */
  readonly scramble?: boolean;
  /**
   * Seed of the scramble. Default: drawn from the sampler's RNG (itself derived from the study seed).
   * Give it when several studies or workers must walk the same scrambled sequence.
   */
  readonly seed?: Seed;
}

/** The defaults of {@link qmcSampler}. */
export const DEFAULT_QMC_OPTIONS = { type: 'sobol', scramble: false } as const;

/** State of the QMC sampler: the next point index (= fresh configs produced so far) and the scramble. */
export interface QmcState {
  readonly index: number;
  readonly dim: number;
  readonly scramble?: SobolScramble | HaltonScramble;
}

/**
 * Decodes a point of [0, 1) to a value: numeric parameters through Optuna's internal range (log scale,
 * half-step widening for ints and steps), categoricals as index ⌊C·u⌋.
 *
 * @example
 * ```ts
 * valueFromUnit(int(1, 4), 0.5); // 3
 * ```
 */
export const valueFromUnit = (d: Distribution, u: number): number | string | boolean =>
  d._tag === 'Categorical' ? choiceFromUnit(d, u) : fromUnit(d, u);

/**
 * The `index`-th point of a Sobol' or Halton sequence in `dim` dimensions, scrambled when `scramble` is
 * given (its kind must match `type`).
 *
 * @example
 * ```ts
 * qmcPoint(1, 2, 'sobol'); // [0.5, 0.5]
 * ```
 */
export const qmcPoint = (
  index: number,
  dim: number,
  type: 'sobol' | 'halton',
  scramble?: SobolScramble | HaltonScramble,
): number[] =>
  type === 'halton'
    ? haltonPoint(index, dim, scramble as HaltonScramble | undefined)
    : sobolPoint(index, dim, scramble as SobolScramble | undefined);

/**
 * Decodes a point of [0, 1)^d to a config of the flattened space `params` (coordinate j for parameter j;
 * a conditional parameter whose branch is not taken is left out, its coordinate unused).
 *
 * @example
 * ```ts
 * configFromUnit(flattenSpace({ x: float(0, 10), n: int(1, 4) }), [0.25, 0.5]); // { x: 2.5, n: 3 }
 * ```
 */
export const configFromUnit = (params: ReadonlyArray<ParamSpec>, u: ArrayLike<number>): Config => {
  const out: Record<string, number | string | boolean> = {};
  params.forEach((spec, j) => {
    if (activeIn(spec, out)) out[spec.name] = valueFromUnit(spec.distribution, u[j] as number);
  });
  return out as Config;
};

/**
 * Quasi-random search (Optuna's `QMCSampler`, ALGORITHMS.md §2): the i-th fresh config is the i-th point
 * of a Sobol' or Halton sequence, one coordinate per parameter of the flattened space (a conditional
 * parameter keeps its coordinate and simply skips it when inactive). Low-discrepancy points fill the space
 * more evenly than random draws at small budgets. Unscrambled, the first point is the lower corner of every
 * range, as in Optuna; scrambling is seeded, so a study stays reproducible.
 *
 * @example
 * ```ts
 * study({ space, objective, budget: { trials: 64 } }, pipe(sampleWith(qmcSampler({ scramble: true })), trainWith(trainer)));
 * const s = askTell({ space, objective, sampler: qmcSampler({ type: 'halton' }) });
 * ```
 * @throws InvalidOptionsError for an unknown type, a non-boolean scramble, or (at init) a space with more
 * parameters than the Sobol' table's 1024 dimensions.
 */
export const qmcSampler = (options: QmcOptions = {}): Sampler<QmcState> => {
  const type = options.type ?? DEFAULT_QMC_OPTIONS.type;
  const scramble = options.scramble ?? DEFAULT_QMC_OPTIONS.scramble;
  const p: string[] = unknownOptionProblems(options, ['type', 'scramble', 'seed']);
  if (type !== 'sobol' && type !== 'halton') p.push(`type must be 'sobol' or 'halton', got ${show(type)}`);
  if (typeof scramble !== 'boolean') p.push(`scramble must be a boolean, got ${show(scramble)}`);
  if (options.seed !== undefined && typeof options.seed !== 'string' && typeof options.seed !== 'number')
    p.push(`seed must be a string or number, got ${show(options.seed)}`);
  if (p.length > 0) throw new InvalidOptionsError('qmcSampler options', p);
  return {
    name: type === 'sobol' ? 'qmc' : 'qmc-halton',
    init: (space: SearchSpace, rng: RngState): QmcState => {
      const dim = flattenSpace(space).length;
      if (type === 'sobol') {
        if (dim > SOBOL_MAX_DIM)
          throw new InvalidOptionsError('qmcSampler', [
            `the space has ${dim} parameters; the Sobol' table supports ${SOBOL_MAX_DIM} (use type: 'halton')`,
          ]);
        sobolDirections(dim);
      }
      if (!scramble) return { index: 0, dim };
      const source = options.seed === undefined ? rng : rngFromSeed(options.seed);
      const [tables] = withRng(source, (next) =>
        type === 'sobol' ? sobolScramble(dim, next) : haltonScramble(dim, next),
      );
      return { index: 0, dim, scramble: tables };
    },
    ask: (state, study) => {
      const out = configFromUnit(flattenSpace(study.space), qmcPoint(state.index, state.dim, type, state.scramble));
      return [out, { ...state, index: state.index + 1 }];
    },
  };
};
