import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { JournalHeader } from '../../lib/journal/journalHeader.js';
import { readJournal } from '../node/journalFile.js';
import type { ReportModelOptions } from './reportModel.js';
import { reportModel } from './reportModel.js';
import { reportHtml } from './reportHtml.js';

/** plotly.js is a dependency, read only when a report is written; this names it should an install have dropped it. */
export class PlotlyMissingError extends Error {
  override readonly name = 'PlotlyMissingError';
  constructor() {
    super(
      'the HTML report draws its charts with plotly.js, which is not installed: run `npm install plotly.js-cartesian-dist-min`',
    );
  }
}

let plotlyText: string | undefined;

/**
 * The text of plotly.js from the installed `plotly.js-cartesian-dist-min` (read once, then cached).
 *
 * @example
 * ```ts
 * reportHtml(model, { plotly: loadPlotly() });
 * ```
 * @throws PlotlyMissingError saying how to install it.
 */
export const loadPlotly = (): string => {
  if (plotlyText !== undefined) return plotlyText;
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min');
  } catch {
    throw new PlotlyMissingError();
  }
  plotlyText = readFileSync(path, 'utf8');
  return plotlyText;
};

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends Omit<ReportModelOptions, 'header'> {
  readonly header?: JournalHeader;
}

/**
 * Writes a study's report, one self-contained HTML file, from its events; returns its size in bytes.
 *
 * @example
 * ```ts
 * writeReport('runs/report.html', events);
 * ```
 * @throws PlotlyMissingError when `plotly.js-cartesian-dist-min` is not installed.
 */
export const writeReport = (
  path: string,
  events: ReadonlyArray<TrialEvent>,
  options: WriteReportOptions = {},
): number => {
  const html = reportHtml(reportModel(events, options), { plotly: loadPlotly() });
  writeFileSync(path, html);
  return Buffer.byteLength(html);
};

/**
 * Reads a journal (without its lock: the study may still run) and writes its report; returns the size.
 *
 * @example
 * ```ts
 * reportFromJournal('runs/study.jsonl', 'runs/report.html');
 * ```
 * @throws DecodeError naming the file and line of a corrupt record; PlotlyMissingError.
 */
export const reportFromJournal = (
  journal: string,
  out: string,
  options: Omit<WriteReportOptions, 'header'> = {},
): number => {
  const { header, events, times } = readJournal(journal);
  if (header === undefined) throw new Error(`${journal}: the journal is empty`);
  return writeReport(out, events, { ...options, header, times });
};
