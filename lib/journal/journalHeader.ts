import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { StudyStarted } from '../trialEvent.js';
import { decodeTrialEvent } from '../trialEventCodec.js';
import { decodeProblems } from '../decodeProblems.js';
import { DecodeError } from '../errors.js';
import { LIBRARY } from '../version.js';

/** A sampler or scheduler as a journal names it: enough for a reader that does not have the user's code. */
export interface StrategyDescription {
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * The first record of a journal: what a reader needs without the user's code. `started` is the study's
 * `StudyStarted` event (space, objective, seed, concurrency, budget); a journal's events are `started`
 * followed by one event per further line.
 */
export interface JournalHeader {
  readonly _tag: 'JournalHeader';
  readonly format: 'rxhpo-journal';
  readonly version: 1;
  /** The library that wrote it, e.g. `rxhpo 0.1.0`. */
  readonly library: string;
  readonly started: StudyStarted;
  readonly sampler?: StrategyDescription;
  readonly schedulers?: ReadonlyArray<StrategyDescription>;
}

/** The journal format version this library writes and reads. */
export const JOURNAL_VERSION = 1;

const DescriptionCodec = t.intersection([t.type({ name: t.string }), t.partial({ options: t.UnknownRecord })]);
const HeaderCodec = t.intersection([
  t.type({
    _tag: t.literal('JournalHeader'),
    format: t.literal('rxhpo-journal'),
    version: t.number,
    library: t.string,
    started: t.UnknownRecord,
  }),
  t.partial({ sampler: DescriptionCodec, schedulers: t.array(DescriptionCodec) }),
]);

/**
 * A journal header for a study.
 *
 * @example
 * ```ts
 * journalHeader(studyStarted(init), { sampler: { name: 'tpe' } });
 * ```
 */
export const journalHeader = (
  started: StudyStarted,
  described: Pick<JournalHeader, 'sampler' | 'schedulers'> & { readonly library?: string } = {},
): JournalHeader => ({
  _tag: 'JournalHeader',
  format: 'rxhpo-journal',
  version: JOURNAL_VERSION,
  library: described.library ?? LIBRARY,
  started,
  ...(described.sampler === undefined ? {} : { sampler: described.sampler }),
  ...(described.schedulers === undefined ? {} : { schedulers: described.schedulers }),
});

/**
 * Decodes a journal's first record.
 *
 * @throws DecodeError naming `where` and the bad field; a version newer than this library reads is an
 * error too, saying which.
 */
export const decodeJournalHeader = (value: unknown, where: string): JournalHeader => {
  const d = HeaderCodec.decode(value);
  if (isLeft(d))
    throw new DecodeError(where, [
      'the first line is not an rxhpo journal header ({"_tag":"JournalHeader","format":"rxhpo-journal",…})',
      ...decodeProblems(d.left).slice(0, 4),
    ]);
  if (d.right.version !== JOURNAL_VERSION)
    throw new DecodeError(where, [
      `journal format version ${d.right.version}; this library reads version ${JOURNAL_VERSION}`,
    ]);
  const started = decodeTrialEvent(d.right.started, `${where} (started)`);
  if (started._tag !== 'StudyStarted') throw new DecodeError(where, ['started: is not a StudyStarted event']);
  return { ...(d.right as unknown as JournalHeader), started };
};
