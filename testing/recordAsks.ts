import { askTell } from '../lib/askTell.js';
import type { Config } from '../lib/config.js';
import { pause, stop } from '../lib/decision.js';
import type { Policy } from '../lib/policy.js';
import type { Sampler } from '../lib/sampler.js';
import type { SearchSpace } from '../lib/searchSpace.js';
import type { StudyState } from '../lib/studyState.js';
import type { Trial } from '../lib/trial.js';

/** One ask of a recorded run: the sampler state and study state it was asked with, and its answer. */
export interface RecordedAsk {
  readonly state: unknown;
  readonly study: StudyState;
  readonly config: Config | null;
  readonly next: unknown;
}

// Every kind of trial a model-based sampler reads: trial 4k+1 is stopped at step 1, trial 6k+2 paused at
// step 2 (never resumed), trial 7k+3 fails, the rest complete after three steps.
const pruner: Policy<null> = {
  name: 'conformance pruner',
  init: () => null,
  step: (s, e) => {
    if (e._tag !== 'TrialReported') return { state: s, decisions: [] };
    const n = Number(e.trialId);
    if (e.report.step === 1 && n % 4 === 1) return { state: s, decisions: [stop(e.trialId, 'conformance')] };
    if (e.report.step === 2 && n % 6 === 2) return { state: s, decisions: [pause(e.trialId, 0)] };
    return { state: s, decisions: [] };
  },
};

/**
 * Runs `trials` trials of `sampler` on `space` through the ask/tell facade — three in flight, finished
 * out of order now and then; some stopped, paused or failed — and returns every ask the sampler
 * received, with its states and answer, for checks that re-ask from a recorded point.
 *
 * @example
 * ```ts
 * const asks = recordAsks(randomSampler(), { x: float(0, 1) }, 1, 30, (c) => c.x as number);
 * asks[3].study.running.size; // trials in flight at the 4th ask
 * ```
 */
export const recordAsks = (
  sampler: Sampler<unknown>,
  space: SearchSpace,
  seed: number,
  trials: number,
  loss: (config: Config) => number,
): RecordedAsk[] => {
  const asks: RecordedAsk[] = [];
  const recording: Sampler<unknown> = {
    name: sampler.name,
    init: sampler.init,
    ask: (state, study) => {
      const [config, next] = sampler.ask(state, study);
      asks.push({ state, study, config, next });
      return [config, next];
    },
  };
  const s = askTell({
    space,
    objective: { metric: 'loss', mode: 'min' },
    sampler: recording,
    policy: pruner,
    seed,
    budget: { trials },
    concurrency: 3,
  });
  const open: Trial<Config>[] = [];
  const finish = (t: Trial<Config>): void => {
    for (let step = 1; step <= 3; step++) if (s.report(t.id, step, { loss: loss(t.config) / step })) return;
    if (t.number % 7 === 3) s.tell(t.id, { state: 'failed', error: new Error('conformance failure') });
    else s.tell(t.id);
  };
  for (let t = s.ask(); t; t = s.ask()) {
    open.push(t);
    if (open.length >= 3) finish(open.splice(t.number % 5 === 0 ? 1 : 0, 1)[0] as Trial<Config>);
  }
  for (const t of open) finish(t);
  return asks;
};
