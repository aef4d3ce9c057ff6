/**
 * rxhpo's learners' fit times on the classic experiments' data, beside scikit-learn's
 * (bench/sklearn_fit_times.py): every model with its default config, fitted on each of the 3 folds of
 * the paper's protocol; CPU seconds of the fits and of fit + predict, and the cross-validated score.
 * Each model first fits a few rows untimed, so that loading its library (compiling its WebAssembly,
 * starting TensorFlow.js's backend) is not counted as fit time. mlp rows name the TF.js backend.
 *
 *   npx tsx bench/learnerFitTimes.ts [--models rf,svm,knn,xgboost,mlp] [--data digits,boston_housing] [--out FILE]
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadCsv } from '../adapters/node/loadCsv.js';
import type { Learner, Task } from '../adapters/learners/learner.js';
import { pick } from '../adapters/learners/learner.js';
import type { Fold } from '../adapters/learners/kFolds.js';
import { kFolds } from '../adapters/learners/kFolds.js';
import { score } from '../adapters/learners/learnerTrainer.js';
import { knn } from '../adapters/learners/knn.js';
import { mlp } from '../adapters/learners/mlp.js';
import { randomForest } from '../adapters/learners/randomForest.js';
import { svm } from '../adapters/learners/svm.js';
import { xgboost } from '../adapters/learners/xgboost.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { runCli } from './runCli.js';

const MODELS: Readonly<Record<string, Learner>> = { rf: randomForest, svm, knn, xgboost, mlp };
const DATA: ReadonlyArray<readonly [string, string, string, Task]> = [
  ['digits', 'datasets/digits.csv', 'target', 'classification'],
  ['boston_housing', 'datasets/boston_housing.csv', 'MEDV', 'regression'],
];
// The backend the mlp trained on (the mlp learner started TF.js; this reads which backend it chose).
const tfjsBackend = async (): Promise<string> => {
  const specifier: string = '@tensorflow/tfjs-core';
  const tf = (await import(specifier)) as { getBackend: () => string };
  return tf.getBackend();
};
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const main = async (): Promise<void> => {
  const { values: args } = parseArgs({
    options: {
      models: { type: 'string', default: 'rf,svm,knn,xgboost,mlp' },
      data: { type: 'string', default: 'digits,boston_housing' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/learner-fit-times.json') },
    },
  });
  const runs = [];
  for (const [name, path, target, task] of DATA) {
    if (!args.data.split(',').includes(name)) continue;
    const data = loadCsv(resolve(repoRoot, path), { target });
    const folds = kFolds(data.y, { k: 3, stratified: task === 'classification' });
    for (const model of args.models.split(',')) {
      const learner = MODELS[model];
      if (!learner) throw new Error(`unknown model ${model}`);
      const warm = (folds[0] as Fold).train.slice(0, 20);
      const w = await learner.fit(
        pick(data.x, warm),
        warm.map((i) => data.y[i] as number),
        learner.lowCost?.(task, data) ?? learner.defaults(task, data),
        { task, seed: 0 },
      );
      w.free?.();
      let fit = 0;
      let total = 0;
      let sum = 0;
      for (const [f, fold] of folds.entries()) {
        const t0 = cpu();
        const m = await learner.fit(
          pick(data.x, fold.train),
          fold.train.map((i) => data.y[i] as number),
          learner.defaults(task, data),
          { task, seed: f },
        );
        const t1 = cpu();
        const p = m.predict(pick(data.x, fold.test));
        total += cpu() - t0;
        fit += t1 - t0;
        sum += score(
          task,
          p,
          fold.test.map((i) => data.y[i] as number),
        );
        m.free?.();
      }
      const row = {
        data: name,
        model,
        config: learner.defaults(task, data),
        fit_cpu_seconds: fit,
        cv_cpu_seconds: total,
        score: sum / folds.length,
        ...(model === 'mlp' ? { backend: await tfjsBackend() } : {}),
      };
      runs.push(row);
      console.log(
        `${name.padEnd(15)} ${model.padEnd(8)} fit ${fit.toFixed(3).padStart(8)} s  fit+predict ${total.toFixed(3).padStart(8)} s  score ${row.score.toFixed(4)}`,
      );
    }
  }
  mkdirSync(dirname(resolve(args.out)), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify({ meta: { ...benchMeta(), description: 'rxhpo learners, default configs, 3-fold CV of the classic protocol, CPU seconds summed over the folds' }, runs }, null, 2)}\n`,
  );
};

runCli(main);
