// rxhpo/testing: the public test kit.
export { eventMatcher } from './eventMatcher.js';
export { fakeTrainer, fakeTrial, report, TEST_OBJECTIVE } from './fakeTrainer.js';
export type { ColdFactory, RunsOfOptions } from './runsOf.js';
export { runsOf } from './runsOf.js';
export type { SuiteFns, DescribeSamplerOptions } from './describeSampler.js';
export { describeSampler, CONFORMANCE_SPACES } from './describeSampler.js';
export type { DescribeSchedulerOptions } from './describeScheduler.js';
export { describeScheduler } from './describeScheduler.js';
export type { LearningCurveTrainerOptions } from './learningCurveTrainer.js';
export { learningCurveTrainer } from './learningCurveTrainer.js';
