// rxhpo/operators: one rxjs operator per file.
export type { StudyOptions } from './study.js';
export { study, validateStudyOptions } from './study.js';
export type { ConfigSource } from './sampleWith.js';
export { sampleWith } from './sampleWith.js';
export { trainWith } from './trainWith.js';
export { fromPolicy, chainSchedulers } from './fromPolicy.js';
export { execute } from './execute.js';
export { fifo, fifoPolicy } from './fifo.js';
export type { Best } from './bestSoFar.js';
export { bestSoFar } from './bestSoFar.js';
export { budgetGuard } from './budgetGuard.js';
export { pbt } from './pbt.js';
export { retainCheckpoints } from './retainCheckpoints.js';
export { medianStopping } from './medianStopping.js';
export { percentileStopping } from './percentileStopping.js';
export { successiveHalving } from './successiveHalving.js';
export { asha } from './asha.js';
export { hyperband } from './hyperband.js';
