// rxhpo/strategies: pure algorithms (no rxjs, no clock, no global randomness).
export { randomSampler } from './samplers/randomSampler.js';
export type { GridOptions, GridState } from './samplers/gridSampler.js';
export { gridSampler } from './samplers/gridSampler.js';
export type { EnqueueState } from './samplers/enqueue.js';
export { enqueue } from './samplers/enqueue.js';
export { randomConfig, randomValue, activeIn } from './randomConfig.js';
