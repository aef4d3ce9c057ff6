import type { Choice, Distribution } from '../../lib/distribution.js';
import type { ParamSpec } from '../../lib/searchSpace.js';
import type { StudyState, TrialRecord, TrialStatus } from '../../lib/studyState.js';
import type { TrialId } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialIdOf } from '../../lib/trialEvent.js';
import { internalBounds, toInternal } from '../../lib/unitTransform.js';
import { lowerBoundBy } from '../math/sorted.js';
import type { WarmObservation } from './warmStart.js';

/**
 * A config value in the internal representation model-based samplers work in (Optuna's): the log for
 * log-scale numbers (`toInternal`), the value itself otherwise, the choice index for a categorical. NaN
 * when the value does not belong to the distribution's kind (a number for a categorical that lacks it, a
 * non-finite number): such an observation counts as absent.
 *
 * @example
 * ```ts
 * internalValue(float(1e-4, 1, { log: true }), 1e-2); // ln 0.01
 * internalValue(categorical(['a', 'b']), 'b'); // 1
 * ```
 */
export const internalValue = (d: Distribution, v: unknown): number => {
  if (d._tag === 'Categorical') {
    const i = d.choices.indexOf(v as Choice);
    return i < 0 ? NaN : i;
  }
  return typeof v === 'number' && Number.isFinite(v) ? toInternal(d, v) : NaN;
};

const insert = (arr: number[], x: number, cmp: (a: number, b: number) => number): void => {
  arr.splice(lowerBoundBy(arr, x, cmp), 0, x);
};

const remove = (arr: number[], x: number, cmp: (a: number, b: number) => number): void => {
  const i = lowerBoundBy(arr, x, cmp);
  if (arr[i] !== x) throw new Error(`observationView: slot ${x} missing from an index (a bug)`);
  arr.splice(i, 1);
};

// Where a trial stands for the finished lists: in none, completed with a score, or pruned (stopped/paused).
const OUT = 0;
const COMPLETED = 1;
const PRUNED = 2;

const listOf = (r: TrialRecord): number =>
  r.status === 'completed'
    ? r.lastScore === undefined
      ? OUT
      : COMPLETED
    : r.status === 'stopped' || r.status === 'paused'
      ? PRUNED
      : OUT;

/**
 * The study's trials as model-based samplers read them (TPE now; GP, CMA-ES and BOHB samplers the same
 * way), kept incrementally from `study.log.since(cursor)`: each ask folds only the events since the last
 * one, O(new events · log n), never a rescan of the history.
 *
 * Each trial that has started gets a *slot* (0, 1, 2, … in start order) holding its id, trial number,
 * status (`running`, `completed`, `stopped`, `paused`, `failed`), last score and the step it was
 * reported at (NaN until it reports; scores are always "higher is better", whatever the objective's
 * mode), and per parameter its config value in the internal representation ({@link internalValue}:
 * log scale for log parameters, choice index for categoricals), NaN where the trial lacks the parameter
 * (a conditional branch it did not take). {@link ObservationView.unit} maps a value to [0, 1] exactly as
 * `toUnit` does (log-aware, ints and steps widened by half a step).
 *
 * Kept sorted as trials change, so no ask sorts the history:
 * - `completed`: completed trials with a score, best first (ties: lower trial number first);
 * - `pruned`: stopped and paused trials, furthest step first, then best last score, then trial number
 *   (one that never reported comes last);
 * - `finished`: both of those, by trial number (failed trials, running ones and completed ones that never
 *   reported the objective are in no list);
 * - per parameter, `sortedBy[p]`: the finished trials having it, by (value, trial number), with
 *   `present[p]` their count, and `groups`: the parameters that always occur together among finished
 *   trials (Optuna's search-space group decomposition).
 *
 * It is a cache of a pure function of the log, so sampler states may share it and keep it out of their
 * JSON (a non-enumerable property): {@link ObservationView.sync} extends it in place when the study's
 * log extends the prefix it has folded (checked by the identity of the last folded event), and builds a
 * fresh one otherwise (an older study state, a replayed journal, a state read back from JSON). Read it
 * only for the study state it was last synced to.
 *
 * @example
 * ```ts
 * // A GP or CMA-ES sampler: finished trials over the parameters every one of them has, in [0, 1].
 * const view = ObservationView.sync(state.view, flattenSpace(study.space), study);
 * const dims = view.params.flatMap((_, p) => (view.present[p] === view.finished.length ? [p] : []));
 * const X = view.finished.map((slot) => dims.map((p) => view.unit(p, slot)));
 * const y = view.finished.map((slot) => view.score(slot)); // maximise; pruned: at view.step(slot)
 * const pending = view.runningSlots(study.running).map((slot) => dims.map((p) => view.unit(p, slot)));
 * ```
 */
export class ObservationView {
  private cursor = 0;
  private last: TrialEvent | undefined;
  private readonly slotOf = new Map<TrialId, number>();
  private readonly ids: TrialId[] = [];
  /** Per slot: the trial number. */
  readonly numbers: number[] = [];
  private readonly statuses: TrialStatus[] = [];
  private readonly list: number[] = [];
  private readonly scores: number[] = [];
  private readonly steps: number[] = [];
  // The step the pruned order ranks by: −∞ for a trial that has no score.
  private readonly rankSteps: number[] = [];
  /** Per parameter, per slot: the value in the internal representation, NaN where the trial lacks it. */
  readonly values: ReadonlyArray<number[]>;
  /** Completed trials with a score, best first (ties: lower trial number first, as Python's stable sort). */
  readonly completed: number[] = [];
  /** Stopped and paused trials: furthest step first, then best last score, then trial number. */
  readonly pruned: number[] = [];
  /** Finished trials (the two lists above) by trial number. */
  readonly finished: number[] = [];
  /** Per parameter: the finished trials having it, by (value, trial number). */
  readonly sortedBy: ReadonlyArray<number[]>;
  /** Per parameter: the number of finished trials having it. */
  readonly present: number[];
  private groupList: number[][] = [];
  private readonly bounds: ReadonlyArray<readonly [number, number]>;

  private constructor(
    readonly params: ReadonlyArray<ParamSpec>,
    private readonly warm: ReadonlyArray<WarmObservation> | undefined,
  ) {
    this.values = params.map(() => []);
    this.sortedBy = params.map(() => []);
    this.present = params.map(() => 0);
    this.bounds = params.map(({ distribution: d }) =>
      d._tag === 'Categorical' ? ([0, d.choices.length] as const) : internalBounds(d),
    );
    warm?.forEach((w, i) => this.addWarm(w, i - warm.length));
  }

  // A warm observation: a finished slot with no trial id in this study (so it is never running or
  // refreshed), numbered before this study's trials.
  private addWarm(w: WarmObservation, number: number): void {
    const slot = this.numbers.length;
    this.ids.push(`warm${number}`);
    this.numbers.push(number);
    this.statuses.push(w.status);
    this.list.push(OUT);
    this.scores.push(NaN);
    this.steps.push(NaN);
    this.rankSteps.push(-Infinity);
    this.params.forEach((spec, p) => {
      (this.values[p] as number[]).push(
        Object.hasOwn(w.config, spec.name) ? internalValue(spec.distribution, w.config[spec.name]) : NaN,
      );
    });
    const next = w.status === 'completed' ? COMPLETED : PRUNED;
    this.list[slot] = next;
    this.scores[slot] = w.score;
    this.steps[slot] = w.step ?? NaN;
    this.rankSteps[slot] = w.step ?? -Infinity;
    this.addFinished(slot, next);
  }

  /**
   * The view folded up to the end of `study.log`: `view` extended in place if the log extends what it
   * has folded, a new view otherwise (also when `view` is undefined or was built for other `params`).
   *
   * `warm` (another study's trials, from {@link warmObservations}) become finished trials that come
   * before this study's own (negative trial numbers, in their order): a new view starts with them, so
   * pass the same array on every call.
   */
  static sync(
    view: ObservationView | undefined,
    params: ReadonlyArray<ParamSpec>,
    study: StudyState,
    warm?: ReadonlyArray<WarmObservation>,
  ): ObservationView {
    const log = study.log;
    const fresh =
      view === undefined ||
      view.params !== params ||
      view.warm !== warm ||
      view.cursor > log.size ||
      (view.cursor > 0 && log.at(view.cursor - 1) !== view.last);
    const out = fresh ? new ObservationView(params, warm) : view;
    if (out.cursor === log.size) return out;
    const touched = new Set<TrialId>();
    for (const e of log.since(out.cursor)) {
      if (e._tag === 'TrialStarted' && !out.slotOf.has(e.trial.id))
        out.addSlot(e.trial.id, e.trial.number, e.trial.config);
      const id = trialIdOf(e);
      if (id !== undefined) touched.add(id);
    }
    for (const id of touched) {
      const slot = out.slotOf.get(id);
      const r = study.trials.get(id);
      if (slot !== undefined && r !== undefined) out.refresh(slot, r);
    }
    out.cursor = log.size;
    out.last = log.at(log.size - 1);
    return out;
  }

  /** Trials seen so far (slots 0 .. size − 1). */
  get size(): number {
    return this.numbers.length;
  }

  /** Optuna's group decomposition over finished trials: parameter indices that always co-occur. */
  get groups(): ReadonlyArray<ReadonlyArray<number>> {
    return this.groupList;
  }

  /** The slot of a trial id, if it has started. */
  slot(id: TrialId): number | undefined {
    return this.slotOf.get(id);
  }

  /** The trial id of a slot. */
  id(slot: number): TrialId {
    return this.ids[slot] as TrialId;
  }

  /** The status of a slot's trial, as the study state has it. */
  status(slot: number): TrialStatus {
    return this.statuses[slot] as TrialStatus;
  }

  /** The slot's last score (higher is better), NaN if it never reported. */
  score(slot: number): number {
    return this.scores[slot] as number;
  }

  /** The step of the slot's last report, NaN if it never reported. */
  step(slot: number): number {
    return this.steps[slot] as number;
  }

  /** Whether the slot's trial has parameter `p` (false for a branch it did not take). */
  has(p: number, slot: number): boolean {
    return !Number.isNaN((this.values[p] as number[])[slot]);
  }

  /** Parameter `p` of a slot in the internal representation, NaN where absent. */
  value(p: number, slot: number): number {
    return (this.values[p] as number[])[slot] as number;
  }

  /**
   * Parameter `p` of a slot in [0, 1], NaN where absent: `toUnit` of the config value for a number
   * (0.5 on a degenerate range), (index + ½) / choices for a categorical (the centre of its cell under
   * `choiceFromUnit`).
   */
  unit(p: number, slot: number): number {
    const x = (this.values[p] as number[])[slot] as number;
    const [lo, hi] = this.bounds[p] as readonly [number, number];
    if ((this.params[p] as ParamSpec).distribution._tag === 'Categorical') return (x + 0.5) / hi;
    return hi > lo ? (x - lo) / (hi - lo) : Number.isNaN(x) ? NaN : 0.5;
  }

  /** Slots of the running trials among `ids` (pass `study.running`), by trial number. */
  runningSlots(ids: Iterable<TrialId>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const s = this.slotOf.get(id);
      if (s !== undefined && this.statuses[s] === 'running') out.push(s);
    }
    return out.sort(this.byNumber);
  }

  /** Orders slots by trial number (then slot): the order of `finished` and of the model's observations. */
  readonly byNumber = (a: number, b: number): number =>
    (this.numbers[a] as number) - (this.numbers[b] as number) || a - b;
  private readonly byScore = (a: number, b: number): number =>
    (this.scores[b] as number) - (this.scores[a] as number) || this.byNumber(a, b);
  private readonly byStep = (a: number, b: number): number => {
    const sa = this.rankSteps[a] as number;
    const sb = this.rankSteps[b] as number;
    if (sa !== sb) return sa > sb ? -1 : 1;
    return this.byScore(a, b);
  };
  private readonly valueCmps: ((a: number, b: number) => number)[] = [];
  private valueCmp(p: number): (a: number, b: number) => number {
    const v = this.values[p] as number[];
    return (this.valueCmps[p] ??= (a, b) => (v[a] as number) - (v[b] as number) || this.byNumber(a, b));
  }

  private addSlot(id: TrialId, number: number, config: Readonly<Record<string, unknown>>): void {
    const slot = this.numbers.length;
    this.slotOf.set(id, slot);
    this.ids.push(id);
    this.numbers.push(number);
    this.statuses.push('running');
    this.list.push(OUT);
    this.scores.push(NaN);
    this.steps.push(NaN);
    this.rankSteps.push(-Infinity);
    this.params.forEach((spec, p) => {
      (this.values[p] as number[]).push(
        Object.hasOwn(config, spec.name) ? internalValue(spec.distribution, config[spec.name]) : NaN,
      );
    });
  }

  private refresh(slot: number, r: TrialRecord): void {
    this.statuses[slot] = r.status;
    const next = listOf(r);
    const prev = this.list[slot] as number;
    const score = r.lastScore ?? NaN;
    const step = r.lastStep ?? NaN;
    const rankStep = r.lastScore === undefined || r.lastStep === undefined ? -Infinity : r.lastStep;
    if (prev === next && Object.is(this.scores[slot], score) && this.rankSteps[slot] === rankStep) {
      this.steps[slot] = step;
      return;
    }
    if (prev !== OUT) this.removeFinished(slot, prev);
    this.list[slot] = next;
    this.scores[slot] = score;
    this.steps[slot] = step;
    this.rankSteps[slot] = rankStep;
    if (next !== OUT) this.addFinished(slot, next);
  }

  private addFinished(slot: number, list: number): void {
    insert(list === COMPLETED ? this.completed : this.pruned, slot, list === COMPLETED ? this.byScore : this.byStep);
    insert(this.finished, slot, this.byNumber);
    const keys: number[] = [];
    this.params.forEach((_, p) => {
      if (!this.has(p, slot)) return;
      keys.push(p);
      insert(this.sortedBy[p] as number[], slot, this.valueCmp(p));
      this.present[p] = (this.present[p] as number) + 1;
    });
    this.refineGroups(keys);
  }

  private removeFinished(slot: number, list: number): void {
    remove(list === COMPLETED ? this.completed : this.pruned, slot, list === COMPLETED ? this.byScore : this.byStep);
    remove(this.finished, slot, this.byNumber);
    this.params.forEach((_, p) => {
      if (!this.has(p, slot)) return;
      remove(this.sortedBy[p] as number[], slot, this.valueCmp(p));
      this.present[p] = (this.present[p] as number) - 1;
    });
  }

  // Optuna's _SearchSpaceGroup.add_distributions: each trial's key set splits every group into the part
  // it contains and the part it lacks; keys in no group form a new group.
  private refineGroups(keys: ReadonlyArray<number>): void {
    const rest = new Set(keys);
    const next: number[][] = [];
    for (const g of this.groupList) {
      next.push(g.filter((p) => rest.has(p)));
      next.push(g.filter((p) => !rest.has(p)));
      for (const p of g) rest.delete(p);
    }
    next.push([...rest]);
    this.groupList = next.filter((g) => g.length > 0);
  }
}
