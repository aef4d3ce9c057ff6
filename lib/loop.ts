import { Observable, Subject, defer, merge, observeOn, of, queueScheduler, subscribeOn } from 'rxjs';

/**
 * Closes the study's single feedback loop: every event the pipeline emits is delivered downstream and
 * then fed back into it. This is the only Subject in the library; it never leaves this closure.
 * `f(feedback$)` is subscribed before the seed event is emitted, the feedback edge is trampolined on
 * the queue scheduler, and an event is fed back only after the consumer has received it, so
 * synchronous trainers lose no events and every consumer sees causal order (a trial ends before the
 * trial that takes its slot starts). The result completes when `f`'s output completes; unsubscribing
 * tears the whole loop down.
 *
 * @example
 * ```ts
 * closeLoop(start, (events$) => events$.pipe(scan(reduceStudy, s0), pipeline, execute()));
 * ```
 */
export const closeLoop = <E>(seed: E, f: (feedback$: Observable<E>) => Observable<E>): Observable<E> =>
  defer(() => {
    const feedback = new Subject<E>();
    const source = merge(f(feedback.pipe(observeOn(queueScheduler))), of(seed));
    return new Observable<E>((subscriber) => {
      const sub = source.subscribe({
        next: (e) => {
          subscriber.next(e);
          feedback.next(e);
        },
        error: (err: unknown) => {
          subscriber.error(err);
          feedback.error(err);
        },
        complete: () => {
          subscriber.complete();
          feedback.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        feedback.complete();
      };
    });
  }).pipe(subscribeOn(queueScheduler));
