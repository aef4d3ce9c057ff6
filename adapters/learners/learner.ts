import type { Config } from '../../lib/config.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import type { Dataset } from '../node/loadCsv.js';

/** What a learner is fitted for: class labels (scored by accuracy) or numbers (scored by MSE). */
export type Task = 'classification' | 'regression';

/** A fitted model: predictions for rows of features. */
export interface FittedModel {
  /** One prediction per row: a class label (classification) or a number (regression). */
  readonly predict: (x: ReadonlyArray<ReadonlyArray<number>>) => number[];
  /** Releases memory the model holds outside JavaScript's heap (WebAssembly learners); then unusable. */
  readonly free?: () => void;
}

/** What a learner's `fit` gets besides the rows and the config. */
export interface FitContext {
  readonly task: Task;
  /** A seed in [0, 2^31) for the learner's own randomness (bagging, subsampling), derived from the trial's seed. */
  readonly seed: number;
}

/**
 * A machine-learning algorithm as rxhpo tunes it: its search space, its default config and a `fit`.
 * `randomForest`, `svm`, `knn`, `xgboost` and `mlp` are the shipped ones; write your own the same way and pass
 * it to `learnerTrainer` or `autoML`.
 *
 * @example
 * ```ts
 * const ridge: Learner = {
 *   name: 'ridge', tasks: ['regression'],
 *   space: () => ({ alpha: float(1e-3, 10, { log: true }) }),
 *   defaults: () => ({ alpha: 1 }),
 *   fit: async (x, y, config) => fitRidge(x, y, config['alpha'] as number),
 * };
 * ```
 */
export interface Learner {
  /** A short name: `rf`, `svm`, `knn`, `xgboost`, `mlp`. */
  readonly name: string;
  /** The tasks it handles. */
  readonly tasks: ReadonlyArray<Task>;
  /** The search space for a task and data set (the shipped ones follow Yang & Shami 2020, Table 3). */
  readonly space: (task: Task, data: Dataset) => SearchSpace;
  /** The library's default hyper-parameters, as a config of `space`. */
  readonly defaults: (task: Task, data: Dataset) => Config;
  /** A cheap config to try first (few trees, shallow): FLAML's low-cost initial point. Default: `defaults`. */
  readonly lowCost?: (task: Task, data: Dataset) => Config;
  /**
   * The npm packages `fit` loads (optional peers of rxhpo): `autoML` refuses a learner whose packages are
   * not installed, and leaves it out of its defaults. Default: none.
   */
  readonly packages?: ReadonlyArray<string>;
  /** Fits on rows `x`, targets `y`; may be slow (it runs between the trainer's fold reports). */
  readonly fit: (
    x: ReadonlyArray<ReadonlyArray<number>>,
    y: ReadonlyArray<number>,
    config: Config,
    context: FitContext,
  ) => Promise<FittedModel>;
}

// What the WebAssembly learners print on their own: emscripten's note that Node cannot stream-compile
// a file path, libsvm's iteration-limit warning, xgboost's blank lines. Not errors; noise in a CLI.
const WASM_NOISE =
  /^\s*$|wasm streaming compile failed|falling back to ArrayBuffer instantiation|WARNING: reaching max number of iterations/;

/**
 * The npm package a module specifier names: its first path segment, or two for a scoped package.
 *
 * @example
 * ```ts
 * packageOf('libsvm-js/wasm.js'); // 'libsvm-js'
 * packageOf('@tensorflow/tfjs-core'); // '@tensorflow/tfjs-core'
 * ```
 */
export const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Imports an optional peer dependency, with an error that says what to install when it is missing.
 * `quiet`: the module is an emscripten build that binds `console.log`/`console.warn` when it loads; it
 * gets versions that drop its known noise (and pass everything else on), only it. `install`: what the
 * error tells to `npm i`; by default the package the specifier names (`libsvm-js` for
 * `libsvm-js/wasm.js`, `@scope/pkg` for `@scope/pkg/sub`).
 *
 * @example
 * ```ts
 * const { KNN } = await loadPeer<{ KNN: new (x: number[][], y: number[]) => unknown }>('ml-knn', 'knn');
 * ```
 */
export const loadPeer = async <T>(
  name: string,
  learner: string,
  quiet = false,
  install = packageOf(name),
): Promise<T> => {
  const { log, warn } = console;
  if (quiet) {
    const filter =
      (to: (...args: unknown[]) => void) =>
      (...args: unknown[]): void => {
        if (!(args.length === 1 && typeof args[0] === 'string' && WASM_NOISE.test(args[0]))) to.apply(console, args);
      };
    console.log = filter(log);
    console.warn = filter(warn);
  }
  try {
    // A variable specifier: TypeScript does not resolve it, so the peer stays optional at build time.
    const specifier: string = name;
    const m = (await import(specifier)) as T & { default?: unknown };
    // An emscripten module's default export is a promise of the ready module: wait for it here.
    if (quiet) await (m as { default?: unknown }).default;
    return m;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')
      throw new Error(`learner ${learner} needs the package ${name}: npm i ${install}`, { cause: e });
    throw e;
  } finally {
    console.log = log;
    console.warn = warn;
  }
};

/** A config value as a number (configs of the shipped spaces hold numbers and strings). */
export const num = (config: Config, key: string, fallback?: number): number => {
  const v = config[key];
  if (typeof v === 'number') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`config has no number ${JSON.stringify(key)}: ${JSON.stringify(config)}`);
};

/**
 * The distinct class labels of `y`, ascending, and each row's label as its index among them (0 … C − 1):
 * what softmax outputs, class-count tables and stratification index by. `classes[codes[i]] === y[i]`.
 *
 * @example
 * ```ts
 * classCodes([3, 1, 3]); // { classes: [1, 3], codes: [1, 0, 1] }
 * ```
 */
export const classCodes = (y: ReadonlyArray<number>): { readonly classes: number[]; readonly codes: number[] } => {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const code = new Map(classes.map((c, i) => [c, i]));
  return { classes, codes: y.map((v) => code.get(v) as number) };
};

/** Rows of `x` at `rows`, copied into plain mutable arrays (what the learner libraries take). */
export const pick = (x: ReadonlyArray<ReadonlyArray<number>>, rows: ReadonlyArray<number>): number[][] =>
  rows.map((i) => (x[i] as number[]).slice());
