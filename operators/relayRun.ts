import type { Observer, Subscription, TeardownLogic } from 'rxjs';
import { Observable } from 'rxjs';
import type { TrialId } from '../lib/trial.js';
import type { TrialEvent } from '../lib/trialEvent.js';

/** The handle an operator gets on one trial's run while it relays it (see {@link relayRun}). */
export interface RunRelay<C> {
  /** Emits an event of the run; the run's own `TrialEnded` ends it (nothing of it is emitted after). */
  emit(e: TrialEvent<C>): void;
  /** Ends the run now: emits `tail`, completes, and unsubscribes the source, even mid-emission. */
  end(tail?: ReadonlyArray<TrialEvent<C>>): void;
  /** Errors the run's stream (and unsubscribes the source). */
  error(err: unknown): void;
  /** Ties a teardown to the run's lifetime. */
  add(teardown: TeardownLogic): void;
  /** True once the run has ended (its `TrialEnded` was emitted, or it was ended, errored or unsubscribed). */
  readonly ended: boolean;
}

/**
 * The plumbing every run-relaying operator shares (trainWith, fromPolicy, budgetGuard, execute): a cold
 * stream of one trial's events, relayed until the run's own `TrialEnded`. As rxjs's own operators do,
 * the subscriber the source emits to is in hand before the source starts, and the teardown is
 * registered first, so ending or unsubscribing the run during a synchronous emission
 * reaches the source at once: a synchronous trainer stops at the report that ended it.
 *
 * @param id The trial whose run this is.
 * @param source What the run is relayed from (a trainer's reports, or an upstream run's events).
 * @param observe Called once per subscription with the run's handle; returns how to handle the source.
 *   Defaults: errors error the run, completion ends it.
 */
export const relayRun = <T, C>(
  id: TrialId,
  source: Observable<T>,
  observe: (run: RunRelay<C>) => Partial<Observer<T>>,
): Observable<TrialEvent<C>> =>
  new Observable<TrialEvent<C>>((subscriber) => {
    let ended = false;
    // The subscriber the source emits to, captured before the source runs (see below).
    let inner: Subscription | undefined;
    subscriber.add(() => {
      ended = true;
      inner?.unsubscribe();
    });
    const run: RunRelay<C> = {
      get ended() {
        return ended || subscriber.closed;
      },
      emit(e) {
        if (run.ended) return;
        subscriber.next(e);
        if (e._tag === 'TrialEnded' && e.trialId === id) run.end();
      },
      end(tail = []) {
        if (run.ended) return;
        ended = true;
        for (const t of tail) subscriber.next(t);
        subscriber.complete();
        inner?.unsubscribe();
      },
      error(err) {
        if (run.ended) return;
        ended = true;
        subscriber.error(err);
        inner?.unsubscribe();
      },
      add: (teardown) => subscriber.add(teardown),
    };
    const observer = observe(run);
    if (run.ended) return;
    // Handing our subscriber itself to the source (as rxjs's operators do) gives us the object a
    // synchronous source checks (`closed`) before the source starts emitting.
    new Observable<T>((s) => {
      inner = s;
      return source.subscribe(s);
    }).subscribe({
      next: (v) => {
        if (!run.ended) observer.next?.(v);
      },
      error: (err: unknown) => {
        if (run.ended) return;
        if (observer.error) observer.error(err);
        else run.error(err);
      },
      complete: () => {
        if (run.ended) return;
        if (observer.complete) observer.complete();
        else run.end();
      },
    });
  });
