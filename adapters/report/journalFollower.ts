import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { JournalHeader } from '../../lib/journal/journalHeader.js';
import { decodeJournalHeader } from '../../lib/journal/journalHeader.js';
import { decodeTrialEvent } from '../../lib/trialEventCodec.js';
import { fromJsonLine } from '../../lib/jsonLine.js';
import { splitLineTime } from '../../lib/journal/splitLineTime.js';

/** What {@link followJournal} reports. */
export interface JournalFollowerHandlers {
  /**
   * New complete records, in order; `header` once known. The events start with the header's
   * `StudyStarted`. `times` (parallel to `fresh`) says when each was written, in ms since the epoch
   * (undefined for lines without a time).
   */
  readonly onEvents: (
    fresh: ReadonlyArray<TrialEvent>,
    header: JournalHeader | undefined,
    times: ReadonlyArray<number | undefined>,
  ) => void;
  /** While the journal is first read: bytes read so far and the size it had. */
  readonly onProgress?: (loaded: number, total: number) => void;
  /** A bad line (the error names the file and line) or a file that shrank: following stops. */
  readonly onError: (error: Error) => void;
}

/** Options of {@link followJournal}. */
export interface FollowJournalOptions {
  /** How often to look for growth when file-system notifications are missed (network disks). Default 250 ms. */
  readonly pollMs?: number;
  /** Bytes read per chunk, with a progress report after each. Default 4 MiB. */
  readonly chunk?: number;
}

/** A running {@link followJournal}. */
export interface JournalFollower {
  /** Stops watching. Idempotent. */
  readonly close: () => void;
}

/**
 * Follows a journal as it grows: reads it from the start in chunks (reporting progress), then reads
 * each new complete line when `fs.watch` says the file changed or the poll finds it longer. Only the new
 * bytes are read and decoded, so a study of any size costs per new line. A last line without its
 * newline yet waits for the rest. A corrupt line stops following with an error naming the file and line.
 *
 * @example
 * ```ts
 * const f = followJournal('runs/study.jsonl', { onEvents: (es) => all.push(...es), onError: console.error });
 * // … later
 * f.close();
 * ```
 */
export const followJournal = (
  path: string,
  handlers: JournalFollowerHandlers,
  options: FollowJournalOptions = {},
): JournalFollower => {
  const chunk = options.chunk ?? 4 << 20;
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let partial = '';
  let line = 0;
  let header: JournalHeader | undefined;
  let closed = false;
  let busy = false;
  let again = false;
  let first = true;
  let watcher: FSWatcher | undefined;

  const decodeLines = (text: string): { events: TrialEvent[]; times: Array<number | undefined> } => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    const out: TrialEvent[] = [];
    const times: Array<number | undefined> = [];
    for (const rawLine of parts) {
      line += 1;
      const raw = rawLine.replace(/\r$/, '');
      const where = `${path} line ${line}`;
      if (raw.trim() === '') throw new Error(`${where}: empty line`);
      const { record, time } = splitLineTime(fromJsonLine(raw, where), where);
      if (line === 1) {
        header = decodeJournalHeader(record, where);
        out.push(header.started);
      } else out.push(decodeTrialEvent(record, where));
      times.push(time);
    }
    return { events: out, times };
  };

  const fail = (e: unknown): void => {
    close();
    handlers.onError(e instanceof Error ? e : new Error(String(e)));
  };

  const read = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const fh = await open(path, 'r');
        try {
          const { size } = await fh.stat();
          if (size < offset)
            throw new Error(`${path}: the journal shrank from ${offset} to ${size} bytes while followed`);
          const total = size;
          const buf = Buffer.alloc(Math.min(chunk, Math.max(1, size - offset)));
          while (offset < size && !closed) {
            const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - offset), offset);
            if (bytesRead === 0) break;
            offset += bytesRead;
            const { events, times } = decodeLines(decoder.write(buf.subarray(0, bytesRead)));
            if (events.length > 0) handlers.onEvents(events, header, times);
            if (first) handlers.onProgress?.(offset, total);
          }
          if (first) {
            first = false;
            handlers.onProgress?.(total, total);
          }
        } finally {
          await fh.close();
        }
      } while (again && !closed);
    } catch (e) {
      if (!closed) fail(e);
    } finally {
      busy = false;
    }
  };

  const poll = setInterval(() => void read(), options.pollMs ?? 250);
  try {
    watcher = watch(path, () => void read());
    watcher.on('error', () => watcher?.close());
  } catch {
    // No notifications on this file system: the poll alone follows the file.
  }
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    watcher?.close();
  };
  void read();
  return { close };
};
