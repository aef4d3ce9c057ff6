// rxhpo/node: what needs Node's file system and processes. Its own entry, so that the main entry
// imports no `node:` module and bundles for browsers.
export type { FileCheckpointStoreOptions } from './fileCheckpointStore.js';
export { fileCheckpointStore } from './fileCheckpointStore.js';
export type { CommandTrainerOptions, ConfigChannel } from './commandTrainer.js';
export { commandTrainer } from './commandTrainer.js';
export type { OpenJournalOptions, JournalFile } from './journalFile.js';
export { openJournal, readJournal } from './journalFile.js';
export { JournalLockedError, lockJournal } from './journalLock.js';
export type { JournalToOptions } from './journalTo.js';
export { journalTo, JournalExistsError, JournalMismatchError } from './journalTo.js';
export type { ExportOptunaOptions, ImportOptunaOptions } from './optunaFile.js';
export { exportOptunaJournal, importOptunaJournal } from './optunaFile.js';
export type { ProgressOptions, ProgressStream } from './progress.js';
export { progress, progressText } from './progress.js';
export { CsvError, loadCsv, parseCsv } from './loadCsv.js';
export type { CsvOptions, Dataset } from './loadCsv.js';
