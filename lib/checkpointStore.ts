import { checkOptionKeys } from './optionKeys.js';
import type { TrialId } from './trial.js';
import { show } from './errors.js';

/** The handle a trainer puts in `MetricReport.checkpoint`: a plain string, so journals can carry it. */
export type CheckpointRef = string;

/**
 * Where trainers keep the state they resume from. A trainer saves after a step and reports the ref; a
 * resumed or forked trial loads `trial.resumeFrom` before its first report. Saved data must be treated
 * as immutable: several children may resume from the same checkpoint. Release is driven by
 * `retainCheckpoints(store)` on the study's events, which releases exactly the checkpoints no live
 * member or pending fork can reach.
 *
 * @example
 * ```ts
 * const store = memoryCheckpointStore<Weights>();
 * const trainer: Trainer = (trial) => defer(() => {
 *   let w = trial.resumeFrom === undefined ? init() : store.load(trial.resumeFrom as CheckpointRef);
 *   return range(trial.startStep + 1, 10 - trial.startStep).pipe(map((step) => {
 *     w = train(w, trial.config);
 *     return { step, metrics: { loss: loss(w) }, checkpoint: store.save(trial.id, step, w) };
 *   }));
 * });
 * ```
 */
export interface CheckpointStore<T = unknown> {
  /** Stores `data` for a trial at a step and returns its ref (saving the same trial and step again overwrites). */
  readonly save: (trialId: TrialId, step: number, data: T) => CheckpointRef;
  /** @throws CheckpointNotFoundError if the ref was never saved or has been released. */
  readonly load: (ref: CheckpointRef) => T;
  /** Frees a checkpoint. Idempotent; refs the store does not hold are ignored. */
  readonly release: (ref: unknown) => void;
  readonly has: (ref: unknown) => boolean;
  /** The refs currently held (for diagnostics, tests and bounded-memory checks). */
  readonly refs: () => ReadonlyArray<CheckpointRef>;
}

/**
 * A checkpoint was loaded after it was released, or never saved: with `retainCheckpoints` this means
 * a trainer loaded late (after its first report) or a ref came from another store.
 */
export class CheckpointNotFoundError extends Error {
  override readonly name = 'CheckpointNotFoundError';
  readonly info: { readonly ref: unknown };
  constructor(ref: unknown, where: string) {
    super(`checkpoint ${show(ref)} is not in the ${where} (never saved, or released)`);
    this.info = { ref };
  }
}

/** The ref a store gives a trial's checkpoint at a step. */
export const checkpointRef = (trialId: TrialId, step: number): CheckpointRef => `${trialId}@${step}`;

/** Options of {@link memoryCheckpointStore}. */
export interface MemoryCheckpointStoreOptions {
  /**
   * Deep-copy data on save and on load (`structuredClone`), so a trainer that mutates its state in
   * place cannot corrupt a checkpoint another trial resumes from. Default true.
   */
  readonly clone?: boolean;
}

/**
 * The default store: checkpoints in a Map in this process.
 *
 * @example
 * ```ts
 * const store = memoryCheckpointStore<number[]>();
 * const ref = store.save('3', 10, [0.1, 0.2]); // '3@10'
 * store.load(ref); // [0.1, 0.2]
 * ```
 */
export const memoryCheckpointStore = <T = unknown>(options: MemoryCheckpointStoreOptions = {}): CheckpointStore<T> => {
  checkOptionKeys('memoryCheckpointStore options', options, ['clone']);
  const clone = options.clone ?? true;
  const copy = (x: T): T => (clone ? structuredClone(x) : x);
  const data = new Map<CheckpointRef, T>();
  return {
    save: (trialId, step, value) => {
      const ref = checkpointRef(trialId, step);
      data.set(ref, copy(value));
      return ref;
    },
    load: (ref) => {
      if (!data.has(ref)) throw new CheckpointNotFoundError(ref, 'memory checkpoint store');
      return copy(data.get(ref) as T);
    },
    release: (ref) => {
      if (typeof ref === 'string') data.delete(ref);
    },
    has: (ref) => typeof ref === 'string' && data.has(ref),
    refs: () => [...data.keys()],
  };
};
