import type { Config } from '../../lib/config.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { Objective } from '../../lib/objective.js';
import { scoreOf, valueOf } from '../../lib/objective.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import { configProblems } from '../../lib/searchSpace.js';
import { allTrials, foldStudy } from '../../lib/studyState.js';
import type { TrialEvent } from '../../lib/trialEvent.js';

/**
 * One finished trial of another study, as an observation of this one: its config (valid in this
 * study's space), its last score in this study's direction (higher is better), and how it ended —
 * `completed`, or `stopped` for a trial that was pruned or paused, with the step of its last report.
 */
export interface WarmObservation {
  /** The trial's config, valid in this study's space. */
  readonly config: Config;
  /** Its last score for this study's objective: higher is better. */
  readonly score: number;
  /** `completed`, or `stopped` for a trial that was pruned or paused. */
  readonly status: 'completed' | 'stopped';
  /** The step of its last report. */
  readonly step?: number;
}

/**
 * Where a sampler warm-starts from: another study's events (`readJournal(path).events`, or
 * `fromOptunaStudy(study).events`), optionally with the name of that study's objective metric when it
 * differs from this study's (an Optuna study's metric is `value` unless it set metric names).
 */
export interface WarmStartSource {
  /** The source study's events, its `StudyStarted` first. */
  readonly events: ReadonlyArray<TrialEvent>;
  /** The source study's objective metric, accepted as this study's objective. Default: this study's metric. */
  readonly metric?: string;
}

/** What {@link warmObservations} needs to know of the study being warm-started. */
export interface WarmTarget {
  /** This study's space: a source trial counts only if its config is valid in it. */
  readonly space: SearchSpace;
  /** This study's objective: its metric must be the source's, its mode orients the scores. */
  readonly objective: Objective;
}

const WHERE = 'warmStart';

/**
 * Checks the shape of a warm-start source before any work starts (the events begin with the source
 * study's `StudyStarted`); problems as lines for a factory's `InvalidOptionsError`.
 *
 * @example
 * ```ts
 * warmStartProblems({ events: [] }); // ['warmStart.events is empty: ...']
 * ```
 */
export const warmStartProblems = (source: unknown): string[] => {
  if (typeof source !== 'object' || source === null)
    return [`warmStart must be an array of events or { events, metric? }, got ${show(source)}`];
  const events: unknown = Array.isArray(source) ? source : (source as { events?: unknown }).events;
  if (!Array.isArray(events)) return [`warmStart.events must be an array of events, got ${show(events)}`];
  const p: string[] = [];
  if (!Array.isArray(source)) {
    const keys = Object.keys(source).filter((k) => k !== 'events' && k !== 'metric');
    if (keys.length > 0) p.push(`warmStart: unknown option(s) ${keys.map(show).join(', ')} (known: events, metric)`);
    const metric = (source as { metric?: unknown }).metric;
    if (metric !== undefined && typeof metric !== 'string')
      p.push(`warmStart.metric must be a string, got ${show(metric)}`);
  }
  const first: unknown = events[0];
  if (events.length === 0) p.push('warmStart.events is empty: pass readJournal(path).events of a study that ran');
  else if (typeof first !== 'object' || first === null || (first as { _tag?: unknown })._tag !== 'StudyStarted')
    p.push(
      `warmStart.events must begin with the source study's StudyStarted event (readJournal(path).events does), got ${show(first)}`,
    );
  return p;
};

/** The events and metric of a warm-start option given either as an event array or as {@link WarmStartSource}. */
export const warmStartSource = (source: ReadonlyArray<TrialEvent> | WarmStartSource): WarmStartSource =>
  Array.isArray(source) ? { events: source as ReadonlyArray<TrialEvent> } : (source as WarmStartSource);

/**
 * Another study's finished trials as observations for this study, for a sampler to learn from before
 * its own trials (a warm start). Pure: it folds the source events as a study would and keeps the
 * trials that completed with a score, and those stopped or paused with a last score (at the step of
 * that report), whose config is valid in `target.space` (`configProblems`); failed and running trials
 * are left out. Scores are re-signed when the objectives' modes differ, so they always say "higher is
 * better" for `target.objective`. Trials come in the source's trial order.
 *
 * @example
 * ```ts
 * const old = readJournal('runs/last-week.jsonl').events;
 * const obs = warmObservations(old, { space, objective: { metric: 'loss', mode: 'min' } });
 * tpeSampler({ warmStart: old }); // TPE calls this itself at its first ask
 * ```
 * @throws InvalidOptionsError when the source is malformed, its objective's metric differs from the
 * target's (and `source.metric` does not name it), or none of its trials fits (saying why each was left out).
 */
export const warmObservations = (
  source: ReadonlyArray<TrialEvent> | WarmStartSource,
  target: WarmTarget,
): WarmObservation[] => {
  const shape = warmStartProblems(source);
  if (shape.length > 0) throw new InvalidOptionsError(WHERE, shape);
  const { events, metric } = warmStartSource(source);
  const started = events[0] as Extract<TrialEvent, { _tag: 'StudyStarted' }>;
  const from = started.objective;
  const expected = metric ?? target.objective.metric;
  if (from.metric !== expected)
    throw new InvalidOptionsError(WHERE, [
      metric === undefined
        ? `the source study optimised ${show(from.metric)}, this study optimises ${show(target.objective.metric)} (pass warmStart: { events, metric: ${show(from.metric)} } if they measure the same thing)`
        : `warmStart.metric is ${show(metric)} but the source study optimised ${show(from.metric)}`,
    ]);
  const state = foldStudy(
    {
      seed: started.seed,
      objective: from,
      space: started.space,
      concurrency: started.concurrency,
      budget: started.budget,
    },
    events.slice(1),
  );
  const out: WarmObservation[] = [];
  const why = { unfinished: 0, failed: 0, noScore: 0, invalid: 0 };
  let firstInvalid: string | undefined;
  for (const r of allTrials(state)) {
    if (r.status === 'failed') {
      why.failed++;
      continue;
    }
    if (r.status === 'running') {
      why.unfinished++;
      continue;
    }
    if (r.lastScore === undefined || Number.isNaN(r.lastScore)) {
      why.noScore++;
      continue;
    }
    const problems = configProblems(target.space, r.trial.config);
    if (problems.length > 0) {
      why.invalid++;
      firstInvalid ??= `trial ${r.trial.number}: ${problems.join(', ')}`;
      continue;
    }
    const score = scoreOf(target.objective, valueOf(from, r.lastScore));
    out.push(
      r.status === 'completed'
        ? { config: r.trial.config, score, status: 'completed' }
        : r.lastStep === undefined
          ? { config: r.trial.config, score, status: 'stopped' }
          : { config: r.trial.config, score, status: 'stopped', step: r.lastStep },
    );
  }
  if (out.length === 0) {
    const total = state.order.size;
    const reasons = [
      why.invalid > 0 ? `${why.invalid} with a config not valid in this space (first: ${firstInvalid ?? ''})` : '',
      why.failed > 0 ? `${why.failed} failed` : '',
      why.unfinished > 0 ? `${why.unfinished} still running` : '',
      why.noScore > 0 ? `${why.noScore} never reported ${show(from.metric)}` : '',
    ].filter((s) => s !== '');
    throw new InvalidOptionsError(WHERE, [
      total === 0
        ? 'the source study has no trials'
        : `none of the source study's ${total} trial(s) fits: ${reasons.join('; ')}`,
    ]);
  }
  return out;
};
