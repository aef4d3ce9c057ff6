import type { ParamSpec } from '../../../lib/searchSpace.js';
import type { StudyState } from '../../../lib/studyState.js';
import type { TrialId } from '../../../lib/trial.js';
import { ObservationView } from '../../models/observationView.js';
import type { WarmObservation } from '../../models/warmStart.js';
import { TpeArena } from './tpeArena.js';

/** Observations of some parameters, one array per parameter in trial-number order, with their sorted orders. */
export interface Observations {
  readonly values: Float64Array[];
  readonly orders?: Int32Array[];
  readonly count: number;
}

/**
 * What TPE reads per ask, on top of the study's {@link ObservationView} (trials in the model's
 * representation, completed trials by score, pruned ones by step, finished ones by number, each
 * parameter's finished observations by value, the group decomposition — all kept incrementally): the
 * good set of an ask ({@link TpeHistory.markBelow}), the running trials (constant liar), and the columns
 * and sorted orders of the good and bad sets of any group of parameters, in O(n·d) from the view's
 * sorted indexes, never a sort of the whole history. It also owns the ask's scratch arena.
 *
 * Like the view, it is a cache of the study's log: {@link TpeHistory.sync} keeps it as long as the view
 * is extended in place, and starts a new one when the view is rebuilt (another branch of the log).
 *
 * @example
 * ```ts
 * const h = TpeHistory.sync(state.history, flattenSpace(study.space), study);
 * h.arena.reset();
 * const below = h.markBelow(tpeGamma(h.finished));
 * const good = h.observationsOf([0], below); // parameter 0 over the good set, by trial number
 * const bad = h.aboveOf([0], h.runningSlots(study.running)); // the rest and the running trials, with orders
 * h.unmarkBelow(below);
 * ```
 */
export class TpeHistory {
  /** Per parameter, per slot: the value in model representation, NaN where the trial lacks it (the view's). */
  readonly values: ReadonlyArray<ReadonlyArray<number>>;
  /** Per parameter: finished trials having it, by (value, trial number) (the view's). */
  readonly sortedBy: ReadonlyArray<ReadonlyArray<number>>;
  /** Per parameter: number of finished trials having it (the view's). */
  readonly present: ReadonlyArray<number>;
  /** Scratch arrays of one ask (observation columns and orders come from it): reset it when an ask starts. */
  readonly arena = new TpeArena();
  // Scratch for one ask (reset before it returns).
  private isBelow = new Uint8Array(0);
  private compIdx = new Int32Array(0);
  // The above set of fully present parameters for the current below marks and running list (see aboveOf).
  private fullAbove: { running: ReadonlyArray<number>; comps: number[]; idx: Int32Array } | undefined;
  private readonly byTrial: (a: number, b: number) => number;

  private constructor(readonly view: ObservationView) {
    this.values = view.values;
    this.sortedBy = view.sortedBy;
    this.present = view.present;
    this.byTrial = view.byNumber;
  }

  /**
   * The history folded up to the end of `study.log`: `h` itself if its view was extended in place, a new
   * history over a new view otherwise. `warm`: another study's trials, observed before this study's own.
   */
  static sync(
    h: TpeHistory | undefined,
    params: ReadonlyArray<ParamSpec>,
    study: StudyState,
    warm?: ReadonlyArray<WarmObservation>,
  ): TpeHistory {
    const view = ObservationView.sync(h?.view, params, study, warm);
    const out = h !== undefined && h.view === view ? h : new TpeHistory(view);
    out.grow();
    return out;
  }

  /** The flattened space the history is kept for. */
  get params(): ReadonlyArray<ParamSpec> {
    return this.view.params;
  }

  /** Finished trials the split counts (completed with a score, stopped, paused). */
  get finished(): number {
    return this.view.finished.length;
  }

  /** Optuna's group decomposition over finished trials: parameter indices that always co-occur. */
  get groups(): ReadonlyArray<ReadonlyArray<number>> {
    return this.view.groups;
  }

  /** Slots of running trials (constant liar), by trial number. */
  runningSlots(ids: Iterable<TrialId>): number[] {
    return this.view.runningSlots(ids);
  }

  private grow(): void {
    const n = this.view.size;
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
    const { completed, pruned } = this.view;
    const k = Math.min(nBelow, completed.length);
    const below = completed.slice(0, k);
    for (let i = 0; i < Math.min(nBelow - k, pruned.length); i++) below.push(pruned[i] as number);
    for (const s of below) this.isBelow[s] = 1;
    this.fullAbove = undefined;
    return below.sort(this.byTrial);
  }

  /** Clears the marks of {@link markBelow}. */
  unmarkBelow(below: ReadonlyArray<number>): void {
    for (const s of below) this.isBelow[s] = 0;
    this.fullAbove = undefined;
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
    const fin = this.view.finished;
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
