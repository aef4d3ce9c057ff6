import { describeSampler } from '../../testing/index.js';
import { enqueue, gridSampler, randomSampler } from '../../strategies/index.js';

describeSampler('randomSampler', () => randomSampler());
describeSampler('gridSampler', () => gridSampler({ resolution: 7, maxValuesPerParam: 2000 }));
describeSampler('enqueue(random)', () => enqueue([], randomSampler()));
