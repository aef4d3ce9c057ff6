// rxhpo/learners: real machine-learning learners as cross-validated trainers, and autoML over them.
// Each learner's library is an optional peer dependency, imported only when that learner first fits.
export type { Dataset, CsvOptions } from '../node/loadCsv.js';
export { CsvError, loadCsv, parseCsv } from '../node/loadCsv.js';
export type { Fold, KFoldsOptions } from './kFolds.js';
export { kFolds } from './kFolds.js';
export type { FitContext, FittedModel, Learner, Task } from './learner.js';
export type { FoldCheckpoint, LearnerTrainerOptions } from './learnerTrainer.js';
export { fitLearner, learnerTrainer, score, taskObjective } from './learnerTrainer.js';
export { randomForest } from './randomForest.js';
export { svm } from './svm.js';
export { knn } from './knn.js';
export { xgboost } from './xgboost.js';
export { mlp } from './mlp.js';
export { defaultLearners, shippedLearners } from './defaultLearners.js';
export { missingPackages } from './missingPackages.js';
export type { AutoMLOptions, AutoMLResult, LeaderboardRow } from './autoML.js';
export { autoML, autoMLSpace, autoMLStudy } from './autoML.js';
