import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { DecodeError } from '../../lib/errors.js';

/** One weight tensor as plain data. */
export interface SavedTensor {
  readonly name: string;
  readonly shape: ReadonlyArray<number>;
  readonly data: Float32Array | Int32Array;
}

/**
 * A model's weights and its optimizer's state (Adam moments, iteration count) as plain typed arrays, so
 * a resumed run continues exactly where the saved one stopped. It survives `postMessage` (structured
 * clone) unchanged; for journals and long runs prefer a {@link TfjsCheckpointFile}.
 *
 * @example
 * ```ts
 * const ckpt = await captureCheckpoint(model, 3); // { _tag: 'TfjsCheckpoint', step: 3, weights: [...], optimizer }
 * ```
 */
export interface TfjsCheckpoint {
  readonly _tag: 'TfjsCheckpoint';
  readonly step: number;
  readonly weights: ReadonlyArray<SavedTensor>;
  /** Absent when the optimizer keeps no state tfjs can read. */
  readonly optimizer?: { readonly className: string; readonly weights: ReadonlyArray<SavedTensor> };
}

/**
 * A checkpoint written to a file by {@link writeCheckpointFile}: small, JSON-friendly, valid across
 * threads and processes.
 *
 * @example
 * ```ts
 * const ref: TfjsCheckpointFile = { _tag: 'TfjsCheckpointFile', path: 'runs/ckpt/7-3.tfckpt' };
 * ```
 */
export interface TfjsCheckpointFile {
  readonly _tag: 'TfjsCheckpointFile';
  readonly path: string;
}

const typedArray = new t.Type<Float32Array | Int32Array, Float32Array | Int32Array, unknown>(
  'Float32Array | Int32Array',
  (u): u is Float32Array | Int32Array => u instanceof Float32Array || u instanceof Int32Array,
  (u, c) => (u instanceof Float32Array || u instanceof Int32Array ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const SavedTensorCodec = t.type({ name: t.string, shape: t.array(t.number), data: typedArray });

/** io-ts codec of an in-memory {@link TfjsCheckpoint}. */
export const TfjsCheckpointCodec = t.intersection([
  t.type({ _tag: t.literal('TfjsCheckpoint'), step: t.number, weights: t.array(SavedTensorCodec) }),
  t.partial({ optimizer: t.type({ className: t.string, weights: t.array(SavedTensorCodec) }) }),
]);
/** io-ts codec of a {@link TfjsCheckpointFile} reference. */
export const TfjsCheckpointFileCodec = t.type({ _tag: t.literal('TfjsCheckpointFile'), path: t.string });
/** What a tfjs trainer accepts in `trial.resumeFrom`. */
export const TfjsResumeCodec = t.union([TfjsCheckpointCodec, TfjsCheckpointFileCodec]);

const save = async (name: string, x: tf.Tensor): Promise<SavedTensor> => {
  const data = await x.data();
  return {
    name,
    shape: x.shape.slice(),
    // A copy: the backend may reuse the buffer it returned.
    data: data instanceof Int32Array ? data.slice() : Float32Array.from(data as ArrayLike<number>),
  };
};

/**
 * Reads a model's weights and its optimizer's state into plain arrays.
 *
 * @example
 * ```ts
 * const ckpt = await captureCheckpoint(model, epoch);
 * ```
 */
export const captureCheckpoint = async (model: LayersModel, step: number): Promise<TfjsCheckpoint> => {
  const weights = await Promise.all(model.weights.map((w) => save(w.originalName, w.read())));
  const opt = model.optimizer as tf.Optimizer | undefined;
  let optimizer: TfjsCheckpoint['optimizer'];
  if (opt) {
    try {
      const named = await opt.getWeights();
      try {
        optimizer = {
          className: opt.getClassName(),
          weights: await Promise.all(named.map((n) => save(n.name, n.tensor))),
        };
      } finally {
        // getWeights returns the live variables plus a fresh iteration scalar: dispose only the latter.
        for (const n of named) if (n.name === 'iter') n.tensor.dispose();
      }
    } catch {
      optimizer = undefined; // an optimizer without getWeights: weights alone still resume training
    }
  }
  return optimizer ? { _tag: 'TfjsCheckpoint', step, weights, optimizer } : { _tag: 'TfjsCheckpoint', step, weights };
};

const toTensor = (s: SavedTensor): tf.Tensor =>
  tf.tensor(s.data, s.shape.slice(), s.data instanceof Int32Array ? 'int32' : 'float32');

/**
 * Writes a checkpoint's weights into a freshly built model of the same architecture, and its optimizer
 * state when the optimizer is of the same class (a PBT fork that switches optimizer starts that
 * optimizer afresh).
 *
 * @example
 * ```ts
 * await restoreCheckpoint(model, ckpt);
 * ```
 * @throws Error naming the mismatch when the checkpoint does not fit the model.
 */
export const restoreCheckpoint = async (model: LayersModel, ckpt: TfjsCheckpoint): Promise<void> => {
  const shapes = model.weights.map((w) => w.shape.join('x'));
  const saved = ckpt.weights.map((w) => w.shape.join('x'));
  if (shapes.join(',') !== saved.join(','))
    throw new Error(`checkpoint does not fit the model: weights [${saved.join(', ')}] vs model [${shapes.join(', ')}]`);
  const tensors = ckpt.weights.map(toTensor);
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
  const opt = model.optimizer as tf.Optimizer | undefined;
  if (opt && ckpt.optimizer && ckpt.optimizer.className === opt.getClassName()) {
    const named = ckpt.optimizer.weights.map((w) => ({ name: w.name, tensor: toTensor(w) }));
    try {
      await opt.setWeights(named);
    } finally {
      // setWeights copies into its own variables.
      tf.dispose(named.map((n) => n.tensor));
    }
  }
};

const MAGIC = 'rxhpo-tfckpt-1';

/**
 * Writes a checkpoint to `path` (a JSON header, then the raw arrays) and returns its reference. The file
 * is written under a temporary name first, so a reader never sees half a checkpoint.
 *
 * @example
 * ```ts
 * const ref = await writeCheckpointFile(ckpt, 'runs/ckpt/7-3.tfckpt');
 * ```
 */
export const writeCheckpointFile = async (ckpt: TfjsCheckpoint, path: string): Promise<TfjsCheckpointFile> => {
  const all = [...ckpt.weights, ...(ckpt.optimizer?.weights ?? [])];
  const head = (s: SavedTensor) => ({
    name: s.name,
    shape: s.shape,
    dtype: s.data instanceof Int32Array ? 'int32' : 'float32',
  });
  const header = Buffer.from(
    JSON.stringify({
      magic: MAGIC,
      step: ckpt.step,
      weights: ckpt.weights.map(head),
      optimizer: ckpt.optimizer && { className: ckpt.optimizer.className, weights: ckpt.optimizer.weights.map(head) },
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  const body = all.map((s) => Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength));
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.concat([len, header, pad, ...body]));
  await rename(tmp, path);
  return { _tag: 'TfjsCheckpointFile', path };
};

const HeaderCodec = t.type({
  magic: t.literal(MAGIC),
  step: t.number,
  weights: t.array(
    t.type({ name: t.string, shape: t.array(t.number), dtype: t.keyof({ float32: null, int32: null }) }),
  ),
});

/**
 * Reads a checkpoint written by {@link writeCheckpointFile}.
 *
 * @example
 * ```ts
 * const ckpt = await readCheckpointFile({ _tag: 'TfjsCheckpointFile', path: 'runs/ckpt/7-3.tfckpt' });
 * ```
 * @throws DecodeError when the file is not a checkpoint.
 */
export const readCheckpointFile = async (ref: TfjsCheckpointFile): Promise<TfjsCheckpoint> => {
  const buf = await readFile(ref.path);
  const n = buf.readUInt32LE(0);
  const raw: unknown = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
  const decoded = t
    .intersection([
      HeaderCodec,
      t.partial({
        optimizer: t.union([t.undefined, t.type({ className: t.string, weights: HeaderCodec.props.weights })]),
      }),
    ])
    .decode(raw);
  if (isLeft(decoded)) throw new DecodeError(`checkpoint file ${ref.path}`, PathReporter.report(decoded));
  const h = decoded.right;
  let offset = 4 + n + ((4 - ((4 + n) % 4)) % 4);
  const take = (w: t.TypeOf<typeof HeaderCodec>['weights'][number]): SavedTensor => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    // Copy out of the file buffer so the arrays are aligned and own their memory.
    const bytes = buf.subarray(offset, offset + size * 4);
    offset += size * 4;
    const copy = new ArrayBuffer(size * 4);
    new Uint8Array(copy).set(bytes);
    return { name: w.name, shape: w.shape, data: w.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy) };
  };
  const weights = h.weights.map(take);
  const opt = h.optimizer;
  return opt
    ? {
        _tag: 'TfjsCheckpoint',
        step: h.step,
        weights,
        optimizer: { className: opt.className, weights: opt.weights.map(take) },
      }
    : { _tag: 'TfjsCheckpoint', step: h.step, weights };
};
