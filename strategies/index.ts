// rxhpo/strategies: pure algorithms (no rxjs, no clock, no global randomness).
export { randomSampler } from './samplers/randomSampler.js';
export type { GridOptions, GridState } from './samplers/gridSampler.js';
export { gridSampler } from './samplers/gridSampler.js';
export type { EnqueueState } from './samplers/enqueue.js';
export { enqueue } from './samplers/enqueue.js';
export { randomConfig, randomValue, activeIn } from './randomConfig.js';
export type { MutationSpec, CustomExplore, PerturbOptions } from './perturb.js';
export { perturb, mutationProblems, DEFAULT_PERTURB_OPTIONS } from './perturb.js';
export type { PbtOptions, PbtState, PbtMember } from './schedulers/pbtPolicy.js';
export { pbtPolicy, validatePbtOptions, DEFAULT_PBT_OPTIONS } from './schedulers/pbtPolicy.js';
export type { PbtSchedule, PbtScheduleSegment, PbtReplayOptions } from './schedulers/pbtReplay.js';
export { pbtReplay, configAtStep } from './schedulers/pbtReplay.js';
export type { PercentileStoppingOptions, PercentileStoppingState } from './schedulers/percentileStoppingPolicy.js';
export {
  percentileStoppingPolicy,
  DEFAULT_PERCENTILE_STOPPING_OPTIONS,
} from './schedulers/percentileStoppingPolicy.js';
export type { MedianStoppingOptions } from './schedulers/medianStoppingPolicy.js';
export { medianStoppingPolicy } from './schedulers/medianStoppingPolicy.js';
export type { SuccessiveHalvingOptions, SuccessiveHalvingState } from './schedulers/successiveHalvingPolicy.js';
export { successiveHalvingPolicy, DEFAULT_SUCCESSIVE_HALVING_OPTIONS } from './schedulers/successiveHalvingPolicy.js';
export type { AshaOptions, AshaState } from './schedulers/ashaPolicy.js';
export { ashaPolicy, DEFAULT_ASHA_OPTIONS } from './schedulers/ashaPolicy.js';
export type { HyperbandOptions } from './schedulers/hyperbandPolicy.js';
export { hyperbandPolicy, DEFAULT_HYPERBAND_OPTIONS } from './schedulers/hyperbandPolicy.js';
export type { HyperbandBracket } from './schedulers/hyperbandBrackets.js';
export { hyperbandBrackets } from './schedulers/hyperbandBrackets.js';
export type { GroupedState } from './schedulers/groupedPolicy.js';
export { groupedPolicy } from './schedulers/groupedPolicy.js';
export { milestones, levels } from './schedulers/milestones.js';
export { hashedChoice } from './schedulers/hashedChoice.js';
