// A valid problems file whose conditions name an int (by membership and by range, the int itself
// conditional) and a float: every loader and bench runner path must accept it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProblems } from '../../bench/problems/loadProblems.js';
import type { Problem } from '../../bench/problems/loadProblems.js';
import { samplerRun } from '../../bench/samplerRun.js';
import { availableSamplers, makeSampler, samplerNames } from '../../bench/samplerRegistry.js';
import { flattenSpace } from '../../lib/searchSpace.js';

const fixture = fileURLToPath(new URL('fixtures/int-conditions.problems.json', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('a problems file with conditions on ints and floats', () => {
  const { problems } = loadProblems(fixture);
  const p = problems[0] as Problem;

  it('loads (test vectors checked) with each condition as written', () => {
    assert.deepEqual(
      flattenSpace(p.space).map((s) => [s.name, s.condition]),
      [
        ['kind', undefined],
        ['rbf_gamma', { param: 'kind', in: ['rbf'] }],
        ['poly_degree', { param: 'kind', in: ['poly'] }],
        ['C', undefined],
        ['poly_coef0', { param: 'poly_degree', in: [2, 3, 4, 5] }],
        ['tol', { param: 'poly_degree', low: 4 }],
        ['shrink', { param: 'C', low: 1 }],
      ],
    );
  });

  for (const name of availableSamplers(samplerNames, { space: p.space, trials: 20 }))
    it(`samplerRun with ${name} runs the whole budget`, () => {
      const r = samplerRun(p, name, makeSampler(name, { space: p.space, trials: 20 }), 0);
      assert.equal(r.n_trials, 20);
      assert.ok(r.values.every(Number.isFinite));
    });

  it('npm run bench:samplers -- --problems FILE accepts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-bench-'));
    try {
      const out = join(dir, 'runs.json');
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/samplers.ts',
          '--problems',
          fixture,
          '--samplers',
          'random,qmc,tpe',
          '--seeds',
          '0',
          '--out',
          out,
        ],
        { cwd: repo, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      const runs = (JSON.parse(readFileSync(out, 'utf8')) as { runs: Array<{ problem: string; n_trials: number }> })
        .runs;
      assert.deepEqual(
        runs.map((x) => [x.problem, x.n_trials]),
        [
          ['svm_int_conditions', 20],
          ['svm_int_conditions', 20],
          ['svm_int_conditions', 20],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
