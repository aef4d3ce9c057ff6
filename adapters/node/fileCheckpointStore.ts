import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointRef, CheckpointStore } from '../../lib/checkpointStore.js';
import { CheckpointNotFoundError, checkpointRef } from '../../lib/checkpointStore.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { checkOptionKeys } from '../../lib/optionKeys.js';

/** Options of {@link fileCheckpointStore}. */
export interface FileCheckpointStoreOptions<T> {
  /** The directory checkpoints are written to (created if missing). */
  readonly dir: string;
  /** Turns a checkpoint into file contents. Default `JSON.stringify`. */
  readonly encode?: (data: T) => string | Uint8Array;
  /** Reads a checkpoint back from file contents. Default `JSON.parse` of the UTF-8 text. */
  readonly decode?: (bytes: Buffer) => T;
}

const SUFFIX = '.ckpt';
const fileOf = (ref: CheckpointRef): string => `${encodeURIComponent(ref)}${SUFFIX}`;

/**
 * A checkpoint store on the file system: one file per checkpoint under `dir`, written atomically
 * (temporary file, then rename), so a crash never leaves a half-written checkpoint under a valid ref.
 * Refs are plain strings (`trialId@step`), valid across processes and worker threads; a store opened on
 * an existing directory sees the checkpoints already there. Synchronous: checkpoints are written between
 * steps, and `retainCheckpoints` deletes released files in the event's frame.
 *
 * @example
 * ```ts
 * const store = fileCheckpointStore<number[]>({ dir: 'runs/pbt-1/ckpt' });
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainerUsing(store)), pbt({ mutations })))
 *   .pipe(retainCheckpoints(store));
 * ```
 * @throws InvalidOptionsError when `dir` is not a non-empty string.
 */
export const fileCheckpointStore = <T = unknown>(options: FileCheckpointStoreOptions<T>): CheckpointStore<T> => {
  checkOptionKeys('fileCheckpointStore', options, ['dir', 'encode', 'decode']);
  if (typeof options?.dir !== 'string' || options.dir.length === 0)
    throw new InvalidOptionsError('fileCheckpointStore', [`dir must be a non-empty path, got ${show(options?.dir)}`]);
  const dir = options.dir;
  const encode = options.encode ?? ((d: T) => JSON.stringify(d));
  const decode = options.decode ?? ((b: Buffer) => JSON.parse(b.toString('utf8')) as T);
  mkdirSync(dir, { recursive: true });
  let tmp = 0;
  return {
    save: (trialId, step, data) => {
      const ref = checkpointRef(trialId, step);
      const path = join(dir, fileOf(ref));
      const temp = `${path}.${process.pid}.${tmp++}.tmp`;
      writeFileSync(temp, encode(data));
      renameSync(temp, path);
      return ref;
    },
    load: (ref) => {
      const path = join(dir, fileOf(ref));
      if (!existsSync(path)) throw new CheckpointNotFoundError(ref, `file checkpoint store at ${dir}`);
      return decode(readFileSync(path));
    },
    release: (ref) => {
      if (typeof ref === 'string') rmSync(join(dir, fileOf(ref)), { force: true });
    },
    has: (ref) => typeof ref === 'string' && existsSync(join(dir, fileOf(ref))),
    refs: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith(SUFFIX))
        .map((f) => decodeURIComponent(f.slice(0, -SUFFIX.length))),
  };
};
