// The `rxhpo` command. `main` takes the arguments and returns the exit code (0 ok, 1 runtime failure,
// 2 usage error), so it is testable without a process; bin/rxhpo.mjs launches it.
import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readJournal } from '../adapters/node/journalFile.js';
import { exportOptunaJournal, importOptunaJournal } from '../adapters/node/optunaFile.js';
import type { Config } from '../lib/config.js';
import { DecodeError } from '../lib/errors.js';
import { toJsonLine } from '../lib/jsonLine.js';
import { VERSION } from '../lib/version.js';
import type { StudySummary, TrialSummary } from '../lib/journal/studySummary.js';
import { studySummary } from '../lib/journal/studySummary.js';

/** Where the command writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

const HELP: Readonly<Record<string, string>> = {
  '': `Usage: rxhpo <command> [options]

Commands:
  show JOURNAL [--json]                      summarise a study journal: best trial, counts, trials
  export --format optuna JOURNAL OUT         write a journal as an Optuna journal file
  import --format optuna IN JOURNAL          read a study from an Optuna journal file into a journal

Options:
  -h, --help       help (also: rxhpo <command> --help)
  -v, --version    the version

Exit codes: 0 ok, 1 failure (a bad or missing file), 2 usage error.
`,
  show: `Usage: rxhpo show JOURNAL [--json]

Prints a study journal's summary: the objective, the best completed trial (number, value, config),
the number of trials in each state, and a table of every trial (number, state, last step, value,
config). Values are in the objective's own sign. The journal may belong to a study that is still
running: it is read without taking its lock.

Options:
  --json       print one JSON object instead (NaN and ±Infinity as {"$num":"NaN"} etc., as in journals)
  -h, --help   this help
`,
  export: `Usage: rxhpo export --format optuna JOURNAL OUT [options]

Writes the study in JOURNAL as an Optuna journal file OUT (one study), which Optuna 3.1 or later and
optuna-dashboard open with JournalStorage(JournalFileStorage(OUT)).

Options:
  --format optuna          the target format (required; only optuna for now)
  --study-name NAME        the Optuna study name (default: rxhpo)
  --start ISO-8601         datetime of the first event; each later event is 1 ms later
                           (default: the last event falls on JOURNAL's modification time)
  --running running|fail   write trials still running as RUNNING (default) or FAIL
  --force                  overwrite OUT if it exists
  -h, --help               this help
`,
  import: `Usage: rxhpo import --format optuna IN JOURNAL [options]

Reads one study from the Optuna journal file IN (written by Optuna 3.1 to 5.x) and writes it as a new
study journal JOURNAL, which rxhpo show reads and samplers can warm-start from. What cannot be carried
over (WAITING trials, trial attributes) is printed as a warning.

Options:
  --format optuna     the source format (required; only optuna for now)
  --study NAME        the study to import (required when IN holds several)
  --objective N       for a multi-objective study, the objective to import as the study's (default 0)
  -h, --help          this help
`,
};

type Flags = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: ReadonlyArray<string>;
}

// undefined when --help was asked for.
const parse = (
  command: string,
  args: string[],
  options: Flags,
  positionals: ReadonlyArray<string>,
): Parsed | undefined => {
  let r: Parsed;
  try {
    r = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }) as Parsed;
  } catch (e) {
    throw new UsageError((e as Error).message, command);
  }
  if (r.values.help === true) return undefined;
  if (r.positionals.length !== positionals.length)
    throw new UsageError(
      `expected ${positionals.join(' and ')}, got ${r.positionals.length === 0 ? 'nothing' : r.positionals.map((p) => JSON.stringify(p)).join(' ')}`,
      command,
    );
  return r;
};

const requireFormat = (command: string, format: unknown): void => {
  if (format === undefined) throw new UsageError('--format is required (only "optuna" for now)', command);
  if (format !== 'optuna')
    throw new UsageError(`--format ${JSON.stringify(format)} is not supported (only "optuna")`, command);
};

const fmt = (v: number | undefined): string =>
  v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
const fmtConfig = (c: Config): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`)
    .join(' ');

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

const showText = (path: string, s: StudySummary): string => {
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

const commands: Readonly<Record<string, (args: string[], io: CliIo) => number>> = {
  show(args, io) {
    const r = parse('show', args, { json: { type: 'boolean' } }, ['JOURNAL']);
    if (!r) return (io.out(HELP.show as string), 0);
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
    io.out(r.values.json === true ? `${toJsonLine({ path, ...s })}\n` : showText(path, s));
    return 0;
  },
  export(args, io) {
    const r = parse(
      'export',
      args,
      {
        format: { type: 'string' },
        'study-name': { type: 'string' },
        start: { type: 'string' },
        running: { type: 'string' },
        force: { type: 'boolean' },
      },
      ['JOURNAL', 'OUT'],
    );
    if (!r) return (io.out(HELP.export as string), 0);
    requireFormat('export', r.values.format);
    const start = r.values.start === undefined ? undefined : Date.parse(r.values.start as string);
    if (start !== undefined && Number.isNaN(start))
      throw new UsageError(`--start ${JSON.stringify(r.values.start)} is not an ISO 8601 date`, 'export');
    const running = r.values.running;
    if (running !== undefined && running !== 'running' && running !== 'fail')
      throw new UsageError(`--running must be running or fail, got ${JSON.stringify(running)}`, 'export');
    const [journal, out] = r.positionals as [string, string];
    const n = exportOptunaJournal(journal, out, {
      ...(r.values['study-name'] === undefined ? {} : { studyName: r.values['study-name'] as string }),
      ...(start === undefined ? {} : { start }),
      ...(running === undefined ? {} : { running }),
      overwrite: r.values.force === true,
    });
    io.out(`wrote ${n} trial(s) to ${out}\n`);
    return 0;
  },
  import(args, io) {
    const r = parse(
      'import',
      args,
      { format: { type: 'string' }, study: { type: 'string' }, objective: { type: 'string' } },
      ['IN', 'JOURNAL'],
    );
    if (!r) return (io.out(HELP.import as string), 0);
    requireFormat('import', r.values.format);
    const objective = r.values.objective === undefined ? undefined : Number(r.values.objective);
    if (objective !== undefined && !(Number.isInteger(objective) && objective >= 0))
      throw new UsageError(`--objective must be an integer >= 0, got ${JSON.stringify(r.values.objective)}`, 'import');
    const [input, journal] = r.positionals as [string, string];
    const imported = importOptunaJournal(input, journal, {
      ...(r.values.study === undefined ? {} : { study: r.values.study as string }),
      ...(objective === undefined ? {} : { objective }),
      warn: (m) => io.err(`rxhpo: warning: ${m}\n`),
    });
    io.out(`wrote ${imported.numbers.length} trial(s) to ${journal}\n`);
    return 0;
  },
};

/**
 * Runs the `rxhpo` command with `args` (without the node and script paths) and returns its exit code:
 * 0 ok, 1 runtime failure (the message names the file and, for a bad journal, the line), 2 usage error.
 *
 * @example
 * ```ts
 * process.exitCode = main(['show', 'runs/study.jsonl']);
 * ```
 */
export const main = (
  args: ReadonlyArray<string>,
  io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): number => {
  const [command, ...rest] = args;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      if (topic !== undefined && HELP[topic] === undefined)
        throw new UsageError(`unknown command ${JSON.stringify(topic)}`);
      io.out(HELP[topic ?? ''] as string);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const run = commands[command];
    if (!run)
      throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(commands).join(', ')}`);
    return run([...rest], io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(
        `rxhpo${e.command ? ` ${e.command}` : ''}: ${e.message}\nSee: rxhpo ${e.command ? `${e.command} ` : ''}--help\n`,
      );
      return 2;
    }
    const err = e as Error;
    io.err(`rxhpo ${command}: ${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}\n`);
    return 1;
  }
};
