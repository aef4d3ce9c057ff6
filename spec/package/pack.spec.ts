// The package as users get it: `npm pack`, installed into a fresh ES module project and a fresh CommonJS
// project, each running a study (import there, require here) and type-checked by strict tsc under
// `node16` and `bundler` resolution. Needs the npm registry (or npm's cache) for rxjs and friends.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
// What the build reads: a dist/ older than any of these is rebuilt by `npm pack` (prepack).
const BUILD_INPUTS = [
  'lib',
  'operators',
  'strategies',
  'testing',
  'adapters',
  'cli',
  'scripts/build.mjs',
  'package.json',
];
const BUILD_STAMP = join(ROOT, 'dist/cjs/package.json');

// A child of `node --test` would otherwise believe it is a test file too.
const { NODE_TEST_CONTEXT: _ignored, ...ENV } = process.env;

/** Runs a command; on failure, an error saying what was attempted, with the command's own output. */
const run = (what: string, cmd: string, args: string[], cwd: string, timeout = 180_000): Promise<string> =>
  new Promise((ok, fail) =>
    execFile(cmd, args, { cwd, timeout, env: ENV, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error
        ? fail(new Error(`${what} failed: ${cmd} ${args.join(' ')} (in ${cwd})\n${stdout}${stderr}\n${error.message}`))
        : ok(stdout),
    ),
  );
const node = (what: string, cwd: string, ...args: string[]) => run(what, process.execPath, args, cwd);
const tsc = (what: string, cwd: string, tsconfig: string) => node(`tsc (${what})`, cwd, TSC, '-p', tsconfig);

const newest = (path: string): number =>
  statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
    : statSync(path).mtimeMs;
const distIsFresh = (): boolean =>
  existsSync(BUILD_STAMP) && BUILD_INPUTS.every((p) => newest(join(ROOT, p)) < statSync(BUILD_STAMP).mtimeMs);

const write = (dir: string, files: Record<string, unknown>): void => {
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
};

// The same TypeScript study in both projects: tsc turns its imports into require() calls in the CommonJS
// one. Subpaths included, types checked (a typed config and a typed best trial).
const STUDY_TS = `import { lastValueFrom, of, pipe } from 'rxjs';
import type { Observable } from 'rxjs';
import { InvalidOptionsError, categorical, float } from 'rxhpo';
import type { ConfigOf, TrialEvent } from 'rxhpo';
import { bestSoFar, sampleWith, study, trainWith } from 'rxhpo/operators';
import { randomSampler } from 'rxhpo/strategies';

const space = { lr: float(1e-4, 1e-1, { log: true }), act: categorical(['relu', 'tanh']) };
const events$: Observable<TrialEvent<ConfigOf<typeof space>>> = study(
  { space, objective: { metric: 'loss', mode: 'min' }, seed: 7, budget: { trials: 20 } },
  pipe(
    sampleWith(randomSampler()),
    trainWith((trial) => of({ step: 1, metrics: { loss: (Math.log10(trial.config.lr) + 2) ** 2 } })),
  ),
);
lastValueFrom(events$.pipe(bestSoFar())).then((best) => {
  const act: 'relu' | 'tanh' = best.config.act;
  console.log(JSON.stringify({ value: best.value, act, error: InvalidOptionsError.name }));
});
`;
const compilerOptions = { strict: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: true };
// skipLibCheck: checking fp-ts' and rxjs' own declarations costs ~20 s of CPU and says nothing about ours.
const TSCONFIGS = {
  'tsconfig.json': {
    compilerOptions: { ...compilerOptions, module: 'node16', moduleResolution: 'node16', outDir: 'out' },
    files: ['study.ts'],
  },
  'tsconfig.bundler.json': {
    compilerOptions: { ...compilerOptions, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    files: ['study.ts'],
  },
};
const SUBPATHS = [
  'rxhpo',
  'rxhpo/operators',
  'rxhpo/strategies',
  'rxhpo/testing',
  'rxhpo/tfjs',
  'rxhpo/workers',
  'rxhpo/node',
  'rxhpo/distributed',
  'rxhpo/report',
  'rxhpo/learners',
];

// ESM: every subpath resolves to the ES module build; the optional peers are not installed, and a subpath
// that needs one fails naming it.
const PROBE_MJS = `const subpaths = ${JSON.stringify(SUBPATHS)};
const resolved = Object.fromEntries(subpaths.map((s) => [s, import.meta.resolve(s)]));
const missing = {};
for (const s of ['rxhpo/tfjs', 'rxhpo/workers', 'rxhpo/distributed']) await import(s).then(() => (missing[s] = null), (e) => (missing[s] = e.message));
await import('rxhpo/node');
// plotly.js comes with rxhpo: writing a report needs nothing else installed.
const report = await import('rxhpo/report');
try { report.loadPlotly(); missing['plotly'] = null; } catch (e) { missing['plotly'] = e.message; }
console.log(JSON.stringify({ resolved, missing }));
`;
// CommonJS: every subpath resolves to the CommonJS build, and trials run on worker threads (piscina is
// installed here): the CommonJS workerTrainer finds its worker runtime and loads a CommonJS trainer module.
const PROBE_CJS = `const { pathToFileURL } = require('node:url');
const { lastValueFrom, pipe, toArray } = require('rxjs');
const subpaths = ${JSON.stringify(SUBPATHS)};
const resolved = Object.fromEntries(subpaths.map((s) => [s, require.resolve(s)]));
const { float } = require('rxhpo');
const { study, sampleWith, trainWith } = require('rxhpo/operators');
const { randomSampler } = require('rxhpo/strategies');
const { workerTrainer } = require('rxhpo/workers');
const trainer = workerTrainer(pathToFileURL(require.resolve('./worker.cjs')), { threads: 1 });
const options = { space: { x: float(-1, 1) }, objective: { metric: 'loss', mode: 'min' }, seed: 3, budget: { trials: 2 } };
lastValueFrom(study(options, pipe(sampleWith(randomSampler()), trainWith(trainer))).pipe(toArray()))
  .then((events) => events.filter((e) => e._tag === 'TrialEnded').map((e) => e.outcome))
  .finally(() => trainer.close())
  .then((ended) => console.log(JSON.stringify({ resolved, ended })));
`;
const WORKER_CJS = `const { of } = require('rxjs');
const { defineWorkerTrainer } = require('rxhpo/workers');
module.exports = defineWorkerTrainer(() => (trial) => of({ step: 1, metrics: { loss: trial.config.x ** 2 } }));
`;

describe('the packed package in fresh projects', { timeout: 600_000, concurrency: true }, () => {
  const temp = mkdtempSync(join(tmpdir(), 'rxhpo-pack-'));
  const esm = join(temp, 'esm');
  const cjs = join(temp, 'cjs');
  after(() => rmSync(temp, { recursive: true, force: true }));

  before(async () => {
    // npm test builds just before the specs; run alone, this spec builds through prepack when dist/ is stale.
    const packArgs = ['pack', '--pack-destination', temp, ...(distIsFresh() ? ['--ignore-scripts'] : []), '--silent'];
    await run('npm pack', NPM, packArgs, ROOT, 300_000);
    const tarball = readdirSync(temp).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, `npm pack wrote no .tgz into ${temp}`);
    mkdirSync(esm);
    mkdirSync(cjs);
    write(esm, { 'package.json': { name: 'esm-consumer', version: '1.0.0', private: true, type: 'module' } });
    write(cjs, { 'package.json': { name: 'cjs-consumer', version: '1.0.0', private: true, type: 'commonjs' } });
    const tgz = join(temp, tarball);
    await Promise.all([
      run('npm install (ESM project)', NPM, ['install', tgz, 'rxjs', ...NPM_FLAGS], esm),
      run('npm install (CommonJS project)', NPM, ['install', tgz, 'rxjs', 'piscina', ...NPM_FLAGS], cjs),
    ]);
    for (const dir of [esm, cjs]) write(dir, { 'study.ts': STUDY_TS, ...TSCONFIGS });
    write(esm, { 'probe.mjs': PROBE_MJS });
    write(cjs, { 'probe.cjs': PROBE_CJS, 'worker.cjs': WORKER_CJS });
  });

  it('ships dist/, the rxhpo launcher, README and LICENSE only (no sources, no source maps); installs no optional peer', () => {
    const pkg = join(esm, 'node_modules/rxhpo');
    assert.deepEqual(readdirSync(pkg).sort(), ['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
    const odd = files(join(pkg, 'dist')).filter((f) => !/\.(js|d\.ts)$/.test(f) && !f.endsWith('cjs/package.json'));
    assert.deepEqual(odd, [], 'only .js and .d.ts in dist/');
    const installed = readdirSync(join(esm, 'node_modules'));
    for (const peer of ['@tensorflow', 'piscina', 'bullmq', 'ioredis'])
      assert.ok(!installed.includes(peer), `${peer} was installed with rxhpo: ${installed.join(', ')}`);
  });

  it('the rxhpo bin runs from the installed package (dist/, no tsx): --version, --help, and exit 2 on a usage error', async () => {
    const bin = join(esm, 'node_modules/.bin/rxhpo');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal((await run('rxhpo --version', bin, ['--version'], esm)).trim(), pkg.version);
    assert.match(await run('rxhpo --help', bin, ['--help'], esm), /^Usage: rxhpo <command>[\s\S]*\n {2}show JOURNAL/);
    await assert.rejects(run('rxhpo show', bin, ['show'], esm), /rxhpo show: expected JOURNAL, got nothing/);
  });

  const checkStudy = (out: string): void => {
    const result = JSON.parse(out) as { value: number; act: string; error: string };
    assert.ok(Number.isFinite(result.value), `best value ${result.value}`);
    assert.ok(['relu', 'tanh'].includes(result.act), `act ${result.act}`);
    assert.equal(result.error, 'InvalidOptionsError');
  };

  it('ESM project: strict tsc (node16, then bundler) accepts the imports, and the compiled study runs', async () => {
    await tsc('ESM project, node16', esm, 'tsconfig.json');
    assert.match(readFileSync(join(esm, 'out/study.js'), 'utf8'), /from 'rxhpo\/operators'/, 'compiled to import');
    checkStudy(await node('the ESM study', esm, 'out/study.js'));
    await tsc('ESM project, bundler', esm, 'tsconfig.bundler.json');
    const probe = JSON.parse(await node('the ESM probe', esm, 'probe.mjs')) as {
      resolved: Record<string, string>;
      missing: Record<string, string | null>;
    };
    for (const [subpath, url] of Object.entries(probe.resolved))
      assert.match(url, /\/node_modules\/rxhpo\/dist\/(?!cjs\/).*index\.js$/, `${subpath} resolves to the ESM build`);
    assert.match(probe.missing['rxhpo/tfjs'] ?? 'loaded', /@tensorflow\/tfjs-core/, 'rxhpo/tfjs names its peer');
    assert.match(probe.missing['rxhpo/workers'] ?? 'loaded', /piscina/, 'rxhpo/workers names its peer');
    assert.match(probe.missing['rxhpo/distributed'] ?? 'loaded', /bullmq/, 'rxhpo/distributed names its peer');
    assert.equal(probe.missing['plotly'], null, 'plotly.js is installed with rxhpo');
  });

  it('CommonJS project: strict tsc (node16, then bundler) accepts the imports, and the study runs on require()', async () => {
    await tsc('CommonJS project, node16', cjs, 'tsconfig.json');
    assert.match(
      readFileSync(join(cjs, 'out/study.js'), 'utf8'),
      /require\("rxhpo\/operators"\)/,
      'compiled to require',
    );
    checkStudy(await node('the CommonJS study', cjs, 'out/study.js'));
    await tsc('CommonJS project, bundler', cjs, 'tsconfig.bundler.json');
    const probe = JSON.parse(await node('the CommonJS probe', cjs, 'probe.cjs')) as {
      resolved: Record<string, string>;
      ended: string[];
    };
    for (const [subpath, path] of Object.entries(probe.resolved))
      assert.match(
        path,
        /[/\\]node_modules[/\\]rxhpo[/\\]dist[/\\]cjs[/\\].*index\.js$/,
        `${subpath} resolves to the CommonJS build`,
      );
    assert.deepEqual(probe.ended, ['completed', 'completed'], 'both trials ran on a worker thread');
  });
});
