// AutoML on iris-sized data: seconds, a fitted best model, a leaderboard, a journal-ready event stream.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { tap } from 'rxjs';
import type { Config, TrialEvent } from '../../../lib/index.js';
import { InvalidOptionsError } from '../../../lib/index.js';
import { packageOf } from '../../../adapters/learners/learner.js';
import { randomSampler } from '../../../strategies/index.js';
import {
  autoML,
  autoMLSpace,
  defaultLearners,
  knn,
  loadCsv,
  missingPackages,
  mlp,
  randomForest,
  shippedLearners,
  svm,
  xgboost,
} from '../../../adapters/learners/index.js';

const iris = loadCsv(fileURLToPath(new URL('../../fixtures/learners/iris.csv', import.meta.url)), {
  target: 'species',
});

describe('autoML', () => {
  it('tunes learners on iris within its budget and returns the refitted best model, config and leaderboard', async () => {
    const events: TrialEvent<Config>[] = [];
    const r = await autoML({
      data: iris,
      task: 'classification',
      timeBudget: 30,
      maxTrials: 8,
      learners: [knn, svm, xgboost],
      events: tap((e) => events.push(e)),
    });
    assert.ok(r.value > 0.93, `cross-validated accuracy ${r.value}`);
    assert.equal(r.metric, 'accuracy');
    assert.ok(['knn', 'svm', 'xgboost'].includes(r.learner));
    assert.equal(r.leaderboard[0]?.learner, r.learner);
    assert.equal(r.leaderboard[0]?.value, r.value);
    assert.deepEqual(r.leaderboard.map((l) => l.learner).sort(), ['knn', 'svm', 'xgboost']);
    assert.equal(
      r.leaderboard.reduce((s, l) => s + l.trials, 0),
      8,
    );
    // The leaderboard is sorted best first, and each learner's low-cost config ran.
    const values = r.leaderboard.map((l) => l.value as number);
    assert.deepEqual(
      [...values].sort((a, b) => b - a),
      values,
    );
    assert.ok(r.leaderboard.every((l) => l.completed >= 1));
    // The config is in the learner's own names, and the refitted model predicts the labels' codes.
    assert.ok(Object.keys(r.config).every((k) => !k.startsWith(`${r.learner}_`)));
    const predicted = r.model.predict(iris.x);
    const accuracy = predicted.filter((p, i) => p === iris.y[i]).length / iris.y.length;
    assert.ok(accuracy > 0.93, `training accuracy ${accuracy}`);
    r.model.free?.();
    // The events are a study's: they start with StudyStarted and every trial ends.
    assert.equal(events[0]?._tag, 'StudyStarted');
    assert.equal(events.filter((e) => e._tag === 'TrialEnded').length, 8);
    // The first trials are the learners' low-cost configs, cheapest learner first.
    const started = events.flatMap((e) => (e._tag === 'TrialStarted' ? [e.trial.config] : []));
    assert.deepEqual(
      started.slice(0, 3).map((c) => c['learner']),
      ['knn', 'svm', 'xgboost'],
    );
  });

  it(
    'chooses between knn and the TF.js mlp on iris in seconds, every trial cross-validated',
    { timeout: 60_000 },
    async () => {
      const events: TrialEvent<Config>[] = [];
      const r = await autoML({
        data: iris,
        task: 'classification',
        timeBudget: 30,
        maxTrials: 6,
        learners: [knn, mlp],
        events: tap((e) => events.push(e)),
      });
      assert.deepEqual(r.leaderboard.map((l) => l.learner).sort(), ['knn', 'mlp']);
      const row = r.leaderboard.find((l) => l.learner === 'mlp');
      assert.ok(row && row.completed >= 1 && (row.value as number) > 0.9, JSON.stringify(row));
      assert.ok(Object.keys(row.config ?? {}).includes('hidden_units'), 'the config is in the learner’s own names');
      assert.equal(events.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'failed').length, 0);
      assert.ok(r.value > 0.93);
      r.model.free?.();
    },
  );

  it('includes mlp by default, since TF.js is installed here', () => {
    assert.deepEqual(
      defaultLearners().map((l) => l.name),
      ['knn', 'svm', 'xgboost', 'rf', 'mlp'],
    );
  });

  it('takes any rxhpo sampler as its searcher', async () => {
    const r = await autoML({
      data: iris,
      task: 'classification',
      timeBudget: 30,
      maxTrials: 4,
      learners: [knn],
      searcher: randomSampler(),
    });
    assert.equal(r.learner, 'knn');
    assert.equal(r.leaderboard[0]?.trials, 4);
  });

  it('puts each learner in a branch of a top-level learner categorical, parameters prefixed', () => {
    const space = autoMLSpace([knn, svm], 'regression', iris);
    const learner = space['learner'];
    assert.equal(learner?._tag, 'Categorical');
    assert.deepEqual(Object.keys((learner as { branches: Record<string, object> }).branches.svm ?? {}), [
      'svm_C',
      'svm_kernel',
      'svm_epsilon',
    ]);
  });

  it('refuses bad options before anything runs, naming each', () => {
    assert.throws(
      () => autoML({ data: iris, task: 'classification', timeBudget: 0, metric: 'mse', folds: 1, learners: [] }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidOptionsError);
        assert.match(e.message, /metric for classification must be 'accuracy', got "mse"/);
        assert.match(e.message, /timeBudget must be a number of seconds > 0, got 0/);
        assert.match(e.message, /folds must be an integer >= 2, got 1/);
        assert.match(e.message, /learners must be a non-empty array/);
        return true;
      },
    );
    assert.throws(
      () => autoML({ data: iris, task: 'ranking' as 'regression', timeBudget: 1 }),
      /task must be 'classification' or 'regression', got "ranking"/,
    );
    assert.throws(
      () => autoML({ data: iris, task: 'classification', timeBudget: 1, learners: [knn, mlp, knn] }),
      /learners must have distinct names, got knn twice/,
    );
    assert.throws(
      () => autoML({ data: iris, task: 'regression', timeBudget: 1, budget: 3 } as never),
      /unknown option "budget"/,
    );
  });

  it('refuses a learner whose packages are not installed, saying what to install, before any trial', () => {
    const knn2 = { ...knn, name: 'knn2', packages: ['rxjs', 'rxhpo-no-such-package'] };
    assert.throws(
      () => autoML({ data: iris, task: 'classification', timeBudget: 1, learners: [knn2] }),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /learner knn2 needs rxhpo-no-such-package, not installed: npm i rxhpo-no-such-package/.test(e.message),
    );
  });

  it('names the packages each shipped learner loads, and finds the installed ones without loading them', () => {
    assert.deepEqual(
      shippedLearners.map((l) => [l.name, l.packages ?? []]),
      [
        ['knn', ['ml-knn']],
        ['svm', ['libsvm-js']],
        ['xgboost', ['ml-xgboost']],
        ['rf', []],
        ['mlp', ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm']],
      ],
    );
    assert.equal(randomForest.packages, undefined, 'rf is rxhpo’s own code');
    assert.deepEqual(missingPackages(['rxjs', 'rxhpo-no-such-package', 'ml-knn', 'libsvm-js']), [
      'rxhpo-no-such-package',
    ]);
    // What a missing peer's error tells to install: the package, not the module path inside it.
    assert.equal(packageOf('libsvm-js/wasm.js'), 'libsvm-js');
    assert.equal(packageOf('@tensorflow/tfjs-core'), '@tensorflow/tfjs-core');
    assert.equal(packageOf('@scope/pkg/sub/path.js'), '@scope/pkg');
    assert.equal(packageOf('ml-knn'), 'ml-knn');
  });
});
