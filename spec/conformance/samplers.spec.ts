import { describeSampler } from '../../testing/index.js';
import { enqueue, gridSampler, randomSampler } from '../../strategies/index.js';
import { gpSampler } from '../../strategies/samplers/gpSampler.js';

describeSampler('randomSampler', () => randomSampler());
describeSampler('gridSampler', () => gridSampler({ resolution: 7, maxValuesPerParam: 2000 }));
describeSampler('enqueue(random)', () => enqueue([], randomSampler()));
// 256 candidates instead of 2048 keep the suite quick; every other rule is the default's.
describeSampler('gpSampler', () => gpSampler({ candidates: 256 }));
