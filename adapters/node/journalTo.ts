import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler } from 'rxjs';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialEnded } from '../../lib/trialEvent.js';
import type { TrialId } from '../../lib/trial.js';
import type { StrategyDescription } from '../../lib/journal/journalHeader.js';
import { journalHeader } from '../../lib/journal/journalHeader.js';
import type { JournalFile, OpenJournalOptions } from './journalFile.js';
import { sameJson } from '../../lib/sameJson.js';
import { interruptedRunEnd } from '../../lib/replayCoordinator.js';
import { openJournal } from './journalFile.js';
import { LIBRARY } from '../../lib/version.js';

/** Options of {@link journalTo}. */
export interface JournalToOptions extends OpenJournalOptions {
  /** Recorded in the header so that readers know what proposed the configs. */
  readonly sampler?: StrategyDescription;
  /** Recorded in the header, in pipe order. */
  readonly schedulers?: ReadonlyArray<StrategyDescription>;
  /**
   * The clock whose `now()` stamps each line with when it was written (`t`, ms): the study's scheduler,
   * so that a virtual-time run writes virtual times. Default `asyncScheduler` (the wall clock).
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * A journal file that already holds a study: writing a second study into it would corrupt both.
 *
 * @example
 * ```ts
 * study(options, pipeline).pipe(journalTo('runs/a.jsonl')); // JournalExistsError if runs/a.jsonl has events
 * ```
 */
export class JournalExistsError extends Error {
  override readonly name = 'JournalExistsError';
  readonly info: { readonly path: string; readonly events: number };
  constructor(path: string, events: number) {
    super(`journal ${path}: already holds a study (${events} events); write to a new file`);
    this.info = { path, events };
  }
}

/**
 * An open journal given to `journalTo` holds another study than the one written to it (its header names
 * another sampler or schedulers, or its events are not the ones the study replays).
 *
 * @example
 * ```ts
 * study(options, pipeline).pipe(journalTo(openJournal(path))); // JournalMismatchError without `replay`
 * ```
 */
export class JournalMismatchError extends Error {
  override readonly name = 'JournalMismatchError';
  readonly info: { readonly path: string; readonly problem: string };
  constructor(path: string, problem: string) {
    super(`journal ${path}: ${problem}`);
    this.info = { path, problem };
  }
}

const headerProblem = (journal: JournalFile, options: JournalToOptions): string | undefined => {
  const h = journal.header;
  if (options.sampler !== undefined && !sameJson(h?.sampler, options.sampler))
    return `the journal's sampler is ${JSON.stringify(h?.sampler)}, this study's is ${JSON.stringify(options.sampler)}`;
  if (options.schedulers !== undefined && !sameJson(h?.schedulers, options.schedulers))
    return `the journal's schedulers are ${JSON.stringify(h?.schedulers)}, this study's are ${JSON.stringify(options.schedulers)}`;
  return undefined;
};

/**
 * Writes the study's events to a JSON Lines journal as they pass, then forwards them: the header (with
 * the study's space, objective, seed and what you name in `options`) on the first line, one event per
 * line after it. Each line is written before the event moves on, so a process killed at any moment
 * loses nothing it had reported; a trial's end and every decision are also flushed to disk (fsync)
 * before the study goes on. The file is locked while the study runs. Unsubscribing early (or a study
 * error) ends every running trial in the journal with `TrialEnded{stopped}` naming why, so a journal
 * never holds a trial that started and never ended.
 *
 * ## Example
 * ```ts
 * study(options, pipe(sampleWith(tpeSampler()), trainWith(trainer)))
 *   .pipe(journalTo('runs/study.jsonl', { sampler: { name: 'tpe' } }))
 *   .subscribe();
 * ```
 * To resume a study, give it a journal opened with `openJournal` (it takes ownership and closes it):
 * the events it already holds are those the study replays first (`study({ replay: journal.events })`);
 * they are checked, not written again, and the new events are appended after them.
 *
 * ```ts
 * const journal = openJournal('runs/study.jsonl');
 * study({ ...options, replay: journal.events }, pipeline).pipe(journalTo(journal)).subscribe();
 * ```
 * @throws (as a stream error, at subscribe) JournalLockedError if another live process writes the file,
 * JournalExistsError if a path already holds a study, JournalMismatchError if an open journal's header
 * or events are not the study's.
 */
export const journalTo =
  <C>(target: string | JournalFile, options: JournalToOptions = {}): MonoTypeOperatorFunction<TrialEvent<C>> =>
  (events$) =>
    new Observable<TrialEvent<C>>((subscriber) => {
      const opened = typeof target !== 'string';
      const journal = opened ? target : openJournal(target, options.warn === undefined ? {} : { warn: options.warn });
      const path = journal.path;
      if (!opened && journal.events.length > 0) {
        journal.close();
        throw new JournalExistsError(path, journal.events.length);
      }
      // An open journal that holds a study: the study replays those events first; they are not rewritten.
      const held = opened ? journal.events : [];
      if (held.length > 0) {
        const problem = headerProblem(journal, options);
        if (problem) {
          journal.close();
          throw new JournalMismatchError(path, problem);
        }
      }
      const clock = options.scheduler ?? asyncScheduler;
      let seen = 0;
      const running = new Set<TrialId>();
      let started = false;
      let done = false;
      const finish = (why?: { readonly name: string; readonly message: string }): void => {
        if (done) return;
        done = true;
        try {
          // Still replaying what the journal holds: leave it as it was, so that it can be resumed again.
          while (seen < held.length && interruptedRunEnd(held[seen] as TrialEvent)) seen += 1;
          if (why && seen >= held.length)
            for (const id of running) journal.append(trialEnded(id, 'stopped', why), false, clock.now());
        } finally {
          journal.close();
        }
      };
      const write = (e: TrialEvent<C>): void => {
        // Ends an earlier writer added when its study stopped are not events of the study: the replay
        // resumes those trials, and they stay in the journal as they were.
        while (seen < held.length && interruptedRunEnd(held[seen] as TrialEvent)) seen += 1;
        if (seen < held.length) {
          if (!sameJson(held[seen], e))
            throw new JournalMismatchError(
              path,
              `event ${seen} (line ${seen + 1}) differs from what the study emitted: pass the journal's events to study({ replay: journal.events })`,
            );
          seen += 1;
          started = true;
          if (e._tag === 'TrialStarted') running.add(e.trial.id);
          else if (e._tag === 'TrialEnded') running.delete(e.trialId);
          return;
        }
        if (!started) {
          if (e._tag !== 'StudyStarted')
            throw new Error(`journalTo(${path}): the first event must be StudyStarted, got ${e._tag}`);
          started = true;
          const described = {
            library: LIBRARY,
            ...(options.sampler === undefined ? {} : { sampler: options.sampler }),
            ...(options.schedulers === undefined ? {} : { schedulers: options.schedulers }),
          };
          return journal.append(journalHeader(e, described), true, clock.now());
        }
        if (e._tag === 'TrialStarted') running.add(e.trial.id);
        else if (e._tag === 'TrialEnded') running.delete(e.trialId);
        journal.append(e as TrialEvent, e._tag === 'TrialEnded' || e._tag === 'TrialDecided', clock.now());
      };
      const sub = events$.subscribe({
        next: (e) => {
          try {
            write(e);
          } catch (err) {
            finish({ name: 'JournalError', message: (err as Error).message });
            subscriber.error(err);
            return;
          }
          subscriber.next(e);
        },
        error: (err: unknown) => {
          finish({ name: 'StudyErrored', message: err instanceof Error ? err.message : String(err) });
          subscriber.error(err);
        },
        complete: () => {
          finish();
          subscriber.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        finish({ name: 'StudyUnsubscribed', message: 'the study was unsubscribed while this trial ran' });
      };
    });
