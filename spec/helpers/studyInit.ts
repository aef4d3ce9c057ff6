import { float } from '../../lib/distribution.js';
import type { Budget } from '../../lib/trialEvent.js';

/**
 * The study-start fixture most state specs share: minimise `loss` over x ∈ [0, 1], 2 concurrent trials,
 * with the budget (and seed) under test.
 */
export const studyInit = (budget: Budget, seed = 0) => ({
  seed,
  objective: { metric: 'loss', mode: 'min' as const },
  space: { x: float(0, 1) },
  concurrency: 2,
  budget,
});
