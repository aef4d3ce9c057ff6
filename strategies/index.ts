// rxhpo/strategies: pure algorithms (no rxjs, no clock, no global randomness).
export { randomSampler } from './samplers/randomSampler.js';
export type { GridOptions, GridState } from './samplers/gridSampler.js';
export { gridSampler } from './samplers/gridSampler.js';
export type { EnqueueState } from './samplers/enqueue.js';
export { enqueue } from './samplers/enqueue.js';
export { randomConfig, randomValue, activeIn } from './randomConfig.js';
export type { MutationSpec, CustomExplore, PerturbOptions } from './perturb.js';
export { perturb, DEFAULT_PERTURB_OPTIONS } from './perturb.js';
export type { PbtOptions, PbtState, PbtMember } from './schedulers/pbtPolicy.js';
export { pbtPolicy, DEFAULT_PBT_OPTIONS } from './schedulers/pbtPolicy.js';
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
export type { QmcOptions, QmcState } from './samplers/qmcSampler.js';
export { qmcSampler, qmcPoint, configFromUnit, valueFromUnit, DEFAULT_QMC_OPTIONS } from './samplers/qmcSampler.js';
export type { SobolScramble } from './samplers/qmc/sobolPoint.js';
export { sobolPoint, sobolScramble } from './samplers/qmc/sobolPoint.js';
export type { HaltonScramble } from './samplers/qmc/haltonPoint.js';
export { haltonPoint, haltonScramble } from './samplers/qmc/haltonPoint.js';
export type { TpeOptions, TpeState } from './samplers/tpeSampler.js';
export { tpeSampler, DEFAULT_TPE_OPTIONS } from './samplers/tpeSampler.js';
export { tpeGamma } from './samplers/tpe/tpeGamma.js';
export { tpeWeights } from './samplers/tpe/tpeWeights.js';
export type { WarmObservation, WarmStartSource, WarmTarget } from './models/warmStart.js';
export { warmObservations, warmStartProblems, warmStartSource } from './models/warmStart.js';
export type { GpOptions, GpState, GpFitState } from './samplers/gpSampler.js';
export { gpSampler, DEFAULT_GP_OPTIONS } from './samplers/gpSampler.js';
