// An rxhpo study's events covering every outcome an Optuna export must map: completed, stopped, paused
// (trial 1, then promoted and completed: two segments; trial 7 stays paused), failed, still running, a PBT child, a conditional
// parameter, and a NaN report.
import { categorical, float, int } from '../../lib/distribution.js';
import { fork, pause, promote, stop } from '../../lib/decision.js';
import type { Trial } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { studyStarted, trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';

export const exportSpace = {
  lr: float(1e-4, 1e-1, { log: true }),
  units: int(16, 256, { log: true }),
  layers: int(1, 9, { step: 2 }),
  dropout: float(0, 0.5, { step: 0.1 }),
  kernel: categorical(['linear', 'rbf', 3, true], { rbf: { gamma: float(0.1, 10, { log: true }) } }),
};
export const exportObjective = { metric: 'loss', mode: 'min' as const };
const study = { seed: 7, objective: exportObjective };

const trial = (n: number, config: Trial['config'], extra: Partial<Trial> = {}): Trial => ({
  id: String(n),
  number: n,
  config,
  seed: 100 + n,
  segment: 0,
  startStep: 0,
  lineage: [],
  study,
  ...extra,
});
// Reports carry the objective (loss) and another metric; score = -loss (minimised).
const rep = (id: string, step: number, loss: number): TrialEvent =>
  trialReported(id, { step, metrics: { loss, acc: 1 - loss / 2 } }, -loss);

const c0 = { lr: 0.001, units: 32, layers: 3, dropout: 0, kernel: 'linear' };
const c1 = { lr: 0.01, units: 64, layers: 5, dropout: 0.2, kernel: 'rbf', gamma: 1.5 };
const c2 = { lr: 0.05, units: 16, layers: 1, dropout: 0.5, kernel: 3 };
const c3 = { lr: 0.0002, units: 256, layers: 9, dropout: 0.1, kernel: true };
const c4 = { lr: 0.003, units: 100, layers: 7, dropout: 0.3, kernel: 'rbf', gamma: 0.2 };
const c5 = { lr: 0.02, units: 20, layers: 3, dropout: 0.4, kernel: 'linear' };
const c6 = { ...c1, lr: 0.012 };

/** Trials 0..7 and, in Optuna's terms, their expected states. */
export const exportEvents: ReadonlyArray<TrialEvent> = [
  studyStarted({ seed: 7, objective: exportObjective, concurrency: 2, budget: { trials: 6 }, space: exportSpace }),
  trialStarted(trial(0, c0)),
  trialStarted(trial(1, c1)),
  rep('0', 1, 0.9),
  rep('1', 1, 0.5),
  rep('0', 2, 0.7),
  trialEnded('0', 'completed'),
  rep('1', 2, 0.25),
  trialDecided(pause('1', 0)),
  trialEnded('1', 'paused'),
  trialStarted(trial(2, c2)),
  rep('2', 1, 2),
  trialDecided(stop('2', 'below the rung cutoff', 0)),
  trialEnded('2', 'stopped'),
  trialDecided(promote('1', 1, 4)),
  trialStarted(trial(1, c1, { segment: 1, startStep: 2, budget: 4, resumeFrom: 'ck' })),
  trialStarted(trial(3, c3)),
  rep('1', 3, 0.125),
  trialEnded('3', 'failed', { name: 'TrialFailedError', message: "metric 'loss' is NaN at step 1" }),
  rep('1', 4, 0.0625),
  trialEnded('1', 'completed'),
  trialStarted(trial(4, c4)),
  rep('4', 1, 3),
  trialStarted(trial(5, c5)),
  rep('5', 1, 1.5),
  trialDecided(fork({ replaced: '4', parent: '1', step: 4, checkpoint: 'ck', config: c6, mutation: {} })),
  trialEnded('4', 'stopped'),
  trialStarted(trial(6, c6, { startStep: 4, lineage: ['1'], resumeFrom: 'ck' })),
  rep('6', 5, 0.05),
  rep('5', 2, NaN),
  trialEnded('6', 'completed'),
  trialStarted(trial(7, c5)),
  rep('7', 1, 0.8),
  trialDecided(pause('7', 0)),
  trialEnded('7', 'paused'),
];

/** What Optuna must show for each trial of {@link exportEvents}. */
export const exportExpected = [
  {
    number: 0,
    state: 'COMPLETE',
    values: [0.7],
    steps: [
      [1, 0.9],
      [2, 0.7],
    ],
    params: c0,
  },
  {
    number: 1,
    state: 'COMPLETE',
    values: [0.0625],
    steps: [
      [1, 0.5],
      [2, 0.25],
      [3, 0.125],
      [4, 0.0625],
    ],
    params: c1,
  },
  { number: 2, state: 'PRUNED', values: [2], steps: [[1, 2]], params: c2 },
  { number: 3, state: 'FAIL', values: null, steps: [], params: c3 },
  { number: 4, state: 'PRUNED', values: [3], steps: [[1, 3]], params: c4 },
  {
    number: 5,
    state: 'RUNNING',
    values: null,
    steps: [
      [1, 1.5],
      [2, NaN],
    ],
    params: c5,
  },
  { number: 6, state: 'COMPLETE', values: [0.05], steps: [[5, 0.05]], params: c6 },
  { number: 7, state: 'PRUNED', values: [0.8], steps: [[1, 0.8]], params: c5 },
] as const;
