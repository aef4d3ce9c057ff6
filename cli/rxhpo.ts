// The `rxhpo` command: a dispatcher over the sub-commands in cli/commands/. `main` takes the arguments
// and resolves to the exit code (0 ok, 1 runtime failure, 2 usage error), so it is testable without a
// process; bin/rxhpo.mjs launches it.
import { VERSION } from '../lib/version.js';
import type { CliCommand, CliIo } from './cliCommand.js';
import { UsageError } from './cliCommand.js';
import { automlCommand } from './commands/automl.js';
import { dashboardCommand } from './commands/dashboard.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { reportCommand } from './commands/report.js';
import { showCommand } from './commands/show.js';
import { workerCommand } from './commands/worker.js';

/**
 * Every sub-command, in the order `rxhpo --help` lists them. A new command lives in
 * cli/commands/NAME.ts, exports `NAMECommand` and is added here.
 */
export const commands: ReadonlyArray<CliCommand> = [
  showCommand,
  reportCommand,
  dashboardCommand,
  exportCommand,
  importCommand,
  automlCommand,
  workerCommand,
];

/** A summary is `SYNOPSIS  description`: re-aligned so every command's description starts in one column. */
const summaryColumns = (list: ReadonlyArray<CliCommand>): string => {
  const split = list.map((c) => {
    const m = /^(.*?\S)\s{2,}(\S.*)$/.exec(c.summary.trim());
    return m ? [m[1] as string, m[2] as string] : [c.summary.trim(), ''];
  });
  const width = Math.max(...split.map(([s]) => (s as string).length));
  return split.map(([s, d]) => `  ${(s as string).padEnd(width)}   ${d}`.trimEnd()).join('\n');
};

/**
 * The text of `rxhpo --help` for a list of commands.
 *
 * @example
 * ```ts
 * process.stdout.write(topHelp(commands));
 * ```
 */
export const topHelp = (list: ReadonlyArray<CliCommand> = commands): string => `Usage: rxhpo <command> [options]

Commands:
${summaryColumns(list)}

Options:
  -h, --help       this help; rxhpo <command> --help (or rxhpo help <command>) for a command's
  -v, --version    print the version

Exit codes:
  0   ok
  1   the command failed: a missing or bad file (a bad journal is named with its line), a server
      that cannot start; the message says which
  2   usage error: an unknown command or option, a missing or malformed argument
`;

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * Runs the `rxhpo` command with `args` (without the node and script paths) and resolves to its exit code:
 * 0 ok, 1 runtime failure (the message names the file and, for a bad journal, the line), 2 usage error
 * (the message is followed by a pointer to the command's help). Never rejects.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['show', 'runs/study.jsonl']);
 * ```
 */
export const main = async (
  args: ReadonlyArray<string>,
  io: CliIo = defaultIo,
  list: ReadonlyArray<CliCommand> = commands,
): Promise<number> => {
  const [name, ...rest] = args;
  const byName = new Map(list.map((c) => [c.name, c]));
  try {
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (topic === undefined) {
        io.out(topHelp(list));
        return name === undefined ? 2 : 0;
      }
      const command = byName.get(topic);
      if (!command) throw new UsageError(unknown(topic, list));
      io.out(command.usage);
      return 0;
    }
    if (name === '-v' || name === '--version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const command = byName.get(name);
    if (!command) throw new UsageError(unknown(name, list));
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      // A command that throws a UsageError without naming itself is still the one whose help to point at.
      const c = e.command ?? (name !== undefined && byName.has(name) ? name : '');
      io.err(`rxhpo${c ? ` ${c}` : ''}: ${e.message}\nSee: rxhpo ${c ? `${c} ` : ''}--help\n`);
      return 2;
    }
    io.err(`rxhpo ${name ?? ''}: ${describeError(e)}\n`);
    return 1;
  }
};

// A file the system could not open is named first ("runs/x.jsonl: no such file or directory"); other
// errors keep their name unless it is the plain Error.
const describeError = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const sys = e as NodeJS.ErrnoException;
  if (typeof sys.path === 'string' && typeof sys.code === 'string') {
    const reason = /^[A-Z]+: ([^,]+)/.exec(sys.message)?.[1] ?? sys.message;
    return `${sys.path}: ${reason} (${sys.code})`;
  }
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`;
};

// Suggests the command a typo was probably meant to be (one edit away, or a prefix).
const unknown = (name: string, list: ReadonlyArray<CliCommand>): string => {
  const near =
    name.length > 0 ? list.find((c) => c.name.startsWith(name) || editDistance(c.name, name) <= 2) : undefined;
  return (
    `unknown command ${JSON.stringify(name)}${near ? ` (did you mean ${near.name}?)` : ''}; ` +
    `commands: ${list.map((c) => c.name).join(', ')}`
  );
};

const editDistance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next.push(
        Math.min(
          (row[j] as number) + 1,
          (next[j - 1] as number) + 1,
          (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    row = next;
  }
  return row[b.length] as number;
};
