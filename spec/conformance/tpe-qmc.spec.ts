import { describeSampler } from '../../testing/index.js';
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
