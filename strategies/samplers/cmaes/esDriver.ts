import type { Config } from '../../../lib/config.js';
import type { RngState } from '../../../lib/rng.js';
import { rngFromSeed, withRng } from '../../../lib/rng.js';
import type { Sampler } from '../../../lib/sampler.js';
import type { ParamSpec, SearchSpace } from '../../../lib/searchSpace.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import type { StudyState, TrialRecord } from '../../../lib/studyState.js';
import type { NumericDistribution } from '../../../lib/unitTransform.js';
import { composeConfig, esDims, esUnit } from './cmaSpace.js';

/** A trial an evolution strategy proposed in its current generation: its number, and the drawn point when told as drawn. */
export interface AskedTrial {
  readonly number: number;
  /** The point drawn before encoding (CMA-ES with margin learns from it); absent: re-encode the config. */
  readonly x?: ReadonlyArray<number>;
}

/**
 * State of an evolution-strategy sampler (plain JSON): its RNG, the independent sampler's state, the
 * strategy's current run (null before the first one starts) and the trials asked in the current generation.
 */
export interface EsState<R> {
  readonly rng: RngState;
  readonly independent: unknown;
  readonly run: R | null;
  readonly asked: ReadonlyArray<AskedTrial>;
}

/** What an evolution strategy contributes to {@link esDriver}. Everything works in [0, 1]^n. */
export interface EsStrategy<R> {
  /** The first run, once the startup trials have finished (`dims`: indices into `params`). */
  readonly start: (
    params: ReadonlyArray<ParamSpec>,
    dims: ReadonlyArray<number>,
    study: StudyState,
    next: () => number,
  ) => R;
  readonly lambda: (run: R) => number;
  /** The next run from exactly λ solutions of the current generation (restarts happen here). */
  readonly update: (run: R, solutions: ReadonlyArray<{ x: ReadonlyArray<number>; f: number }>, next: () => number) => R;
  /** A candidate: `x` to learn from, `eval` to try. */
  readonly draw: (run: R, next: () => number) => { x: ReadonlyArray<number>; eval: ReadonlyArray<number> };
  /** Per strategy dimension: its margin grid step (0 = continuous), for decoding and encoding. */
  readonly steps: (run: R) => ReadonlyArray<number>;
  /** Learn from the drawn point (margin) rather than from the trial's re-encoded config (Optuna's default). */
  readonly tellDrawn: (run: R) => boolean;
}

/** Options the driver honours. */
export interface EsDriverOptions {
  readonly nStartupTrials: number;
  readonly considerPrunedTrials: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly independentSampler: Sampler<any>;
}

/** The value an ES minimises for a finished trial of its generation, or undefined if it does not count. */
const valueOf = (r: TrialRecord | undefined, considerPruned: boolean): number | undefined => {
  if (r === undefined || r.lastScore === undefined || Number.isNaN(r.lastScore)) return undefined;
  if (r.status === 'completed' || (considerPruned && r.status === 'stopped')) return -r.lastScore;
  return undefined;
};

const completedAtLeast = (study: StudyState, n: number): boolean => {
  if (n <= 0) return true;
  let count = 0;
  for (const id of study.order) {
    const r = study.trials.get(id);
    if (r?.status === 'completed' && r.lastScore !== undefined && ++count >= n) return true;
  }
  return false;
};

/**
 * The generation bookkeeping shared by the evolution strategies (Optuna's `CmaEsSampler` rule): each
 * proposed trial is tagged with the current generation by its trial number; the generation is told once
 * λ of its trials have completed with a score (stopped ones too with `considerPrunedTrials`, at their
 * last score) — the first λ by trial number; trials of the generation that fail, or that are still
 * running when it is told, are never used, and the generation simply asks more trials until λ have
 * completed. So with concurrency > 1 a generation runs side by side, tells may arrive in any order, and
 * the result depends only on the events and their order. Parameters outside the strategy's dimensions
 * ({@link esDims}), and every parameter during the first `nStartupTrials` completed trials or when fewer
 * than two dimensions qualify (as Optuna), come from the independent sampler.
 *
 * @example
 * ```ts
 * const sampler = esDriver('es', strategy, { nStartupTrials: 1, considerPrunedTrials: false, independentSampler: randomSampler() });
 * ```
 */
export const esDriver = <R>(name: string, strategy: EsStrategy<R>, o: EsDriverOptions): Sampler<EsState<R>> => {
  const indep = o.independentSampler;
  // The independent config for this ask (only when some parameter needs it).
  const independent = (state: EsState<R>, study: StudyState): readonly [Config | undefined, unknown] => {
    const [c, s] = indep.ask(state.independent, study) as readonly [Config | null, unknown];
    return [c ?? undefined, s];
  };
  // The flattened space and the searched dimensions, per space object: a pure function of the space,
  // recomputed on every ask it cost about a tenth of a trial.
  const layouts = new WeakMap<SearchSpace, { params: ReadonlyArray<ParamSpec>; dims: ReadonlyArray<number> }>();
  const layoutOf = (space: SearchSpace) => {
    let l = layouts.get(space);
    if (l === undefined) {
      const params = flattenSpace(space);
      l = { params, dims: esDims(params) };
      layouts.set(space, l);
    }
    return l;
  };
  return {
    name,
    init: (space: SearchSpace, rng: RngState): EsState<R> => {
      const [seed, rng2] = withRng(rng, (next) => Math.floor(next() * 2 ** 32));
      return { rng: rng2, independent: indep.init(space, rngFromSeed(seed)), run: null, asked: [] };
    },
    ask: (state, study) => {
      const { params, dims } = layoutOf(study.space);
      if (dims.length < 2 || (state.run === null && !completedAtLeast(study, o.nStartupTrials))) {
        const [c, s] = independent(state, study);
        if (c !== undefined) return [c, { ...state, independent: s }];
        const [config, rng] = withRng(state.rng, (next) => composeConfig(params, new Map(), undefined, next));
        return [config, { ...state, rng, independent: s }];
      }
      let indepState = state.independent;
      let other: Config | undefined;
      if (dims.length < params.length) [other, indepState] = independent(state, study);
      const [out, rng] = withRng(state.rng, (next) => {
        let run = state.run ?? strategy.start(params, dims, study, next);
        let asked = state.asked;
        const lambda = strategy.lambda(run);
        if (asked.length >= lambda) {
          const steps = strategy.steps(run);
          const drawn = strategy.tellDrawn(run);
          const sols: { x: ReadonlyArray<number>; f: number }[] = [];
          for (const a of asked) {
            const id = study.order.at(a.number);
            const r = id === undefined ? undefined : study.trials.get(id);
            const f = valueOf(r, o.considerPrunedTrials);
            if (f === undefined || r === undefined) continue;
            const cfg = r.trial.config;
            const x =
              drawn && a.x !== undefined
                ? a.x
                : dims.map((p, j) => {
                    const spec = params[p] as ParamSpec;
                    return esUnit(spec.distribution as NumericDistribution, cfg[spec.name] as number, steps[j] ?? 0);
                  });
            sols.push({ x, f });
            if (sols.length === lambda) break;
          }
          if (sols.length === lambda) {
            run = strategy.update(run, sols, next);
            asked = [];
          }
        }
        const cand = strategy.draw(run, next);
        const steps = strategy.steps(run);
        const units = new Map<number, number>();
        const stepMap = new Map<number, number>();
        for (let j = 0; j < dims.length; j++) {
          units.set(dims[j] as number, cand.eval[j] as number);
          stepMap.set(dims[j] as number, steps[j] ?? 0);
        }
        const entry: AskedTrial = strategy.tellDrawn(run)
          ? { number: study.order.size, x: cand.x.slice() }
          : { number: study.order.size };
        const config = composeConfig(params, units, other, next, stepMap);
        return { config, run, asked: [...asked, entry] };
      });
      return [out.config, { rng, independent: indepState, run: out.run, asked: out.asked }];
    },
  };
};
