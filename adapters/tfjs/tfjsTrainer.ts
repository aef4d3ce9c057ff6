import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Observable } from 'rxjs';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import type { Config } from '../../lib/config.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';
import { derive, rngFromSeed, seedInt, shuffled, withRng } from '../../lib/rng.js';
import { DecodeError, InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { TfjsCheckpoint } from './tfjsCheckpoint.js';
import {
  TfjsResumeCodec,
  captureCheckpoint,
  readCheckpointFile,
  restoreCheckpoint,
  writeCheckpointFile,
} from './tfjsCheckpoint.js';

/** The tensors of one trial. tfjsTrainer disposes them when the trial ends. */
export interface TfjsData {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly validation?: { readonly x: tf.Tensor; readonly y: tf.Tensor };
}

/**
 * Seeded initialisers for a model builder: every call gives an initialiser with the next seed derived
 * from `Trial.seed`, so the same trial builds the same weights.
 */
export interface SeededInit {
  /** The trial's uint32 seed. */
  readonly seed: number;
  /** The next derived uint32 seed. */
  readonly nextSeed: () => number;
  /** A kernel initialiser (default glorotUniform) with the next seed. */
  readonly kernel: (
    kind?: 'glorotUniform' | 'glorotNormal' | 'heNormal' | 'heUniform' | 'leCunNormal',
  ) => ReturnType<typeof tfl.initializers.glorotUniform>;
}

/** Where checkpoints go: kept in the report (`memory`), written to files under `dir`, or not taken. */
export type TfjsCheckpoints = 'memory' | 'none' | { readonly dir: string };

/** Options of {@link tfjsTrainer}. */
export interface TfjsTrainerOptions<C> {
  /**
   * Builds and compiles a fresh model for a config. Take every random initialiser from `init` (the
   * trainer refuses a model whose random initialisers are unseeded). Dropout layers are seeded per batch
   * by the trainer.
   */
  readonly model: (config: C, init: SeededInit) => tfl.LayersModel;
  /** The trial's tensors, created when the trial starts; all are disposed when it ends. */
  readonly data: (config: C) => TfjsData;
  /** Max epochs when the trial carries no budget. */
  readonly epochs: number;
  /** Batch size, fixed or per config. */
  readonly batchSize: number | ((config: C) => number);
  /** Report every N batches instead of once per epoch; steps then count batches. */
  readonly reportEveryBatches?: number;
  /** Default `'memory'`. */
  readonly checkpoints?: TfjsCheckpoints;
}

/** A trainer for TensorFlow.js models; `idle()` resolves once no fit it started is still running. */
export interface TfjsTrainer<C> extends Trainer<C> {
  readonly idle: () => Promise<void>;
}

// One fit at a time per thread: a stopped fit finishes its current batch before the next trial starts,
// so trials never compete for the thread and tensor counts are exact between trials.
let queue: Promise<void> = Promise.resolve();

const RANDOM_INIT = /Initializer$/;
const unseededInitialisers = (model: tfl.LayersModel): string[] =>
  model.layers.flatMap((layer) =>
    Object.entries(layer.getConfig())
      .filter(([k, v]) => {
        if (!RANDOM_INIT.test(k) || typeof v !== 'object' || v === null) return false;
        const cfg = (v as { config?: Record<string, unknown> }).config;
        return cfg !== undefined && 'seed' in cfg && cfg['seed'] == null;
      })
      .map(([k]) => `${layer.name}.${k}`),
  );

// tfjs Dropout reads its `seed` field on every call; without one it draws from Math.random, which
// cannot be replayed. Setting it before each batch makes masks a function of (trial, layer, step).
type Seedable = { seed?: number };
const seedableLayers = (model: tfl.LayersModel): Seedable[] =>
  model.layers.filter((l) => ['Dropout', 'SpatialDropout1D'].includes(l.getClassName())) as unknown as Seedable[];

const validate = <C>(o: TfjsTrainerOptions<C>): void => {
  const p: string[] = unknownOptionProblems(o, [
    'model',
    'data',
    'epochs',
    'batchSize',
    'reportEveryBatches',
    'checkpoints',
  ]);
  if (typeof o.model !== 'function')
    p.push(`model must be a function (config, init) => LayersModel, got ${show(o.model)}`);
  if (typeof o.data !== 'function') p.push(`data must be a function (config) => TfjsData, got ${show(o.data)}`);
  if (!(Number.isInteger(o.epochs) && o.epochs >= 1)) p.push(`epochs must be an integer >= 1, got ${show(o.epochs)}`);
  if (typeof o.batchSize !== 'function' && !(Number.isInteger(o.batchSize) && o.batchSize >= 1))
    p.push(`batchSize must be an integer >= 1 or a function, got ${show(o.batchSize)}`);
  const n = o.reportEveryBatches;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1))
    p.push(`reportEveryBatches must be an integer >= 1, got ${show(n)}`);
  const c = o.checkpoints;
  if (c !== undefined && c !== 'memory' && c !== 'none' && !(typeof c === 'object' && typeof c.dir === 'string'))
    p.push(`checkpoints must be 'memory', 'none' or { dir }, got ${show(c)}`);
  if (p.length > 0) throw new InvalidOptionsError('tfjsTrainer', p);
};

const resumeCheckpoint = async (from: unknown): Promise<TfjsCheckpoint> => {
  const d = TfjsResumeCodec.decode(from);
  if (isLeft(d)) throw new DecodeError('tfjsTrainer: trial.resumeFrom', PathReporter.report(d));
  return d.right._tag === 'TfjsCheckpointFile' ? readCheckpointFile(d.right) : d.right;
};

/**
 * Trains a TensorFlow.js model per trial with `model.fit` and reports after every epoch (or every
 * `reportEveryBatches` batches): training metrics as fit logs them (`loss`, `acc`, …), validation
 * metrics prefixed `val_`, and `epoch`. Runs are exactly reproducible and resumable:
 *
 * - weights come from initialisers seeded by `Trial.seed`; each epoch's shuffle and each batch's dropout
 *   masks are derived from (`Trial.seed`, epoch, batch);
 * - each report carries a checkpoint (weights and optimizer state), and a trial with `resumeFrom` starts
 *   from it at `startStep` and stops after `budget`, so 2 steps plus a resumed 2 equal 4 straight.
 *
 * Unsubscribing sets `model.stopTraining`; the fit ends within a batch. Every tensor a trial creates,
 * its data included, is disposed when it completes, stops or fails. Trials in one thread train one at a
 * time (a second waits for the first to settle, since fits would only interleave on the one thread):
 * for parallel trials run this trainer in `workerTrainer`. Initialise the backend first with `initTfjs()`.
 *
 * ## Example
 * ```ts
 * const trainer = tfjsTrainer<{ lr: number; units: number }>({
 *   model: (c, init) => {
 *     const m = tfl.sequential({ layers: [
 *       tfl.layers.dense({ inputShape: [4], units: c.units, activation: 'relu', kernelInitializer: init.kernel() }),
 *       tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init.kernel() }),
 *     ] });
 *     m.compile({ optimizer: tf.train.adam(c.lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 *     return m;
 *   },
 *   data: () => ({ x: tf.tensor2d(xs), y: tf.oneHot(tf.tensor1d(ys, 'int32'), 3), validation }),
 *   epochs: 20,
 *   batchSize: 32,
 * });
 * ```
 * @throws InvalidOptionsError for bad options.
 */
export function tfjsTrainer<C = Config>(options: TfjsTrainerOptions<C>): TfjsTrainer<C> {
  validate(options);
  const checkpoints = options.checkpoints ?? 'memory';
  const trainer = (trial: Trial<C>): Observable<MetricReport> =>
    new Observable<MetricReport>((subscriber) => {
      let stopped = false;
      let model: tfl.LayersModel | undefined;
      const stop = (): void => {
        stopped = true;
        if (model) model.stopTraining = true;
      };
      const run = async (): Promise<void> => {
        if (stopped) return;
        let data: TfjsData | undefined;
        const owned: tf.Tensor[] = [];
        try {
          const { config } = trial;
          let n = 0;
          const init: SeededInit = {
            seed: trial.seed,
            nextSeed: () => seedInt(derive(trial.seed, `init:${n++}`)),
            kernel: (kind = 'glorotUniform') => tfl.initializers[kind]({ seed: init.nextSeed() }),
          };
          model = options.model(config, init);
          const unseeded = unseededInitialisers(model);
          if (unseeded.length > 0)
            throw new InvalidOptionsError('tfjsTrainer', [
              `the model's random initialisers must be seeded from the trial (use init.kernel()): ${unseeded.join(', ')}`,
            ]);
          const resume = trial.resumeFrom === undefined ? undefined : await resumeCheckpoint(trial.resumeFrom);
          if (resume) await restoreCheckpoint(model, resume);
          // tidy keeps the returned tensors and frees any intermediate the data function made.
          data = tf.tidy(() => options.data(config) as unknown as tf.TensorContainer) as unknown as TfjsData;
          const examples = data.x.shape[0] ?? 0;
          const batchSize = typeof options.batchSize === 'function' ? options.batchSize(config) : options.batchSize;
          if (!(Number.isInteger(batchSize) && batchSize >= 1))
            throw new InvalidOptionsError('tfjsTrainer', [
              `batchSize(config) must be an integer >= 1, got ${show(batchSize)}`,
            ]);
          const perEpoch = Math.max(1, Math.ceil(examples / batchSize));
          const chunk = Math.min(options.reportEveryBatches ?? perEpoch, perEpoch);
          const stepsPerEpoch = Math.ceil(perEpoch / chunk);
          const maxStep = trial.budget ?? options.epochs * stepsPerEpoch;
          const droppers = seedableLayers(model);
          const indices = Array.from({ length: examples }, (_, i) => i);
          let order: { epoch: number; idx: tf.Tensor1D } | undefined;
          for (let step = trial.startStep; step < maxStep && !stopped; step++) {
            const epoch = Math.floor(step / stepsPerEpoch);
            const first = (step % stepsPerEpoch) * chunk;
            const last = Math.min(first + chunk, perEpoch);
            if (order?.epoch !== epoch) {
              order?.idx.dispose();
              const [perm] = withRng(rngFromSeed(derive(trial.seed, `shuffle:${epoch}`)), (next) =>
                shuffled(indices, next),
              );
              order = { epoch, idx: tf.tensor1d(perm, 'int32') };
              owned.push(order.idx);
            }
            const own = <T extends tf.Tensor>(t: T): T => (owned.push(t), t);
            const idx = own(
              tf.slice(order.idx, [first * batchSize], [Math.min(last * batchSize, examples) - first * batchSize]),
            );
            const x = own(tf.gather(data.x, idx));
            const y = own(tf.gather(data.y, idx));
            const history = await model.fit(x, y, {
              epochs: 1,
              batchSize,
              shuffle: false,
              verbose: 0,
              callbacks: {
                onBatchBegin: async (batch) => {
                  droppers.forEach(
                    (l, i) => (l.seed = seedInt(derive(trial.seed, `dropout:${i}:${epoch}:${first + batch}`))),
                  );
                },
                onBatchEnd: async () => {
                  if (stopped && model) model.stopTraining = true;
                },
              },
            });
            tf.dispose([idx, x, y]);
            // The interrupted step's logs are partial: report only whole steps.
            if (stopped) break;
            const metrics: Record<string, number> = {};
            for (const [k, v] of Object.entries(history.history)) {
              const last = v[v.length - 1];
              if (typeof last === 'number') metrics[k] = last;
            }
            if (data.validation) {
              const out = model.evaluate(data.validation.x, data.validation.y, { batchSize: 512 });
              const scalars = Array.isArray(out) ? out : [out];
              const values = await Promise.all(scalars.map((s) => s.data()));
              tf.dispose(scalars);
              model.metricsNames.forEach((name, i) => {
                const v = values[i]?.[0];
                if (v !== undefined) metrics[`val_${name}`] = v;
              });
            }
            metrics['epoch'] = (epoch * perEpoch + last) / perEpoch;
            const done = step + 1;
            let checkpoint: unknown;
            if (checkpoints !== 'none') {
              const ckpt = await captureCheckpoint(model, done);
              checkpoint =
                checkpoints === 'memory'
                  ? ckpt
                  : await writeCheckpointFile(ckpt, join(checkpoints.dir, `${trial.id}-${done}.tfckpt`));
            }
            if (stopped) break;
            subscriber.next(checkpoint === undefined ? { step: done, metrics } : { step: done, metrics, checkpoint });
          }
          if (!stopped) subscriber.complete();
        } finally {
          if (data) tf.dispose([data.x, data.y, ...(data.validation ? [data.validation.x, data.validation.y] : [])]);
          tf.dispose(owned.filter((t) => !t.isDisposed));
          if (model) {
            const opt = model.optimizer as tf.Optimizer | undefined;
            model.dispose();
            // A model does not own an optimizer instance it was compiled with: dispose it too.
            opt?.dispose();
          }
        }
      };
      queue = queue.then(run).catch((e: unknown) => {
        if (!stopped) subscriber.error(e);
      });
      return stop;
    });
  return Object.assign(trainer, { idle: () => queue });
}
