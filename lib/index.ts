// rxhpo: core types, the loop and the imperative facade. Explicit named re-exports only.
export type {
  Choice,
  Distribution,
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  FloatOptions,
  IntOptions,
} from './distribution.js';
export { float, int, categorical, contains } from './distribution.js';
export type { SearchSpace, ConfigOf, ParamSpec } from './searchSpace.js';
export { flattenSpace, validateSpace, configProblems, spaceProblems, describeDistribution } from './searchSpace.js';
export { spaceFromJson } from './spaceFromJson.js';
export type { NumericDistribution } from './unitTransform.js';
export { internalBounds, toInternal, fromInternal, toUnit, fromUnit, choiceFromUnit } from './unitTransform.js';
export type { Config } from './config.js';
export { configKey } from './config.js';
export type { RngState, Seed } from './rng.js';
export { rngFromSeed, derive, seedInt, withRng, uniform, normalFrom, intBelow, shuffled } from './rng.js';
export type { Trial, TrialId, StudyRef } from './trial.js';
export type { MetricReport } from './metricReport.js';
export { MetricReportCodec } from './metricReport.js';
export type { Objective } from './objective.js';
export { scoreOf, valueOf } from './objective.js';
export type { Decision, Stop, Pause, Promote, Fork } from './decision.js';
export { stop, pause, promote, fork, endedBy, endOutcome } from './decision.js';
export type { ParamMutation, MutationRecord } from './mutation.js';
export type {
  TrialEvent,
  StudyStarted,
  TrialStarted,
  TrialReported,
  TrialDecided,
  TrialEnded,
  DeadlineReached,
  Outcome,
  Budget,
} from './trialEvent.js';
export {
  studyStarted,
  trialStarted,
  trialReported,
  trialDecided,
  trialEnded,
  deadlineReached,
  isEvent,
  trialIdOf,
} from './trialEvent.js';
export type { TrialRun, SchedulerOperator } from './trialRun.js';
export type { StudyState, StudyInit, TrialRecord, TrialStatus, Continuation } from './studyState.js';
export {
  initialStudyState,
  reduceStudy,
  foldStudy,
  trialRecord,
  bestTrial,
  allTrials,
  runningTrials,
  pausedTrials,
  freeSlots,
  budgetSpent,
  hardStopped,
  configOf,
} from './studyState.js';
export { AppendLog } from './appendLog.js';
export type { Sampler } from './sampler.js';
export type { Policy, PolicyStep } from './policy.js';
export { noDecision } from './policy.js';
export type { AppliedPolicy, PolicyOutput } from './applyPolicy.js';
export { applyPolicy } from './applyPolicy.js';
export type { PolicyScheduler, PolicyChain, ChainStep } from './policyChain.js';
export { policiesOf, policyChain } from './policyChain.js';
export type { Trainer } from './trainer.js';
export { closeLoop } from './loop.js';
export {
  InvalidOptionsError,
  TrainerContractError,
  TrialFailedError,
  DecodeError,
  UnknownTrialError,
} from './errors.js';
export type { AskTellOptions, AskTellStudy } from './askTell.js';
export { askTell } from './askTell.js';
export { checkReport } from './checkReport.js';
export { decodeProblems } from './decodeProblems.js';
export type { NextStep } from './nextTrial.js';
export { continuationTrial, freshTrial, nextStep } from './nextTrial.js';
export { errorInfo } from './errors.js';
export type { CheckpointStore, CheckpointRef, MemoryCheckpointStoreOptions } from './checkpointStore.js';
export { memoryCheckpointStore, checkpointRef, CheckpointNotFoundError } from './checkpointStore.js';
export type { RetentionState, RetentionOptions } from './checkpointRetention.js';
export { initialRetention, retentionStep, reachableCheckpoints } from './checkpointRetention.js';
