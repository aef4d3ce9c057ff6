import { describeScheduler } from '../../testing/index.js';
import { fifo } from '../../operators/index.js';

describeScheduler('fifo', () => fifo());
import { asha, hyperband, medianStopping, percentileStopping, successiveHalving } from '../../operators/index.js';

// First rungs at step 2: the suite's early-unsubscribe check cuts at frame 3, after the step-1 reports.

describeScheduler('medianStopping', () => medianStopping({ nStartupTrials: 2 }));
describeScheduler('percentileStopping', () => percentileStopping({ percentile: 25, nStartupTrials: 2 }));
describeScheduler('successiveHalving', () =>
  successiveHalving({ minStep: 2, maxStep: 27, reductionFactor: 3, cohortSize: 6 }),
);
describeScheduler('asha (stop)', () => asha({ minStep: 2, maxStep: 27, reductionFactor: 3 }));
describeScheduler('asha (promote)', () => asha({ minStep: 2, maxStep: 27, reductionFactor: 3, mode: 'promote' }));
describeScheduler('asha (promote, 2 brackets)', () =>
  asha({ minStep: 2, maxStep: 27, reductionFactor: 3, mode: 'promote', brackets: 2 }),
);
describeScheduler('hyperband (sync)', () => hyperband({ minStep: 2, maxStep: 27, reductionFactor: 3 }));
describeScheduler('hyperband (stop)', () => hyperband({ minStep: 2, maxStep: 27, reductionFactor: 3, mode: 'stop' }));
describeScheduler('hyperband (promote)', () =>
  hyperband({ minStep: 2, maxStep: 27, reductionFactor: 3, mode: 'promote' }),
);
describeScheduler('hyperband (sync, sequential brackets)', () =>
  hyperband({ minStep: 2, maxStep: 27, reductionFactor: 3, brackets: 'sequential' }),
);
