import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askTellTimes, perTrialMs, studyTimes, windowStats } from '../../bench/overheadRuns.js';
import { overheadSpace, sumOfSquares } from '../../bench/overheadSpace.js';
import { overheadSummary } from '../../bench/optunaOverhead.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';
import { flattenSpace } from '../../lib/searchSpace.js';

describe('overhead protocol pieces', () => {
  it('the space is x0..x9 in [-5, 5] and the objective is the sum of squares', () => {
    assert.deepEqual(
      flattenSpace(overheadSpace).map((p) => p.name),
      Array.from({ length: 10 }, (_, i) => `x${i}`),
    );
    assert.deepEqual(overheadSpace['x3'], { _tag: 'Float', low: -5, high: 5, log: false });
    assert.equal(sumOfSquares({ x0: 1, x1: -2, x9: 3 }), 14);
  });

  it('askTellTimes and studyTimes time every trial of a synchronous study', () => {
    const a = askTellTimes(randomSampler(), 0, 120);
    assert.equal(a.ask.length, 120);
    assert.equal(a.tell.length, 120);
    const s = studyTimes(randomSampler(), 0, 120);
    assert.equal(s.ask.length, 120);
    assert.ok(s.tell.every((x) => x === 0));
    // The study's per-trial gaps add up to its wall time less the objective and its start-up.
    const sum = perTrialMs(s).reduce((x, y) => x + y, 0) / 1e3;
    assert.ok((s.startup_s ?? -1) >= 0);
    assert.ok(Math.abs(sum - (s.wall_s - s.objective_s - (s.startup_s as number))) < 1e-9);
  });

  it('windowStats summarises the protocol windows that fit the run', () => {
    const t = { ask: [1, 2, 3, 4], tell: [1, 1, 1, 1], wall_s: 0, objective_s: 0 };
    const w = windowStats(t, [
      [0, 2],
      [2, 4],
      [0, 10],
    ]);
    assert.deepEqual(Object.keys(w), ['0-2', '2-4']);
    assert.deepEqual(w['2-4'], { mean_ms: 4.5, median_ms: 4.5, mean_ask_suggest_ms: 3.5, mean_tell_ms: 1 });
  });

  it('overheadSummary reads an overhead file as the baseline does (median over repeats)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-overhead-'));
    const file = join(dir, 'o.json');
    const run = (seed: number, m: number) => ({
      sampler: 'random',
      seed,
      n_trials: 1000,
      total_framework_s: m,
      windows: { '0-100': { mean_ms: m, median_ms: m, mean_ask_suggest_ms: m / 2, mean_tell_ms: m / 2 } },
      per_trial_ms: [m, m, 3 * m],
    });
    writeFileSync(file, JSON.stringify({ meta: {}, runs: [run(0, 1), run(1, 3), run(2, 2)] }));
    const s = overheadSummary(file).get('random');
    assert.equal(s?.repeats, 3);
    assert.equal(s?.windows['0-100'], 2);
    assert.equal(s?.perTrialMs, 2);
    assert.equal(s?.medianTrialMs, 2);
    assert.equal(overheadSummary(join(dir, 'missing.json')).size, 0);
  });
});
