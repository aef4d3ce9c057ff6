// The shape every `rxhpo` sub-command has, so that each lives in its own file under cli/commands/ and
// the dispatcher (cli/rxhpo.ts) only lists them.

/** Where a command writes; tests pass collectors instead of the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * One sub-command of `rxhpo`: `rxhpo NAME [args]` calls `run(args, io)`.
 * Exit codes: 0 ok, 1 runtime failure (a bad or missing file, an unreachable server), 2 usage error.
 * Long-running commands (dashboard, worker, automl) return a promise that settles when they end.
 */
export interface CliCommand {
  /** The word after `rxhpo`. */
  readonly name: string;
  /** One line for `rxhpo --help`, e.g. `show JOURNAL [--json]   summarise a study journal`. */
  readonly summary: string;
  /** The full text of `rxhpo NAME --help`. */
  readonly usage: string;
  /** Runs the command; throws UsageError for bad arguments (the dispatcher prints it with the usage). */
  readonly run: (args: readonly string[], io: CliIo) => number | Promise<number>;
}

/** A bad command line: the dispatcher prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}
