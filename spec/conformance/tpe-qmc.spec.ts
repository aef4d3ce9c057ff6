import { CONFORMANCE_SPACES, describeSampler } from '../../testing/index.js';
import { freshTrial } from '../../lib/nextTrial.js';
import { rngFromSeed, withRng } from '../../lib/rng.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import { foldStudy, reduceStudy } from '../../lib/studyState.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { studyStarted, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { randomConfig } from '../../strategies/randomConfig.js';
import { enqueue, qmcSampler, tpeSampler } from '../../strategies/index.js';

// Model-based after 10 finished trials: 30 trials per check exercise the model, not only the startup.
describeSampler('tpeSampler', () => tpeSampler());
describeSampler('tpeSampler (univariate, no liar, 4.x bandwidths)', () =>
  tpeSampler({ multivariate: false, constantLiar: false, optunaV4Bandwidth: true }),
);
describeSampler('tpeSampler (multivariate, Sobol startup, 5 startup trials)', () =>
  tpeSampler({ startup: 'sobol', nStartupTrials: 5, group: false }),
);
describeSampler('tpeSampler (univariate, Halton startup, 5 startup trials)', () =>
  tpeSampler({ startup: 'halton', nStartupTrials: 5, multivariate: false }),
);
describeSampler('qmcSampler (scrambled Sobol)', () => qmcSampler({ scramble: true }));
describeSampler('qmcSampler (scrambled Halton)', () => qmcSampler({ type: 'halton', scramble: true }));
// Unscrambled sequences are the same for every seed by design.
describeSampler('qmcSampler (Sobol)', () => qmcSampler(), { seedIndependent: true });
describeSampler('qmcSampler (Halton)', () => qmcSampler({ type: 'halton' }), { seedIndependent: true });
// The remaining options, and TPE behind enqueue (its state nested in another sampler's).
describeSampler('tpeSampler (group: false, endpoints, Optuna 3 density, no magic clip, 4.x bandwidths)', () =>
  tpeSampler({
    group: false,
    considerEndpoints: true,
    optuna3Density: true,
    considerMagicClip: false,
    optunaV4Bandwidth: true,
    nStartupTrials: 4,
  }),
);
describeSampler('enqueue(tpeSampler)', () => enqueue([], tpeSampler({ nStartupTrials: 5 })));

// Warm-started TPE: a source study with a few finished trials from every conformance space (each target
// space keeps the ones valid in it), so the warm observations are live on every check.
const warmSource = (): TrialEvent[] => {
  const started = studyStarted({
    seed: 0,
    objective: { metric: 'loss', mode: 'min' },
    concurrency: 1,
    budget: {},
    space: CONFORMANCE_SPACES.float as SearchSpace,
  });
  let state = foldStudy(started, [started]);
  let rng = rngFromSeed(42);
  for (const space of Object.values(CONFORMANCE_SPACES))
    for (let k = 0; k < 6; k++) {
      const [config, next] = withRng(rng, (n) => randomConfig(space, n));
      rng = next;
      const t = freshTrial(state, config);
      const loss = Object.values(config).reduce<number>((s, v) => s + (typeof v === 'number' ? Math.abs(v) : 1), 0);
      for (const e of [
        trialStarted(t),
        trialReported(t.id, { step: 1, metrics: { loss } }, -loss),
        trialEnded(t.id, k === 5 ? 'stopped' : 'completed'),
      ])
        state = reduceStudy(state, e);
    }
  return [...state.log];
};
const source = warmSource();
describeSampler('tpeSampler (warm-started from another study)', () => tpeSampler({ warmStart: source }));
