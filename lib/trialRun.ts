import type { Observable } from 'rxjs';
import type { Config } from './config.js';
import type { Trial } from './trial.js';
import type { TrialEvent } from './trialEvent.js';

/**
 * One trial's run as it flows through scheduler operators: the trial and its cold event stream
 * (`TrialStarted`, reports, decisions, `TrialEnded`). Subscribing to `events` runs the trainer.
 */
export interface TrialRun<C = Config> {
  readonly trial: Trial<C>;
  readonly events: Observable<TrialEvent<C>>;
}

/**
 * A scheduler operator: runs in, runs out, config type preserved (generic, so it composes in `pipe()`
 * after any `trainWith`).
 */
export type SchedulerOperator = <C>(runs$: Observable<TrialRun<C>>) => Observable<TrialRun<C>>;
