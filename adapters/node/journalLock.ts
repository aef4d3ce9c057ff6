import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Another live process holds the journal's lock: two writers would interleave their lines.
 *
 * @example
 * ```ts
 * try { openJournal(path); } catch (e) { if (e instanceof JournalLockedError) console.error(e.info.pid); }
 * ```
 */
export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';
  readonly info: { readonly path: string; readonly pid: number; readonly host: string };
  constructor(path: string, pid: number, host: string) {
    super(
      `journal ${path}: locked by process ${pid} on ${host} (${path}.lock); one writer at a time. ` +
        'If that process is gone, delete the lock file.',
    );
    this.info = { path, pid, host };
  }
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

const readOwner = (lockPath: string): LockOwner | undefined => {
  try {
    const o = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string'
      ? { pid: o.pid, host: o.host, since: String(o.since) }
      : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as abandoned
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the journal's lock file `<path>.lock` (created exclusively, holding the owner's pid and host)
 * and returns its release. A lock whose owner is a dead process on this host is taken over, with a
 * warning; one held by a live process is a {@link JournalLockedError}. A lock from another host cannot
 * be checked and counts as live.
 *
 * @example
 * ```ts
 * const release = lockJournal('study.jsonl', (m) => console.warn(m));
 * try { … } finally { release(); }
 * ```
 * @throws JournalLockedError
 */
export const lockJournal = (path: string, warn: (message: string) => void): (() => void) => {
  const lockPath = `${path}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
      const owner = readOwner(lockPath);
      if (owner && owner.pid === process.pid && owner.host === me.host)
        throw new JournalLockedError(path, owner.pid, owner.host);
      if (owner && (owner.host !== me.host || alive(owner.pid)))
        throw new JournalLockedError(path, owner.pid, owner.host);
      warn(
        `journal ${path}: taking over a lock left by ${owner ? `process ${owner.pid}, which is no longer running` : 'an unreadable lock file'}`,
      );
      try {
        unlinkSync(lockPath);
      } catch {
        // another process removed it first; the next attempt decides
      }
    }
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const owner = readOwner(lockPath);
    if (owner?.pid === me.pid && owner.host === me.host) unlinkSync(lockPath);
  };
};
