// `rxhpo import --format optuna IN JOURNAL`: a study from an Optuna journal file as a study journal.
import { importOptunaJournal } from '../../adapters/node/optunaFile.js';
import type { CliCommand } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';
import { parseCommandArgs, requireOptunaFormat } from '../parseCommandArgs.js';

const USAGE = `Usage: rxhpo import --format optuna IN JOURNAL [options]

Reads one study from the Optuna journal file IN (written by Optuna 3.1 to 5.x) and writes it as a new
study journal JOURNAL, which rxhpo show reads and samplers can warm-start from. What cannot be carried
over (WAITING trials, trial attributes) is printed as a warning.

Options:
  --format optuna     the source format (required; only optuna for now)
  --study NAME        the study to import (required when IN holds several)
  --objective N       for a multi-objective study, the objective to import as the study's (default 0)
  --json              print {"trials": N, "journal": JOURNAL, "warnings": [...]} instead of a sentence
                      (warnings then go there rather than to stderr)
  -h, --help          this help

Exit codes: 0 ok, 1 IN is missing or bad, or JOURNAL already holds a study, 2 usage error.
`;

/**
 * `rxhpo import --format optuna IN JOURNAL`: reads one study of an Optuna journal file into a new
 * study journal.
 *
 * @example
 * ```ts
 * await importCommand.run(['--format', 'optuna', 'optuna.log', 'study.jsonl'], io);
 * ```
 */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import --format optuna IN JOURNAL     read a study from an Optuna journal file into a journal',
  usage: USAGE,
  run(args, io) {
    const r = parseCommandArgs(
      'import',
      args,
      {
        format: { type: 'string' },
        study: { type: 'string' },
        objective: { type: 'string' },
        json: { type: 'boolean' },
      },
      ['IN', 'JOURNAL'],
    );
    if (!r) return (io.out(USAGE), 0);
    requireOptunaFormat('import', r.values['format']);
    const objectiveText = r.values['objective'];
    const objective = objectiveText === undefined ? undefined : Number(objectiveText);
    if (objective !== undefined && !(Number.isInteger(objective) && objective >= 0))
      throw new UsageError(`--objective must be an integer >= 0, got ${JSON.stringify(objectiveText)}`, 'import');
    const study = r.values['study'];
    const [input, journal] = r.positionals as [string, string];
    const json = r.values['json'] === true;
    const warnings: string[] = [];
    const imported = importOptunaJournal(input, journal, {
      ...(study === undefined ? {} : { study: study as string }),
      ...(objective === undefined ? {} : { objective }),
      warn: (m) => (json ? warnings.push(m) : io.err(`rxhpo: warning: ${m}\n`)),
    });
    const trials = imported.numbers.length;
    io.out(json ? `${JSON.stringify({ trials, journal, warnings })}\n` : `wrote ${trials} trial(s) to ${journal}\n`);
    return 0;
  },
};
