/** What a study optimises: one reported metric and its direction. */
export interface Objective {
  readonly metric: string;
  readonly mode: 'min' | 'max';
}

/**
 * The single place where direction is normalised: policies and samplers always maximise a score.
 *
 * @example
 * ```ts
 * scoreOf({ metric: 'loss', mode: 'min' }, 0.3); // -0.3
 * ```
 */
export const scoreOf = (objective: Objective, value: number): number => (objective.mode === 'max' ? value : -value);

/** The inverse of {@link scoreOf}: a score back to the metric's own scale. */
export const valueOf = (objective: Objective, score: number): number => (objective.mode === 'max' ? score : -score);
