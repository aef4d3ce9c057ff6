import type * as Tf from '@tensorflow/tfjs-core';
import { float, int } from '../../lib/distribution.js';
import { derive, rngFromSeed, shuffled, withRng } from '../../lib/rng.js';
import type { FittedModel, Learner, Task } from './learner.js';
import { classCodes, loadPeer, num } from './learner.js';

type TfModule = typeof Tf;

// TensorFlow.js's core and its two JavaScript backends: what `mlp` loads (its `packages`).
const TFJS_PACKAGES: ReadonlyArray<string> = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
];

// scikit-learn's stopping rule for adam: stop once the epoch's training loss has not improved by
// `tol` for more than `n_iter_no_change` epochs in a row (its defaults).
const TOL = 1e-4;
const N_ITER_NO_CHANGE = 10;
// Rows per forward pass when predicting: bounds the activations' memory on large inputs.
const PREDICT_CHUNK = 8192;

let loading: Promise<TfModule> | undefined;

// TF.js is loaded on the first fit; an application that already started it (initTfjs, tf.setBackend)
// keeps its backend, otherwise initTfjs picks tfjs-node, else wasm (SIMD), else cpu, loudly.
const loadTfjs = (): Promise<TfModule> =>
  (loading ??= (async () => {
    const install = TFJS_PACKAGES.join(' ');
    const [core, ...backends] = TFJS_PACKAGES as [string, ...string[]];
    const tf = await loadPeer<TfModule>(core, 'mlp', false, install);
    for (const b of backends) await loadPeer(b, 'mlp', false, install);
    if (!tf.engine().backendName) await (await import('../tfjs/tfjsBackend.js')).initTfjs();
    return tf;
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  }));

/** Per-column mean and standard deviation of the training rows; a constant column gets scale 1. */
const columnStats = (x: ReadonlyArray<ReadonlyArray<number>>, d: number) => {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const row of x) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / x.length;
  for (const row of x)
    for (let j = 0; j < d; j++) scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2;
  // As scikit-learn's StandardScaler: population deviation, and 1 where it is 0 (the column becomes 0).
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt((scale[j] as number) / x.length) || 1;
  return { mean, scale };
};

const standardised = (
  x: ReadonlyArray<ReadonlyArray<number>>,
  stats: { mean: Float64Array; scale: Float64Array },
): Float32Array => {
  const d = stats.mean.length;
  const out = new Float32Array(x.length * d);
  x.forEach((row, i) => {
    for (let j = 0; j < d; j++)
      out[i * d + j] = ((row[j] as number) - (stats.mean[j] as number)) / (stats.scale[j] as number);
  });
  return out;
};

/** Where each layer's weights (fanIn × fanOut, row-major) and biases sit in the flat parameter vector. */
interface LayerShape {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly w: number;
  readonly b: number;
}

const layerShapes = (sizes: ReadonlyArray<number>): { shapes: LayerShape[]; total: number } => {
  const shapes: LayerShape[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    shapes.push({ fanIn, fanOut, w: at, b: at + fanIn * fanOut });
    at += fanIn * fanOut + fanOut;
  }
  return { shapes, total: at };
};

/** scikit-learn's initialisation for ReLU networks: weights and biases uniform in ±√(6 / (fan in + fan out)). */
const initialParameters = (shapes: ReadonlyArray<LayerShape>, total: number, seed: number): Float32Array => {
  const [values] = withRng(rngFromSeed(derive(seed, 'init')), (u) => {
    const out = new Float32Array(total);
    for (const { fanIn, fanOut, w } of shapes) {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = w; i < w + fanIn * fanOut + fanOut; i++) out[i] = (2 * u() - 1) * bound;
    }
    return out;
  });
  return values;
};

interface Layer {
  readonly w: Tf.Tensor2D;
  readonly b: Tf.Tensor1D;
}

/** Each layer's weights and biases as views of the flat vector (inside a tidy). */
const unpack = (tf: TfModule, theta: Tf.Tensor1D, shapes: ReadonlyArray<LayerShape>): Layer[] =>
  shapes.map(({ fanIn, fanOut, w, b }) => ({
    w: tf.reshape(tf.slice(theta, [w], [fanIn * fanOut]), [fanIn, fanOut]),
    b: tf.slice(theta, [b], [fanOut]),
  }));

/** The network's output for standardised rows: ReLU hidden layers, a linear last layer (logits or values). */
const forward = (tf: TfModule, layers: ReadonlyArray<Layer>, x: Tf.Tensor2D): Tf.Tensor2D[] => {
  const activations: Tf.Tensor2D[] = [x];
  layers.forEach(({ w, b }, l) => {
    activations.push(
      tf.fused.matMul({
        a: activations[l] as Tf.Tensor2D,
        b: w,
        bias: b,
        activation: l + 1 < layers.length ? 'relu' : 'linear',
      }) as Tf.Tensor2D,
    );
  });
  return activations;
};

/**
 * A multi-layer perceptron on TensorFlow.js (optional peers: `npm i @tensorflow/tfjs-core
 * @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-wasm`), trained as scikit-learn's
 * `MLPClassifier`/`MLPRegressor` train theirs: ReLU hidden layers, softmax cross-entropy (classification,
 * over the classes of the training rows) or half squared error (regression), L2 penalty `alpha`, Adam,
 * shuffled mini-batches, scikit-learn's initialisation and its stop once the training loss stalls
 * (`tol` 1e-4 for 10 epochs). Unlike scikit-learn, it standardises the features with the training rows'
 * mean and deviation (and, for regression, the targets, un-scaled in its predictions), as a
 * `StandardScaler` pipeline would. The same config and seed give the same predictions on one backend.
 * Space: `hidden_layers` 1–3 of `hidden_units` 8–256 (log), `learning_rate_init` 1e-4–0.1 (log),
 * `alpha` 1e-6–0.1 (log), `batch_size` 16–256 (log), `max_iter` (epochs, the cost knob) 10–200 (log).
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(mlp, data, { task: 'classification' });
 * ```
 */
export const mlp: Learner = {
  name: 'mlp',
  tasks: ['classification', 'regression'],
  packages: TFJS_PACKAGES,
  space: () => ({
    hidden_layers: int(1, 3),
    hidden_units: int(8, 256, { log: true }),
    learning_rate_init: float(1e-4, 1e-1, { log: true }),
    alpha: float(1e-6, 1e-1, { log: true }),
    batch_size: int(16, 256, { log: true }),
    max_iter: int(10, 200, { log: true }),
  }),
  // scikit-learn's defaults: hidden_layer_sizes=(100,), adam at 1e-3, alpha 1e-4, batch min(200, n), 200 epochs.
  defaults: () => ({
    hidden_layers: 1,
    hidden_units: 100,
    learning_rate_init: 1e-3,
    alpha: 1e-4,
    batch_size: 200,
    max_iter: 200,
  }),
  // Few units, few epochs; a larger step so that 20 epochs still learn something.
  lowCost: () => ({
    hidden_layers: 1,
    hidden_units: 16,
    learning_rate_init: 1e-2,
    alpha: 1e-4,
    batch_size: 32,
    max_iter: 20,
  }),
  fit: async (x, y, config, { task, seed }) => {
    const tf = await loadTfjs();
    return fitMlp(tf, x, y, config, task, seed);
  },
};

const fitMlp = (
  tf: TfModule,
  x: ReadonlyArray<ReadonlyArray<number>>,
  y: ReadonlyArray<number>,
  config: Parameters<Learner['fit']>[2],
  task: Task,
  seed: number,
): FittedModel => {
  const n = x.length;
  const d = (x[0] ?? []).length;
  const count = (key: string) => Math.max(1, Math.round(num(config, key)));
  const alpha = num(config, 'alpha');
  const batch = Math.min(count('batch_size'), n);
  const epochs = count('max_iter');
  const stats = columnStats(x, d);
  const xs = standardised(x, stats);
  // Classification: one output per class seen in training; labels ↔ indices.
  const { classes, codes } = task === 'classification' ? classCodes(y) : { classes: [], codes: [] };
  const k = task === 'classification' ? classes.length : 1;
  const yMean = task === 'regression' ? y.reduce((s, v) => s + v, 0) / n : 0;
  const yScale = task === 'regression' ? Math.sqrt(y.reduce((s, v) => s + (v - yMean) ** 2, 0) / n) || 1 : 1;
  const targets = new Float32Array(n * k);
  y.forEach((v, i) => {
    if (task === 'classification') targets[i * k + (codes[i] as number)] = 1;
    else targets[i] = (v - yMean) / yScale;
  });
  const sizes = [d, ...Array.from({ length: count('hidden_layers') }, () => count('hidden_units')), k];
  const { shapes, total } = layerShapes(sizes);
  // All parameters in one variable: Adam then updates one tensor per step rather than two per layer,
  // a quarter of its cost per step on the wasm backend.
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(initialParameters(shapes, total, seed))));
  const optimizer = tf.train.adam(num(config, 'learning_rate_init'), 0.9, 0.999, 1e-8);
  let layers: Layer[] = [];
  const free = (): void => {
    optimizer.dispose();
    if (!theta.isDisposed) theta.dispose();
    tf.dispose(layers.flatMap(({ w, b }) => [w, b]));
  };
  try {
    // One batch: forward, sklearn's backprop by hand (explicit transposes: the wasm backend's matMul is
    // about ten times slower with a transposed operand), the L2 term on weights only, divided by the batch.
    const step = (xb: Tf.Tensor2D, yb: Tf.Tensor2D, m: number): number => {
      const { grad, loss } = tf.tidy(() => {
        const params = unpack(tf, theta, shapes);
        const a = forward(tf, params, xb);
        const out = a[a.length - 1] as Tf.Tensor2D;
        let delta: Tf.Tensor2D;
        let data: Tf.Tensor;
        if (task === 'classification') {
          delta = tf.div(tf.sub(tf.softmax(out), yb), m);
          data = tf.div(tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(out)))), m);
        } else {
          const diff = tf.sub(out, yb);
          delta = tf.div(diff, m);
          data = tf.div(tf.sum(tf.square(diff)), 2 * m);
        }
        const parts: Tf.Tensor[] = [];
        let l2: Tf.Tensor = tf.scalar(0);
        for (let l = params.length - 1; l >= 0; l--) {
          const { w } = params[l] as Layer;
          const gw = tf.add(tf.matMul(tf.transpose(a[l] as Tf.Tensor2D), delta), tf.mul(w, alpha / m));
          parts[l] = tf.concat([tf.reshape(gw, [-1]), tf.sum(delta, 0)]);
          l2 = tf.add(l2, tf.sum(tf.square(w)));
          if (l > 0) delta = tf.mul(tf.matMul(delta, tf.transpose(w)), tf.step(a[l] as Tf.Tensor2D));
        }
        return { grad: tf.concat(parts), loss: tf.add(data, tf.mul(l2, (0.5 * alpha) / m)) };
      });
      optimizer.applyGradients([{ name: theta.name, tensor: grad }]);
      const value = (loss.dataSync() as Float32Array)[0] as number;
      tf.dispose([loss, grad]);
      return value;
    };
    let order = rngFromSeed(derive(seed, 'shuffle'));
    const rows = Array.from({ length: n }, (_, i) => i);
    const xb = new Float32Array(batch * d);
    const yb = new Float32Array(batch * k);
    let best = Infinity;
    let stalled = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const [perm, next] = withRng(order, (u) => shuffled(rows, u));
      order = next;
      let total = 0;
      for (let start = 0; start < n; start += batch) {
        const m = Math.min(batch, n - start);
        for (let r = 0; r < m; r++) {
          const i = perm[start + r] as number;
          xb.set(xs.subarray(i * d, (i + 1) * d), r * d);
          yb.set(targets.subarray(i * k, (i + 1) * k), r * k);
        }
        const bx = tf.tensor2d(xb.subarray(0, m * d), [m, d]);
        const by = tf.tensor2d(yb.subarray(0, m * k), [m, k]);
        try {
          total += step(bx, by, m) * m;
        } finally {
          tf.dispose([bx, by]);
        }
      }
      const loss = total / n;
      stalled = loss > best - TOL ? stalled + 1 : 0;
      best = Math.min(best, loss);
      if (stalled > N_ITER_NO_CHANGE) break;
    }
    // Predictions use the layers as tensors of their own, cut once.
    layers = tf.tidy(() => unpack(tf, theta, shapes).map(({ w, b }) => ({ w: tf.clone(w), b: tf.clone(b) })));
    optimizer.dispose();
    theta.dispose();
  } catch (e) {
    free();
    throw e;
  }
  const predict = (rows: ReadonlyArray<ReadonlyArray<number>>): number[] => {
    const out: number[] = [];
    for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
      const chunk = rows.slice(start, start + PREDICT_CHUNK);
      const values = tf.tidy(() => {
        const a = forward(tf, layers, tf.tensor2d(standardised(chunk, stats), [chunk.length, d]));
        const last = a[a.length - 1] as Tf.Tensor2D;
        return task === 'classification' ? tf.argMax(last, 1) : tf.reshape(last, [-1]);
      });
      const v = values.dataSync();
      values.dispose();
      for (const p of v) out.push(task === 'classification' ? (classes[p] as number) : p * yScale + yMean);
    }
    return out;
  };
  return { predict, free };
};
