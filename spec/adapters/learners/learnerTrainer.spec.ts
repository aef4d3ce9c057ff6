// Cross-validated trainers: one report per fold, folds as the fidelity, stop honoured between folds.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, pipe, take, toArray } from 'rxjs';
import type { MetricReport } from '../../../lib/index.js';
import { InvalidOptionsError } from '../../../lib/index.js';
import { sampleWith, study, toResult, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { fakeTrial } from '../../../testing/index.js';
import type { Learner } from '../../../adapters/learners/index.js';
import {
  knn,
  learnerTrainer,
  loadCsv,
  mlp,
  randomForest,
  score,
  svm,
  xgboost,
} from '../../../adapters/learners/index.js';
import { int } from '../../../lib/index.js';

const iris = loadCsv(fileURLToPath(new URL('../../fixtures/learners/iris.csv', import.meta.url)), {
  target: 'species',
});

/** A learner that predicts the majority label and counts its fits. */
const counting = () => {
  const fits: number[] = [];
  const learner: Learner = {
    name: 'majority',
    tasks: ['classification'],
    space: () => ({ k: int(1, 3) }),
    defaults: () => ({ k: 1 }),
    fit: async (_x, y) => {
      fits.push(y.length);
      const counts = new Map<number, number>();
      for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
      return { predict: (rows) => rows.map(() => top) };
    },
  };
  return { learner, fits };
};

describe('learnerTrainer', () => {
  it('reports once per fold: the running mean, the fold score and the fit seconds so far', async () => {
    const trainer = learnerTrainer(knn, iris, { task: 'classification' });
    const reports = await lastValueFrom(trainer(fakeTrial('t', { n_neighbors: 5 })).pipe(toArray()));
    assert.deepEqual(
      reports.map((r) => r.step),
      [1, 2, 3],
    );
    const folds = reports.map((r) => r.metrics['fold_accuracy'] as number);
    reports.forEach((r, i) => {
      const mean = folds.slice(0, i + 1).reduce((a, b) => a + b, 0) / (i + 1);
      assert.ok(Math.abs((r.metrics['accuracy'] as number) - mean) < 1e-12);
    });
    assert.ok((reports[2]?.metrics['accuracy'] as number) > 0.9, 'knn on iris is above 90 %');
    for (const key of ['fit_seconds', 'fit_cpu_seconds']) {
      const seconds = reports.map((r) => r.metrics[key] as number);
      assert.ok(
        seconds.every((s, i) => s >= 0 && (i === 0 || s >= (seconds[i - 1] as number))),
        `${key} is a running total: ${seconds.join(', ')}`,
      );
    }
  });

  it('runs only the folds of its budget, and a resumed segment goes on from its checkpoint', async () => {
    const { learner, fits } = counting();
    const trainer = learnerTrainer(learner, iris, { task: 'classification', folds: 3 });
    const first = await lastValueFrom(trainer(fakeTrial('t', { k: 1 }, { budget: 2 })).pipe(toArray()));
    assert.deepEqual(
      first.map((r) => r.step),
      [1, 2],
    );
    const resumed = await lastValueFrom(
      trainer(fakeTrial('t', { k: 1 }, { startStep: 2, resumeFrom: (first[1] as MetricReport).checkpoint })).pipe(
        toArray(),
      ),
    );
    assert.deepEqual(
      resumed.map((r) => r.step),
      [3],
    );
    assert.equal(fits.length, 3);
    const all = [...first, ...resumed].map((r) => r.metrics['fold_accuracy'] as number);
    assert.ok(Math.abs((resumed[0]?.metrics['accuracy'] as number) - all.reduce((a, b) => a + b) / 3) < 1e-12);
  });

  it('stops fitting between folds once unsubscribed', async () => {
    const { learner, fits } = counting();
    const trainer = learnerTrainer(learner, iris, { task: 'classification', folds: 5 });
    await lastValueFrom(trainer(fakeTrial('t', { k: 1 })).pipe(take(1)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fits.length, 1);
  });

  it("honours a study's stop: a trial stopped on its first fold fits no other", async () => {
    const { learner, fits } = counting();
    const result = await lastValueFrom(
      study(
        {
          space: learner.space('classification', iris),
          objective: { metric: 'accuracy', mode: 'max' },
          budget: { steps: 1 },
        },
        pipe(
          sampleWith(randomSampler()),
          trainWith(learnerTrainer(learner, iris, { task: 'classification', folds: 5 })),
        ),
      ).pipe(toResult()),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(result.counts.stopped, 1);
    assert.equal(fits.length, 1);
  });

  it('refuses a learner that does not do the task, and a bad task', () => {
    const { learner } = counting();
    assert.throws(
      () => learnerTrainer(learner, iris, { task: 'regression' }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidOptionsError);
        assert.match(e.message, /learner majority does not do regression/);
        return true;
      },
    );
    assert.throws(
      () => learnerTrainer(knn, iris, { task: 'clustering' as 'regression' }),
      /task must be 'classification' or 'regression', got "clustering"/,
    );
  });

  it('scores accuracy and MSE', () => {
    assert.equal(score('classification', [1, 2, 3, 4], [1, 2, 0, 4]), 0.75);
    assert.equal(score('regression', [1, 2, 3], [1, 4, 0]), (0 + 4 + 9) / 3);
  });

  for (const learner of [knn, svm, xgboost, randomForest, mlp])
    it(`${learner.name}: its low-cost config fits iris above 90 % accuracy`, async () => {
      const trainer = learnerTrainer(learner, iris, { task: 'classification' });
      const config = learner.lowCost?.('classification', iris) ?? learner.defaults('classification', iris);
      const reports = await lastValueFrom(trainer(fakeTrial('t', config)).pipe(toArray()));
      assert.ok((reports.at(-1)?.metrics['accuracy'] as number) > 0.9, JSON.stringify(reports.at(-1)));
    });
});
