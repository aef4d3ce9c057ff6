// rxhpo: core types, the loop and the imperative facade. Explicit named re-exports only: what users and
// authors of samplers and schedulers need. The driver's plumbing stays importable from its own module
// inside this repository and is not part of the package's API (see api/).
export type {
  Choice,
  Distribution,
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  FloatOptions,
  IntOptions,
} from './distribution.js';
export type { Condition, MembershipCondition, RangeCondition, Conditional, RepeatingInt } from './distribution.js';
export { float, int, categorical, contains } from './distribution.js';
export { when, conditionHolds, MAX_CONDITION_DEPTH } from './distribution.js';
export type { SearchSpace, ConfigOf, ParamSpec } from './searchSpace.js';
export { flattenSpace, validateSpace, configProblems } from './searchSpace.js';
export { param } from './searchSpace.js';
export { spaceFromJson } from './spaceFromJson.js';
export type { NumericDistribution } from './unitTransform.js';
export { toUnit, fromUnit, choiceFromUnit } from './unitTransform.js';
export type { Config } from './config.js';
export type { RngState, Seed } from './rng.js';
export { rngFromSeed, derive, seedInt, withRng, uniform, normalFrom, intBelow, shuffled } from './rng.js';
export type { Trial, TrialId, StudyRef } from './trial.js';
export type { MetricReport } from './metricReport.js';
export type { Objective } from './objective.js';
export { scoreOf, valueOf } from './objective.js';
export type { Decision, Stop, Pause, Promote, Fork } from './decision.js';
export { stop, pause, promote, fork } from './decision.js';
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
  CostBudget,
} from './trialEvent.js';
export {
  DEFAULT_COST_METRIC,
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
export type { StudyState, StudyInit, TrialRecord, TrialStatus, Continuation, ReplayHandle } from './studyState.js';
export {
  initialStudyState,
  reduceStudy,
  foldStudy,
  trialRecord,
  bestTrial,
  allTrials,
  runningTrials,
  pausedTrials,
  budgetSpent,
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
export {
  InvalidOptionsError,
  TrainerContractError,
  TrialFailedError,
  DecodeError,
  UnknownTrialError,
  StudyFailedError,
} from './errors.js';
export type { TrialFailure } from './errors.js';
export type { OnRunning, ReplayCoordinator, ReplayNote } from './replayCoordinator.js';
export { ReplayDivergedError, interruptedRunEnd } from './replayCoordinator.js';
export { sameJson } from './sameJson.js';
export type { FailFast } from './failFast.js';
export { checkOptionKeys, unknownOptionProblems } from './optionKeys.js';
export { longTimer } from './longTimer.js';
export type { AskTellOptions, AskTellStudy } from './askTell.js';
export { askTell } from './askTell.js';
export type { CheckpointStore, CheckpointRef, MemoryCheckpointStoreOptions } from './checkpointStore.js';
export { memoryCheckpointStore, checkpointRef, CheckpointNotFoundError } from './checkpointStore.js';
export type { RetentionOptions } from './checkpointRetention.js';
export type { TrialControl, AsyncTrainerFn } from './fromAsync.js';
export { fromAsync } from './fromAsync.js';
export type { ReportsOf } from './fromAsyncIterable.js';
export { fromAsyncIterable } from './fromAsyncIterable.js';
export { TrialStoppedError } from './trialStoppedError.js';
export type { TrialRow, BestRow, StudyResult } from './studyResult.js';
export { trialsTable, bestOf, studyResult } from './studyResult.js';
export { toJsonLine, fromJsonLine } from './jsonLine.js';
export { TrialEventCodec, TrialCodec, decodeTrialEvent } from './trialEventCodec.js';
export type { JournalHeader, StrategyDescription } from './journal/journalHeader.js';
export { journalHeader, decodeJournalHeader, JOURNAL_VERSION } from './journal/journalHeader.js';
export { VERSION, LIBRARY } from './version.js';
export type { ParsedJournal } from './journal/parseJournal.js';
export { parseJournal } from './journal/parseJournal.js';
export type { OptunaJournal, OptunaStudy, OptunaTrial, OptunaTrialState } from './journal/readOptunaJournal.js';
export { readOptunaJournal } from './journal/readOptunaJournal.js';
export type { FromOptunaOptions, ImportedStudy } from './journal/fromOptunaStudy.js';
export { fromOptunaStudy, OPTUNA_NONE } from './journal/fromOptunaStudy.js';
export type { ToOptunaOptions } from './journal/toOptunaJournal.js';
export { toOptunaJournal, optunaDatetime } from './journal/toOptunaJournal.js';
export type { StudySummary, TrialSummary } from './journal/studySummary.js';
export { studySummary } from './journal/studySummary.js';
export type { StudyProgress } from './studyProgress.js';
export { initialProgress, reduceProgress, budgetProgress } from './studyProgress.js';
