import type { ParamSpec } from '../../../lib/searchSpace.js';
import type { StudyState, TrialRecord } from '../../../lib/studyState.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { trialIdOf } from '../../../lib/trialEvent.js';
import type { TrialId } from '../../../lib/trial.js';
import { tpeInternal } from './parzenEstimator.js';
import { TpeArena } from './tpeArena.js';
import { lowerBoundBy } from '../../math/sorted.js';

const NONE = 0;
const RUNNING = 1;
const COMPLETE = 2;
const PRUNED = 3;

const insert = (arr: number[], x: number, cmp: (a: number, b: number) => number): void => {
  arr.splice(lowerBoundBy(arr, x, cmp), 0, x);
};

const remove = (arr: number[], x: number, cmp: (a: number, b: number) => number): void => {
  const i = lowerBoundBy(arr, x, cmp);
  if (arr[i] !== x) throw new Error(`tpeHistory: slot ${x} missing from an index (a bug)`);
  arr.splice(i, 1);
};

/** Observations of some parameters, one array per parameter in trial-number order, with their sorted orders. */
export interface Observations {
  readonly values: Float64Array[];
  readonly orders?: Int32Array[];
  readonly count: number;
}

/**
 * The history TPE needs, kept incrementally from `study.log.since(cursor)`: every trial's config in model
 * representation (a "slot" per trial), completed trials sorted by score, pruned/paused trials sorted by
 * (furthest step, score), finished trials by trial number, per-parameter finished observations sorted by
 * value, and the group decomposition of the parameters seen together. An ask then costs O(n·d) to select
 * and order the observations, never a sort of the whole history.
 *
 * It is a cache of a pure function of the study's event log, so sampler states may share it: `sync`
 * extends it in place when the study's log extends the prefix it has folded (checked by the identity of
 * the last folded event), and otherwise builds a fresh one from the whole log (copy-on-branch, as
 * `AppendLog` does). Old sampler states that still point at an extended index stay correct, because the
 * index is only ever read for the log it was synced to within one ask.
 */
export class TpeHistory {
  private cursor = 0;
  private last: TrialEvent | undefined;
  private readonly slotOf = new Map<TrialId, number>();
  /** Per slot. */
  readonly numbers: number[] = [];
  private readonly cat: number[] = [];
  private readonly score: number[] = [];
  private readonly step: number[] = [];
  /** Per parameter, per slot: the value in model representation, NaN where the trial lacks it. */
  readonly values: number[][];
  /** Completed trials, best score first (ties: lower trial number first, as Python's stable sort). */
  readonly complete: number[] = [];
  /** Stopped and paused trials: furthest step first, then best last score, then trial number. */
  readonly pruned: number[] = [];
  /** Finished (completed, stopped, paused) trials by trial number. */
  readonly byNumber: number[] = [];
  /** Per parameter: finished trials having it, by (value, trial number). */
  readonly sortedBy: number[][];
  /** Per parameter: number of finished trials having it. */
  readonly present: number[];
  /** Optuna's group decomposition over finished trials: parameter indices that always co-occur. */
  groups: number[][] = [];
  /** Scratch arrays of one ask (observation columns and orders come from it): reset it when an ask starts. */
  readonly arena = new TpeArena();
  // Scratch for one ask (reset before it returns).
  private isBelow = new Uint8Array(0);
  private compIdx = new Int32Array(0);
  // The above set of fully present parameters for the current below marks and running list (see aboveOf).
  private fullAbove: { running: ReadonlyArray<number>; comps: number[]; idx: Int32Array } | undefined;

  private constructor(readonly params: ReadonlyArray<ParamSpec>) {
    this.values = params.map(() => []);
    this.sortedBy = params.map(() => []);
    this.present = params.map(() => 0);
  }

  private readonly byScore = (a: number, b: number): number =>
    (this.score[b] as number) - (this.score[a] as number) || this.byTrial(a, b);
  private readonly byStep = (a: number, b: number): number => {
    const sa = this.step[a] as number;
    const sb = this.step[b] as number;
    if (sa !== sb) return sa > sb ? -1 : 1;
    return this.byScore(a, b);
  };
  private readonly byTrial = (a: number, b: number): number =>
    (this.numbers[a] as number) - (this.numbers[b] as number) || a - b;
  private readonly byValue = (p: number) => {
    const v = this.values[p] as number[];
    return (a: number, b: number): number => (v[a] as number) - (v[b] as number) || this.byTrial(a, b);
  };
  private readonly valueCmps: ((a: number, b: number) => number)[] = [];

  /**
   * The history folded up to the end of `study.log`: `h` extended in place if the log extends what it
   * has folded, a new history otherwise.
   */
  static sync(h: TpeHistory | undefined, params: ReadonlyArray<ParamSpec>, study: StudyState): TpeHistory {
    const log = study.log;
    const fresh =
      h === undefined ||
      h.params !== params ||
      h.cursor > log.size ||
      (h.cursor > 0 && log.at(h.cursor - 1) !== h.last);
    const out = fresh ? new TpeHistory(params) : h;
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
    out.grow();
    return out;
  }

  /** Finished trials the split counts (completed with a score, stopped, paused). */
  get finished(): number {
    return this.complete.length + this.pruned.length;
  }

  /** The slot of a trial id, if it has started. */
  slot(id: TrialId): number | undefined {
    return this.slotOf.get(id);
  }

  private addSlot(id: TrialId, number: number, config: Readonly<Record<string, unknown>>): void {
    const slot = this.numbers.length;
    this.slotOf.set(id, slot);
    this.numbers.push(number);
    this.cat.push(NONE);
    this.score.push(0);
    this.step.push(-Infinity);
    this.params.forEach((spec, p) => {
      (this.values[p] as number[]).push(spec.name in config ? tpeInternal(spec.distribution, config[spec.name]) : NaN);
    });
  }

  private refresh(slot: number, r: TrialRecord): void {
    const next =
      r.status === 'running'
        ? RUNNING
        : r.status === 'completed'
          ? r.lastScore === undefined
            ? NONE
            : COMPLETE
          : r.status === 'stopped' || r.status === 'paused'
            ? PRUNED
            : NONE;
    const prev = this.cat[slot] as number;
    const score = r.lastScore ?? 0;
    const step = r.lastScore === undefined || r.lastStep === undefined ? -Infinity : r.lastStep;
    if (prev === next && this.score[slot] === score && this.step[slot] === step) return;
    if (prev === COMPLETE || prev === PRUNED) this.removeFinished(slot, prev);
    this.cat[slot] = next;
    this.score[slot] = score;
    this.step[slot] = step;
    if (next === COMPLETE || next === PRUNED) this.addFinished(slot, next);
  }

  private valueCmp(p: number): (a: number, b: number) => number {
    return (this.valueCmps[p] ??= this.byValue(p));
  }

  private addFinished(slot: number, cat: number): void {
    insert(cat === COMPLETE ? this.complete : this.pruned, slot, cat === COMPLETE ? this.byScore : this.byStep);
    insert(this.byNumber, slot, this.byTrial);
    const keys: number[] = [];
    this.params.forEach((_, p) => {
      if (Number.isNaN((this.values[p] as number[])[slot])) return;
      keys.push(p);
      insert(this.sortedBy[p] as number[], slot, this.valueCmp(p));
      this.present[p] = (this.present[p] as number) + 1;
    });
    this.refineGroups(keys);
  }

  private removeFinished(slot: number, cat: number): void {
    remove(cat === COMPLETE ? this.complete : this.pruned, slot, cat === COMPLETE ? this.byScore : this.byStep);
    remove(this.byNumber, slot, this.byTrial);
    this.params.forEach((_, p) => {
      if (Number.isNaN((this.values[p] as number[])[slot])) return;
      remove(this.sortedBy[p] as number[], slot, this.valueCmp(p));
      this.present[p] = (this.present[p] as number) - 1;
    });
  }

  // Optuna's _SearchSpaceGroup.add_distributions: each trial's key set splits every group into the part
  // it contains and the part it lacks; keys in no group form a new group.
  private refineGroups(keys: ReadonlyArray<number>): void {
    const rest = new Set(keys);
    const next: number[][] = [];
    for (const g of this.groups) {
      next.push(g.filter((p) => rest.has(p)));
      next.push(g.filter((p) => !rest.has(p)));
      for (const p of g) rest.delete(p);
    }
    next.push([...rest]);
    this.groups = next.filter((g) => g.length > 0);
  }

  private grow(): void {
    const n = this.numbers.length;
    if (this.isBelow.length >= n) return;
    const cap = Math.max(16, n * 2);
    const below = new Uint8Array(cap);
    below.set(this.isBelow);
    this.isBelow = below;
    const comp = new Int32Array(cap).fill(-1);
    comp.set(this.compIdx);
    this.compIdx = comp;
  }

  /**
   * Marks the "below" (good) set of §3.2 step 5: the best `nBelow` completed trials, then the quota filled
   * from pruned/paused ones by (furthest step, score). Returns the below slots by trial number; call
   * {@link unmarkBelow} with them when the ask is done.
   */
  markBelow(nBelow: number): number[] {
    const k = Math.min(nBelow, this.complete.length);
    const below = this.complete.slice(0, k);
    for (let i = 0; i < Math.min(nBelow - k, this.pruned.length); i++) below.push(this.pruned[i] as number);
    for (const s of below) this.isBelow[s] = 1;
    this.fullAbove = undefined;
    return below.sort(this.byTrial);
  }

  /** Clears the marks of {@link markBelow}. */
  unmarkBelow(below: ReadonlyArray<number>): void {
    for (const s of below) this.isBelow[s] = 0;
    this.fullAbove = undefined;
  }

  /** Slots of running trials (constant liar), by trial number. */
  runningSlots(ids: Iterable<TrialId>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const s = this.slotOf.get(id);
      if (s !== undefined && this.cat[s] === RUNNING) out.push(s);
    }
    return out.sort(this.byTrial);
  }

  private hasAll(slot: number, ps: ReadonlyArray<number>): boolean {
    for (let i = 0; i < ps.length; i++)
      if (Number.isNaN((this.values[ps[i] as number] as number[])[slot])) return false;
    return true;
  }

  private gather(ps: ReadonlyArray<number>, slots: ReadonlyArray<number>): Float64Array[] {
    return ps.map((p) => {
      const src = this.values[p] as number[];
      const col = this.arena.f64(slots.length);
      for (let i = 0; i < slots.length; i++) col[i] = src[slots[i] as number] as number;
      return col;
    });
  }

  /** Observations of `ps` among `slots` (already by trial number) that have every one of them. */
  observationsOf(ps: ReadonlyArray<number>, slots: ReadonlyArray<number>): Observations {
    const kept = slots.filter((s) => this.hasAll(s, ps));
    return { values: this.gather(ps, kept), count: kept.length };
  }

  /**
   * Observations of `ps` in the "above" set: finished trials not marked below, plus `running` (constant
   * liar), keeping only trials that have all of `ps`; in trial-number order, with each parameter's sorted
   * order read off the incremental per-parameter index in O(n).
   */
  aboveOf(ps: ReadonlyArray<number>, running: ReadonlyArray<number>): Observations {
    // Parameters every finished and running trial has (the whole space unless it is conditional) share
    // one above set: the univariate form asks for it once per parameter, so it is built once per ask.
    const full = ps.every((p) => this.present[p] === this.finished) && running.every((s) => this.hasAll(s, ps));
    if (full && this.fullAbove?.running === running)
      return this.observe(ps, running, this.fullAbove.comps, this.fullAbove.idx);
    const comps: number[] = [];
    const fin = this.byNumber;
    const isBelow = this.isBelow;
    const compIdx = full ? new Int32Array(this.compIdx.length).fill(-1) : this.compIdx;
    let i = 0;
    let j = 0;
    while (i < fin.length || j < running.length) {
      let s: number;
      if (j < running.length && (i >= fin.length || this.byTrial(running[j] as number, fin[i] as number) < 0)) {
        s = running[j++] as number;
      } else {
        s = fin[i++] as number;
        if (isBelow[s]) continue;
      }
      if (!full && !this.hasAll(s, ps)) continue;
      compIdx[s] = comps.length;
      comps.push(s);
    }
    if (full) {
      this.fullAbove = { running, comps, idx: compIdx };
      return this.observe(ps, running, comps, compIdx);
    }
    const out = this.observe(ps, running, comps, compIdx);
    for (let t = 0; t < comps.length; t++) compIdx[comps[t] as number] = -1;
    return out;
  }

  // The columns of `ps` over the above set `comps` (slot → position in `idx`), with sorted orders.
  private observe(
    ps: ReadonlyArray<number>,
    running: ReadonlyArray<number>,
    comps: ReadonlyArray<number>,
    compIdx: Int32Array,
  ): Observations {
    const values = this.gather(ps, comps);
    const runningComps: number[] = [];
    for (const s of running) if ((compIdx[s] as number) >= 0) runningComps.push(compIdx[s] as number);
    const orders = ps.map((p, d) => {
      const vals = values[d] as Float64Array;
      const order = this.arena.i32(comps.length);
      const extra = runningComps.slice().sort((a, b) => (vals[a] as number) - (vals[b] as number) || a - b);
      const sorted = this.sortedBy[p] as number[];
      let n = 0;
      let r = 0;
      for (let t = 0; t < sorted.length; t++) {
        const k = compIdx[sorted[t] as number] as number;
        if (k < 0) continue;
        if (r < extra.length) {
          const v = vals[k] as number;
          while (r < extra.length && (vals[extra[r] as number] as number) < v) order[n++] = extra[r++] as number;
        }
        order[n++] = k;
      }
      while (r < extra.length) order[n++] = extra[r++] as number;
      return order;
    });
    return { values, orders, count: comps.length };
  }
}
