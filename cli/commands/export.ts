// `rxhpo export --format optuna JOURNAL OUT`: a study journal as an Optuna journal file.
import { exportOptunaJournal } from '../../adapters/node/optunaFile.js';
import type { CliCommand } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';
import { parseCommandArgs, requireOptunaFormat } from '../parseCommandArgs.js';

const USAGE = `Usage: rxhpo export --format optuna JOURNAL OUT [options]

Writes the study in JOURNAL as an Optuna journal file OUT (one study), which Optuna 3.1 or later and
optuna-dashboard open with JournalStorage(JournalFileStorage(OUT)).

Options:
  --format optuna          the target format (required; only optuna for now)
  --study-name NAME        the Optuna study name (default: rxhpo)
  --start ISO-8601         datetime of the first event; each later event is 1 ms later
                           (default: the last event falls on JOURNAL's modification time)
  --running running|fail   write trials still running as RUNNING (default) or FAIL
  --force                  overwrite OUT if it exists
  --json                   print {"trials": N, "out": OUT} instead of a sentence
  -h, --help               this help

Exit codes: 0 ok, 1 JOURNAL is missing or bad (the message names its file and line) or OUT exists,
2 usage error.
`;

/**
 * `rxhpo export --format optuna JOURNAL OUT`: writes a study journal as an Optuna journal file.
 *
 * @example
 * ```ts
 * await exportCommand.run(['--format', 'optuna', 'study.jsonl', 'optuna.log'], io);
 * ```
 */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export --format optuna JOURNAL OUT    write a journal as an Optuna journal file',
  usage: USAGE,
  run(args, io) {
    const r = parseCommandArgs(
      'export',
      args,
      {
        format: { type: 'string' },
        'study-name': { type: 'string' },
        start: { type: 'string' },
        running: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      ['JOURNAL', 'OUT'],
    );
    if (!r) return (io.out(USAGE), 0);
    requireOptunaFormat('export', r.values['format']);
    const startText = r.values['start'];
    const start = startText === undefined ? undefined : Date.parse(startText as string);
    if (start !== undefined && Number.isNaN(start))
      throw new UsageError(`--start ${JSON.stringify(startText)} is not an ISO 8601 date`, 'export');
    const running = r.values['running'];
    if (running !== undefined && running !== 'running' && running !== 'fail')
      throw new UsageError(`--running must be running or fail, got ${JSON.stringify(running)}`, 'export');
    const studyName = r.values['study-name'];
    const [journal, out] = r.positionals as [string, string];
    const n = exportOptunaJournal(journal, out, {
      ...(studyName === undefined ? {} : { studyName: studyName as string }),
      ...(start === undefined ? {} : { start }),
      ...(running === undefined ? {} : { running }),
      overwrite: r.values['force'] === true,
    });
    io.out(r.values['json'] === true ? `${JSON.stringify({ trials: n, out })}\n` : `wrote ${n} trial(s) to ${out}\n`);
    return 0;
  },
};
