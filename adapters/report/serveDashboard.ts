import { asyncScheduler, Observable } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { DashboardOptions, DashboardServer } from './dashboardServer.js';
import { startDashboard } from './dashboardServer.js';

/** Options of {@link serveDashboard}. */
export interface ServeDashboardOptions extends DashboardOptions {
  /** Called with the page's address once the server listens (default: nothing is printed). */
  readonly onListening?: (url: string) => void;
  /** Called if the server cannot start (the port is taken); the study goes on without a page. */
  readonly onError?: (error: Error) => void;
  /** The clock that stamps each event for the page's wall time and timeline. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Serves the live dashboard from a running study's event stream, for programs that write no journal:
 * events pass through unchanged, and the page at the printed address redraws as they arrive. The server
 * stops when the study completes, errors or is unsubscribed.
 *
 * @example
 * ```ts
 * study(init, pipeline).pipe(serveDashboard({ port: 8050, onListening: (u) => console.log(`open ${u}`) }));
 * ```
 */
export const serveDashboard =
  (options: ServeDashboardOptions = {}): MonoTypeOperatorFunction<TrialEvent> =>
  (source) =>
    new Observable<TrialEvent>((subscriber) => {
      const clock = options.scheduler ?? asyncScheduler;
      const seen: TrialEvent[] = [];
      const seenAt: number[] = [];
      let server: DashboardServer | undefined;
      let ended = false;
      startDashboard(options).then(
        (s) => {
          if (ended) return void s.close();
          server = s;
          s.push(seen, undefined, seenAt);
          options.onListening?.(s.url);
        },
        (e: unknown) => options.onError?.(e instanceof Error ? e : new Error(String(e))),
      );
      const inner = source.subscribe({
        next: (e) => {
          const at = clock.now();
          if (server) server.push([e], undefined, [at]);
          else {
            seen.push(e);
            seenAt.push(at);
          }
          subscriber.next(e);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        ended = true;
        inner.unsubscribe();
        void server?.close();
      };
    });
