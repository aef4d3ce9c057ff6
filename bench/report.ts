// `npm run bench:report`: how big the HTML report of a large study is and how long it takes to build and
// to draw in headless Chromium. Node-side times are CPU time (process.cpuUsage); browser-side times are
// the renderer's CPU time from Chromium's own metrics (ThreadTime of the main thread, ProcessTime of the
// renderer), plus the wall time to the last chart, which on a shared machine is only an upper bound.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reportModel } from '../adapters/report/reportModel.js';
import { reportHtml } from '../adapters/report/reportHtml.js';
import { loadPlotly } from '../adapters/report/writeReport.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { bigStudyEvents } from './reportStudy.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000x10,10000x30' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    out: { type: 'string', default: resolve(repoRoot, 'bench/results/report.json') },
  },
});

const cpuMs = (f: () => void): number => {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const dir = mkdtempSync(join(tmpdir(), 'rxhpo-bench-report-'));
const rows = [];
try {
  for (const size of values.sizes.split(',')) {
    const [trials, params] = size.split('x').map(Number) as [number, number];
    const events = bigStudyEvents(trials, params);
    let html = '';
    let model: ReturnType<typeof reportModel> | undefined;
    const modelCpuMs = cpuMs(() => (model = reportModel(events)));
    const htmlCpuMs = cpuMs(() => (html = reportHtml(model, { plotly: loadPlotly() })));
    const file = join(dir, `report-${size}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metricsNow = async (): Promise<Map<string, number>> =>
      new Map(
        ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map(
          (m) => [m.name, m.value],
        ),
      );
    const m0 = await metricsNow();
    const t0 = process.hrtime.bigint();
    await page.goto(`file://${file}`, { timeout: 300_000 });
    await page.waitForSelector('body[data-drawn]', { timeout: 300_000 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const m1 = await metricsNow();
    const metric = (n: string): number => Math.round(((m1.get(n) ?? NaN) - (m0.get(n) ?? 0)) * 1000);
    const perChart = await page.evaluate(
      () => (globalThis as unknown as { rxhpoTimings: Record<string, number> }).rxhpoTimings,
    );
    await page.close();
    const row = {
      trials,
      params,
      events: events.length,
      htmlBytes: Buffer.byteLength(html),
      modelCpuMs: Math.round(modelCpuMs),
      htmlCpuMs: Math.round(htmlCpuMs),
      // CPU time of the page's main thread and of its whole renderer process, from load to the last chart.
      browserThreadCpuMs: metric('ThreadTime'),
      browserProcessCpuMs: metric('ProcessTime'),
      browserTaskMs: metric('TaskDuration'),
      wallToDrawnMs: Math.round(wallMs),
      perChartMs: perChart,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(resolve(values.out, '..'), { recursive: true });
writeFileSync(values.out, `${JSON.stringify({ meta: benchMeta(), rows }, null, 2)}\n`);
console.log(`wrote ${values.out}`);
