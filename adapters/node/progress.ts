// A progress display for any study, drawn with cli-progress on a terminal; one summary line (or nothing)
// elsewhere. Time comes from the injected scheduler, so a marble spec can drive it.
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler, interval } from 'rxjs';
import cliProgress from 'cli-progress';
import type { StudyProgress } from '../../lib/studyProgress.js';
import { budgetProgress, initialProgress, reduceProgress } from '../../lib/studyProgress.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { InvalidOptionsError } from '../../lib/errors.js';

const MIN_GAP_MS = 100;

/** Where {@link progress} draws: a TTY stream gets a live bar; anything else only the final line. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Where to draw. Default `process.stderr`, so the program's own output on stdout stays clean. */
  readonly stream?: ProgressStream;
  /** The clock for elapsed time and ETA: the study's scheduler. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Milliseconds between redraws while no event arrives (the clock and ETA move on). Default 1000. */
  readonly intervalMs?: number;
  /**
   * When the stream is not a terminal (a pipe, a CI log): `'summary'` (default) writes one line when the
   * study ends, errs or is unsubscribed; `'silent'` writes nothing.
   */
  readonly notTTY?: 'summary' | 'silent';
  /** Width of the bar in characters. Default 24. */
  readonly barSize?: number;
}

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
};
const num = (v: number): string =>
  Number.isInteger(v)
    ? String(v)
    : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6
      ? String(+v.toPrecision(5))
      : v.toExponential(3);

/**
 * The text of a progress line (without the bar): budget used, trials by state, the best value in the
 * objective's own sign, elapsed time and the ETA. `ended` drops the ETA.
 *
 * @example
 * ```ts
 * progressText(p, 83_000, false);
 * // '12/50 trials | 2 running, 9 completed, 3 stopped | best loss 0.0123 (trial 7) | 1:23 elapsed, ETA 4:22'
 * ```
 */
export const progressText = (p: StudyProgress, elapsedMs: number, ended: boolean): string => {
  const { trials, steps, deadline } = p.budget;
  const used = [
    trials === undefined ? `${p.done} trials` : `${p.done}/${trials} trials`,
    ...(steps === undefined ? [] : [`${p.stepsUsed}/${steps} steps`]),
    ...(deadline === undefined ? [] : [`${clock(Math.min(elapsedMs, deadline))}/${clock(deadline)}`]),
  ].join(', ');
  const states = [
    `${p.running} running`,
    ...(p.paused > 0 ? [`${p.paused} paused`] : []),
    `${p.completed} completed`,
    ...(p.stopped > 0 ? [`${p.stopped} stopped`] : []),
    ...(p.failed > 0 ? [`${p.failed} failed`] : []),
  ].join(', ');
  const metric = p.objective?.metric ?? 'value';
  const best = p.best ? `best ${metric} ${num(p.best.value)} (trial ${p.best.trialId})` : `best ${metric} -`;
  const { etaMs } = budgetProgress(p, elapsedMs);
  const time = ended
    ? `${clock(elapsedMs)} elapsed`
    : `${clock(elapsedMs)} elapsed, ETA ${etaMs === undefined ? '?' : clock(etaMs)}`;
  return `${used} | ${states} | ${best} | ${time}`;
};

/**
 * Shows a study's progress while passing its events through unchanged: on a terminal, a live bar (drawn
 * by cli-progress) with trials done / running / stopped / failed, the best value in the objective's own
 * sign, elapsed time and an ETA projected from the budget (trials, steps or deadline), redrawn on each
 * trial start and end (at most every 100 ms) and every `intervalMs`. When the stream is not a terminal it stays quiet and
 * writes one summary line at the end (or nothing, with `notTTY: 'silent'`). Unsubscribing stops the bar.
 *
 * ```
 * events: ─s─a─b─A─B─|   (a study's events)
 * output: ─s─a─b─A─B─|   (the same events; the bar is a side effect on the stream)
 * ```
 *
 * ## Example
 * ```ts
 * study(options, pipeline).pipe(progress(), bestSoFar()).subscribe((b) => console.log(b));
 * ```
 * @throws InvalidOptionsError for an `intervalMs` that is not a positive number, a `barSize` that is not
 *   an integer >= 1 or a `notTTY` other than 'summary' or 'silent'.
 */
export const progress = <C>(options: ProgressOptions = {}): MonoTypeOperatorFunction<TrialEvent<C>> => {
  const { scheduler = asyncScheduler, intervalMs = 1000, notTTY = 'summary', barSize = 24 } = options;
  const problems = [
    ...(typeof intervalMs === 'number' && intervalMs > 0 ? [] : [`intervalMs must be > 0, got ${String(intervalMs)}`]),
    ...(Number.isInteger(barSize) && barSize >= 1 ? [] : [`barSize must be an integer >= 1, got ${String(barSize)}`]),
    ...(notTTY === 'summary' || notTTY === 'silent'
      ? []
      : [`notTTY must be 'summary' or 'silent', got ${JSON.stringify(notTTY)}`]),
  ];
  if (problems.length > 0) throw new InvalidOptionsError('progress', problems);
  return (events$) =>
    new Observable<TrialEvent<C>>((subscriber) => {
      const stream = options.stream ?? process.stderr;
      const t0 = scheduler.now();
      let p = initialProgress;
      let ended = false;
      const payload = () => {
        const elapsed = scheduler.now() - t0;
        return { text: progressText(p, elapsed, ended), fraction: budgetProgress(p, elapsed).fraction };
      };
      // cli-progress draws on a terminal only; it is told each new state and asked to draw it.
      const bar =
        stream.isTTY === true
          ? new cliProgress.SingleBar({
              stream: stream as NodeJS.WritableStream,
              barsize: barSize,
              // Its own timer only repeats the last line (the text depends on the payload alone); ours
              // moves the clock.
              fps: 1,
              gracefulExit: false,
              hideCursor: false,
              barCompleteChar: '\u2588',
              barIncompleteChar: '\u2591',
              format: (opts, params, data: { text: string; fraction: number | undefined }) =>
                data.fraction === undefined
                  ? data.text
                  : `${cliProgress.Format.BarFormat(params.progress, opts)} ${data.text}`,
            })
          : undefined;
      // A burst of events (a fast study) draws once per 100 ms of the scheduler's clock, not per event.
      let lastDraw = -Infinity;
      const draw = () => {
        if (!bar) return;
        lastDraw = scheduler.now();
        const data = payload();
        bar.update(data.fraction ?? 0, data);
        bar.render();
      };
      const end = () => {
        if (ended) return;
        ended = true;
        if (bar) {
          bar.update(payload().fraction ?? 0, payload());
          bar.stop();
        } else if (notTTY === 'summary') stream.write(`rxhpo: ${payload().text}\n`);
      };
      bar?.start(1, 0, payload());
      const ticks = interval(intervalMs, scheduler).subscribe(draw);
      const source = events$.subscribe({
        next: (e) => {
          p = reduceProgress(p, e as TrialEvent);
          subscriber.next(e);
          const counts = e._tag === 'TrialStarted' || e._tag === 'TrialEnded' || e._tag === 'StudyStarted';
          if (counts && scheduler.now() - lastDraw >= MIN_GAP_MS) draw();
        },
        error: (err: unknown) => {
          end();
          subscriber.error(err);
        },
        complete: () => {
          end();
          subscriber.complete();
        },
      });
      return () => {
        ticks.unsubscribe();
        source.unsubscribe();
        end();
      };
    });
};
