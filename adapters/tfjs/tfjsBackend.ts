import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { checkOptionKeys } from '../../lib/optionKeys.js';

/** Which TensorFlow.js backend to run on. `auto`: tfjs-node when it loads, else wasm, else cpu (loudly). */
export type TfjsBackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Options of {@link initTfjs}. */
export interface TfjsBackendOptions {
  /** Default `'auto'`. An explicit name that cannot start throws, except `wasm`, which falls back to cpu loudly. */
  readonly backend?: TfjsBackendName;
  /** Where the loud fallback message goes. Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/** What {@link initTfjs} set up. */
export interface TfjsBackendInfo {
  /** The backend in use: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  readonly backend: string;
  /** Whether the wasm backend runs its SIMD build (false on other backends). */
  readonly simd: boolean;
  /** Why the preferred backend was not used, if it was not. */
  readonly fallback?: string;
  /** How many process handlers the wasm runtime installed and we removed (see below). */
  readonly removedHandlers: number;
}

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'];
let ready: Promise<TfjsBackendInfo> | undefined;
let requested: TfjsBackendName | undefined;

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const EVENTS: ReadonlyArray<ProcessEvent> = ['uncaughtException', 'unhandledRejection'];

/**
 * Runs `f` and removes every `uncaughtException`/`unhandledRejection` listener it added. The wasm
 * backend's emscripten runtime installs both, and they rethrow: after that any stray unhandled rejection
 * kills the process with exit code 7 even when the application handles it. The backend works without them.
 */
// `process.listeners` is overloaded per event name; both of ours take the same shape of listener.
const listeners = (e: ProcessEvent): ReadonlyArray<(...args: unknown[]) => void> =>
  process.listeners(e as 'uncaughtException') as ReadonlyArray<(...args: unknown[]) => void>;

const withoutNewProcessHandlers = async <T>(f: () => Promise<T>): Promise<readonly [T, number]> => {
  const before = new Map(EVENTS.map((e) => [e, new Set(listeners(e))] as const));
  const removeNew = (): number => {
    let removed = 0;
    for (const e of EVENTS)
      for (const l of listeners(e))
        if (!before.get(e)?.has(l)) {
          process.off(e, l);
          removed++;
        }
    return removed;
  };
  try {
    const value = await f();
    return [value, removeNew()] as const;
  } finally {
    removeNew();
  }
};

// A variable specifier keeps TypeScript and bundlers from requiring the optional package.
const TFJS_NODE = '@tensorflow/tfjs-node';
const tryTfjsNode = async (): Promise<string | undefined> => {
  try {
    await import(TFJS_NODE);
    return (await tf.setBackend('tensorflow')) ? undefined : 'tfjs-node loaded but setBackend("tensorflow") failed';
  } catch (e) {
    return `${TFJS_NODE} is not installed (${e instanceof Error ? e.message.split('\n')[0] : show(e)})`;
  }
};

const start = async (backend: TfjsBackendName, warn: (m: string) => void): Promise<TfjsBackendInfo> => {
  // Silences the "looks like you are running TensorFlow.js in Node.js" banner and debug checks.
  tf.enableProdMode();
  const reasons: string[] = [];
  if (backend === 'auto' || backend === 'tensorflow') {
    const why = await tryTfjsNode();
    if (why === undefined) return { backend: 'tensorflow', simd: false, removedHandlers: 0 };
    if (backend === 'tensorflow') throw new Error(`initTfjs: backend "tensorflow" requested but ${why}`);
    reasons.push(why);
  }
  if (backend !== 'cpu') {
    const [ok, removed] = await withoutNewProcessHandlers(async () => {
      try {
        // setBackend resolves false (it does not throw) when wasm cannot start: check it.
        if (await tf.setBackend('wasm')) return true;
        reasons.push('setBackend("wasm") returned false');
      } catch (e) {
        reasons.push(`setBackend("wasm") threw ${e instanceof Error ? e.message : show(e)}`);
      }
      return false;
    });
    if (ok) {
      await tf.ready();
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      return { backend: 'wasm', simd, removedHandlers: removed };
    }
    // The cpu backend is about 5x slower than wasm+SIMD: never fall back silently.
    warn(
      `rxhpo: TensorFlow.js wasm backend did not start (${reasons.join('; ')}); falling back to the SLOW cpu backend`,
    );
  }
  if (!(await tf.setBackend('cpu'))) throw new Error(`initTfjs: no backend started (${reasons.join('; ')})`);
  await tf.ready();
  return {
    backend: 'cpu',
    simd: false,
    removedHandlers: 0,
    ...(backend === 'cpu' ? {} : { fallback: reasons.join('; ') }),
  };
};

/**
 * Starts TensorFlow.js once per process (or worker thread) and tells what it runs on. The default picks
 * `@tensorflow/tfjs-node` when that optional package loads, else the wasm backend with SIMD, else cpu
 * with a loud warning. It removes the process handlers the wasm runtime installs, so an unhandled
 * rejection elsewhere does not exit the process with code 7. Later calls return the same promise.
 *
 * @example
 * ```ts
 * const { backend, simd } = await initTfjs(); // { backend: 'wasm', simd: true, removedHandlers: 2 }
 * ```
 * @throws InvalidOptionsError for an unknown backend name, or when called again with a different one.
 */
export const initTfjs = (options: TfjsBackendOptions = {}): Promise<TfjsBackendInfo> => {
  checkOptionKeys('initTfjs', options, ['backend', 'warn']);
  const backend = options.backend ?? 'auto';
  if (!BACKENDS.includes(backend))
    throw new InvalidOptionsError('initTfjs', [`backend must be one of ${BACKENDS.join(', ')}, got ${show(backend)}`]);
  if (ready && requested !== backend)
    throw new InvalidOptionsError('initTfjs', [
      `backend ${show(backend)} requested after ${show(requested)} was started in this thread`,
    ]);
  requested = backend;
  ready ??= start(backend, options.warn ?? ((m) => console.warn(m)));
  return ready;
};
