/**
 * The toy experiment of the PBT paper (Jaderberg et al. 2017, §4 / Fig. 2), run through rxhpo's
 * `study()` in virtual time: θ ∈ R², Q(θ) = 1.2 − (θ₀² + θ₁²) is what we want, but a member only trains
 * θ by gradient ascent on the surrogate Q̂(θ|h) = 1.2 − (h₀θ₀² + h₁θ₁²), whose weights h are the
 * hyper-parameters. Two members start at θ = (0.9, 0.9) with h = (1, 0) and (0, 1): each alone can only
 * shrink one coordinate, so a fixed h plateaus at Q = 0.39; combining them (exploit) and moving h
 * (explore) reaches 1.2.
 */
import type { Observable } from 'rxjs';
import { VirtualTimeScheduler, defer, from, map, pipe, take, timer } from 'rxjs';
import type { CheckpointRef } from '../lib/checkpointStore.js';
import { memoryCheckpointStore } from '../lib/checkpointStore.js';
import type { Config } from '../lib/config.js';
import { fork } from '../lib/decision.js';
import { float } from '../lib/distribution.js';
import type { MetricReport } from '../lib/metricReport.js';
import type { Policy } from '../lib/policy.js';
import { noDecision } from '../lib/policy.js';
import type { RngState } from '../lib/rng.js';
import { derive, normalFrom, rngFromSeed } from '../lib/rng.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import type { Trainer } from '../lib/trainer.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { fifo } from '../operators/fifo.js';
import { fromPolicy } from '../operators/fromPolicy.js';
import { pb2 } from '../operators/pb2.js';
import { pbt } from '../operators/pbt.js';
import { retainCheckpoints } from '../operators/retainCheckpoints.js';
import { sampleWith } from '../operators/sampleWith.js';
import { study } from '../operators/study.js';
import { trainWith } from '../operators/trainWith.js';
import type { CustomExplore } from '../strategies/perturb.js';
import { perturb } from '../strategies/perturb.js';

/** The methods compared, as in the paper's figure. */
export const PBT_TOY_METHODS = ['pbt', 'pb2', 'explore_only', 'exploit_only', 'grid'] as const;
/** The paper's ablations, which PBT must beat. */
export const PBT_TOY_ABLATIONS = ['explore_only', 'exploit_only', 'grid'] as const;
export type PbtToyMethod = (typeof PBT_TOY_METHODS)[number];

/** The toy's setup. The paper fixes Q, Q̂, θ₀ and the two h; the rest are our choices (see docs). */
export interface PbtToySetup {
  /** Gradient-ascent step size on Q̂. */
  readonly stepSize: number;
  /** Training steps per member. */
  readonly steps: number;
  /** Steps between two exploit/explore points. */
  readonly interval: number;
  /** Standard deviation of the Gaussian noise explore adds to each h. */
  readonly noise: number;
  /**
   * Synchronous PBT. The two members are mirror images (Q ties exactly at equal steps until the first
   * exploit), and asynchronous PBT (Ray's rule: ties rank in start order) then never exploits.
   */
  readonly synchronous: boolean;
}

export const DEFAULT_PBT_TOY_SETUP: PbtToySetup = {
  stepSize: 0.01,
  steps: 200,
  interval: 4,
  noise: 0.1,
  synchronous: true,
};

/** The true objective. */
export const q = (t0: number, t1: number): number => 1.2 - (t0 * t0 + t1 * t1);

/** One run's result. */
export interface PbtToyRun {
  readonly method: PbtToyMethod;
  readonly seed: number;
  /** The best member's Q at the last step. */
  readonly q_final: number;
  /** The best member's Q after each step 1..steps. */
  readonly q_by_step: number[];
  readonly forks: number;
  /** Most checkpoints held at once by the store (retainCheckpoints releases the rest). */
  readonly peak_checkpoints: number;
  readonly checkpoints_saved: number;
}

type Theta = readonly [number, number];
type ToyConfig = { readonly h0: number; readonly h1: number };

/**
 * The member's trainer: gradient ascent on Q̂(θ|h) from θ₀ or from the checkpoint it resumes, one step
 * per virtual millisecond, reporting Q(θ) and a checkpoint of θ after every step.
 */
const toyTrainer = (
  setup: PbtToySetup,
  store: ReturnType<typeof memoryCheckpointStore<Theta>>,
  clock: VirtualTimeScheduler,
): Trainer<ToyConfig> => {
  return (trial) =>
    defer((): Observable<MetricReport> => {
      let theta: Theta = trial.resumeFrom === undefined ? [0.9, 0.9] : store.load(trial.resumeFrom as CheckpointRef);
      const { h0, h1 } = trial.config;
      const last = trial.budget ?? setup.steps;
      return timer(1, 1, clock).pipe(
        take(Math.max(0, last - trial.startStep)),
        map((i) => {
          const step = trial.startStep + i + 1;
          // dQ̂/dθᵢ = −2 hᵢ θᵢ
          theta = [theta[0] + setup.stepSize * (-2 * h0 * theta[0]), theta[1] + setup.stepSize * (-2 * h1 * theta[1])];
          return { step, metrics: { q: q(theta[0], theta[1]) }, checkpoint: store.save(trial.id, step, theta) };
        }),
      );
    });
};

/** The paper's explore: add Gaussian noise to each h. */
const gaussianExplore =
  (noise: number): CustomExplore =>
  (config, next) => ({
    ...config,
    h0: (config['h0'] as number) + noise * normalFrom(next),
    h1: (config['h1'] as number) + noise * normalFrom(next),
  });

/**
 * The explore-only ablation as a custom policy: every `interval` steps each member perturbs its own h
 * and goes on from its own checkpoint (a fork of itself), never copying the other's θ.
 */
const exploreOnlyPolicy = (
  setup: PbtToySetup,
  explore: CustomExplore,
): Policy<{ rng: RngState; configs: Record<string, Config> }> => ({
  name: 'exploreOnly',
  init: (s) => ({ rng: rngFromSeed(derive(s.seed, 'exploreOnly')), configs: {} }),
  step: (s, e) => {
    if (e._tag === 'TrialStarted') return noDecision({ ...s, configs: { ...s.configs, [e.trial.id]: e.trial.config } });
    if (e._tag !== 'TrialReported' || e.report.step % setup.interval !== 0 || e.report.step >= setup.steps)
      return noDecision(s);
    const config = s.configs[e.trialId] as Config;
    const [next, mutation, rng] = perturb(config, {}, s.rng, { explore });
    const d = fork({
      replaced: e.trialId,
      parent: e.trialId,
      step: e.report.step,
      checkpoint: e.report.checkpoint,
      config: next,
      mutation,
      budget: setup.steps,
    });
    return { state: { ...s, rng }, decisions: [d] };
  },
});

const schedulerOf = (method: PbtToyMethod, setup: PbtToySetup): SchedulerOperator => {
  const explore = gaussianExplore(setup.noise);
  const common = {
    perturbationInterval: setup.interval,
    synchronous: setup.synchronous,
    population: 2,
    maxStep: setup.steps,
  } as const;
  switch (method) {
    case 'pbt':
      return pbt({ ...common, explore });
    case 'pb2':
      return pb2({ ...common, bounds: { h0: [0, 1], h1: [0, 1] } });
    case 'exploit_only':
      return pbt({ ...common, explore: (c) => c });
    case 'explore_only':
      return fromPolicy(exploreOnlyPolicy(setup, explore));
    case 'grid':
      return fifo();
  }
};

/**
 * Runs one method with one seed: a study of the two members (concurrency 2, `budget.trials` 2), in
 * virtual time, with checkpoints in a memory store kept bounded by `retainCheckpoints`.
 *
 * @example
 * ```ts
 * const r = runPbtToy('pbt', 0); // r.q_final ≈ 1.2
 * ```
 */
export const runPbtToy = (
  method: PbtToyMethod,
  seed: number,
  setup: PbtToySetup = DEFAULT_PBT_TOY_SETUP,
): PbtToyRun => {
  const clock = new VirtualTimeScheduler();
  const store = memoryCheckpointStore<Theta>();
  const byStep: number[] = Array.from({ length: setup.steps }, () => -Infinity);
  let forks = 0;
  let saved = 0;
  let peak = 0;
  let done = false;
  let failure: unknown;
  const space = { h0: float(0, 1), h1: float(0, 1) };
  study(
    { space, objective: { metric: 'q', mode: 'max' }, seed, concurrency: 2, budget: { trials: 2 } },
    pipe(
      sampleWith(
        from<Config[]>([
          { h0: 1, h1: 0 },
          { h0: 0, h1: 1 },
        ]),
      ),
      trainWith(toyTrainer(setup, store, clock)),
      schedulerOf(method, setup),
    ),
  )
    .pipe(retainCheckpoints(store))
    .subscribe({
      next: (e: TrialEvent<unknown>) => {
        if (e._tag === 'TrialReported') {
          saved++;
          const i = e.report.step - 1;
          byStep[i] = Math.max(byStep[i] as number, e.report.metrics['q'] as number);
        }
        if (e._tag === 'TrialDecided' && e.decision._tag === 'Fork') forks++;
        if (e._tag === 'TrialEnded' && e.outcome === 'failed') failure = e.error;
        peak = Math.max(peak, store.refs().length);
      },
      error: (err: unknown) => (failure = err),
      complete: () => (done = true),
    });
  clock.flush();
  if (failure !== undefined) throw new Error(`pbt toy ${method} seed ${seed}: ${JSON.stringify(failure)}`);
  if (!done) throw new Error(`pbt toy ${method} seed ${seed}: the study did not complete`);
  return {
    method,
    seed,
    q_final: byStep[setup.steps - 1] as number,
    q_by_step: byStep,
    forks,
    peak_checkpoints: peak,
    checkpoints_saved: saved,
  };
};
