/**
 * Parallel efficiency of trials on worker threads (`npm run bench:parallel`):
 *
 *   npm run bench:parallel -- [--trials 4] [--epochs 2] [--repeats 3] [--clean-cpu 0.5] [--overhead 300] [--out FILE]
 *
 * 1. Speedup: the same batch of CPU-bound TensorFlow.js trials (the flagship's MLP 784-128-10, adam,
 *    batch 64, on the 8,000 mnist training digits shared with the workers), with 1 and then 2 workers,
 *    on a warm pool (workers started and TensorFlow.js initialised before the clock starts). Each run
 *    records the CPU other processes used meanwhile (from /proc/stat), since the machine may be shared;
 *    the headline speedup uses only clean runs (others under `--clean-cpu` seconds).
 * 2. Pool overhead per trial once warm: sequential trials of a trainer that does no work, through a warm
 *    1-thread pool, minus the same trainer in-process.
 * 3. Peak RSS of the process (all threads) while the 2-worker batch trains.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom, merge, toArray } from 'rxjs';
import { fakeTrial } from '../testing/fakeTrainer.js';
import { workerTrainer } from '../adapters/workers/workerTrainer.js';
import { loadMnist } from '../examples/flagship/mnistData.js';
import type { MlpShared } from '../examples/flagship/mlpWorker.js';
import type { MlpConfig } from '../examples/flagship/mlpSpace.js';
import { noopTrainer } from './workers/noopWorker.js';
import { benchMeta, repoRoot } from './benchMeta.js';
import { runCli } from './runCli.js';

const MLP: MlpConfig = { lr: 1e-3, width: 128, depth: 1, dropout: 0, batchSize: 64, optimizer: 'adam' };
const WARM: MlpConfig = { ...MLP, width: 32, batchSize: 128 };

/** CPU seconds all processes were busy (from /proc/stat), or NaN off Linux. */
const machineBusy = (): number => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
  } catch {
    return NaN;
  }
};
const ownCpu = (): number => {
  const u = process.cpuUsage(); // all threads of this process, workers included
  return (u.user + u.system) / 1e6;
};

/** Runs `f`, returning its wall time, own CPU and the CPU other processes used meanwhile. */
const measured = async <T>(f: () => Promise<T>) => {
  const [w0, b0, c0] = [performance.now(), machineBusy(), ownCpu()];
  const value = await f();
  const [w1, b1, c1] = [performance.now(), machineBusy(), ownCpu()];
  const own = c1 - c0;
  return { value, wall_s: (w1 - w0) / 1000, own_cpu_s: own, others_cpu_s: Math.max(0, b1 - b0 - own) };
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

runCli(async () => {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '4' },
      epochs: { type: 'string', default: '2' },
      repeats: { type: 'string', default: '3' },
      'clean-cpu': { type: 'string', default: '0.5' },
      overhead: { type: 'string', default: '300' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/parallel.json') },
    },
  });
  const trials = Number(values.trials);
  const epochs = Number(values.epochs);
  const repeats = Number(values.repeats);
  const overheadTrials = Number(values.overhead);
  const data: MlpShared = { ...loadMnist({ seed: 0, validation: 2000 }), epochs };
  const module = new URL('../examples/flagship/mlpWorker.ts', import.meta.url);
  const batch = (t: ReturnType<typeof workerTrainer<MlpConfig>>, seed0: number) =>
    lastValueFrom(
      merge(
        ...Array.from({ length: trials }, (_, i) => t(fakeTrial(String(i), MLP, { seed: seed0 + i, budget: epochs }))),
      ).pipe(toArray()),
    );

  const runs: Array<{
    workers: number;
    repeat: number;
    wall_s: number;
    own_cpu_s: number;
    others_cpu_s: number;
    cold_start_s: number;
    peak_rss_mb: number;
  }> = [];
  for (let r = 0; r < repeats; r++)
    for (const workers of [1, 2]) {
      const t = workerTrainer<MlpConfig>(module, { threads: workers, data });
      try {
        // Warm-up: one small trial per worker starts the threads and TensorFlow.js in each.
        const cold = await measured(() =>
          lastValueFrom(
            merge(...Array.from({ length: workers }, (_, i) => t(fakeTrial(`w${i}`, WARM, { budget: 1 })))).pipe(
              toArray(),
            ),
          ),
        );
        let peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
        const m = await measured(() => batch(t, 1000 * r));
        clearInterval(sampler);
        const reports = m.value.length;
        if (reports !== trials * epochs) throw new Error(`expected ${trials * epochs} reports, got ${reports}`);
        runs.push({
          workers,
          repeat: r,
          wall_s: m.wall_s,
          own_cpu_s: m.own_cpu_s,
          others_cpu_s: m.others_cpu_s,
          cold_start_s: cold.wall_s,
          peak_rss_mb: Math.round(peak / 2 ** 20),
        });
        console.log(
          `repeat ${r}, ${workers} worker${workers > 1 ? 's' : ' '}: ${trials} trials x ${epochs} epochs in ${m.wall_s.toFixed(2)} s ` +
            `(own CPU ${m.own_cpu_s.toFixed(1)} s, other processes ${m.others_cpu_s.toFixed(1)} s; warm-up ${cold.wall_s.toFixed(2)} s; ` +
            `peak RSS ${Math.round(peak / 2 ** 20)} MB)`,
        );
      } finally {
        await t.close();
      }
    }
  const speedups = Array.from({ length: repeats }, (_, r) => {
    const one = runs.find((x) => x.repeat === r && x.workers === 1);
    const two = runs.find((x) => x.repeat === r && x.workers === 2);
    return one && two ? one.wall_s / two.wall_s : NaN;
  });

  // Pool overhead per trial, warm, sequential.
  const noop = workerTrainer<{ readonly x: number }>(new URL('./workers/noopWorker.ts', import.meta.url), {
    threads: 1,
  });
  const perTrial = async (f: (i: number) => Promise<unknown>, n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await f(i);
      out.push(performance.now() - s);
    }
    return out;
  };
  let pool: number[];
  let inProcess: number[];
  try {
    await perTrial((i) => lastValueFrom(noop(fakeTrial(String(i), { x: i }))), 20); // warm-up
    pool = await perTrial((i) => lastValueFrom(noop(fakeTrial(String(i), { x: i }))), overheadTrials);
    inProcess = await perTrial((i) => lastValueFrom(noopTrainer(fakeTrial(String(i), { x: i }))), overheadTrials);
  } finally {
    await noop.close();
  }
  const overhead = {
    trials: overheadTrials,
    pool_median_ms: median(pool),
    pool_mean_ms: pool.reduce((a, b) => a + b, 0) / pool.length,
    in_process_median_ms: median(inProcess),
    overhead_median_ms: median(pool) - median(inProcess),
  };

  // A run is clean when other processes used less than `--clean-cpu` CPU seconds during it.
  const cleanCpu = Number(values['clean-cpu']);
  const cleanWall = (w: number) =>
    runs.filter((x) => x.workers === w && x.others_cpu_s < cleanCpu).map((x) => x.wall_s);
  const [clean1, clean2] = [cleanWall(1), cleanWall(2)];
  const speedupClean = clean1.length > 0 && clean2.length > 0 ? median(clean1) / median(clean2) : null;
  const summary = {
    speedup_clean: speedupClean,
    clean_runs: { one_worker: clean1.length, two_workers: clean2.length, threshold_cpu_s: cleanCpu },
    speedup_per_repeat: speedups,
    speedup_median: median(speedups),
    speedup_best: Math.max(...speedups),
    overhead_per_trial_ms: overhead.overhead_median_ms,
    peak_rss_2_workers_mb: Math.max(...runs.filter((x) => x.workers === 2).map((x) => x.peak_rss_mb)),
  };
  console.log(
    `\nspeedup 2 vs 1 worker per repeat: ${speedups.map((s) => s.toFixed(2)).join(', ')} (median ${summary.speedup_median.toFixed(2)})\n` +
      `speedup on clean runs only (others < ${cleanCpu} CPU s; ${clean1.length} + ${clean2.length} runs): ` +
      `${speedupClean === null ? 'n/a (no clean pair: rerun when the machine is quiet)' : speedupClean.toFixed(2)} (target >= 1.7)\n` +
      `pool overhead per trial (warm): ${overhead.overhead_median_ms.toFixed(2)} ms median ` +
      `(pool ${overhead.pool_median_ms.toFixed(2)} ms, in-process ${overhead.in_process_median_ms.toFixed(3)} ms; target < 5 ms)\n` +
      `peak RSS with 2 workers training: ${summary.peak_rss_2_workers_mb} MB`,
  );
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ meta: { ...benchMeta(), protocol: { trials, epochs, repeats, config: MLP, train: data.trainY.length } }, summary, runs, overhead }, null, 2)}\n`,
  );
  console.log(`wrote ${values.out}`);
});
