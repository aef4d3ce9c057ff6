import type { Choice, Distribution } from '../distribution.js';
import { InvalidOptionsError, show } from '../errors.js';
import type { Objective } from '../objective.js';
import { scoreOf } from '../objective.js';
import type { SearchSpace } from '../searchSpace.js';
import { validateSpace } from '../searchSpace.js';
import type { Trial } from '../trial.js';
import type { StudyStarted, TrialEvent } from '../trialEvent.js';
import { studyStarted, trialEnded, trialReported, trialStarted } from '../trialEvent.js';
import type { JournalHeader } from './journalHeader.js';
import { journalHeader } from './journalHeader.js';
import type { OptunaChoice, OptunaDistribution } from './optunaDistribution.js';
import type { OptunaStudy, OptunaTrial } from './readOptunaJournal.js';

/** Options of {@link fromOptunaStudy}. */
export interface FromOptunaOptions {
  /** For a multi-objective study: the index of the objective that becomes the rxhpo objective. Default 0. */
  readonly objective?: number;
  /** Recorded in the header's sampler options, to say where the trials came from. */
  readonly source?: string;
}

/** An Optuna study as an rxhpo journal: its header, its events, and what could not be carried over. */
export interface ImportedStudy {
  readonly header: JournalHeader;
  /** `header.started` first, then each trial's events, trial after trial. */
  readonly events: ReadonlyArray<TrialEvent>;
  /** rxhpo trial number → Optuna trial number (they differ only after a skipped WAITING trial). */
  readonly numbers: ReadonlyArray<number>;
  /** What was dropped, one sentence each. */
  readonly notes: ReadonlyArray<string>;
}

/** The string an Optuna categorical `None` becomes: rxhpo choices are strings, numbers and booleans. */
export const OPTUNA_NONE = 'None';

const choiceOf = (c: OptunaChoice): Choice => (c === null ? OPTUNA_NONE : c);

const gridOk = (low: number, high: number, step: number): boolean => {
  const k = (high - low) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
};

// Optuna has no static space: each trial carries its own distributions. Compatible ones (same kind, same
// `log`, same choices; the replay drops the others) are merged into one flat parameter: the union of
// the ranges, the step kept only when every trial used the same one.
const mergeSpace = (trials: ReadonlyArray<OptunaTrial>): SearchSpace => {
  const merged = new Map<string, OptunaDistribution>();
  const steps = new Map<string, Set<number | null>>();
  for (const t of trials)
    for (const [name, d] of Object.entries(t.distributions)) {
      const prev = merged.get(name);
      if (d.kind !== 'categorical') {
        const s = steps.get(name) ?? new Set();
        s.add(d.step);
        steps.set(name, s);
      }
      if (!prev) merged.set(name, d);
      else if (prev.kind !== 'categorical' && d.kind === prev.kind)
        merged.set(name, { ...prev, low: Math.min(prev.low, d.low), high: Math.max(prev.high, d.high) } as typeof prev);
    }
  const space: Record<string, Distribution> = {};
  for (const [name, d] of merged) {
    if (d.kind === 'categorical') {
      space[name] = { _tag: 'Categorical', choices: d.choices.map(choiceOf), branches: {} };
      continue;
    }
    const s = steps.get(name) as Set<number | null>;
    const step = s.size === 1 ? [...s][0] : undefined;
    if (d.kind === 'float')
      space[name] =
        step !== undefined && step !== null && !d.log && gridOk(d.low, d.high, step)
          ? { _tag: 'Float', low: d.low, high: d.high, log: d.log, step }
          : { _tag: 'Float', low: d.low, high: d.high, log: d.log };
    else
      space[name] = {
        _tag: 'Int',
        low: d.low,
        high: d.high,
        log: d.log,
        step: step !== undefined && step !== null && gridOk(d.low, d.high, step) ? step : 1,
      };
  }
  return space;
};

/**
 * An Optuna study (read by `readOptunaJournal`) as rxhpo events, so that its trials can be shown,
 * reported and used to warm-start a sampler. The space is flat: every parameter any trial used, with
 * its distributions merged (union of ranges); a parameter a trial did not use (a conditional one) is
 * simply absent from its config. Each trial becomes `TrialStarted`, one `TrialReported` per intermediate
 * value, a last report carrying the final value when it is not already the last intermediate value (at
 * the next step), and `TrialEnded`: COMPLETE → completed, PRUNED → stopped, FAIL → failed (with
 * `fail_reason`); RUNNING trials stay running; WAITING trials (never started) are skipped and noted.
 * Optuna's `None` choice becomes the string `'None'`.
 *
 * @example
 * ```ts
 * const { studies } = readOptunaJournal(text, 'optuna.log');
 * const { header, events } = fromOptunaStudy(studies[0]);
 * ```
 * @throws InvalidOptionsError when the study has no parameters, or `objective` is not one of its objectives.
 */
export const fromOptunaStudy = (study: OptunaStudy, options: FromOptunaOptions = {}): ImportedStudy => {
  const k = options.objective ?? 0;
  const where = `Optuna study ${show(study.name)}`;
  const mode = study.directions[k];
  if (!Number.isInteger(k) || mode === undefined)
    throw new InvalidOptionsError(where, [
      `objective ${show(k)} is not one of its ${study.directions.length} objective(s) (0 to ${study.directions.length - 1})`,
    ]);
  const namesAttr = study.systemAttrs['study:metric_names'];
  const names = study.directions.map((_, j) =>
    Array.isArray(namesAttr) && typeof namesAttr[j] === 'string'
      ? (namesAttr[j] as string)
      : study.directions.length === 1
        ? 'value'
        : `value${j}`,
  );
  const objective: Objective = { metric: names[k] as string, mode: mode === 'minimize' ? 'min' : 'max' };
  const notes: string[] = [];
  if (study.directions.length > 1)
    notes.push(
      `the study has ${study.directions.length} objectives; objective ${k} (${objective.metric}, ${mode}) is the study's objective, every value is a metric of each trial's last report`,
    );
  const waiting = study.trials.filter((t) => t.state === 'WAITING');
  if (waiting.length > 0)
    notes.push(
      `skipped ${waiting.length} WAITING trial(s) (never started): Optuna number(s) ${waiting.map((t) => t.number).join(', ')}`,
    );
  const kept = study.trials.filter((t) => t.state !== 'WAITING');
  const space = mergeSpace(kept);
  if (Object.keys(space).length === 0)
    throw new InvalidOptionsError(where, ['has no trial with parameters: there is nothing to import']);
  validateSpace(space);
  const seed = `optuna:${study.name}`;
  const started: StudyStarted = studyStarted({ seed, objective, concurrency: 1, budget: {}, space });
  const header = journalHeader(started, {
    sampler: {
      name: 'optuna',
      options: {
        study: study.name,
        directions: [...study.directions],
        ...(options.source ? { file: options.source } : {}),
      },
    },
  });
  const events: TrialEvent[] = [started];
  const report = (id: string, step: number, metrics: Record<string, number>, value: number): void => {
    events.push(trialReported(id, { step, metrics }, scoreOf(objective, value)));
  };
  kept.forEach((t, number) => {
    const id = String(number);
    const config: Record<string, Choice> = {};
    for (const [name, v] of Object.entries(t.params)) config[name] = choiceOf(v);
    const trial: Trial = {
      id,
      number,
      config,
      seed: number,
      segment: 0,
      startStep: 0,
      lineage: [],
      study: { seed, objective },
    };
    events.push(trialStarted(trial));
    for (const [step, v] of t.intermediateValues) report(id, step, { [objective.metric]: v }, v);
    const lastStep = t.intermediateValues.at(-1)?.[0];
    const lastValue = t.intermediateValues.at(-1)?.[1];
    const values = t.values;
    if (t.state === 'COMPLETE' && values !== null && values.length === study.directions.length) {
      const v = values[k] as number;
      if (lastValue !== v || values.length > 1) {
        const metrics: Record<string, number> = {};
        values.forEach((x, j) => (metrics[names[j] as string] = x));
        report(id, lastStep === undefined ? 0 : lastStep + 1, metrics, v);
      }
      events.push(trialEnded(id, 'completed'));
    } else if (t.state === 'COMPLETE') {
      events.push(trialEnded(id, 'failed', { name: 'OptunaImportError', message: 'COMPLETE trial without values' }));
    } else if (t.state === 'PRUNED') {
      const v = values?.[k];
      if (lastStep === undefined && v !== undefined) report(id, 0, { [objective.metric]: v }, v);
      events.push(trialEnded(id, 'stopped'));
    } else if (t.state === 'FAIL') {
      const reason = t.systemAttrs.fail_reason;
      events.push(
        trialEnded(id, 'failed', {
          name: 'OptunaTrialFailed',
          message: typeof reason === 'string' ? reason : 'the trial failed in Optuna',
        }),
      );
    }
  });
  if (kept.some((t) => Object.keys(t.userAttrs).length > 0 || Object.keys(t.systemAttrs).length > 0))
    notes.push('trial user and system attributes are not carried over');
  if (kept.some((t) => t.state === 'RUNNING'))
    notes.push(`${kept.filter((t) => t.state === 'RUNNING').length} trial(s) were RUNNING in Optuna and stay running`);
  return { header, events, numbers: kept.map((t) => t.number), notes };
};
