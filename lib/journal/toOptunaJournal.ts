import type { Choice } from '../distribution.js';
import { InvalidOptionsError, show } from '../errors.js';
import type { MetricReport } from '../metricReport.js';
import { valueOf } from '../objective.js';
import { flattenSpace } from '../searchSpace.js';
import type { TrialRecord } from '../studyState.js';
import { allTrials, foldStudy } from '../studyState.js';
import type { TrialEvent } from '../trialEvent.js';
import { trialIdOf } from '../trialEvent.js';
import { optunaDistributionJson } from './optunaDistribution.js';
import { pyDumps, pyFloat } from './pyJson.js';

/** Options of {@link toOptunaJournal}. */
export interface ToOptunaOptions {
  /** The Optuna study name. Default `'rxhpo'`. */
  readonly studyName?: string;
  /**
   * When each event was written (ms since the epoch), parallel to the events, as `parseJournal` returns
   * them: a trial's `datetime_start` is the time of its first `TrialStarted`, its `datetime_complete`
   * the time of the last event about it.
   */
  readonly times?: ReadonlyArray<number | undefined>;
  /**
   * For events without a time (journals written before lines carried the time), datetimes are
   * derived: event `i` of the journal (the header is event 0) happens at `start + i` milliseconds.
   * Milliseconds since the epoch; default 0.
   */
  readonly start?: number;
  /** Trials still running: left RUNNING (default) or written as FAIL with a `fail_reason`. */
  readonly running?: 'running' | 'fail';
  /** Optuna's writer identity on every record. Default `'rxhpo-export'`. */
  readonly workerId?: string;
}

/**
 * A time as Optuna 5 writes it: ISO 8601 in UTC with exactly six fractional digits and `+00:00`
 * (never `Z`, which Python 3.10 and older refuse). Optuna 3.1 and 4.x read it too.
 *
 * @example
 * ```ts
 * optunaDatetime(0); // '1970-01-01T00:00:00.000000+00:00'
 * ```
 */
export const optunaDatetime = (ms: number): string =>
  new Date(Math.floor(ms)).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

const objectiveValue = (metric: string, mode: 'min' | 'max', r: MetricReport, score: number): number => {
  const v = r.metrics[metric];
  return typeof v === 'number' ? v : valueOf({ metric, mode }, score);
};

/**
 * An rxhpo journal (its events, the header's `StudyStarted` first) as the text of an Optuna journal
 * file holding one study, which Optuna (3.1 and later) and optuna-dashboard load with the same trials:
 *
 * | rxhpo | Optuna |
 * |---|---|
 * | objective `{metric, mode}` | direction MINIMIZE/MAXIMIZE, study system attr `study:metric_names` |
 * | trial (all its segments) | one trial, same number; system attr `rxhpo:trial_id` |
 * | config | params with distributions (categoricals as indices); inactive conditional params absent |
 * | each report | intermediate value at its step: the objective metric in the user's sign (last wins) |
 * | completed | COMPLETE with the last reported value (FAIL if that is NaN or there is none) |
 * | stopped | PRUNED with the last intermediate value |
 * | paused | PRUNED, system attr `rxhpo:paused: true` |
 * | failed | FAIL, system attr `fail_reason` |
 * | running | RUNNING, or FAIL with `running: 'fail'` |
 * | last report's metrics | user attrs, one per metric |
 * | PBT child | its own trial; system attrs `rxhpo:lineage` (ancestor ids) and `rxhpo:start_step` |
 *
 * Records use only op codes 0 to 9, carry a `worker_id`, write NaN/Infinity as Python does and type
 * float fields as floats.
 *
 * @example
 * ```ts
 * const { events } = readJournal('runs/study.jsonl');
 * writeFileSync('optuna.log', toOptunaJournal(events, { studyName: 'mnist' }));
 * ```
 * @throws InvalidOptionsError when the events do not start with `StudyStarted`.
 */
export const toOptunaJournal = (events: ReadonlyArray<TrialEvent>, options: ToOptunaOptions = {}): string => {
  const started = events[0];
  if (started?._tag !== 'StudyStarted')
    throw new InvalidOptionsError('toOptunaJournal', [
      `the events must start with StudyStarted, got ${show(started?._tag)}`,
    ]);
  const { objective, space } = started;
  const state = foldStudy(started, events);
  const start = options.start ?? 0;
  const worker = options.workerId ?? 'rxhpo-export';
  const firstAt = new Map<string, number>();
  const lastAt = new Map<string, number>();
  const segments = new Map<string, number>();
  const steps = new Map<string, Map<number, number>>();
  const lastValue = new Map<string, number>();
  const startStep = new Map<string, number>();
  events.forEach((e, i) => {
    const id = trialIdOf(e);
    if (id === undefined) return;
    if (!firstAt.has(id)) firstAt.set(id, i);
    lastAt.set(id, i);
    if (e._tag === 'TrialStarted') {
      segments.set(id, (segments.get(id) ?? 0) + 1);
      if (!startStep.has(id)) startStep.set(id, e.trial.startStep);
    }
    if (e._tag === 'TrialReported') {
      const m = steps.get(id) ?? new Map<number, number>();
      const v = objectiveValue(objective.metric, objective.mode, e.report, e.score);
      m.set(e.report.step, v);
      steps.set(id, m);
      lastValue.set(id, v);
    }
  });
  const lines: string[] = [];
  const rec = (op: number, fields: Record<string, unknown>): void => {
    lines.push(pyDumps({ op_code: op, worker_id: worker, ...fields }));
  };
  const at = (i: number | undefined): string =>
    optunaDatetime((i === undefined ? undefined : options.times?.[i]) ?? start + (i ?? 0));
  rec(0, { study_name: options.studyName ?? 'rxhpo', directions: [objective.mode === 'min' ? 1 : 2] });
  rec(3, { study_id: 0, system_attr: { 'study:metric_names': [objective.metric] } });
  rec(3, { study_id: 0, system_attr: { 'rxhpo:seed': started.seed } });
  const params = flattenSpace(space);
  allTrials(state).forEach((r: TrialRecord, trialId) => {
    const t = r.trial;
    rec(4, { study_id: 0, datetime_start: at(firstAt.get(t.id)) });
    for (const p of params) {
      const v = (t.config as Readonly<Record<string, Choice>>)[p.name];
      if (v === undefined) continue;
      const d = p.distribution;
      const internal = d._tag === 'Categorical' ? d.choices.findIndex((c) => c === v) : pyFloat(v as number);
      if (internal === -1) continue;
      rec(5, {
        trial_id: trialId,
        param_name: p.name,
        param_value_internal: internal,
        distribution: optunaDistributionJson(d),
      });
    }
    const series = [...(steps.get(t.id) ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]);
    for (const [step, v] of series)
      rec(7, { trial_id: trialId, step: Math.max(0, Math.round(step)), intermediate_value: pyFloat(v) });
    for (const [name, v] of Object.entries(r.lastMetrics ?? {}))
      rec(8, { trial_id: trialId, user_attr: { [name]: pyFloat(v) } });
    const sys = (key: string, value: unknown): void => rec(9, { trial_id: trialId, system_attr: { [key]: value } });
    sys('rxhpo:trial_id', t.id);
    if ((segments.get(t.id) ?? 1) > 1) sys('rxhpo:segments', segments.get(t.id));
    if (t.lineage.length > 0) sys('rxhpo:lineage', [...t.lineage]);
    const from = startStep.get(t.id) ?? 0;
    if (from > 0) sys('rxhpo:start_step', from);
    // The value is the last report's, as the study ranks trials (not the one at the highest step).
    const last = lastValue.get(t.id);
    const done = at(lastAt.get(t.id));
    const end = (s: number, values: number[] | null): void =>
      rec(6, { trial_id: trialId, state: s, values: values && values.map(pyFloat), datetime_complete: done });
    const fail = (reason: string): void => {
      sys('fail_reason', reason);
      end(3, null);
    };
    switch (r.status) {
      case 'completed':
        if (last === undefined) fail('the trial completed without reporting its objective');
        else if (Number.isNaN(last)) fail(`the objective ${objective.metric} is NaN`);
        else end(1, [last]);
        break;
      case 'stopped':
      case 'paused':
        if (r.status === 'paused') sys('rxhpo:paused', true);
        end(2, last === undefined || Number.isNaN(last) ? null : [last]);
        break;
      case 'failed':
        fail(r.error ? `${r.error.name}: ${r.error.message}` : 'failed');
        break;
      case 'running':
        if (options.running === 'fail') fail('the trial was still running when the journal was exported');
        break;
    }
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
