import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProblemsPath, loadProblems } from '../../bench/problems/loadProblems.js';
import type { Problem } from '../../bench/problems/loadProblems.js';
import { samplerRun } from '../../bench/samplerRun.js';
import { availableSamplers, makeSampler, samplerNames } from '../../bench/samplerRegistry.js';
import { fmt, markdownTable, median, medianIqr, quantile } from '../../bench/stats.js';
import { parseSeeds } from '../../bench/parseSeeds.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';
import { InvalidOptionsError } from '../../lib/errors.js';

const { problems } = loadProblems(defaultProblemsPath, { only: ['branin', 'svm_conditional'] });
const branin = problems[0] as Problem;
const svm = problems[1] as Problem;

describe('samplerRun (sampler protocol)', () => {
  it('runs exactly budget trials and reports best_at, best, regret and values consistently', () => {
    const r = samplerRun(branin, 'random', randomSampler(), 0);
    assert.equal(r.n_trials, 100);
    assert.equal(r.values.length, 100);
    assert.deepEqual(Object.keys(r.best_at), ['10', '25', '50', '100']);
    for (const k of [10, 25, 50, 100]) assert.equal(r.best_at[String(k)], Math.min(...r.values.slice(0, k)));
    assert.equal(r.best, Math.min(...r.values));
    assert.equal(r.regret, r.best - 0.3978873577297384);
    assert.ok(r.best_params !== null && branin.evaluate(r.best_params) === r.best);
    for (const f of ['time_ask_suggest_s', 'time_tell_s', 'time_objective_s', 'wall_s'] as const)
      assert.equal(typeof r[f], 'number');
  });

  it('is reproducible by seed and differs across seeds', () => {
    assert.deepEqual(
      samplerRun(branin, 'random', randomSampler(), 3).values,
      samplerRun(branin, 'random', randomSampler(), 3).values,
    );
    assert.notDeepEqual(
      samplerRun(branin, 'random', randomSampler(), 3).values,
      samplerRun(branin, 'random', randomSampler(), 4).values,
    );
  });

  it('conditional problem: trials carry only their active params', () => {
    const r = samplerRun(svm, 'random', randomSampler(), 1);
    assert.equal(r.n_trials, 100);
    const keys = new Set(Object.keys(r.best_params ?? {}));
    assert.ok(keys.has('kind') && keys.has('C'));
    if (r.best_params?.['kind'] === 'linear') assert.equal(keys.size, 2);
  });
});

describe('sampler registry', () => {
  it('makes random, qmc, tpe, tpe_uni and grid, each a working sampler on a benchmark space', () => {
    const ctx = { space: branin.space, trials: 100 };
    for (const n of ['random', 'qmc', 'tpe', 'tpe_uni', 'grid']) {
      assert.ok(samplerNames.includes(n));
      const r = samplerRun({ ...branin, trials: 15, checkpoints: [15] }, n, makeSampler(n, ctx), 0);
      assert.equal(r.n_trials, 15, n);
    }
    assert.deepEqual(availableSamplers(['random', 'tpe', 'nope'], ctx), ['random', 'tpe']);
  });

  it('makes the GP variants the GP tables compare, each past its startup trials', () => {
    const ctx = { space: branin.space, trials: 100 };
    for (const n of ['gp', 'gp_every', 'gp_random_startup', 'gp_optuna']) {
      const r = samplerRun({ ...branin, trials: 13, checkpoints: [13] }, n, makeSampler(n, ctx), 0);
      assert.equal(r.n_trials, 13, n);
    }
  });

  it('names the known samplers when asked for an unknown one', () => {
    assert.throws(
      () => makeSampler('hyperopt', { space: branin.space, trials: 10 }),
      (e: unknown) =>
        e instanceof InvalidOptionsError && /unknown sampler "hyperopt"; known: random, qmc/.test(e.message),
    );
  });
});

describe('bench statistics and flags', () => {
  it('quantiles interpolate linearly like numpy', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(quantile([4, 1, 3, 2], 0.75), 3.25);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
    assert.equal(medianIqr([1, 2, 3, 4]), '2.5 [1.75, 3.25]');
  });

  it('formats like the reference tables', () => {
    assert.equal(fmt(56700.3), '5.67e+04');
    assert.equal(fmt(0.19841), '0.1984');
    assert.equal(fmt(3110.2), '3110');
    assert.equal(fmt(0.000123), '1.23e-04');
    assert.equal(markdownTable(['a', 'b'], [['1', '2']]), '| a | b |\n|---|---|\n| 1 | 2 |');
  });

  it('parses seed lists and refuses nonsense', () => {
    assert.deepEqual(parseSeeds('0-3'), [0, 1, 2, 3]);
    assert.deepEqual(parseSeeds('0-2,7,1'), [0, 1, 2, 7]);
    assert.throws(() => parseSeeds('a-b'), InvalidOptionsError);
    assert.throws(() => parseSeeds('5-2'), /empty/);
  });
});
