import type { Policy } from '../lib/policy.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { asha } from '../operators/asha.js';
import { hyperband } from '../operators/hyperband.js';
import { medianStopping } from '../operators/medianStopping.js';
import { successiveHalving } from '../operators/successiveHalving.js';
import { ashaPolicy } from '../strategies/schedulers/ashaPolicy.js';
import { hyperbandPolicy } from '../strategies/schedulers/hyperbandPolicy.js';
import { medianStoppingPolicy } from '../strategies/schedulers/medianStoppingPolicy.js';
import { successiveHalvingPolicy } from '../strategies/schedulers/successiveHalvingPolicy.js';

/** The fidelity range of a multi-fidelity problem (`fidelity.min`, `fidelity.max`). */
export interface Fidelity {
  readonly minStep: number;
  readonly maxStep: number;
}

/** A scheduler both ways: the pure policy (for the ask/tell driver) and its operator (for `study()`). */
export interface MfScheduler {
  readonly policy: Policy<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly operator: SchedulerOperator;
}

/** A benchmark method: a sampler name from the sampler registry and an optional scheduler. */
export interface MfMethod {
  readonly sampler: 'random' | 'tpe' | 'bohb';
  readonly describe: string;
  readonly scheduler?: (f: Fidelity) => MfScheduler;
}

const median = (f: Fidelity): MfScheduler => ({
  policy: medianStoppingPolicy({ maxStep: f.maxStep }),
  operator: medianStopping({ maxStep: f.maxStep }),
});
// The protocol's asynchronous successive halving: η = 4, min resource 1 (rungs 1, 4, 16, 64).
const ashaStop = (f: Fidelity): MfScheduler => {
  const o = { minStep: f.minStep, maxStep: f.maxStep, reductionFactor: 4 };
  return { policy: ashaPolicy(o), operator: asha(o) };
};
const ashaPromote = (f: Fidelity): MfScheduler => {
  const o = { minStep: f.minStep, maxStep: f.maxStep, reductionFactor: 4, mode: 'promote' } as const;
  return { policy: ashaPolicy(o), operator: asha(o) };
};
const ashaPromote3 = (f: Fidelity): MfScheduler => {
  const o = { minStep: f.minStep, maxStep: f.maxStep, reductionFactor: 3, mode: 'promote' } as const;
  return { policy: ashaPolicy(o), operator: asha(o) };
};
// The protocol's Hyperband: min 1, max 81, η = 3 → 5 brackets.
const hb =
  (mode: 'sync' | 'stop' | 'promote', brackets: 'hashed' | 'sequential' = 'hashed') =>
  (f: Fidelity): MfScheduler => {
    const o = { minStep: f.minStep, maxStep: f.maxStep, reductionFactor: 3, mode, brackets };
    return { policy: hyperbandPolicy(o), operator: hyperband(o) };
  };
const sha = (f: Fidelity): MfScheduler => {
  const o = { minStep: f.minStep, maxStep: f.maxStep, reductionFactor: 3 };
  return { policy: successiveHalvingPolicy(o), operator: successiveHalving(o) };
};

const entries: Readonly<Record<string, MfMethod>> = {
  random_nopruning: { sampler: 'random', describe: 'randomSampler(), no scheduler' },
  random_median: {
    sampler: 'random',
    describe: 'randomSampler() + medianStopping({ maxStep }) (Optuna MedianPruner defaults)',
    scheduler: median,
  },
  random_asha_stop: {
    sampler: 'random',
    describe: 'randomSampler() + asha({ minStep: 1, maxStep: 81, reductionFactor: 4 }) (stopping form)',
    scheduler: ashaStop,
  },
  random_asha_promote: {
    sampler: 'random',
    describe: "randomSampler() + asha({ minStep: 1, maxStep: 81, reductionFactor: 4, mode: 'promote' })",
    scheduler: ashaPromote,
  },
  random_asha_promote_eta3: {
    sampler: 'random',
    describe: "randomSampler() + asha({ minStep: 1, maxStep: 81, reductionFactor: 3, mode: 'promote' })",
    scheduler: ashaPromote3,
  },
  random_sha: {
    sampler: 'random',
    describe: 'randomSampler() + successiveHalving({ minStep: 1, maxStep: 81, reductionFactor: 3 }) (cohorts of 81)',
    scheduler: sha,
  },
  random_hyperband: {
    sampler: 'random',
    describe: 'randomSampler() + hyperband({ minStep: 1, maxStep: 81, reductionFactor: 3 }) (synchronous, 5 brackets)',
    scheduler: hb('sync'),
  },
  random_hyperband_stop: {
    sampler: 'random',
    describe: "randomSampler() + hyperband({ …, mode: 'stop' }) (ASHA stopping per bracket, like Optuna's)",
    scheduler: hb('stop'),
  },
  random_hyperband_promote: {
    sampler: 'random',
    describe: "randomSampler() + hyperband({ …, mode: 'promote' }) (ASHA promotion per bracket)",
    scheduler: hb('promote'),
  },
  tpe_nopruning: { sampler: 'tpe', describe: 'tpeSampler(), no scheduler' },
  tpe_median: { sampler: 'tpe', describe: 'tpeSampler() + medianStopping({ maxStep })', scheduler: median },
  tpe_asha_stop: { sampler: 'tpe', describe: 'tpeSampler() + asha (stopping form, η = 4)', scheduler: ashaStop },
  tpe_asha_promote: {
    sampler: 'tpe',
    describe: "tpeSampler() + asha (mode: 'promote', η = 4)",
    scheduler: ashaPromote,
  },
  tpe_asha_promote_eta3: {
    sampler: 'tpe',
    describe: "tpeSampler() + asha (mode: 'promote', η = 3)",
    scheduler: ashaPromote3,
  },
  tpe_hyperband: { sampler: 'tpe', describe: 'tpeSampler() + hyperband (synchronous)', scheduler: hb('sync') },
  tpe_hyperband_stop: {
    sampler: 'tpe',
    describe: "tpeSampler() + hyperband({ mode: 'stop' }) (like Optuna's tpe_hyperband)",
    scheduler: hb('stop'),
  },
  tpe_hyperband_promote: {
    sampler: 'tpe',
    describe: "tpeSampler() + hyperband({ mode: 'promote' })",
    scheduler: hb('promote'),
  },
  bohb: {
    sampler: 'bohb',
    describe:
      'bohbSampler() + hyperband({ minStep: 1, maxStep: 81, reductionFactor: 3 }) (synchronous, as the BOHB paper)',
    scheduler: hb('sync'),
  },
  bohb_async: {
    sampler: 'bohb',
    describe: "bohbSampler() + hyperband({ …, mode: 'promote' }) (ASHA promotion per bracket)",
    scheduler: hb('promote'),
  },
  random_hyperband_seq: {
    sampler: 'random',
    describe: "randomSampler() + hyperband({ …, brackets: 'sequential' }) (HpBandSter's bracket order and sizes)",
    scheduler: hb('sync', 'sequential'),
  },
  tpe_hyperband_seq: {
    sampler: 'tpe',
    describe: "tpeSampler() + hyperband({ …, brackets: 'sequential' })",
    scheduler: hb('sync', 'sequential'),
  },
  bohb_seq: {
    sampler: 'bohb',
    describe:
      "bohbSampler() + hyperband({ …, brackets: 'sequential' }) (HpBandSter's BOHB: its bracket order and sizes)",
    scheduler: hb('sync', 'sequential'),
  },
  random_hyperband_promote_seq: {
    sampler: 'random',
    describe: "randomSampler() + hyperband({ …, mode: 'promote', brackets: 'sequential' })",
    scheduler: hb('promote', 'sequential'),
  },
  tpe_hyperband_promote_seq: {
    sampler: 'tpe',
    describe: "tpeSampler() + hyperband({ …, mode: 'promote', brackets: 'sequential' })",
    scheduler: hb('promote', 'sequential'),
  },
  bohb_async_seq: {
    sampler: 'bohb',
    describe: "bohbSampler() + hyperband({ …, mode: 'promote', brackets: 'sequential' })",
    scheduler: hb('promote', 'sequential'),
  },
};

/** Every method name, in table order. */
export const mfMethodNames: ReadonlyArray<string> = Object.keys(entries);

/**
 * The method a bench name stands for.
 *
 * @example
 * ```ts
 * mfMethod('random_asha_promote').scheduler?.({ minStep: 1, maxStep: 81 }).policy;
 * ```
 * @throws InvalidOptionsError for an unknown name.
 */
export const mfMethod = (name: string): MfMethod => {
  const m = entries[name];
  if (!m)
    throw new InvalidOptionsError('--methods', [`unknown method ${show(name)}; known: ${mfMethodNames.join(', ')}`]);
  return m;
};
