import { InvalidOptionsError, show } from '../errors.js';
import type { Objective } from '../objective.js';
import type { Seed } from '../rng.js';
import type { TrialStatus } from '../studyState.js';
import { foldStudy } from '../studyState.js';
import type { TrialRow } from '../studyResult.js';
import { studyResult } from '../studyResult.js';
import type { TrialEvent } from '../trialEvent.js';

/** One trial in a {@link StudySummary}: a row of {@link trialsTable}, its value in the objective's own sign. */
export type TrialSummary = TrialRow;

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
  // The table and the counts are the study result's; the summary adds what a journal reader needs.
  const state = foldStudy(started, events);
  const { trials, best, counts } = studyResult(state);
  const bestRow = best === undefined ? undefined : trials.find((t) => t.id === best.id);
  return {
    objective: started.objective,
    seed: started.seed,
    events: events.length,
    ...(bestRow === undefined ? {} : { best: bestRow }),
    counts: { ...counts, total: trials.length },
    trials,
  };
};
