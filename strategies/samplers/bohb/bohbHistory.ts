import type { ParamSpec } from '../../../lib/searchSpace.js';
import type { StudyState } from '../../../lib/studyState.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { toUnit } from '../../../lib/unitTransform.js';

/**
 * A config as BOHB's KDEs see it (HpBandSter's ConfigSpace vector): numeric parameters in [0, 1] by the
 * unit transform (log-aware, ints widened by half a step), categoricals as their choice index, NaN where
 * the config lacks the parameter (an inactive branch).
 */
export const bohbVector = (params: ReadonlyArray<ParamSpec>, config: Readonly<Record<string, unknown>>): number[] =>
  params.map((p) => {
    const v = config[p.name];
    const d = p.distribution;
    if (d._tag === 'Categorical') {
      const i = d.choices.indexOf(v as never);
      return i < 0 ? NaN : i;
    }
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, toUnit(d, v))) : NaN;
  });

/**
 * BOHB's observations per budget, kept incrementally from `study.log.since(cursor)`: a budget is a step
 * some trial reported at, and each trial's score at that step (its last report there) is one observation
 * at that budget; a failed trial counts as −∞ at its budget (`trial.budget`, else the step after its last
 * report). A cache of a pure function of the log: {@link BohbHistory.sync} extends it when the log
 * extends what it has folded, and rebuilds it otherwise.
 */
export class BohbHistory {
  private cursor = 0;
  private last: TrialEvent | undefined;
  private readonly vectors = new Map<string, number[]>();
  private readonly lastStep = new Map<string, number>();
  private readonly byBudget = new Map<number, Map<string, number>>();

  private constructor(private readonly params: ReadonlyArray<ParamSpec>) {}

  /** The history for `study`, reusing `prev` when it is a prefix of the study's log. */
  static sync(prev: BohbHistory | undefined, params: ReadonlyArray<ParamSpec>, study: StudyState): BohbHistory {
    const h =
      prev && prev.params === params && prev.cursor <= study.log.size && study.log.at(prev.cursor - 1) === prev.last
        ? prev
        : new BohbHistory(params);
    for (const e of study.log.since(h.cursor)) h.fold(e);
    h.cursor = study.log.size;
    h.last = study.log.at(h.cursor - 1);
    return h;
  }

  private observe(id: string, budget: number, score: number): void {
    let m = this.byBudget.get(budget);
    if (!m) this.byBudget.set(budget, (m = new Map()));
    m.set(id, score);
  }

  private fold(e: TrialEvent): void {
    switch (e._tag) {
      case 'TrialStarted':
        if (!this.vectors.has(e.trial.id)) this.vectors.set(e.trial.id, bohbVector(this.params, e.trial.config));
        return;
      case 'TrialReported':
        if (!this.vectors.has(e.trialId)) return;
        this.lastStep.set(e.trialId, e.report.step);
        if (Number.isFinite(e.score)) this.observe(e.trialId, e.report.step, e.score);
        return;
      case 'TrialEnded': {
        if (e.outcome !== 'failed' || !this.vectors.has(e.trialId)) return;
        const started = this.lastStep.get(e.trialId);
        const budget = started === undefined ? 1 : started + 1;
        this.observe(e.trialId, budget, -Infinity);
        return;
      }
      default:
        return;
    }
  }

  /** Budgets with at least `n` observations, largest first. */
  budgetsWith(n: number): number[] {
    return [...this.byBudget.entries()]
      .filter(([, m]) => m.size >= n)
      .map(([b]) => b)
      .sort((a, b) => b - a);
  }

  /** The observations at `budget`: vectors and scores (higher is better), in the order trials first reported there. */
  at(budget: number): { readonly vectors: number[][]; readonly scores: number[] } {
    const m = this.byBudget.get(budget) ?? new Map<string, number>();
    const vectors: number[][] = [];
    const scores: number[] = [];
    for (const [id, s] of m) {
      vectors.push(this.vectors.get(id) as number[]);
      scores.push(s);
    }
    return { vectors, scores };
  }
}
