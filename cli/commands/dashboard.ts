import { existsSync } from 'node:fs';
import type { CliCommand, CliIo } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import type { DashboardServer } from '../../adapters/report/dashboardServer.js';
import { startDashboard } from '../../adapters/report/dashboardServer.js';
import type { JournalFollower } from '../../adapters/report/journalFollower.js';
import { followJournal } from '../../adapters/report/journalFollower.js';

const USAGE = `Usage: rxhpo dashboard JOURNAL [--port N] [--host HOST]

Serves the study's report as a live page and keeps it up to date while the study runs: the journal is
followed as it grows and each change is pushed to the page (Server-Sent Events). A big journal shows a
progress bar while it loads. Stop with Ctrl-C.

Options:
  --port N       the port (default 8050; 0 picks a free one)
  --host HOST    the interface (default 127.0.0.1: the page shows your configs, keep it local)
  -h, --help     this help
`;

/** A dashboard following a journal, as `rxhpo dashboard` runs it. */
export interface JournalDashboard {
  readonly server: DashboardServer;
  readonly follower: JournalFollower;
  /** Settles when following stops (a bad line, or `close`); resolves to the exit code. */
  readonly done: Promise<number>;
  readonly close: () => Promise<void>;
}

/**
 * Starts a dashboard that follows a journal; bad lines are printed (naming the file and line) and shown
 * on the page.
 *
 * @example
 * ```ts
 * const d = await dashboardOfJournal('runs/study.jsonl', { port: 0 }, io);
 * await d.close();
 * ```
 */
export const dashboardOfJournal = async (
  journal: string,
  options: { readonly port?: number; readonly host?: string },
  io: CliIo,
): Promise<JournalDashboard> => {
  const server = await startDashboard(options);
  let settle: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (settle = resolve));
  const follower = followJournal(journal, {
    onEvents: (fresh, header, times) => server.push(fresh, header, times),
    onProgress: (loaded, total) => server.progress(loaded, total),
    onError: (e) => {
      io.err(`rxhpo dashboard: ${e.message}\n`);
      server.fail(e.message);
      settle(1);
    },
  });
  return {
    server,
    follower,
    done,
    close: async () => {
      follower.close();
      await server.close();
      settle(0);
    },
  };
};

/**
 * `rxhpo dashboard JOURNAL [--port N]`: the live page of a running (or finished) study, until Ctrl-C.
 *
 * @example
 * ```ts
 * await dashboardCommand.run(['runs/study.jsonl', '--port', '8050'], io); // returns on SIGINT
 * ```
 */
export const dashboardCommand: CliCommand = {
  name: 'dashboard',
  summary: 'dashboard JOURNAL [--port N]              serve a live page that follows a running study',
  usage: USAGE,
  async run(args, io) {
    const r = parseCommandArgs('dashboard', args, { port: { type: 'string' }, host: { type: 'string' } }, ['JOURNAL']);
    if (!r) {
      io.out(USAGE);
      return 0;
    }
    const values = r.values as { readonly port?: string; readonly host?: string };
    const journal = r.positionals[0] as string;
    const port = values.port === undefined ? 8050 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be an integer in 0…65535, got ${JSON.stringify(values.port)}`, 'dashboard');
    if (!existsSync(journal)) {
      io.err(`rxhpo dashboard: ${journal}: no such file\n`);
      return 1;
    }
    let d: JournalDashboard;
    try {
      d = await dashboardOfJournal(journal, { port, ...(values.host === undefined ? {} : { host: values.host }) }, io);
    } catch (e) {
      io.err(`rxhpo dashboard: ${(e as Error).message}\n`);
      return 1;
    }
    io.out(`rxhpo dashboard: following ${journal} at ${d.server.url} (Ctrl-C to stop)\n`);
    const stop = (): void => void d.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      return await d.done;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await d.close();
    }
  },
};
