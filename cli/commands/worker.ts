import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from '../cliCommand.js';
import { UsageError } from '../cliCommand.js';
import type * as DistributedWorkerModule_ from '../../adapters/distributed/distributedWorker.js';

type DistributedWorkerModule = typeof DistributedWorkerModule_;

const USAGE = `Usage: rxhpo worker --redis URL --module PATH [options]

Takes trials from a distributed study's queue (see distributedTrainer in rxhpo/distributed) and runs
them with the trainer that PATH exports (export default defineWorkerTrainer(setup)). Start as many as
you like, on any host that reaches the Redis server. The worker runs the module it is told to: keep the
Redis server private (a password, TLS, a private network).

It survives Redis restarts (it says so and reconnects). SIGTERM or SIGINT hands its running trials back
to the queue (another worker resumes them from their last checkpoint) and exits with 0.

Options:
  --redis URL          redis://[:password@]host:port[/db], or rediss://… for TLS (required)
  --module PATH        the trainer module, .js, or .ts when tsx is installed (required)
  --concurrency N      trials at once in this process (default 1)
  --queue NAME         the queue to take trials from (default rxhpo)
  --lock-ms N          job lock time in ms: a killed worker's trial moves on after ~1.5x this;
                       must exceed the trainer's longest synchronous step (default 10000)
  --max-stalled N      how often one trial may lose its worker before it fails (default 3)
  -h, --help           this help

Exit codes: 0 stopped by a signal, 1 Redis unreachable or the module failed to load, 2 usage error.
`;

const loadWorker = async (io: CliIo): Promise<Partial<DistributedWorkerModule>> => {
  try {
    return await import('../../adapters/distributed/distributedWorker.js');
  } catch (e) {
    io.err(
      `rxhpo worker: the worker needs the optional packages bullmq and ioredis (npm i bullmq ioredis): ${
        e instanceof Error ? e.message : String(e)
      }\n`,
    );
    return {};
  }
};

const int = (name: string, text: string | undefined, min: number): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`, 'worker');
  return n;
};

/**
 * `rxhpo worker`: a worker process for distributed studies. Resolves with the exit code once a signal
 * (SIGTERM, SIGINT) has stopped it.
 *
 * @example
 * ```sh
 * npx rxhpo worker --redis redis://:secret@10.0.0.5:6379 --module ./trainer.js --concurrency 2
 * ```
 */
export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'worker --redis URL --module PATH      run trials of distributed studies on this host',
  usage: USAGE,
  run: async (args: readonly string[], io: CliIo): Promise<number> => {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          redis: { type: 'string' },
          module: { type: 'string' },
          concurrency: { type: 'string' },
          queue: { type: 'string' },
          'lock-ms': { type: 'string' },
          'max-stalled': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e), 'worker');
    }
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.redis === undefined) throw new UsageError('--redis URL is required', 'worker');
    if (values.module === undefined) throw new UsageError('--module PATH is required', 'worker');
    if (!/^rediss?:\/\//.test(values.redis))
      throw new UsageError(
        `--redis must be a redis:// or rediss:// URL, got ${JSON.stringify(values.redis)}`,
        'worker',
      );
    const concurrency = int('concurrency', values.concurrency, 1);
    const lockMs = int('lock-ms', values['lock-ms'], 200);
    const maxStalled = int('max-stalled', values['max-stalled'], 0);
    let worker;
    try {
      // Loaded here, not at the top: bullmq and ioredis are optional peers, and every other command
      // must run without them.
      const { startDistributedWorker } = await loadWorker(io);
      if (startDistributedWorker === undefined) return 1;
      worker = await startDistributedWorker({
        redis: values.redis,
        module: values.module,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(values.queue === undefined ? {} : { queue: values.queue }),
        ...(lockMs === undefined ? {} : { lockMs }),
        ...(maxStalled === undefined ? {} : { maxStalled }),
        log: (line) => io.err(`${line}\n`),
      });
    } catch (e) {
      io.err(`rxhpo worker: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
      return 1;
    }
    const w = worker;
    return new Promise<number>((resolve) => {
      const stop = (signal: string): void => {
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        io.err(`rxhpo worker: ${signal}: handing running trials back and stopping\n`);
        void w.close().then(() => {
          io.err('rxhpo worker: stopped\n');
          resolve(0);
        });
      };
      const onTerm = (): void => stop('SIGTERM');
      const onInt = (): void => stop('SIGINT');
      process.once('SIGTERM', onTerm);
      process.once('SIGINT', onInt);
    });
  },
};
