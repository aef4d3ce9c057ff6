// Grid search over a small conditional space; the study ends when the grid is exhausted.
// Run: npx tsx examples/02-grid-search.ts
import { of, pipe, lastValueFrom, toArray } from 'rxjs';
import { categorical, float, allTrials, foldStudy } from '../lib/index.js';
import type { TrialEvent } from '../lib/index.js';
import { sampleWith, study, trainWith } from '../operators/index.js';
import { gridSampler } from '../strategies/index.js';

const space = {
  model: categorical(['ridge', 'svm'], { svm: { gamma: float(0.01, 1, { log: true }) } }),
  C: float(0.1, 10, { log: true }),
};

/** A made-up validation error with a known best at svm, gamma 0.1, C 1. */
const error = (c: { model: 'ridge' | 'svm'; C: number; gamma?: number }): number =>
  (c.model === 'svm' ? 0.1 + Math.abs(Math.log10(c.gamma ?? 1) + 1) * 0.2 : 0.35) + Math.abs(Math.log10(c.C)) * 0.1;

export const main = async (log: (line: string) => void = console.log): Promise<number> => {
  const events = await lastValueFrom(
    study(
      { space, objective: { metric: 'error', mode: 'min' }, seed: 1, concurrency: 2 },
      pipe(
        sampleWith(gridSampler({ resolution: 3 })),
        trainWith((trial) => of({ step: 1, metrics: { error: error(trial.config as never) } })),
      ),
    ).pipe(toArray()),
  );
  // The same events fold into the study state, whose selectors answer questions after the fact.
  const state = foldStudy(
    { seed: 1, objective: { metric: 'error', mode: 'min' }, space, concurrency: 2, budget: {} },
    events as TrialEvent[],
  );
  const rows = allTrials(state).sort((a, b) => (b.lastScore ?? -Infinity) - (a.lastScore ?? -Infinity));
  log(`grid of ${rows.length} points, best first:`);
  for (const r of rows.slice(0, 5))
    log(`  error ${(-(r.lastScore ?? NaN)).toFixed(3)}  ${JSON.stringify(r.trial.config)}`);
  return rows.length;
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
