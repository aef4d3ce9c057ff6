import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, pipe } from 'rxjs';
import { float } from '../../lib/distribution.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { editDistance, nearestName, unknownOptionProblems } from '../../lib/optionKeys.js';
import { askTell } from '../../lib/askTell.js';
import { memoryCheckpointStore } from '../../lib/checkpointStore.js';
import {
  asha,
  fifo,
  hyperband,
  medianStopping,
  pbt,
  percentileStopping,
  retainCheckpoints,
  sampleWith,
  study,
  successiveHalving,
  trainWith,
} from '../../operators/index.js';
import {
  ashaPolicy,
  gridSampler,
  hyperbandPolicy,
  medianStoppingPolicy,
  pbtPolicy,
  percentileStoppingPolicy,
  qmcSampler,
  randomSampler,
  successiveHalvingPolicy,
  tpeSampler,
} from '../../strategies/index.js';
import { learningCurveTrainer } from '../../testing/learningCurveTrainer.js';
import { workerTrainer } from '../../adapters/workers/workerTrainer.js';
import { fileCheckpointStore } from '../../adapters/node/fileCheckpointStore.js';
import { tfjsTrainer } from '../../adapters/tfjs/tfjsTrainer.js';
import { initTfjs } from '../../adapters/tfjs/tfjsBackend.js';

const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;
const pipeline = pipe(
  sampleWith(randomSampler()),
  trainWith(() => NEVER),
);
const curve = { curve: () => 1, maxStep: 3 };
const tfjs = { model: () => ({}) as never, data: () => ({}) as never, epochs: 1, batchSize: 8 };
const mutations = { x: float(0, 1) };

// [factory, call with one misspelt key, the message it must give]
const table: ReadonlyArray<readonly [string, () => unknown, string]> = [
  [
    'study',
    () => study({ space, objective, budget: { trials: 1 }, concurency: 2 } as never, pipeline),
    'study options: unknown option "concurency" (did you mean "concurrency"?)',
  ],
  [
    'study budget',
    () => study({ space, objective, budget: { n_trials: 5 } } as never, pipeline),
    'study options: budget: unknown option "n_trials" (did you mean "trials"?)',
  ],
  [
    'study objective',
    () => study({ space, objective: { ...objective, metrik: 'x' }, budget: { trials: 1 } } as never, pipeline),
    'study options: objective: unknown option "metrik" (did you mean "metric"?)',
  ],
  [
    'askTell',
    () => askTell({ space, objective, sampler: randomSampler(), n_jobs: 4 } as never),
    'askTell options: unknown option "n_jobs" (did you mean "concurrency"?)',
  ],
  [
    'askTell budget',
    () => askTell({ space, objective, sampler: randomSampler(), budget: { step: 9 } } as never),
    'askTell options: budget: unknown option "step" (did you mean "steps"?)',
  ],
  [
    'randomSampler',
    () => randomSampler({ seed: 1 } as never),
    'randomSampler options: unknown option "seed" (it takes no options)',
  ],
  [
    'gridSampler',
    () => gridSampler({ value: {} } as never),
    'gridSampler: unknown option "value" (did you mean "values"?)',
  ],
  [
    'qmcSampler',
    () => qmcSampler({ scrambled: true } as never),
    'qmcSampler options: unknown option "scrambled" (did you mean "scramble"?)',
  ],
  [
    'tpeSampler',
    () => tpeSampler({ n_startup_trials: 5 } as never),
    'tpeSampler options: unknown option "n_startup_trials" (did you mean "nStartupTrials"?)',
  ],
  ['fifo', () => fifo({ x: 1 } as never), 'fifo options: unknown option "x" (it takes no options)'],
  [
    'medianStopping',
    () => medianStopping({ n_warmup_steps: 3 } as never),
    'medianStopping options: unknown option "n_warmup_steps" (did you mean "nWarmupSteps"?)',
  ],
  [
    'medianStoppingPolicy',
    () => medianStoppingPolicy({ nStartupTrial: 3 } as never),
    'medianStopping options: unknown option "nStartupTrial" (did you mean "nStartupTrials"?)',
  ],
  [
    'percentileStopping',
    () => percentileStopping({ percentile: 25, interval_steps: 2 } as never),
    'percentileStopping options: unknown option "interval_steps" (did you mean "intervalSteps"?)',
  ],
  [
    'percentileStoppingPolicy',
    () => percentileStoppingPolicy({ percentile: 25, minTrials: 2 } as never),
    'percentileStopping options: unknown option "minTrials" (did you mean "nMinTrials"?)',
  ],
  [
    'successiveHalving',
    () => successiveHalving({ reduction_factor: 3 } as never),
    'successiveHalving options: unknown option "reduction_factor" (did you mean "reductionFactor"?)',
  ],
  [
    'successiveHalvingPolicy',
    () => successiveHalvingPolicy({ cohort: 3 } as never),
    'successiveHalving options: unknown option "cohort" (did you mean "cohortSize"?)',
  ],
  [
    'asha',
    () => asha({ grace_period: 1 } as never),
    'asha options: unknown option "grace_period" (did you mean "minStep"?)',
  ],
  [
    'ashaPolicy',
    () => ashaPolicy({ max_t: 9 } as never),
    'asha options: unknown option "max_t" (did you mean "maxStep"?)',
  ],
  [
    'hyperband',
    () => hyperband({ maxstep: 9 } as never),
    'hyperband options: unknown option "maxstep" (did you mean "maxStep"?)',
  ],
  [
    'hyperbandPolicy',
    () => hyperbandPolicy({ mod: 'sync' } as never),
    'hyperband options: unknown option "mod" (did you mean "mode"?)',
  ],
  [
    'pbt',
    () => pbt({ mutations, perturbation_interval: 4 } as never),
    'pbt options: unknown option "perturbation_interval" (did you mean "perturbationInterval"?)',
  ],
  [
    'pbtPolicy',
    () => pbtPolicy({ mutations, populationSize: 4 } as never),
    'pbt options: unknown option "populationSize" (did you mean "population"?)',
  ],
  [
    'retainCheckpoints',
    () => retainCheckpoints(memoryCheckpointStore(), { keep_final: true } as never),
    'retainCheckpoints options: unknown option "keep_final" (did you mean "keepFinal"?)',
  ],
  [
    'memoryCheckpointStore',
    () => memoryCheckpointStore({ clones: false } as never),
    'memoryCheckpointStore options: unknown option "clones" (did you mean "clone"?)',
  ],
  [
    'learningCurveTrainer',
    () => learningCurveTrainer({ ...curve, step_duration: 0 } as never),
    'learningCurveTrainer options: unknown option "step_duration" (did you mean "stepDuration"?)',
  ],
  [
    'workerTrainer',
    () => workerTrainer('file:///x.ts', { thread: 2 } as never),
    'workerTrainer: unknown option "thread" (did you mean "threads"?)',
  ],
  [
    'fileCheckpointStore',
    () => fileCheckpointStore({ dir: '/tmp/x', encoder: String } as never),
    'fileCheckpointStore: unknown option "encoder" (did you mean "encode"?)',
  ],
  [
    'tfjsTrainer',
    () => tfjsTrainer({ ...tfjs, batch_size: 8 } as never),
    'tfjsTrainer: unknown option "batch_size" (did you mean "batchSize"?)',
  ],
  [
    'initTfjs',
    () => initTfjs({ backnd: 'cpu' } as never),
    'initTfjs: unknown option "backnd" (did you mean "backend"?)',
  ],
];

describe('unknown option keys', () => {
  for (const [name, call, message] of table)
    it(`${name} refuses a misspelt key, naming the nearest valid one`, () => {
      assert.throws(call, (e: unknown) => {
        assert.ok(e instanceof InvalidOptionsError, `${name} threw ${String(e)}`);
        assert.equal(e.message, message);
        return true;
      });
    });

  it('editDistance counts insertions, deletions, substitutions and adjacent swaps', () => {
    for (const [a, b, d] of [
      ['', '', 0],
      ['abc', '', 3],
      ['minStep', 'minStep', 0],
      ['minSetp', 'minStep', 1],
      ['maxstep', 'maxStep', 1],
      ['kitten', 'sitting', 3],
    ] as const)
      assert.equal(editDistance(a, b), d, `${a} → ${b}`);
  });

  it('nearestName ignores case and snake_case, knows Optuna/Ray spellings, and stays quiet when nothing is close', () => {
    assert.equal(nearestName('N_EI_CANDIDATES', ['nEiCandidates', 'startup']), 'nEiCandidates');
    assert.equal(nearestName('grace_period', ['minStep', 'maxStep']), 'minStep');
    assert.equal(nearestName('timeout', ['trials', 'steps', 'deadline']), 'deadline');
    assert.equal(nearestName('banana', ['minStep', 'maxStep']), undefined);
    assert.equal(nearestName('cohort', ['minStep', 'cohortSize']), 'cohortSize');
    // An alias is offered only when its target is one of the factory's names.
    assert.equal(nearestName('grace_period', ['trials']), undefined);
  });

  it('with nothing close, the message lists the known names', () => {
    assert.deepEqual(unknownOptionProblems({ banana: 1 }, ['minStep', 'maxStep']), [
      'unknown option "banana" (known: minStep, maxStep)',
    ]);
  });

  it('valid keys, and anything that is not a plain object, give no problem', () => {
    assert.deepEqual(unknownOptionProblems({ a: 1 }, ['a']), []);
    assert.deepEqual(unknownOptionProblems(undefined, ['a']), []);
    assert.deepEqual(unknownOptionProblems([1], ['a']), []);
  });
});
