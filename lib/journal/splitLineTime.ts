import { DecodeError } from '../errors.js';

/**
 * Splits a journal line's wall time (its top-level `t`, ms since the epoch) from the record it
 * annotates, so that the record decodes as if `t` were not there and events read back compare equal to
 * the events the study emitted. Lines without `t` (journals written before lines carried the time) give
 * `time: undefined`.
 *
 * @example
 * ```ts
 * splitLineTime({ _tag: 'DeadlineReached', at: 5, t: 1765080000000 }, 'j.jsonl line 9');
 * // { record: { _tag: 'DeadlineReached', at: 5 }, time: 1765080000000 }
 * ```
 * @throws DecodeError naming `where` when `t` is there but not a finite number.
 */
export const splitLineTime = (
  value: unknown,
  where: string,
): { readonly record: unknown; readonly time: number | undefined } => {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 't'))
    return { record: value, time: undefined };
  const { t, ...record } = value as { readonly t: unknown };
  if (typeof t !== 'number' || !Number.isFinite(t))
    throw new DecodeError(where, [`t: ${JSON.stringify(t)} is not a time in ms since the epoch`]);
  return { record, time: t };
};
