import type { Observable } from 'rxjs';
import { Subject, defer, merge, observeOn, of, queueScheduler, subscribeOn, tap } from 'rxjs';

/**
 * Closes the study's single feedback loop: every event the pipeline emits is fed back into it. This is
 * the only Subject in the library; it never leaves this closure. `f(feedback$)` is subscribed before the
 * seed event is emitted, and the feedback edge is trampolined on the queue scheduler, so synchronous
 * trainers lose no events and the order is causal. The result completes when `f`'s output completes;
 * unsubscribing tears the whole loop down.
 *
 * @example
 * ```ts
 * closeLoop(start, (events$) => events$.pipe(scan(reduceStudy, s0), pipeline, execute()));
 * ```
 */
export const closeLoop = <E>(seed: E, f: (feedback$: Observable<E>) => Observable<E>): Observable<E> =>
  defer(() => {
    const feedback = new Subject<E>();
    return merge(f(feedback.pipe(observeOn(queueScheduler))), of(seed)).pipe(
      tap({
        next: (e) => feedback.next(e),
        complete: () => feedback.complete(),
        error: (err: unknown) => feedback.error(err),
        unsubscribe: () => feedback.complete(),
      }),
    );
  }).pipe(subscribeOn(queueScheduler));
