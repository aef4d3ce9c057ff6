import type { MonoTypeOperatorFunction } from 'rxjs';
import { defer, tap } from 'rxjs';
import type { RetentionOptions, RetentionState } from '../lib/checkpointRetention.js';
import { initialRetention, retentionStep } from '../lib/checkpointRetention.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { checkOptionKeys } from '../lib/optionKeys.js';

/**
 * Releases checkpoints as soon as nothing can resume from them: a checkpoint stays while it is the
 * newest one of a live trial (running or paused) or belongs to a fork whose child has not started, and
 * is released (`store.release(ref)`, in the frame of the event that made it unreachable) once a newer
 * checkpoint replaces it, its trial ends, or the forked child reports its own. Memory stays bounded by
 * the live population plus pending forks over any run length; a reachable checkpoint is never released.
 * Apply it to the study's event stream (it sees every event, including budget stops). Trainers must load
 * `trial.resumeFrom` before their first report; refs never reported are not tracked.
 *
 * ```
 * events:  ──r1──r2──F(r2)──s──c1──|     r = reports with checkpoints, F = fork from r2, s = child starts, c1 = its first
 * release: ──────r1──────────────r2       r1 when r2 replaces it; r2 only once the child has its own
 * ```
 *
 * ## Example
 * ```ts
 * const store = memoryCheckpointStore<Weights>();
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainerUsing(store)), pbt({ mutations })))
 *   .pipe(retainCheckpoints(store))
 *   .subscribe();
 * ```
 * @param store Anything with a `release(ref)`: a `CheckpointStore`, or an adapter for files a trainer wrote.
 * @param options `keepFinal: true` keeps each completed trial's last checkpoint.
 * @return A function that returns the events unchanged, releasing checkpoints on the way.
 */
export const retainCheckpoints = <C>(
  store: { readonly release: (ref: unknown) => void },
  options: RetentionOptions = {},
): MonoTypeOperatorFunction<TrialEvent<C>> => {
  checkOptionKeys('retainCheckpoints options', options, ['keepFinal']);
  return (events$) =>
    defer(() => {
      let state: RetentionState = initialRetention();
      return events$.pipe(
        tap((e) => {
          const [next, released] = retentionStep(state, e as TrialEvent, options);
          state = next;
          for (const ref of released) store.release(ref);
        }),
      );
    });
};
