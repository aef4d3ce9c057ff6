import { describeSampler } from '../../testing/index.js';
import { bohbSampler } from '../../strategies/index.js';

// Single-fidelity trials report once, at their last step: that step is the one budget BOHB models.
describeSampler('bohbSampler', () => bohbSampler());
describeSampler('bohbSampler (model from 3 points, no random fraction)', () =>
  bohbSampler({ minPointsInModel: 3, randomFraction: 0 }),
);
