import type { TrialEvent } from '../trialEvent.js';
import { decodeTrialEvent } from '../trialEventCodec.js';
import { fromJsonLine } from '../jsonLine.js';
import { DecodeError } from '../errors.js';
import type { JournalHeader } from './journalHeader.js';
import { decodeJournalHeader } from './journalHeader.js';
import { splitLineTime } from './splitLineTime.js';

/** A journal read back: its header, every event (the header's `StudyStarted` first) and any torn tail. */
export interface ParsedJournal {
  /** Undefined for an empty journal. */
  readonly header: JournalHeader | undefined;
  readonly events: ReadonlyArray<TrialEvent>;
  /**
   * When each event was written (ms since the epoch, the line's `t`), parallel to `events`; undefined for
   * lines without one (journals written before lines carried the time).
   */
  readonly times: ReadonlyArray<number | undefined>;
  /** Length in UTF-16 code units of the intact prefix (every complete line). */
  readonly intactLength: number;
  /** The last line, cut short by a process that died mid-write: dropped, with where it was. */
  readonly torn?: { readonly line: number; readonly text: string };
}

/**
 * Parses a journal's text: the header on line 1, then one event per line. A last line that has no
 * newline and does not decode is a torn write (the process died while writing it): it is dropped and
 * reported in `torn`. Any other bad line is an error naming the line: nothing is silently skipped.
 *
 * @example
 * ```ts
 * const { header, events, times, torn } = parseJournal(readFileSync(path, 'utf8'), path);
 * times[events.length - 1]; // when the last event was written (ms), if the journal records it
 * ```
 * @throws DecodeError naming `name`, the 1-based line number and the bad field.
 */
export const parseJournal = (text: string, name: string): ParsedJournal => {
  let header: JournalHeader | undefined;
  const events: TrialEvent[] = [];
  const times: Array<number | undefined> = [];
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    line += 1;
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const raw = text.slice(pos, end).replace(/\r$/, '');
    const where = `${name} line ${line}`;
    try {
      if (raw.trim() === '') throw new DecodeError(where, ['empty line']);
      const { record, time } = splitLineTime(fromJsonLine(raw, where), where);
      if (line === 1) {
        header = decodeJournalHeader(record, where);
        events.push(header.started);
      } else events.push(decodeTrialEvent(record, where));
      times.push(time);
    } catch (e) {
      if (nl === -1 && e instanceof DecodeError)
        return { header, events, times, intactLength: pos, torn: { line, text: raw } };
      throw e;
    }
    pos = nl === -1 ? text.length : nl + 1;
  }
  return { header, events, times, intactLength: pos };
};
