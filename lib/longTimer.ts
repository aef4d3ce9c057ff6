import type { SchedulerAction, SchedulerLike } from 'rxjs';
import { Observable, asyncScheduler } from 'rxjs';

/** The longest delay a Node or browser timer honours (2³¹−1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * Like rxjs `timer(due, scheduler)` (emits 0 once, then completes) for any `due`, however long: it
 * waits in chunks no longer than {@link MAX_TIMER_DELAY}, measuring what is left on `scheduler.now()`,
 * so a 30-day deadline does not fire after 2 ms. Works in virtual time too.
 *
 * @example
 * ```ts
 * longTimer(30 * 24 * 3600_000).subscribe(() => console.log('a month later'));
 * ```
 */
export const longTimer = (due: number, scheduler: SchedulerLike = asyncScheduler): Observable<0> =>
  new Observable<0>((subscriber) => {
    const end = scheduler.now() + due;
    return scheduler.schedule(
      function (this: SchedulerAction<undefined>) {
        const left = end - scheduler.now();
        if (left > 0) {
          this.schedule(undefined, Math.min(left, MAX_TIMER_DELAY));
          return;
        }
        subscriber.next(0);
        subscriber.complete();
      },
      Math.min(Math.max(0, due), MAX_TIMER_DELAY),
    );
  });
