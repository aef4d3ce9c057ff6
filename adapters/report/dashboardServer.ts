import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { JournalHeader } from '../../lib/journal/journalHeader.js';
import type { ReportModel, ReportModelOptions } from './reportModel.js';
import { reportModel } from './reportModel.js';
import { reportHtml } from './reportHtml.js';
import { loadPlotly } from './writeReport.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions extends Omit<ReportModelOptions, 'header'> {
  /** Port on localhost; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`: the page shows configs, so it stays on this machine. */
  readonly host?: string;
  /** The plotly.js text; default: read from the installed `plotly.js-cartesian-dist-min`. */
  readonly plotly?: string;
  /** Shortest pause between two redraws pushed to the page. Default 200 ms. */
  readonly throttleMs?: number;
}

/** A running dashboard: feed it events, it pushes redraws to every open page. */
export interface DashboardServer {
  /** Where the page is, e.g. `http://127.0.0.1:8050/`. */
  readonly url: string;
  /**
   * Appends events (the first batch starts with `StudyStarted`); the page redraws soon after. `times`
   * (parallel to `events`, ms since the epoch) are when they happened, for the wall time and the timeline.
   */
  readonly push: (
    events: ReadonlyArray<TrialEvent>,
    header?: JournalHeader,
    times?: ReadonlyArray<number | undefined>,
  ) => void;
  /** Loading progress of a big journal, shown on the page as a bar. */
  readonly progress: (loaded: number, total: number) => void;
  /** Shows a failure on the page (a bad journal line) and in `model.json`. */
  readonly fail: (message: string) => void;
  /** The newest model (undefined before the first events). */
  readonly model: () => ReportModel | undefined;
  /** Stops serving and ends every open stream. */
  readonly close: () => Promise<void>;
}

/**
 * Serves the report as a live page on localhost: `GET /` is the page, `GET /events` a Server-Sent
 * Events stream of `progress`, `model` and `failure` messages, `GET /model.json` the newest model.
 * Redraws are throttled (and spaced by at least twice the time the last model took to build), so a
 * fast study does not flood the browser.
 *
 * @example
 * ```ts
 * const d = await startDashboard({ port: 8050 });
 * d.push(events);
 * console.log(`open ${d.url}`);
 * ```
 */
export const startDashboard = async (options: DashboardOptions = {}): Promise<DashboardServer> => {
  const page = reportHtml(undefined, { plotly: options.plotly ?? loadPlotly(), live: true });
  const events: TrialEvent[] = [];
  const times: Array<number | undefined> = [];
  let header: JournalHeader | undefined;
  let model: ReportModel | undefined;
  let modelJson: string | undefined;
  let last: { event: string; data: string } | undefined;
  let failure: string | undefined;
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let buildMs = 0;
  // While a big journal loads, models of its first part would only delay the whole: build once it is in.
  let loading = false;

  const send = (res: ServerResponse, event: string, data: string): void => {
    res.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  const broadcast = (event: string, data: string): void => {
    last = { event, data };
    for (const res of clients) send(res, event, data);
  };
  const rebuild = (): void => {
    timer = undefined;
    if (events.length === 0 || loading) return;
    const t0 = process.hrtime.bigint();
    model = reportModel(events, { ...options, ...(header === undefined ? {} : { header }), times });
    modelJson = JSON.stringify(model);
    buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    broadcast('model', modelJson);
  };
  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(rebuild, Math.max(options.throttleMs ?? 200, 2 * buildMs));
  };

  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/' || url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
    } else if (url === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write('retry: 1000\n\n');
      clients.add(res);
      if (modelJson !== undefined) send(res, 'model', modelJson);
      else if (last !== undefined) send(res, last.event, last.data);
      if (failure !== undefined) send(res, 'failure', JSON.stringify({ message: failure }));
      req.on('close', () => clients.delete(res));
    } else if (url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (url === '/model.json') {
      res.writeHead(model === undefined ? 503 : 200, { 'content-type': 'application/json' });
      res.end(modelJson ?? JSON.stringify({ loading: true, ...(failure === undefined ? {} : { failure }) }));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/`,
    push(fresh, h, at) {
      if (h !== undefined) header = h;
      if (fresh.length === 0) return;
      events.push(...fresh);
      for (let i = 0; i < fresh.length; i++) times.push(at?.[i]);
      schedule();
    },
    progress(loaded, total) {
      loading = loaded < total;
      broadcast('progress', JSON.stringify({ loaded, total, done: !loading }));
      if (!loading) schedule();
    },
    fail(message) {
      failure = message;
      for (const res of clients) send(res, 'failure', JSON.stringify({ message }));
    },
    model: () => model,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer !== undefined) clearTimeout(timer);
        for (const res of clients) res.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
