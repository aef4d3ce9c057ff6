// `rxhpo automl`: usage errors, a bad CSV, and a short run on iris with its leaderboard and --out files.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { automlCommand } from '../../../cli/commands/automl.js';
import { UsageError } from '../../../cli/cliCommand.js';

const IRIS = fileURLToPath(new URL('../../fixtures/learners/iris.csv', import.meta.url));
// The flags every run on iris shares.
const ON_IRIS = ['--data', IRIS, '--target', 'species', '--task', 'classification'];

const run = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await automlCommand.run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

describe('rxhpo automl', () => {
  it('prints progress, the leaderboard and the best config, and writes the journal, leaderboard and best under --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-automl-'));
    try {
      const r = await run(...ON_IRIS, '--time-budget', '3', '--learners', 'knn,svm', '--out', dir);
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.out,
        /automl: 150 rows × 4 features, target species, classification, learners knn, svm, 3-fold CV, 3 s/,
      );
      assert.match(r.out, /trial {3}0 knn {6}accuracy 0\.9\d+/);
      assert.match(r.out, /leaderboard \(accuracy, mean over 3 folds\):/);
      assert.match(r.out, /^knn .*\{"n_neighbors":\d+\}$/m);
      assert.match(r.out, /^best: (knn|svm) \{.*\} accuracy 0\.9\d+ \(refitted on all 150 rows\)$/m);
      for (const f of ['journal.jsonl', 'leaderboard.json', 'best.json']) assert.ok(existsSync(join(dir, f)), f);
      const best = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as { metric: string; value: number };
      assert.equal(best.metric, 'accuracy');
      assert.ok(best.value > 0.9);
      assert.match(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), /StudyStarted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tunes the TF.js mlp when --learners names it', async () => {
    const r = await run(...ON_IRIS, '--time-budget', '5', '--learners', 'knn,mlp');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /learners knn, mlp, 3-fold CV/);
    assert.match(r.out, /^trial {3}1 mlp {6}accuracy 0\.9\d+/m);
    assert.match(r.out, /^mlp .*"hidden_units":\d+.*\}$/m);
  });

  it('prints its usage with --help', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /^Usage: rxhpo automl --data FILE\.csv --target COLUMN --task classification\|regression --time-budget SECONDS/,
    );
  });

  const irisClassification = [...ON_IRIS, '--time-budget', '1'];
  const usage: ReadonlyArray<[string, string[], RegExp]> = [
    ['a missing flag', ['--data', IRIS, '--task', 'classification', '--time-budget', '1'], /--target is required/],
    [
      'a bad task',
      ['--data', IRIS, '--target', 'species', '--task', 'ranking', '--time-budget', '1'],
      /--task must be classification or regression, got "ranking"/,
    ],
    [
      'a bad budget',
      ['--data', IRIS, '--target', 'species', '--task', 'classification', '--time-budget', 'soon'],
      /--time-budget must be seconds > 0, got "soon"/,
    ],
    [
      'an unknown learner',
      [...irisClassification, '--learners', 'knn,lgbm'],
      /--learners: unknown "lgbm" \(known: knn, svm, xgboost, rf, mlp\)/,
    ],
    ['a learner given twice', [...irisClassification, '--learners', 'mlp,knn,mlp'], /--learners: mlp given twice/],
    ['an unknown flag', ['--data', IRIS, '--budget', '1'], /Unknown option '--budget'/],
  ];
  for (const [name, args, message] of usage)
    it(`throws a UsageError for ${name}`, () => {
      // Thrown synchronously, before anything runs.
      assert.throws(
        () => automlCommand.run(args, { out: () => undefined, err: () => undefined }),
        (e: unknown) => {
          assert.ok(e instanceof UsageError);
          assert.match(e.message, message);
          return true;
        },
      );
    });

  it('exits 1 naming the row and column of a bad CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-automl-'));
    try {
      const path = join(dir, 'bad.csv');
      writeFileSync(path, 'a,y\n1,0\nx,1\n');
      const r = await run('--data', path, '--target', 'y', '--task', 'classification', '--time-budget', '1');
      assert.equal(r.code, 1);
      assert.match(r.err, /rxhpo automl: .*bad\.csv: row 2 \(line 3\), column "a": "x" is not a number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
