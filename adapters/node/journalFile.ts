import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { JournalHeader } from '../../lib/journal/journalHeader.js';
import type { ParsedJournal } from '../../lib/journal/parseJournal.js';
import { parseJournal } from '../../lib/journal/parseJournal.js';
import { toJsonLine } from '../../lib/jsonLine.js';
import { lockJournal } from './journalLock.js';

/** Options of {@link openJournal}. */
export interface OpenJournalOptions {
  /** Where warnings go (a torn last line cut away, a stale lock taken over). Default `process.emitWarning`. */
  readonly warn?: (message: string) => void;
}

/** A journal file opened for writing: what it held, and an appender that owns its lock. */
export interface JournalFile extends ParsedJournal {
  readonly path: string;
  /**
   * Appends one record as one line; `durable` also flushes it to disk (fsync) before returning. `time`
   * (ms since the epoch) is written as the line's `t`: when the record happened.
   */
  append(record: JournalHeader | TrialEvent, durable: boolean, time?: number): void;
  /** Flushes, closes the file and releases the lock. Idempotent. */
  close(): void;
}

const defaultWarn = (m: string): void => process.emitWarning(m, 'JournalWarning');

/**
 * Opens (or creates) a journal file for appending: takes its lock, reads what it holds, and cuts away a
 * torn last line (with a warning) so the next record starts on a line of its own. Writes are
 * synchronous: a record is in the operating system's hands when `append` returns (a killed process
 * loses nothing), and on disk too when `durable` is set.
 *
 * @example
 * ```ts
 * const j = openJournal('runs/study.jsonl');
 * j.events.length; // what a previous run wrote
 * j.close();
 * ```
 * @throws JournalLockedError if a live process holds the lock; DecodeError naming the file and line for
 * a corrupt line other than a torn last one.
 */
export const openJournal = (path: string, options: OpenJournalOptions = {}): JournalFile => {
  const warn = options.warn ?? defaultWarn;
  const release = lockJournal(path, warn);
  try {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const parsed = parseJournal(text, path);
    let needsNewline = false;
    if (parsed.torn) {
      warn(
        `journal ${path}: line ${parsed.torn.line} was cut short by a process that died while writing it; it is dropped (${parsed.torn.text.length} characters)`,
      );
      truncateSync(path, Buffer.byteLength(text.slice(0, parsed.intactLength)));
    } else needsNewline = text.length > 0 && !text.endsWith('\n');
    const fd = openSync(path, 'a');
    if (needsNewline) writeSync(fd, '\n');
    let open = true;
    return {
      ...parsed,
      path,
      append(record, durable, time) {
        if (!open) throw new Error(`journal ${path}: append after close`);
        writeSync(fd, `${toJsonLine(time === undefined ? record : { ...record, t: time })}\n`);
        if (durable) fsyncSync(fd);
      },
      close() {
        if (!open) return;
        open = false;
        try {
          fsyncSync(fd);
          closeSync(fd);
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
};

/**
 * Reads a journal without taking its lock (a reader may follow a running study): header, events and any
 * torn last line.
 *
 * @example
 * ```ts
 * const { header, events } = readJournal('runs/study.jsonl');
 * ```
 * @throws DecodeError naming the file and line of a corrupt record.
 */
export const readJournal = (path: string): ParsedJournal => parseJournal(readFileSync(path, 'utf8'), path);
