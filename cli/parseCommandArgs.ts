// The one way every `rxhpo` sub-command reads its command line, so flags behave alike everywhere:
// -h/--help on each command, unknown options refused, the expected positionals named in the error.
import { parseArgs } from 'node:util';
import { UsageError } from './cliCommand.js';

/** The options a command accepts besides -h/--help (which every command gets). */
export type CommandFlags = Readonly<
  Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: false }>
>;

/** A parsed command line: option values by long name, and the positionals in order. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: ReadonlyArray<string>;
}

/**
 * Parses a sub-command's arguments with node's `parseArgs` (strict). Returns `undefined` when -h/--help
 * was given (the command then prints its usage and exits 0). `positionals` names the positional
 * arguments the command takes; the last `optional` of them may be left out.
 *
 * @example
 * ```ts
 * const r = parseCommandArgs('show', args, { json: { type: 'boolean' } }, ['JOURNAL']);
 * if (!r) return (io.out(showCommand.usage), 0);
 * const [journal] = r.positionals;
 * ```
 * @throws UsageError naming the command, for an unknown option, a missing value or a wrong number of
 *   positionals.
 */
export const parseCommandArgs = (
  command: string,
  args: ReadonlyArray<string>,
  flags: CommandFlags,
  positionals: ReadonlyArray<string>,
  optional = 0,
): CommandArgs | undefined => {
  let r: CommandArgs;
  try {
    r = parseArgs({
      args: [...args],
      options: { ...flags, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }) as CommandArgs;
  } catch (e) {
    throw new UsageError((e as Error).message, command);
  }
  if (r.values['help'] === true) return undefined;
  const n = r.positionals.length;
  if (n > positionals.length || n < positionals.length - optional)
    throw new UsageError(
      `expected ${positionals.join(' and ')}, got ${n === 0 ? 'nothing' : r.positionals.map((p) => JSON.stringify(p)).join(' ')}`,
      command,
    );
  return r;
};

/**
 * Checks `--format` of export and import, the one format there is so far.
 *
 * @example
 * ```ts
 * requireOptunaFormat('export', r.values['format']);
 * ```
 * @throws UsageError when it is missing or not `optuna`.
 */
export const requireOptunaFormat = (command: string, format: unknown): void => {
  if (format === undefined) throw new UsageError('--format is required (only "optuna" for now)', command);
  if (format !== 'optuna')
    throw new UsageError(`--format ${JSON.stringify(format)} is not supported (only "optuna")`, command);
};
