import type { ReportModel } from './reportModel.js';
import { REPORT_CLIENT } from './reportClient.js';

/** Options of {@link reportHtml}. */
export interface ReportHtmlOptions {
  /** The text of plotly.js (`plotly.js-cartesian-dist-min/plotly.min.js`), inlined so the file needs no network. */
  readonly plotly: string;
  /** A live page: it follows `events` (Server-Sent Events) instead of, or after, the embedded model. */
  readonly live?: boolean;
}

// Inside <script>, only "</script" and "<!--" can end or derail the element: neither survives these
// replacements, which do not change what the JavaScript or JSON means ("\/" and "\!" in strings are "/" and "!").
const scriptSafe = (js: string): string => js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
const jsonSafe = (json: string): string => json.replace(/</g, '\\u003c');

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 40px; color: #222; }
h1 { font-size: 22px; margin: 18px 0 8px; } h2 { font-size: 17px; margin: 28px 0 6px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; }
nav a { margin-right: 12px; }
table.kv th { text-align: left; padding-right: 16px; color: #555; font-weight: 600; vertical-align: top; }
table.grid { border-collapse: collapse; font-size: 12px; }
table.grid th, table.grid td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; white-space: nowrap; }
table.grid th { background: #f4f4f4; cursor: pointer; user-select: none; }
tr.failed td { color: #b00; } tr.stopped td, tr.paused td { color: #666; }
.multi { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 8px; }
.note { color: #666; font-size: 12px; margin: 2px 0; } .empty { color: #888; font-style: italic; }
.tablewrap { overflow-x: auto; }
#progress { margin: 8px 0; } #live { color: #2ca02c; font-size: 12px; } #live.failure { color: #b00; }
`;

const section = (id: string, title: string, body: string): string =>
  `<section id="view-${id}"><h2>${title}</h2>${body}</section>`;

const VIEWS: ReadonlyArray<readonly [string, string, string]> = [
  [
    'history',
    'Optimization history',
    '<div class="chart" id="chart-history"></div><p class="note" id="note-history"></p>',
  ],
  [
    'intermediate',
    'Intermediate values',
    '<div class="chart" id="chart-intermediate"></div><p class="note" id="note-intermediate"></p>',
  ],
  [
    'importance',
    'Parameter importance',
    '<div class="chart" id="chart-importance"></div><div id="table-importance"></div>',
  ],
  ['slices', 'Slices', '<div class="multi" id="chart-slices"></div><p class="note" id="note-slices"></p>'],
  ['contours', 'Contours', '<div class="multi" id="chart-contours"></div><p class="note" id="note-contours"></p>'],
  [
    'parallel',
    'Parallel coordinates',
    '<div class="chart" id="chart-parallel"></div><p class="note" id="note-parallel"></p>',
  ],
  ['edf', 'Empirical distribution', '<div class="chart" id="chart-edf"></div>'],
  [
    'timeline',
    'Timeline by worker slot',
    '<div class="chart" id="chart-timeline"></div><p class="note" id="note-timeline"></p>',
  ],
  ['lineage', 'PBT lineage', '<div class="chart" id="chart-lineage"></div><div id="table-schedule"></div>'],
  ['trials', 'Trials', '<div id="pager"></div><div class="tablewrap" id="table-trials"></div>'],
];

/**
 * The report as one self-contained HTML page: plotly.js, the page script and the model are inlined, so
 * the file opens anywhere without a network. With `live`, the page also follows a dashboard server's
 * `events` stream and redraws as the study goes on (the model may then be omitted).
 *
 * @example
 * ```ts
 * const html = reportHtml(reportModel(events), { plotly: readFileSync(require.resolve('plotly.js-cartesian-dist-min'), 'utf8') });
 * ```
 */
export const reportHtml = (model: ReportModel | undefined, options: ReportHtmlOptions): string => {
  const title = model?.title ?? 'rxhpo study';
  const nav = VIEWS.map(([id, t]) => `<a href="#view-${id}">${t}</a>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title.replace(/</g, '&lt;')}</title>`,
    `<style>${STYLE}</style>`,
    `<script>${scriptSafe(options.plotly)}</script>`,
    '</head><body>',
    `<h1 id="title">${title.replace(/</g, '&lt;')}</h1>`,
    options.live
      ? '<div id="progress" hidden><progress value="0" max="1"></progress> <span></span></div><div id="live">live: following the study</div>'
      : '',
    `<nav>${nav}</nav>`,
    section('summary', 'Summary', '<div id="summary"></div>'),
    ...VIEWS.map(([id, t, body]) => section(id, t, body)),
    `<script type="application/json" id="rxhpo-model">${model === undefined ? '' : jsonSafe(JSON.stringify(model))}</script>`,
    `<script>window.RXHPO_LIVE = ${options.live === true};</script>`,
    `<script>${scriptSafe(REPORT_CLIENT)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
};
