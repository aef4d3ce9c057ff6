import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Config } from '../../lib/config.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { MetricReportCodec } from '../../lib/metricReport.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Trial } from '../../lib/trial.js';
import { decodeProblems } from '../../lib/decodeProblems.js';
import { InvalidOptionsError, TrialFailedError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';

/** Where a {@link commandTrainer} puts a trial's config (JSON) for the command. */
export type ConfigChannel = 'env' | 'argv' | 'stdin';

/** Options of {@link commandTrainer}. */
export interface CommandTrainerOptions<C = Config> {
  /** The program to run, found on `PATH` like a shell would (`python3`, `./train.sh`, `Rscript`). No shell is involved. */
  readonly command: string;
  /** Its arguments: fixed, or built from the trial (`(t) => ['train.py', '--lr', String(t.config.lr)]`). */
  readonly args?: ReadonlyArray<string> | ((trial: Trial<C>) => ReadonlyArray<string>);
  /**
   * Where the config goes as JSON: `'env'` (default) the `RXHPO_CONFIG` variable, `'argv'` one more
   * argument after `args`, `'stdin'` one line on standard input, which is then closed.
   */
  readonly config?: ConfigChannel;
  /** Extra environment variables, over this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory. Default: this process's. */
  readonly cwd?: string;
  /** Milliseconds a stopped command gets after SIGTERM before its process group is sent SIGKILL. Default 5000. */
  readonly graceMs?: number;
  /**
   * Receives every line that is not a report (the script's own prints, on stdout or stderr). Default:
   * they are dropped, except that the last lines of stderr are kept for a failed trial's message.
   */
  readonly onOutput?: (line: string, stream: 'stdout' | 'stderr', trial: Trial<C>) => void;
}

const KNOWN = ['command', 'args', 'config', 'env', 'cwd', 'graceMs', 'onOutput'];
const CHANNELS: ReadonlyArray<ConfigChannel> = ['env', 'argv', 'stdin'];
const TAIL_LINES = 20;
const SHOWN_LINE = 200;

const validate = (o: CommandTrainerOptions<never>): void => {
  if (typeof o !== 'object' || o === null)
    throw new InvalidOptionsError('commandTrainer', [`options must be an object, got ${show(o)}`]);
  const p: string[] = unknownOptionProblems(o, KNOWN);
  if (typeof o.command !== 'string' || o.command.length === 0)
    p.push(`command must be a non-empty string, got ${show(o.command)}`);
  if (
    o.args !== undefined &&
    typeof o.args !== 'function' &&
    !(Array.isArray(o.args) && o.args.every((a) => typeof a === 'string'))
  )
    p.push(`args must be an array of strings or a function of the trial, got ${show(o.args)}`);
  if (o.config !== undefined && !CHANNELS.includes(o.config))
    p.push(`config must be one of ${CHANNELS.map((c) => show(c)).join(', ')}, got ${show(o.config)}`);
  if (
    o.env !== undefined &&
    (typeof o.env !== 'object' || o.env === null || Object.values(o.env).some((v) => typeof v !== 'string'))
  )
    p.push(`env must be a record of strings, got ${show(o.env)}`);
  if (o.cwd !== undefined && (typeof o.cwd !== 'string' || o.cwd.length === 0))
    p.push(`cwd must be a non-empty path, got ${show(o.cwd)}`);
  if (o.graceMs !== undefined && !(typeof o.graceMs === 'number' && o.graceMs >= 0))
    p.push(`graceMs must be a number >= 0, got ${show(o.graceMs)}`);
  if (o.onOutput !== undefined && typeof o.onOutput !== 'function')
    p.push(`onOutput must be a function, got ${show(o.onOutput)}`);
  if (p.length > 0) throw new InvalidOptionsError('commandTrainer', p);
};

const GROUPS = process.platform !== 'win32';

// Process groups still alive, killed if this process exits first (an `exit` listener may only do
// synchronous work, and `process.kill` is synchronous).
const live = new Set<number>();
let exitHookInstalled = false;
const killLiveGroups = (): void => {
  for (const pid of live) signalGroup(pid, 'SIGKILL');
};

/** Sends `signal` to the whole process group led by `pid`; false if no process of it is left. */
const signalGroup = (pid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(GROUPS ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
};

const shorten = (line: string): string => (line.length > SHOWN_LINE ? `${line.slice(0, SHOWN_LINE)}…` : line);

/** The env a trial's command sees: RXHPO_* describe the trial; the config too when `config: 'env'`. */
const trialEnv = <C>(trial: Trial<C>, o: CommandTrainerOptions<C>, json: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Python buffers a piped stdout, which would hold every report back until the script exits.
    PYTHONUNBUFFERED: '1',
    ...o.env,
    RXHPO_TRIAL_ID: trial.id,
    RXHPO_TRIAL_NUMBER: String(trial.number),
    RXHPO_SEED: String(trial.seed),
    RXHPO_START_STEP: String(trial.startStep),
    RXHPO_SEGMENT: String(trial.segment),
  };
  if (trial.budget !== undefined) env['RXHPO_BUDGET'] = String(trial.budget);
  else delete env['RXHPO_BUDGET'];
  if (trial.resumeFrom !== undefined) env['RXHPO_RESUME_FROM'] = JSON.stringify(trial.resumeFrom);
  else delete env['RXHPO_RESUME_FROM'];
  if ((o.config ?? 'env') === 'env') env['RXHPO_CONFIG'] = json;
  else delete env['RXHPO_CONFIG'];
  return env;
};

/**
 * A trainer that runs a command per trial, so rxhpo tunes code in any language (a Python, R or shell
 * training script, a compiled binary). The trial's config goes to the command as JSON (`config`: the
 * `RXHPO_CONFIG` variable, one more argument, or a line on stdin), and `RXHPO_TRIAL_ID`,
 * `RXHPO_TRIAL_NUMBER`, `RXHPO_SEED`, `RXHPO_START_STEP`, `RXHPO_SEGMENT` and, when set, `RXHPO_BUDGET`
 * (the last step to run) and `RXHPO_RESUME_FROM` (the JSON checkpoint to resume from) are always set.
 *
 * The command reports by printing one JSON object per line on stdout, flushed:
 * `{"step": 1, "metrics": {"loss": 0.3}}`, optionally with a JSON `"checkpoint"` (a file path, say) that
 * comes back as `RXHPO_RESUME_FROM` when the trial resumes. A line whose first non-blank character is
 * `{` is a report: one that is not valid JSON or not a `{step, metrics}` report fails the trial, naming
 * the line. Every other line is the script's own output, passed to `onOutput` (dropped by default).
 * Exit code 0 completes the trial; another code, or a signal, fails it with the code and the last lines
 * of stderr. Python's output buffering is turned off (`PYTHONUNBUFFERED=1`); other languages must flush.
 *
 * Stopping the trial (a scheduler's decision, unsubscribing the study) kills the command's whole process
 * tree: it runs in its own process group, which gets SIGTERM, then SIGKILL after `graceMs`.
 * Processes a command leaves behind when it exits are ended the same way, and live groups are killed if
 * this process exits. (On Windows only the command itself is killed.) When this process is interrupted
 * by a signal (Ctrl-C), unsubscribe the study in a handler so the trees are killed:
 * `process.once('SIGINT', () => subscription.unsubscribe())`.
 *
 * ```
 * command:  {"step":1,…}──epoch 2──{"step":2,…}──{"step":3,…}──exit 0
 * reports:  ──r1────────────────────r2────────────r3────────────|
 * ```
 *
 * @example
 * ```ts
 * // train.py: cfg = json.loads(os.environ["RXHPO_CONFIG"]); … print(json.dumps({"step": epoch, "metrics": {"loss": loss}}))
 * const trainer = commandTrainer({ command: 'python3', args: ['train.py'] });
 * study({ space, objective: { metric: 'loss', mode: 'min' }, concurrency: 4, budget: { trials: 40 } },
 *   pipe(sampleWith(tpeSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 20 })));
 * ```
 * @param options The command, its arguments, the config channel, env, cwd, grace period, output sink.
 * @return A cold trainer: each subscription runs the command once.
 * @throws InvalidOptionsError naming every bad or unknown option.
 */
export const commandTrainer = <C = Config>(options: CommandTrainerOptions<C>): Trainer<C> => {
  validate(options as CommandTrainerOptions<never>);
  const channel = options.config ?? 'env';
  const graceMs = options.graceMs ?? 5000;
  const onOutput = options.onOutput;
  const argsOf = options.args;
  if (!exitHookInstalled) {
    process.on('exit', killLiveGroups);
    exitHookInstalled = true;
  }

  return (trial) =>
    new Observable<MetricReport>((subscriber) => {
      const json = JSON.stringify(trial.config);
      const args = [...(typeof argsOf === 'function' ? argsOf(trial) : (argsOf ?? []))];
      if (!args.every((a) => typeof a === 'string'))
        throw new TrialFailedError(trial.id, `args(trial) must return strings, got ${show(args)}`);
      if (channel === 'argv') args.push(json);
      let child: ChildProcess;
      try {
        child = spawn(options.command, args, {
          cwd: options.cwd,
          env: trialEnv(trial, options, json),
          stdio: [channel === 'stdin' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
          detached: GROUPS,
        });
      } catch (e) {
        throw new TrialFailedError(trial.id, `cannot start ${show(options.command)}: ${(e as Error).message}`);
      }
      const pid = child.pid;
      if (pid !== undefined) live.add(pid);
      let ended = false; // the trial's outcome is decided (or it was unsubscribed)
      let lineNo = 0;
      const stderrTail: string[] = [];
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      // Once the group is gone its id may be reused by an unrelated group: never signal it again.
      let groupGone = pid === undefined;
      const checkGroup = (): boolean => {
        if (!groupGone && !signalGroup(pid as number, 0)) {
          groupGone = true;
          live.delete(pid as number);
        }
        return !groupGone;
      };

      const fail = (message: string): void => {
        if (ended) return;
        ended = true;
        subscriber.error(new TrialFailedError(trial.id, message));
      };
      // SIGTERM to the group now, SIGKILL to whatever is left of it after the grace period.
      const killGroup = (): void => {
        if (pid === undefined || groupGone || killTimer !== undefined) return;
        if (!signalGroup(pid, 'SIGTERM')) return void checkGroup();
        killTimer = setTimeout(() => {
          if (checkGroup()) signalGroup(pid, 'SIGKILL');
          groupGone = true;
          live.delete(pid);
        }, graceMs);
      };

      if (channel === 'stdin' && child.stdin) {
        child.stdin.on('error', () => undefined); // a command that never reads stdin closes it: not an error
        child.stdin.end(`${json}\n`);
      }
      if (child.stdout)
        createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
          lineNo++;
          if (ended) return;
          if (!line.trimStart().startsWith('{')) return onOutput?.(line, 'stdout', trial);
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch (e) {
            const hint = /\b(NaN|-?Infinity)\b/.test(line)
              ? '; NaN and Infinity are not JSON: did a metric diverge?'
              : '';
            return fail(`stdout line ${lineNo} is not valid JSON (${(e as Error).message}${hint}): ${shorten(line)}`);
          }
          const decoded = MetricReportCodec.decode(parsed);
          if (isLeft(decoded))
            return fail(
              `stdout line ${lineNo} is not a report {"step": number, "metrics": {name: number}} (${decodeProblems(decoded.left).join('; ')}): ${shorten(line)}`,
            );
          subscriber.next(decoded.right as MetricReport);
        });
      if (child.stderr)
        createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
          stderrTail.push(line);
          if (stderrTail.length > TAIL_LINES) stderrTail.shift();
          if (!ended) onOutput?.(line, 'stderr', trial);
        });

      child.on('error', (e) => fail(`cannot run ${show(options.command)}: ${e.message}`));
      // The command itself exited: end what it left behind; its outcome is decided once stdio is drained.
      child.on('exit', () => {
        if (checkGroup()) killGroup();
      });
      child.on('close', (code, signal) => {
        if (killTimer !== undefined && !checkGroup()) clearTimeout(killTimer);
        if (ended) return;
        if (code === 0) {
          ended = true;
          return subscriber.complete();
        }
        const tail = stderrTail.length > 0 ? `; stderr:\n${stderrTail.join('\n')}` : '';
        fail(
          code !== null
            ? `command ${show(options.command)} exited with code ${code}${tail}`
            : `command ${show(options.command)} was killed by ${signal}${tail}`,
        );
      });

      return () => {
        ended = true;
        killGroup();
      };
    });
};
