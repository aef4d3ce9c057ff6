/**
 * Trials on worker processes through Redis and BullMQ (`npm run bench:distributed`):
 *
 *   npm run bench:distributed -- [--redis URL] [--dispatch 300] [--trials 600] [--workers 1,2,4] [--out FILE]
 *
 * 1. Dispatch overhead per trial: sequential trials of a no-op trainer (one report), one worker process,
 *    from subscribing to the trial to its completion; beside the in-process worker-thread pool and the
 *    trainer called in-process. Reported as wall latency (p50/p95) and the coordinator's CPU per trial.
 * 2. Throughput: a study of `--trials` no-op trials (random sampler, concurrency 2 per worker) on 1, 2
 *    and 4 worker processes, and on the worker-thread pool with as many threads; a second run where each
 *    trial reports 10 times gives the coordinator's CPU per report. Optuna 3.1 (/usr/bin/python3) beside
 *    it: as many processes sharing one JournalFileStorage, no-op objective, random sampler.
 * 3. A simulation in virtual time of 64 and 512 workers with the coordinator's measured CPU per trial
 *    and per report: where the single coordinator saturates.
 *
 * Everything shares this machine's cores (Redis, the coordinator, the workers): wall figures are upper
 * bounds of what a cluster sees, CPU figures are what the coordinator itself costs.
 */
import { parseArgs } from 'node:util';
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom, pipe, toArray } from 'rxjs';
import { float } from '../lib/distribution.js';
import type { Trainer } from '../lib/trainer.js';
import { sampleWith } from '../operators/sampleWith.js';
import { study } from '../operators/study.js';
import { trainWith } from '../operators/trainWith.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { fakeTrial } from '../testing/fakeTrainer.js';
import { workerTrainer } from '../adapters/workers/workerTrainer.js';
import { distributedTrainer } from '../adapters/distributed/distributedTrainer.js';
import { startTestRedis } from '../spec/helpers/redisServer.js';
import { noopTrainer } from './workers/noopWorker.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { runCli } from './runCli.js';
import { simulateCoordinator } from './distributedSim.js';

const NOOP = join(repoRoot, 'bench/workers/noopWorker.ts');
const REPORTS = join(repoRoot, 'bench/workers/reportsWorker.ts');
const LAUNCHER = join(repoRoot, 'spec/adapters/distributed/fixtures/workerLauncher.ts');

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const round = (x: number, d = 3): number => Number(x.toFixed(d));

/** Starts `n` `rxhpo worker` processes on `queue` and waits until each takes trials. */
const startWorkers = async (n: number, url: string, queue: string, module: string): Promise<ChildProcess[]> =>
  Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ChildProcess>((ok, fail) => {
          const p = spawn(
            'nice',
            [process.execPath, '--import', 'tsx', LAUNCHER, '--redis', url, '--module', module, '--queue', queue],
            { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
          );
          let err = '';
          p.stderr.on('data', (d: Buffer) => {
            err += d.toString();
            if (err.includes('takes trials')) ok(p);
          });
          p.on('exit', (code) => fail(new Error(`worker exited with ${code}: ${err}`)));
        }),
    ),
  );
const stopWorkers = async (ps: ChildProcess[]): Promise<void> => {
  await Promise.all(
    ps.map(
      (p) =>
        new Promise<void>((r) => {
          p.removeAllListeners('exit');
          p.on('exit', () => r());
          p.kill('SIGTERM');
        }),
    ),
  );
};

/** Sequential trials through `trainer`: wall latency per trial and the coordinator's CPU per trial. */
const sequential = async (trainer: Trainer<{ readonly x: number }>, n: number, warmup = 20) => {
  const lat: number[] = [];
  let c0 = 0;
  for (let i = 0; i < n + warmup; i++) {
    if (i === warmup) c0 = cpu();
    const t0 = performance.now();
    await lastValueFrom(trainer(fakeTrial(String(i), { x: i / n })).pipe(toArray()));
    if (i >= warmup) lat.push(performance.now() - t0);
  }
  return {
    trials: n,
    p50_ms: round(quantile(lat, 0.5)),
    p95_ms: round(quantile(lat, 0.95)),
    coordinator_cpu_ms_per_trial: round(((cpu() - c0) * 1000) / n),
  };
};

const runStudy = (trainer: Trainer<{ readonly x: number }>, trials: number, concurrency: number) =>
  lastValueFrom(
    study(
      {
        space: { x: float(-1, 1) },
        objective: { metric: 'loss', mode: 'min' },
        seed: 1,
        concurrency,
        budget: { trials },
      },
      pipe(sampleWith(randomSampler()), trainWith(trainer)),
    ).pipe(toArray()),
  );

/** A study of `trials` trials on `trainer` with `concurrency` running at once, after an untimed warm-up. */
const throughput = async (trainer: Trainer<{ readonly x: number }>, trials: number, concurrency: number) => {
  await runStudy(trainer, 4 * concurrency, concurrency); // threads and tsx started, connections warm
  const [t0, c0] = [performance.now(), cpu()];
  await runStudy(trainer, trials, concurrency);
  const wall = (performance.now() - t0) / 1000;
  return {
    trials,
    concurrency,
    wall_s: round(wall),
    trials_per_s: round(trials / wall, 1),
    // For the thread pool this is the whole process: the worker threads' CPU is in it.
    coordinator_cpu_ms_per_trial: round(((cpu() - c0) * 1000) / trials),
  };
};

const optuna = (trials: number, procs: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'rxhpo-optuna-'));
  try {
    const out = execFileSync(
      'nice',
      [
        '/usr/bin/python3',
        '-W',
        'ignore',
        join(repoRoot, 'bench/optunaJournalThroughput.py'),
        join(dir, 'j.log'),
        String(trials),
        String(procs),
      ],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { trials: number; wall_s: number; cpu_s: number };
    return {
      trials: r.trials,
      processes: procs,
      wall_s: round(r.wall_s),
      trials_per_s: round(r.trials / r.wall_s, 1),
      cpu_ms_per_trial: round((r.cpu_s * 1000) / r.trials),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

runCli(async () => {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string' },
      dispatch: { type: 'string', default: '300' },
      trials: { type: 'string', default: '600' },
      workers: { type: 'string', default: '1,2,4' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/distributed.json') },
    },
  });
  const nDispatch = Number(values.dispatch);
  const nTrials = Number(values.trials);
  const counts = values.workers.split(',').map(Number);
  const server = values.redis === undefined ? await startTestRedis() : undefined;
  const url = values.redis ?? server?.url ?? '';
  let q = 0;
  const fresh = async (module: string, n: number) => {
    const queue = `bench${q++}`;
    const ws = await startWorkers(n, url, queue, module);
    const trainer = await distributedTrainer<{ readonly x: number }>({ redis: url, study: 'bench', queue });
    return { ws, trainer };
  };
  try {
    // 1. dispatch overhead
    console.error('dispatch overhead…');
    const d = await fresh(NOOP, 1);
    const distributedSeq = await sequential(d.trainer, nDispatch);
    await d.trainer.close();
    await stopWorkers(d.ws);
    const pool = workerTrainer<{ readonly x: number }>(new URL('./workers/noopWorker.ts', import.meta.url), {
      threads: 1,
    });
    const poolSeq = await sequential(pool, nDispatch);
    await pool.close();
    const inProcessSeq = await sequential(noopTrainer, nDispatch);
    const dispatch = { distributed_1_worker: distributedSeq, worker_thread_pool_1: poolSeq, in_process: inProcessSeq };
    console.error(JSON.stringify(dispatch));

    // 2. throughput
    const rows: Record<string, unknown>[] = [];
    for (const n of counts) {
      console.error(`throughput, ${n} worker(s)…`);
      const r = await fresh(NOOP, n);
      rows.push({ engine: 'rxhpo/distributed (BullMQ)', workers: n, ...(await throughput(r.trainer, nTrials, 2 * n)) });
      await r.trainer.close();
      await stopWorkers(r.ws);
      const p = workerTrainer<{ readonly x: number }>(new URL('./workers/noopWorker.ts', import.meta.url), {
        threads: n,
      });
      rows.push({ engine: 'rxhpo/workers (threads)', workers: n, ...(await throughput(p, nTrials, 2 * n)) });
      await p.close();
      rows.push({ engine: 'Optuna 3.1, JournalFileStorage', workers: n, ...optuna(nTrials, n) });
      console.error(JSON.stringify(rows.slice(-3)));
    }
    console.error('10 reports per trial…');
    const r10 = await fresh(REPORTS, 2);
    const tenReports = await throughput(r10.trainer, nTrials, 4);
    await r10.trainer.close();
    await stopWorkers(r10.ws);
    const one = rows.find((r) => r['engine'] === 'rxhpo/distributed (BullMQ)' && r['workers'] === 2) as
      { coordinator_cpu_ms_per_trial: number } | undefined;
    const perTrialMs = one?.coordinator_cpu_ms_per_trial ?? distributedSeq.coordinator_cpu_ms_per_trial;
    const perReportMs = Math.max(0, (tenReports.coordinator_cpu_ms_per_trial - perTrialMs) / 9);

    // 3. simulation
    const simulation = [];
    for (const workers of [64, 512])
      for (const trialSeconds of [1, 10, 60])
        for (const reports of [1, 10, 100])
          simulation.push(
            simulateCoordinator({
              workers,
              trialSeconds,
              reports,
              coordinatorMsPerTrial: perTrialMs,
              coordinatorMsPerReport: perReportMs,
              roundTripMs: distributedSeq.p50_ms,
              trials: workers * 20,
            }),
          );
    const result = {
      meta: {
        ...benchMeta(),
        protocol: {
          dispatch_trials: nDispatch,
          throughput_trials: nTrials,
          workers: counts,
          note: 'Redis, coordinator and workers share this machine; worker processes run under nice',
        },
      },
      dispatch,
      throughput: rows,
      ten_reports: { ...tenReports, coordinator_cpu_ms_per_report: round(perReportMs) },
      simulation,
    };
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ dispatch, throughput: rows, ten_reports: result.ten_reports }, null, 2));
    console.log('simulation (workers, trial s, reports/trial → trials/s, coordinator busy, workers busy):');
    for (const s of simulation)
      console.log(
        `${s.workers}\t${s.trialSeconds}\t${s.reports}\t→ ${s.trialsPerSecond}\t${s.coordinatorUtilisation}\t${s.workerUtilisation}`,
      );
  } finally {
    await server?.stop();
  }
});
