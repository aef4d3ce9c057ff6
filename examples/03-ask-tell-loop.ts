// The imperative facade: ask for a trial, report each step (the answer may say "stop"), tell the end.
// Same pure core as the reactive study; suits plain async loops, HTTP handlers, workers in other languages.
// Run: npx tsx examples/03-ask-tell-loop.ts
import { askTell, float, int, noDecision, stop } from '../lib/index.js';
import type { Policy } from '../lib/index.js';
import { fromPolicy } from '../operators/index.js';
import { randomSampler } from '../strategies/index.js';

/**
 * Stop a trial whose loss at step 3 is worse than the best loss seen at step 3 so far, times 1.5. The
 * state is plain JSON (null until a first score), so it can be saved and restored.
 */
const stopLaggards: Policy<number | null> = {
  name: 'stopLaggards',
  init: () => null,
  step: (best, e) => {
    if (e._tag !== 'TrialReported' || e.report.step !== 3) return noDecision(best);
    if (best !== null && e.score < best * 1.5)
      return { state: best, decisions: [stop(e.trialId, 'laggard at step 3')] };
    return noDecision(Math.max(best ?? -Infinity, e.score));
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake training step: loss decays at a rate set by lr, with a floor set by width. */
const trainStep = async (config: { lr: number; width: number }, step: number): Promise<number> => {
  await sleep(1);
  return 1 / config.width + Math.exp(-config.lr * 50 * step);
};

export const main = async (
  trials = 20,
  log: (line: string) => void = console.log,
): Promise<{ stopped: number; completed: number }> => {
  const hpo = askTell({
    space: { lr: float(1e-3, 1e-1, { log: true }), width: int(8, 128, { log: true }) },
    objective: { metric: 'loss', mode: 'min' },
    sampler: randomSampler(),
    scheduler: fromPolicy(stopLaggards), // the same operator a reactive study would pipe
    seed: 7,
    budget: { trials },
  });
  let stopped = 0;
  let completed = 0;
  for (let trial = hpo.ask(); trial; trial = hpo.ask()) {
    let decision;
    for (let step = 1; step <= 10 && !decision; step++) {
      decision = hpo.report(trial.id, step, { loss: await trainStep(trial.config, step) });
    }
    if (decision) stopped++;
    else {
      hpo.tell(trial.id);
      completed++;
    }
  }
  const best = hpo.best();
  log(
    `${completed} completed, ${stopped} stopped early; best loss ${(-(best?.lastScore ?? NaN)).toFixed(4)} with ${JSON.stringify(best?.trial.config)}`,
  );
  return { stopped, completed };
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
