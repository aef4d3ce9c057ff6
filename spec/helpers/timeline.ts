import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { eventMatcher } from '../../testing/eventMatcher.js';

/** A TestScheduler asserting with the kit's matcher. */
export const testScheduler = (): TestScheduler => new TestScheduler(eventMatcher);

/** A compact, human-readable label of an event: `S 0`, `R 0@2`, `D stop 1`, `E 0 completed`. */
export const label = (e: TrialEvent<unknown>): string => {
  switch (e._tag) {
    case 'StudyStarted':
      return 'study';
    case 'TrialStarted':
      return `S ${e.trial.id}${e.trial.segment > 0 ? `#${e.trial.segment}` : ''}`;
    case 'TrialReported':
      return `R ${e.trialId}@${e.report.step}`;
    case 'TrialDecided':
      return `D ${e.decision._tag.toLowerCase()} ${e.decision._tag === 'Fork' ? e.decision.replaced : e.decision.trialId}`;
    case 'TrialEnded':
      return `E ${e.trialId} ${e.outcome}`;
    case 'DeadlineReached':
      return 'deadline';
  }
};

/**
 * Runs `events$` in virtual time and returns `frame: label` lines, plus `frame: |` on completion or
 * `frame: # message` on error. Tests read like a trace and assert behaviour, not wall time.
 */
export const timeline = (make: () => Observable<TrialEvent<unknown>>, unsubscribeAt?: number): string[] => {
  const ts = testScheduler();
  const out: string[] = [];
  ts.run(({ flush }) => {
    const sub = make().subscribe({
      next: (e) => out.push(`${ts.now()}: ${label(e)}`),
      error: (err: unknown) => out.push(`${ts.now()}: # ${(err as Error).message}`),
      complete: () => out.push(`${ts.now()}: |`),
    });
    if (unsubscribeAt !== undefined) ts.schedule(() => sub.unsubscribe(), unsubscribeAt);
    flush();
  });
  return out;
};
