/**
 * Exactness check for changes to TPE that must not change what it proposes:
 *
 *   npx tsx bench/tpeConfigHashes.ts [--trials 1060] [--mixed-trials 400]
 *
 * Prints one SHA-256 of the proposed configs per run; run it before and after a change and compare
 * (`diff`). Runs: the overhead problem (10 floats, sequential ask/tell, 1,060 trials), seeds 0 and 1,
 * multivariate (default) and univariate; then a mixed space (log, int, step, categorical, a conditional
 * branch) with stopped, paused-like, failed and running trials in flight, seeds 0 and 1, for the
 * default, univariate, `group: false` and `constantLiar: false` forms, so pruned trials, conditional
 * presence and the constant liar are exercised too.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import { stop } from '../lib/decision.js';
import { categorical, float, int } from '../lib/distribution.js';
import type { Policy } from '../lib/policy.js';
import type { Trial } from '../lib/trial.js';
import type { TpeOptions } from '../strategies/samplers/tpeSampler.js';
import { tpeSampler } from '../strategies/samplers/tpeSampler.js';
import { overheadSpace, sumOfSquares } from './overheadSpace.js';
import { runCli } from './runCli.js';

const hashOf = (configs: ReadonlyArray<Config>): string =>
  createHash('sha256').update(JSON.stringify(configs)).digest('hex').slice(0, 16);

const overheadRun = (options: TpeOptions, seed: number, n: number): string => {
  const s = askTell({
    space: overheadSpace,
    objective: { metric: 'loss', mode: 'min' },
    sampler: tpeSampler(options),
    seed,
    budget: { trials: n },
  });
  const out: Config[] = [];
  for (let t = s.ask(); t; t = s.ask()) {
    out.push(t.config);
    s.report(t.id, 1, { loss: sumOfSquares(t.config) });
    s.tell(t.id);
  }
  return hashOf(out);
};

const mixedSpace = {
  lr: float(1e-5, 1e-1, { log: true }),
  units: int(1, 512, { log: true }),
  depth: int(1, 6),
  drop: float(0, 0.5, { step: 0.05 }),
  x: float(-3, 3),
  kind: categorical(['linear', 'rbf', 'poly'], {
    rbf: { gamma: float(1e-4, 10, { log: true }) },
    poly: { degree: int(2, 5), coef0: float(0, 1) },
  }),
};

const lossOf = (c: Config, step: number): number => {
  let v = Math.abs(Math.log10(c.lr as number) + 3) + Math.abs(Math.log2(c.units as number) - 6) / 3;
  v += ((c.depth as number) - 3) ** 2 / 4 + (c.drop as number) + Math.sin(3 * (c.x as number)) + 1;
  if (c.kind === 'rbf') v += Math.abs(Math.log10(c.gamma as number));
  if (c.kind === 'poly') v += Math.abs((c.degree as number) - 3) + (c.coef0 as number);
  return v / Math.sqrt(step);
};

// Stops every fourth trial at step 2: stopped trials with a last score and step.
const stopper: Policy<null> = {
  name: 'every fourth',
  init: () => null,
  step: (s, e) => ({
    state: s,
    decisions:
      e._tag === 'TrialReported' && e.report.step === 2 && Number(e.trialId) % 4 === 1
        ? [stop(e.trialId, 'every fourth')]
        : [],
  }),
};

const mixedRun = (options: TpeOptions, seed: number, n: number): string => {
  const s = askTell({
    space: mixedSpace,
    objective: { metric: 'loss', mode: 'min' },
    sampler: tpeSampler(options),
    policy: stopper,
    seed,
    budget: { trials: n },
    concurrency: 3,
  });
  const out: Config[] = [];
  const open: Trial<Config>[] = [];
  const finish = (t: Trial<Config>): void => {
    for (let step = 1; step <= 3; step++) if (s.report(t.id, step, { loss: lossOf(t.config, step) })) return;
    if (t.number % 7 === 3) s.tell(t.id, { state: 'failed', error: new Error('boom') });
    else s.tell(t.id);
  };
  for (let t = s.ask(); t; t = s.ask()) {
    out.push(t.config);
    open.push(t);
    // Up to three trials in flight, finished out of order now and then.
    if (open.length >= 3) finish(open.splice(t.number % 5 === 0 ? 1 : 0, 1)[0] as Trial<Config>);
  }
  return hashOf(out);
};

const main = (): void => {
  const { values: args } = parseArgs({
    options: { trials: { type: 'string', default: '1060' }, 'mixed-trials': { type: 'string', default: '400' } },
  });
  const n = Number(args.trials);
  const m = Number(args['mixed-trials']);
  for (const [name, o] of [
    ['tpe', {}],
    ['tpe_uni', { multivariate: false }],
  ] as const)
    for (const seed of [0, 1]) console.log(`overhead ${name} seed ${seed} n ${n}: ${overheadRun(o, seed, n)}`);
  for (const [name, o] of [
    ['tpe', {}],
    ['tpe_uni', { multivariate: false }],
    ['tpe_nogroup', { group: false }],
    ['tpe_noliar', { constantLiar: false }],
  ] as const)
    for (const seed of [0, 1]) console.log(`mixed ${name} seed ${seed} n ${m}: ${mixedRun(o, seed, m)}`);
};

runCli(main);
