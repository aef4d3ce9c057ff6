import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvalidOptionsError } from '../../lib/errors.js';
import { initTfjs } from '../../adapters/tfjs/tfjsBackend.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/strayRejection.ts', import.meta.url));
const child = (mode: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, mode], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
};

describe('initTfjs', () => {
  it('the trap is real: after a raw wasm setBackend, a handled unhandled rejection exits with code 7', () => {
    const r = child('raw');
    assert.equal(r.status, 7, r.err);
    assert.equal(r.out, '', 'the process died before printing');
  });

  it('with initTfjs the same program keeps running (exit 0), its handler runs and wasm still computes', () => {
    const r = child('ours');
    assert.equal(r.status, 0, r.err);
    const got = JSON.parse(r.out) as {
      info: { backend: string; simd: boolean; removedHandlers: number };
      handled: number;
      sum: number;
    };
    assert.equal(got.info.backend, 'wasm');
    assert.equal(got.info.simd, true);
    assert.equal(got.info.removedHandlers, 2, 'one uncaughtException and one unhandledRejection handler removed');
    assert.equal(got.handled, 1);
    assert.equal(got.sum, 6);
  });

  it('falls back to cpu loudly when setBackend("wasm") returns false', () => {
    const r = child('fallback');
    assert.equal(r.status, 0, r.err);
    const got = JSON.parse(r.out) as { info: { backend: string; fallback?: string }; warnings: string[]; sum: number };
    assert.equal(got.info.backend, 'cpu');
    assert.match(got.info.fallback ?? '', /setBackend\("wasm"\) returned false/);
    assert.equal(got.warnings.length, 1);
    assert.match(got.warnings[0] ?? '', /falling back to the SLOW cpu backend/);
    assert.equal(got.sum, 6);
  });

  it('rejects an unknown backend, and a different backend once one has started in this thread', async () => {
    assert.throws(
      () => initTfjs({ backend: 'webgl' as never }),
      /backend must be one of auto, tensorflow, wasm, cpu, got "webgl"/,
    );
    await initTfjs();
    assert.throws(() => initTfjs({ backend: 'cpu' }), InvalidOptionsError);
    assert.equal(initTfjs(), initTfjs(), 'one start per thread');
  });
});
