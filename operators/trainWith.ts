import type { OperatorFunction } from 'rxjs';
import { Observable, Subscriber, isObservable, map, queueScheduler, throwError } from 'rxjs';
import type { MetricReport } from '../lib/metricReport.js';
import type { Trainer } from '../lib/trainer.js';
import type { Trial } from '../lib/trial.js';
import type { TrialRun } from '../lib/trialRun.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { trialEnded, trialStarted } from '../lib/trialEvent.js';
import { TrainerContractError, errorInfo, show } from '../lib/errors.js';
import { checkReport } from '../lib/checkReport.js';
import { relayRun } from './relayRun.js';
import type { ReplayCoordinator, ReplayNote } from '../lib/replayCoordinator.js';
import { replayedBy } from '../lib/replayCoordinator.js';

const describe = (x: unknown): string =>
  x === null
    ? 'null'
    : typeof x === 'object'
      ? `an object (${(x as object).constructor?.name ?? 'Object'})`
      : `${typeof x} ${show(x)}`;

/**
 * Runs each trial with `trainer`, as a cold run: `TrialStarted`, one `TrialReported` per report (with the
 * objective normalised to a score), then `TrialEnded`. A trainer that throws, errors, or reports a
 * metric that is NaN/±Infinity (or lacks the objective metric) ends as `TrialEnded{outcome: 'failed'}`
 * with the reason; the study goes on. A trainer that returns something other than an Observable is a
 * wiring bug: the study errors with a `TrainerContractError` before that trial starts.
 * A trial `sampleWith` started from a journal (a resumed study) is not trained again: its events come
 * from the journal, and if it was still running when the journal ended, the trainer is called from the
 * newest journaled checkpoint (`startStep`, `resumeFrom`) as `study`'s `onRunning` says.
 *
 * ```
 * trials:  ──T──────────
 * run T:     (s)─r─r─(e)|      s = TrialStarted, r = TrialReported, e = TrialEnded
 * ```
 *
 * ## Example
 * ```ts
 * pipe(sampleWith(randomSampler()), trainWith((trial) => fit(trial.config)))
 * ```
 * @param trainer Cold factory of metric reports for a trial.
 * @return A function that returns an Observable of trial runs.
 */
export const trainWith =
  <C>(trainer: Trainer<C>): OperatorFunction<Trial<C>, TrialRun<C>> =>
  (trials$) =>
    trials$.pipe(
      map((trial): TrialRun<C> => {
        const replay = replayedBy(trial as object);
        if (replay) return { trial, events: replayedRun(trial, replay, trainer) };
        return { trial, events: runEvents<C>(trial, callTrainer(trainer, trial)) };
      }),
    );

const callTrainer = <C>(trainer: Trainer<C>, trial: Trial<C>): Observable<MetricReport> => {
  let reports: unknown;
  try {
    reports = trainer(trial);
  } catch (e) {
    reports = throwError(() => e);
  }
  if (!isObservable(reports)) throw new TrainerContractError(trial.id, describe(reports));
  return reports as Observable<MetricReport>;
};

const INTERRUPTED = {
  name: 'TrialInterrupted',
  message: 'the trial was running when the journaled study was interrupted (onRunning: fail)',
} as const;

/**
 * A trial started from a journal: its events come from the journal until it ends; when the journal ends
 * with it still running, it goes live as `onRunning` says (from its newest checkpoint, from the start,
 * or failed), and reports the journal already holds are not repeated.
 */
const replayedRun = <C>(trial: Trial<C>, replay: ReplayCoordinator, trainer: Trainer<C>): Observable<TrialEvent<C>> =>
  relayRun<ReplayNote, C>(trial.id, replay.run(trial.id), (run) => {
    run.emit(trialStarted(trial));
    return {
      next: (note) => {
        if (note._tag === 'Event') return run.emit(note.event as TrialEvent<C>);
        if (replay.onRunning === 'fail') return run.emit(trialEnded(trial.id, 'failed', INTERRUPTED));
        const ck = replay.onRunning === 'resume' ? note.checkpoint : undefined;
        const live: Trial<C> = ck ? { ...trial, startStep: ck.step, resumeFrom: ck.ref } : trial;
        let reports: Observable<MetricReport>;
        try {
          reports = callTrainer(trainer, live);
        } catch (e) {
          return run.error(e);
        }
        run.add(
          runEvents<C>(live, reports, false, note.lastStep).subscribe({
            next: (e) => run.emit(e),
            error: (e: unknown) => run.error(e),
          }),
        );
      },
      // The journal's notes never complete a run: its TrialEnded does.
      complete: () => undefined,
    };
  });

// The hot path: one Observable and one subscriber per run, linked to the run before the trainer starts,
// so that a Stop decided during a synchronous trainer's emission reaches the trainer (it sees `closed`).
// `start: false` and `after` serve a resumed run: its TrialStarted is already out, and reports up to step
// `after` are in the journal (a deterministic trainer reproduces them anyway), so they are not repeated.
const runEvents = <C>(
  trial: Trial<C>,
  reports: Observable<MetricReport>,
  start = true,
  after?: number,
): Observable<TrialEvent<C>> =>
  new Observable<TrialEvent<C>>((subscriber) => {
    if (start) subscriber.next(trialStarted(trial));
    if (subscriber.closed) return;
    const sink = new ReportSink<C>(trial, subscriber, after);
    subscriber.add(sink);
    reports.subscribe(sink);
  });

/** Turns a trainer's notifications into the run's events; ends the run at its own `TrialEnded`. */
class ReportSink<C> extends Subscriber<MetricReport> {
  constructor(
    private readonly trial: Trial<C>,
    private readonly out: Subscriber<TrialEvent<C>>,
    private readonly after?: number,
  ) {
    super();
  }
  protected override _next(r: MetricReport): void {
    if (this.after !== undefined && typeof r?.step === 'number' && r.step <= this.after) return;
    atomically(this, r);
  }
  protected override _error(err: unknown): void {
    atomically(this, undefined, trialEnded(this.trial.id, 'failed', errorInfo(err)));
  }
  protected override _complete(): void {
    atomically(this, undefined, trialEnded(this.trial.id, 'completed'));
  }
  /** Emits the event a report (or the end) makes, inside the queue scheduler's flush. */
  deliver(r: MetricReport | undefined, end: TrialEvent<C> | undefined): void {
    if (this.out.closed) return;
    let e = end;
    if (e === undefined)
      try {
        e = checkReport(this.trial, r as MetricReport);
      } catch (err) {
        e = trialEnded(this.trial.id, 'failed', errorInfo(err));
      }
    this.out.next(e);
    if (e._tag === 'TrialEnded') {
      this.out.complete();
      this.unsubscribe();
    }
  }
}

/**
 * Delivers a trainer's notification inside a queue-scheduler action, the scheduler the study's feedback
 * is trampolined on: everything the notification causes (the report, every decision, the runs they
 * end) is emitted before the study reacts to any of it, which is also the order `askTell` records.
 * Already inside such an action (a synchronous trainer started by the feedback), it runs at once.
 */
const atomically = <C>(sink: ReportSink<C>, r: MetricReport | undefined, end?: TrialEvent<C>): void => {
  // rxjs 7 marks a running flush with `_active`: then deliver at once, with no action to allocate.
  if ((queueScheduler as unknown as { readonly _active?: boolean })._active === true) return sink.deliver(r, end);
  // Not in a flush: the action runs at once and opens one. (Should a future rxjs drop `_active`, an action
  // queued inside a flush is cancelled and the notification delivered at once, as before.)
  let ran = false;
  const action = queueScheduler.schedule(() => {
    ran = true;
    sink.deliver(r, end);
  });
  if (ran) return;
  action.unsubscribe();
  sink.deliver(r, end);
};
