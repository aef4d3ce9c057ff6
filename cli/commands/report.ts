import { existsSync } from 'node:fs';
import type { CliCommand } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';
import { parseCommandArgs } from '../parseCommandArgs.js';
import { reportFromJournal } from '../../adapters/report/writeReport.js';

const USAGE = `Usage: rxhpo report JOURNAL [-o OUT] [options]

Writes one self-contained HTML file (no network needed to open it) with the study's summary,
optimization history, intermediate values (with scheduler decisions and rungs), parameter importance
(PED-ANOVA), slices, contours, parallel coordinates, the empirical distribution, a timeline by worker
slot, the PBT lineage and a sortable table of trials. Big studies stay quick: point charts draw a sample
that always keeps the best trials, while counts, the best line, quantiles and contours use every trial.

Options:
  -o, --out OUT          where to write (default: JOURNAL with .html in place of .jsonl)
  --title TEXT           the page's title
  --max-points N         trials drawn in the point charts (default 2000)
  --force                overwrite OUT if it exists
  -h, --help             this help
`;

const positiveInt = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`, 'report');
  return n;
};

/**
 * `rxhpo report JOURNAL -o report.html`: the study's HTML report.
 *
 * @example
 * ```ts
 * await reportCommand.run(['runs/study.jsonl', '-o', 'runs/report.html'], { out: console.log, err: console.error });
 * ```
 */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'report JOURNAL [-o OUT]                   write a self-contained HTML report of a study',
  usage: USAGE,
  run(args, io) {
    const r = parseCommandArgs(
      'report',
      args,
      {
        out: { type: 'string', short: 'o' },
        title: { type: 'string' },
        'max-points': { type: 'string' },
        force: { type: 'boolean' },
      },
      ['JOURNAL'],
    );
    if (!r) {
      io.out(USAGE);
      return 0;
    }
    // parseArgs gives strings for the string flags declared above and a boolean for --force.
    const values = r.values as {
      readonly out?: string;
      readonly title?: string;
      readonly 'max-points'?: string;
      readonly force?: boolean;
    };
    const journal = r.positionals[0] as string;
    const out = values.out ?? `${journal.replace(/\.jsonl?$/, '')}.html`;
    const maxPoints = positiveInt('--max-points', values['max-points']);
    if (!existsSync(journal)) {
      io.err(`rxhpo report: ${journal}: no such file\n`);
      return 1;
    }
    if (out === journal) {
      io.err(`rxhpo report: ${out} is the journal itself\n`);
      return 1;
    }
    if (existsSync(out) && !values.force) {
      io.err(`rxhpo report: ${out} exists (use --force to overwrite it)\n`);
      return 1;
    }
    try {
      const bytes = reportFromJournal(journal, out, {
        ...(values.title === undefined ? {} : { title: values.title }),
        ...(maxPoints === undefined ? {} : { maxPoints }),
      });
      io.out(`wrote ${out} (${(bytes / 1e6).toFixed(1)} MB)\n`);
      return 0;
    } catch (e) {
      io.err(`rxhpo report: ${(e as Error).message}\n`);
      return 1;
    }
  },
};
