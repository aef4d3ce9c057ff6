/**
 * Named errors. Each has a stable `name` and a structured `info`, like rxjs's named errors, so callers
 * can branch on `err.name` and tools can print `info` without parsing messages.
 */

/**
 * Bad options or a bad search space, thrown synchronously by a factory before any work starts. The
 * message names every offending field and its value.
 *
 * @example
 * ```ts
 * try { float(5, 1); } catch (e) { if (e instanceof InvalidOptionsError) console.log(e.info.problems); }
 * ```
 */
export class InvalidOptionsError extends Error {
  override readonly name = 'InvalidOptionsError';
  readonly info: { readonly where: string; readonly problems: ReadonlyArray<string> };
  constructor(where: string, problems: ReadonlyArray<string>) {
    super(`${where}: ${problems.join('; ')}`);
    this.info = { where, problems };
  }
}

/**
 * A trainer broke its contract (for example returned a Promise instead of an Observable). This is a
 * wiring bug, not a failed trial, so the study stream errors with it.
 *
 * @example
 * ```ts
 * const bad = () => Promise.resolve(1); // a Trainer must return an Observable: use from(promise)
 * ```
 */
export class TrainerContractError extends Error {
  override readonly name = 'TrainerContractError';
  readonly info: { readonly trialId: string; readonly returned: string };
  constructor(trialId: string, returned: string) {
    super(
      `trainer: for trial ${trialId} the trainer returned ${returned}, not an Observable of MetricReport (wrap promises with from())`,
    );
    this.info = { trialId, returned };
  }
}

/**
 * A trial failed: the trainer threw or errored, or reported a metric that is not finite. It never
 * escapes the study: it is carried, serialised, in `TrialEnded{outcome: 'failed'}`.
 *
 * @example
 * ```ts
 * new TrialFailedError('3', "metric 'loss' is NaN at step 2");
 * ```
 */
export class TrialFailedError extends Error {
  override readonly name = 'TrialFailedError';
  readonly info: { readonly trialId: string };
  constructor(trialId: string, message: string) {
    super(`trial ${trialId}: ${message}`);
    this.info = { trialId };
  }
}

/**
 * Boundary data (a JSON search space, a journal line, a worker message) failed to decode. The message
 * holds io-ts PathReporter lines, so it names the path to the bad field.
 *
 * @example
 * ```ts
 * spaceFromJson({ lr: { type: 'float', low: 'x' } }); // throws DecodeError naming lr/low
 * ```
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly info: { readonly what: string; readonly problems: ReadonlyArray<string> };
  constructor(what: string, problems: ReadonlyArray<string>) {
    super(`${what}: ${problems.join('; ')}`);
    this.info = { what, problems };
  }
}

/**
 * Asking the imperative facade for something that does not exist (unknown trial id, a trial already told).
 *
 * @example
 * ```ts
 * s.tell('99'); // UnknownTrialError if no trial 99 was asked
 * ```
 */
export class UnknownTrialError extends Error {
  override readonly name = 'UnknownTrialError';
  readonly info: { readonly trialId: string };
  constructor(trialId: string, why: string) {
    super(`trial ${trialId}: ${why}`);
    this.info = { trialId };
  }
}

/** Shows a user-supplied value in an error message: strings quoted, everything else as JSON. */
export const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** The serialisable part of an error, as carried by `TrialEnded{failed}`. */
export const errorInfo = (e: unknown): { readonly name: string; readonly message: string } =>
  e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: show(e) };

/** One failed trial as {@link StudyFailedError} reports it. */
export interface TrialFailure {
  readonly trialId: string;
  readonly name: string;
  readonly message: string;
}

/**
 * The study as a whole failed: no trial completed and trials failed, or failures reached the study's
 * `failFast` limit. The study stream errors with it (the ask/tell facade's `ask()` throws it), so a
 * misspelled metric or a broken trainer is an error the user sees, not a silent empty result.
 * `info.failures` holds the first failures with their reasons.
 *
 * @example
 * ```ts
 * events$.subscribe({ error: (e) => { if (e instanceof StudyFailedError) console.error(e.message); } });
 * // StudyFailedError: study failed: the first 3 trials failed the same way and none completed: trial 0: report at step 1 has no objective metric "loss" (got ["Loss"]) …
 * ```
 */
export class StudyFailedError extends Error {
  override readonly name = 'StudyFailedError';
  readonly info: {
    readonly failed: number;
    readonly completed: number;
    readonly failures: ReadonlyArray<TrialFailure>;
  };
  constructor(why: string, info: StudyFailedError['info']) {
    super(`study failed: ${why}`);
    this.info = info;
  }
}
