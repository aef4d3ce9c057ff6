import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import type { FromOptunaOptions, ImportedStudy } from '../../lib/journal/fromOptunaStudy.js';
import { fromOptunaStudy } from '../../lib/journal/fromOptunaStudy.js';
import { readOptunaJournal } from '../../lib/journal/readOptunaJournal.js';
import type { ToOptunaOptions } from '../../lib/journal/toOptunaJournal.js';
import { toOptunaJournal } from '../../lib/journal/toOptunaJournal.js';
import { openJournal, readJournal } from './journalFile.js';
import { JournalExistsError } from './journalTo.js';

/** Options of {@link exportOptunaJournal}. */
export interface ExportOptunaOptions extends ToOptunaOptions {
  /** Replace `out` if it exists (default: refuse, since Optuna appends studies to one file). */
  readonly overwrite?: boolean;
}

/**
 * Writes an rxhpo journal as an Optuna journal file (one study) that Optuna 3.1 and later, and
 * optuna-dashboard, open with `JournalStorage(JournalFileStorage(out))`. Datetimes are the times the
 * journal records for its events; for a journal written without them they are derived from the event
 * order: without `start`, the first event is placed so that the last one falls on the journal file's
 * modification time.
 *
 * @example
 * ```ts
 * exportOptunaJournal('runs/study.jsonl', 'runs/optuna.log', { studyName: 'mnist' });
 * ```
 * @returns the number of trials written.
 * @throws DecodeError naming the file and line of a corrupt journal; InvalidOptionsError if `out` exists.
 */
export const exportOptunaJournal = (journal: string, out: string, options: ExportOptunaOptions = {}): number => {
  const { events, times } = readJournal(journal);
  if (events.length === 0) throw new InvalidOptionsError('export', [`journal ${show(journal)} is empty`]);
  if (existsSync(out) && options.overwrite !== true)
    throw new InvalidOptionsError('export', [`${show(out)} exists; choose another file or overwrite it`]);
  const start = options.start ?? Math.floor(statSync(journal).mtimeMs) - events.length;
  const { overwrite: _, ...rest } = options;
  writeFileSync(out, toOptunaJournal(events, { times, ...rest, start }));
  return new Set(events.flatMap((e) => (e._tag === 'TrialStarted' ? [e.trial.id] : []))).size;
};

/** Options of {@link importOptunaJournal}. */
export interface ImportOptunaOptions extends FromOptunaOptions {
  /** The study to import when the file holds several. */
  readonly study?: string;
  /** Where notes go (skipped records and trials, what was not carried over). Default `process.emitWarning`. */
  readonly warn?: (message: string) => void;
}

/**
 * Reads a study from an Optuna journal file (written by Optuna 3.1 to 5.x) and writes it as a new rxhpo
 * journal at `journal`, which `readJournal` and `rxhpo show` read and samplers can warm-start from.
 * Picks `options.study`, or the file's only study.
 *
 * @example
 * ```ts
 * importOptunaJournal('optuna.log', 'runs/imported.jsonl', { study: 'single' });
 * ```
 * @throws InvalidOptionsError naming the studies in the file when the choice is missing or wrong;
 * DecodeError naming the file and line of a corrupt record; JournalExistsError if `journal` already
 * holds a study.
 */
export const importOptunaJournal = (
  input: string,
  journal: string,
  options: ImportOptunaOptions = {},
): ImportedStudy => {
  const warn = options.warn ?? ((m: string) => process.emitWarning(m, 'OptunaImportWarning'));
  const parsed = readOptunaJournal(readFileSync(input, 'utf8'), input);
  for (const w of parsed.warnings) warn(w);
  const names = parsed.studies.map((s) => s.name);
  const list = names.length === 0 ? 'none' : names.map((n) => show(n)).join(', ');
  const study =
    options.study === undefined
      ? parsed.studies.length === 1
        ? parsed.studies[0]
        : undefined
      : parsed.studies.find((s) => s.name === options.study);
  if (!study)
    throw new InvalidOptionsError(
      'import',
      options.study === undefined
        ? [`${show(input)} holds ${names.length} studies (${list}); choose one by name (rxhpo import --study NAME)`]
        : [`${show(input)} has no study named ${show(options.study)}; its studies: ${list}`],
    );
  const imported = fromOptunaStudy(study, {
    ...(options.objective === undefined ? {} : { objective: options.objective }),
    source: options.source ?? input,
  });
  for (const n of imported.notes) warn(n);
  const j = openJournal(journal, { warn });
  try {
    if (j.events.length > 0) throw new JournalExistsError(journal, j.events.length);
    j.append(imported.header, false);
    for (const e of imported.events.slice(1)) j.append(e, false);
  } finally {
    j.close();
  }
  return imported;
};
