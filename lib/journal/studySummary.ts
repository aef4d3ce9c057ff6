import type { Config } from '../config.js';
import { InvalidOptionsError, show } from '../errors.js';
import type { Objective } from '../objective.js';
import { valueOf } from '../objective.js';
import type { Seed } from '../rng.js';
import type { TrialStatus } from '../studyState.js';
import { allTrials, bestTrial, foldStudy } from '../studyState.js';
import type { TrialEvent } from '../trialEvent.js';

/** One trial in a {@link StudySummary}: its value is the objective in the user's sign. */
export interface TrialSummary {
  readonly number: number;
  readonly id: string;
  readonly state: TrialStatus;
  readonly lastStep?: number;
  readonly value?: number;
  readonly config: Config;
  readonly error?: string;
}

/** What `rxhpo show` prints: the study, its best trial, counts by state and every trial. */
export interface StudySummary {
  readonly objective: Objective;
  readonly seed: Seed;
  readonly events: number;
  readonly best?: TrialSummary;
  readonly counts: Readonly<Record<TrialStatus | 'total', number>>;
  readonly trials: ReadonlyArray<TrialSummary>;
}

/**
 * A study's summary from its events (the header's `StudyStarted` first): the best completed trial, the
 * number of trials in each state, and each trial's state, last step, value (in the objective's own
 * sign) and config.
 *
 * @example
 * ```ts
 * const { events } = readJournal('runs/study.jsonl');
 * studySummary(events).best?.value; // e.g. 0.031
 * ```
 * @throws InvalidOptionsError when the events do not start with `StudyStarted`.
 */
export const studySummary = (events: ReadonlyArray<TrialEvent>): StudySummary => {
  const started = events[0];
  if (started?._tag !== 'StudyStarted')
    throw new InvalidOptionsError('studySummary', [
      `the events must start with StudyStarted, got ${show(started?._tag)}`,
    ]);
  const state = foldStudy(started, events);
  const counts = { running: 0, completed: 0, stopped: 0, paused: 0, failed: 0, total: 0 };
  const trials = allTrials(state).map((r): TrialSummary => {
    counts[r.status] += 1;
    counts.total += 1;
    return {
      number: r.trial.number,
      id: r.trial.id,
      state: r.status,
      ...(r.lastStep === undefined ? {} : { lastStep: r.lastStep }),
      ...(r.lastScore === undefined ? {} : { value: valueOf(started.objective, r.lastScore) }),
      config: r.trial.config,
      ...(r.error === undefined ? {} : { error: `${r.error.name}: ${r.error.message}` }),
    };
  });
  const best = bestTrial(state);
  return {
    objective: started.objective,
    seed: started.seed,
    events: events.length,
    ...(best === undefined ? {} : { best: trials.find((t) => t.id === best.trial.id) as TrialSummary }),
    counts,
    trials,
  };
};
