// A command per trial: config in, JSON reports out, the whole process tree killed on a stop.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, pipe, take, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { float, InvalidOptionsError, TrialFailedError } from '../../../lib/index.js';
import type { MetricReport, TrialEvent } from '../../../lib/index.js';
import { asha, sampleWith, study, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { fakeTrial } from '../../../testing/index.js';
import { commandTrainer } from '../../../adapters/node/index.js';
import type { CommandTrainerOptions } from '../../../adapters/node/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const node = process.execPath;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True while the process exists and is not a zombie waiting to be reaped. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the answer
  }
};
const gone = async (pid: number, withinMs = 3000): Promise<boolean> => {
  for (let waited = 0; waited < withinMs; waited += 20) {
    if (!alive(pid)) return true;
    await sleep(20);
  }
  return !alive(pid);
};
const failure = async (reports$: Observable<MetricReport>): Promise<{ reports: MetricReport[]; error: unknown }> => {
  const reports: MetricReport[] = [];
  const error = await new Promise<unknown>((resolve) =>
    reports$.subscribe({
      next: (r) => reports.push(r),
      error: resolve,
      complete: () => resolve(undefined),
    }),
  );
  return { reports, error };
};
const has = (cmd: string, ...args: string[]): boolean => spawnSync(cmd, args).status === 0;

describe('commandTrainer', () => {
  it('rejects bad and unknown options, naming each', () => {
    assert.throws(
      () => commandTrainer({ command: '', config: 'file', graceMs: -1, cmd: 'x' } as unknown as CommandTrainerOptions),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /unknown option "cmd"/.test(e.message) &&
        /command must be a non-empty string, got ""/.test(e.message) &&
        /config must be one of "env", "argv", "stdin", got "file"/.test(e.message) &&
        /graceMs must be a number >= 0, got -1/.test(e.message),
    );
    assert.throws(() => commandTrainer({ command: 'x', args: [1] as never }), /args must be an array of strings/);
    assert.throws(() => commandTrainer(undefined as never), InvalidOptionsError);
  });

  for (const config of ['env', 'argv', 'stdin'] as const)
    it(`passes the config by ${config}, reads one report per JSON line and forwards the other lines`, async () => {
      const lines: string[] = [];
      const trainer = commandTrainer<{ x: number; steps: number }>({
        command: node,
        args: [fixture('steps.mjs'), config],
        config,
        onOutput: (line, stream, trial) => lines.push(`${trial.id} ${stream}: ${line}`),
      });
      const reports = await lastValueFrom(trainer(fakeTrial('A', { x: 2, steps: 2 }, { seed: 7 })).pipe(toArray()));
      assert.deepEqual(
        reports.map((r) => [r.step, r.metrics['loss'], r.metrics['seed'], r.checkpoint]),
        [
          [1, 2, 7, 'ckpt-1'],
          [2, 1, 7, 'ckpt-2'],
        ],
      );
      assert.deepEqual(lines, ['A stdout: epoch 1 of trial A', 'A stdout: epoch 2 of trial A']);
    });

  it('tells the command where to resume and where to stop (RXHPO_START_STEP, RXHPO_BUDGET)', async () => {
    const trainer = commandTrainer({ command: node, args: [fixture('steps.mjs')] });
    const trial = fakeTrial('B', { x: 12 }, { startStep: 2, budget: 4, resumeFrom: 'ckpt-2' });
    const reports = await lastValueFrom(trainer(trial).pipe(toArray()));
    assert.deepEqual(
      reports.map((r) => [r.step, r.metrics['loss']]),
      [
        [3, 4],
        [4, 3],
      ],
    );
  });

  it('unsubscribing kills the whole process tree (the grandchild too)', async () => {
    const trainer = commandTrainer({ command: node, args: [fixture('tree.mjs')] });
    const [r] = await lastValueFrom(trainer(fakeTrial('A')).pipe(take(1), toArray()));
    const child = r?.metrics['child'] as number;
    const grandchild = r?.metrics['grandchild'] as number;
    assert.ok(child > 0 && grandchild > 0);
    assert.ok(await gone(child), `child ${child} still alive`);
    assert.ok(await gone(grandchild), `grandchild ${grandchild} still alive`);
  });

  it('a tree that ignores SIGTERM is killed with SIGKILL after graceMs', async () => {
    const trainer = commandTrainer({
      command: node,
      args: [fixture('tree.mjs')],
      env: { STUBBORN: '1' },
      graceMs: 400,
    });
    const [r] = await lastValueFrom(trainer(fakeTrial('A')).pipe(take(1), toArray()));
    const child = r?.metrics['child'] as number;
    const grandchild = r?.metrics['grandchild'] as number;
    await sleep(100);
    assert.ok(alive(child), 'the child ignores SIGTERM, so it lives until the grace period ends');
    assert.ok(await gone(child), `child ${child} still alive`);
    assert.ok(await gone(grandchild), `grandchild ${grandchild} still alive`);
  });

  it('a non-zero exit fails the trial with the code and the tail of stderr', async () => {
    const trainer = commandTrainer({ command: node, args: [fixture('fails.mjs')] });
    const { reports, error } = await failure(trainer(fakeTrial('A')));
    assert.equal(reports.length, 1);
    assert.ok(error instanceof TrialFailedError);
    const m = error.message;
    assert.match(m, /^trial A: command ".*" exited with code 3; stderr:\n/);
    assert.match(m, /stderr line 30\nValueError: learning rate too high$/);
    assert.doesNotMatch(m, /stderr line 5\n/); // only the last 20 lines
  });

  for (const [kind, pattern] of [
    ['json', /stdout line 2 is not valid JSON \(.*\): \{"step": 2, "metrics": \{"loss": 0\.5\}$/],
    ['codec', /stdout line 2 is not a report .*step: "two" is not number.*: \{"step": "two"/],
    [
      'nan',
      /stdout line 2 is not valid JSON \(.*; NaN and Infinity are not JSON: did a metric diverge\?\): \{"step": 2, "metrics": \{"loss": NaN\}\}$/,
    ],
  ] as const)
    it(`a ${kind === 'codec' ? 'JSON line that is not a report' : `malformed JSON line (${kind})`} fails the trial naming the line, and kills the command`, async () => {
      const trainer = commandTrainer({ command: node, args: [fixture('malformed.mjs'), kind] });
      const { reports, error } = await failure(trainer(fakeTrial('A')));
      assert.equal(reports.length, 1);
      assert.ok(error instanceof TrialFailedError);
      assert.match(error.message, pattern);
      assert.ok(await gone(reports[0]?.metrics['pid'] as number), 'the script was not killed');
    });

  it('a command that cannot start fails its trial saying why', async () => {
    const { error } = await failure(commandTrainer({ command: 'rxhpo-no-such-command' })(fakeTrial('A')));
    assert.ok(error instanceof TrialFailedError);
    assert.match(error.message, /cannot run "rxhpo-no-such-command": spawn rxhpo-no-such-command ENOENT/);
  });

  it(
    'runs a Python script',
    { skip: !has('python3', '-c', 'pass') && 'python3 is not on PATH: skipping the Python fixture' },
    async () => {
      const trainer = commandTrainer<{ x: number }>({ command: 'python3', args: [fixture('train.py')] });
      const reports = await lastValueFrom(trainer(fakeTrial('A', { x: 6 })).pipe(toArray()));
      assert.deepEqual(reports, [
        { step: 1, metrics: { loss: 6 } },
        { step: 2, metrics: { loss: 3 } },
        { step: 3, metrics: { loss: 2 } },
      ]);
    },
  );

  it(
    'runs a shell script with the config as its last argument',
    { skip: !has('sh', '-c', 'exit 0') && 'sh is not on PATH: skipping the shell fixture' },
    async () => {
      const lines: string[] = [];
      const trainer = commandTrainer({
        command: 'sh',
        args: [fixture('train.sh')],
        config: 'argv',
        onOutput: (l) => lines.push(l),
      });
      const reports = await lastValueFrom(trainer(fakeTrial('A', { x: 1 })).pipe(toArray()));
      assert.deepEqual(
        reports.map((r) => r.metrics['loss']),
        [9, 8, 7],
      );
      assert.deepEqual(lines, ['trial A got {"x":1}']);
    },
  );

  it('in a study, ASHA stopping a command trial kills its process', async () => {
    const run = commandTrainer<{ x: number }>({
      command: node,
      args: (t) => [fixture('steps.mjs'), 'argv', JSON.stringify({ ...t.config, steps: 9, delayMs: 10 })],
    });
    const events: TrialEvent[] = await lastValueFrom(
      study(
        { space: { x: float(0, 1) }, objective: { metric: 'loss', mode: 'min' }, seed: 5, budget: { trials: 6 } },
        pipe(sampleWith(randomSampler()), trainWith(run), asha({ minStep: 1, maxStep: 9, reductionFactor: 3 })),
      ).pipe(toArray()),
    );
    const lastPid = new Map<string, number>();
    for (const e of events) if (e._tag === 'TrialReported') lastPid.set(e.trialId, e.report.metrics['pid'] as number);
    const ends = events.filter((e): e is Extract<TrialEvent, { _tag: 'TrialEnded' }> => e._tag === 'TrialEnded');
    const stopped = ends.filter((e) => e.outcome === 'stopped').map((e) => e.trialId);
    assert.equal(ends.length, 6);
    assert.ok(stopped.length > 0, `no trial was stopped: ${JSON.stringify(ends)}`);
    assert.ok(
      ends.every((e) => e.outcome === 'stopped' || e.outcome === 'completed'),
      JSON.stringify(ends),
    );
    for (const id of stopped) assert.ok(await gone(lastPid.get(id) as number), `trial ${id}'s process is alive`);
  });
});
