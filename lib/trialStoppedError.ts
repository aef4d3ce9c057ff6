import type { TrialId } from './trial.js';

/**
 * Why a trainer written as plain async code was told to stop: its run was unsubscribed. `onReport` is
 * true when that happened while its report at `step` was being handled (a scheduler stopped or paused
 * the trial on that report, or the step budget ran out); false when it came from outside between
 * reports (the study was unsubscribed, its deadline passed, or a decision about other trials ended it).
 *
 * It is not a failure: `fromAsync` rejects `report()` with it (and aborts the `signal` with it as the
 * reason) so the training loop ends without checks, and a trainer function that lets it propagate ends
 * the trial as the scheduler decided, not as failed.
 *
 * @example
 * ```ts
 * try { await report(step, { loss }); } catch (e) { if (e instanceof TrialStoppedError) saveNotes(e.info.step); throw e; }
 * ```
 */
export class TrialStoppedError extends Error {
  override readonly name = 'TrialStoppedError';
  readonly info: { readonly trialId: TrialId; readonly step: number | undefined; readonly onReport: boolean };
  constructor(trialId: TrialId, step: number | undefined, onReport: boolean) {
    super(
      onReport
        ? `trial ${trialId}: stopped on its report at step ${step} (a scheduler stopped or paused it, or the step budget ran out)`
        : `trial ${trialId}: stopped ${step === undefined ? 'before its first report' : `after its report at step ${step}`} (the study unsubscribed it)`,
    );
    this.info = { trialId, step, onReport };
  }
}
