// `rxhpo show JOURNAL`: a study journal's summary in the terminal (or as JSON for scripts).
import { closeSync, openSync, readSync } from 'node:fs';
import { readJournal } from '../../adapters/node/journalFile.js';
import type { Config } from '../../lib/config.js';
import { DecodeError } from '../../lib/errors.js';
import { toJsonLine } from '../../lib/jsonLine.js';
import type { StudySummary, TrialSummary } from '../../lib/journal/studySummary.js';
import { studySummary } from '../../lib/journal/studySummary.js';
import type { CliCommand } from '../cliCommand.js';
import { parseCommandArgs } from '../parseCommandArgs.js';

const USAGE = `Usage: rxhpo show JOURNAL [--json]

Prints a study journal's summary: the objective, the best completed trial (number, value, config),
the number of trials in each state, and a table of every trial (number, state, last step, value,
config). Values are in the objective's own sign. The journal may belong to a study that is still
running: it is read without taking its lock.

Options:
  --json       print one JSON object instead (NaN and ±Infinity as {"$num":"NaN"} etc., as in journals)
  -h, --help   this help

Exit codes: 0 ok, 1 the journal is missing, empty or bad (the message names its file and line),
2 usage error.
`;

const fmt = (v: number | undefined): string =>
  v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
const fmtConfig = (c: Config): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`)
    .join(' ');

// Numbers right-aligned (columns #, step, value), words left-aligned, the config column ragged.
const table = (rows: string[][]): string => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          i === r.length - 1
            ? cell
            : i === 0 || i === 2 || i === 3
              ? cell.padStart(widths[i] ?? 0)
              : cell.padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

// The study's wall time, first to last timed event, when the journal records times (ms).
const wallTimeOf = (times: ReadonlyArray<number | undefined>): number | undefined => {
  const known = times.filter((t): t is number => t !== undefined);
  const first = known[0];
  const last = known.at(-1);
  return first === undefined || last === undefined ? undefined : last - first;
};
const fmtDuration = (ms: number): string => {
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toPrecision(3))} s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`
    : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
};

const showText = (path: string, s: StudySummary, wallTimeMs: number | undefined): string => {
  const { metric, mode } = s.objective;
  const c = s.counts;
  const states = (['completed', 'stopped', 'paused', 'failed', 'running'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`)
    .join(', ');
  const best = (b: TrialSummary): string =>
    `trial ${b.number}: ${metric} = ${fmt(b.value)} (step ${fmt(b.lastStep)})  ${fmtConfig(b.config)}`;
  const rows = [
    ['#', 'state', 'step', metric, 'config'],
    ...s.trials.map((t) => [String(t.number), t.state, fmt(t.lastStep), fmt(t.value), fmtConfig(t.config)]),
  ];
  return [
    `study ${path}`,
    `objective: ${metric} (${mode === 'min' ? 'minimize' : 'maximize'})   seed: ${String(s.seed)}`,
    `trials: ${c.total}${states ? ` (${states})` : ''}`,
    ...(wallTimeMs === undefined ? [] : [`wall time: ${fmtDuration(wallTimeMs)}`]),
    `best: ${s.best ? best(s.best) : 'none yet (no completed trial)'}`,
    '',
    table(rows),
    '',
  ].join('\n');
};

const firstLine = (path: string): string => {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0)).split('\n')[0] ?? '';
  } finally {
    closeSync(fd);
  }
};

/**
 * `rxhpo show JOURNAL [--json]`: prints a journal's objective, best trial, counts by state and a table of
 * every trial, or all of it as one JSON object.
 *
 * @example
 * ```ts
 * const code = await showCommand.run(['runs/study.jsonl', '--json'], { out: console.log, err: console.error });
 * ```
 */
export const showCommand: CliCommand = {
  name: 'show',
  summary: 'show JOURNAL [--json]                 summarise a study journal: best trial, counts, trials',
  usage: USAGE,
  run(args, io) {
    const r = parseCommandArgs('show', args, { json: { type: 'boolean' } }, ['JOURNAL']);
    if (!r) return (io.out(USAGE), 0);
    const path = r.positionals[0] as string;
    let j;
    try {
      j = readJournal(path);
    } catch (e) {
      // An Optuna journal given to show by mistake: say what to do with it.
      if (e instanceof DecodeError && / line 1: /.test(e.message) && firstLine(path).includes('"op_code"'))
        throw new Error(
          `${e.message}\n${path} is an Optuna journal: import it first (rxhpo import --format optuna ${path} JOURNAL)`,
          { cause: e },
        );
      throw e;
    }
    if (j.torn) io.err(`rxhpo: warning: ${path} line ${j.torn.line} was cut short (a writer died mid-line); ignored\n`);
    if (j.events.length === 0) throw new Error(`journal ${path} is empty`);
    const s = studySummary(j.events);
    const wallTimeMs = wallTimeOf(j.times);
    io.out(
      r.values['json'] === true
        ? `${toJsonLine({ path, ...s, ...(wallTimeMs === undefined ? {} : { wallTimeMs }) })}\n`
        : showText(path, s, wallTimeMs),
    );
    return 0;
  },
};
