import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckpointStore } from '../../lib/checkpointStore.js';
import { CheckpointNotFoundError, memoryCheckpointStore } from '../../lib/checkpointStore.js';
import { fileCheckpointStore } from '../../adapters/node/fileCheckpointStore.js';
import { InvalidOptionsError } from '../../lib/errors.js';

const contract = (name: string, make: () => CheckpointStore<{ w: number[] }>, cleanup: () => void = () => {}) =>
  describe(`checkpoint store contract: ${name}`, () => {
    it('saves under trialId@step, loads back, releases (idempotently), lists what it holds', () => {
      const s = make();
      const a = s.save('3', 10, { w: [1, 2] });
      const b = s.save('4', 2, { w: [3] });
      assert.equal(a, '3@10');
      assert.deepEqual(s.load(a), { w: [1, 2] });
      assert.deepEqual([...s.refs()].sort(), ['3@10', '4@2']);
      assert.ok(s.has(a));
      s.release(a);
      s.release(a);
      s.release('never-saved');
      s.release({ not: 'a string' });
      assert.ok(!s.has(a));
      assert.deepEqual(s.refs(), [b]);
      assert.throws(() => s.load(a), CheckpointNotFoundError);
      cleanup();
    });
    it('saving the same trial and step again overwrites', () => {
      const s = make();
      s.save('1', 1, { w: [1] });
      s.save('1', 1, { w: [2] });
      assert.deepEqual(s.load('1@1'), { w: [2] });
      assert.equal(s.refs().length, 1);
      cleanup();
    });
    it('a loaded checkpoint is a copy: mutating it (or the saved object) does not corrupt the store', () => {
      const s = make();
      const data = { w: [1, 2] };
      const ref = s.save('1', 1, data);
      data.w.push(99);
      const x = s.load(ref);
      x.w[0] = -1;
      assert.deepEqual(s.load(ref), { w: [1, 2] });
      cleanup();
    });
  });

contract('memory', () => memoryCheckpointStore());

let dir = '';
contract(
  'file',
  () => {
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-ckpt-'));
    return fileCheckpointStore({ dir });
  },
  () => rmSync(dir, { recursive: true, force: true }),
);

describe('fileCheckpointStore', () => {
  it('survives a reopen (refs valid across processes), leaves no temporary files, and takes a codec', () => {
    const d = mkdtempSync(join(tmpdir(), 'rxhpo-ckpt-'));
    try {
      const codec = {
        encode: (x: Float64Array) => new Uint8Array(x.buffer.slice(0)),
        decode: (b: Buffer) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
      };
      const s1 = fileCheckpointStore({ dir: d, ...codec });
      const ref = s1.save('trial/with spaces', 7, Float64Array.from([0.5, -2]));
      const s2 = fileCheckpointStore({ dir: d, ...codec });
      assert.deepEqual([...s2.refs()], [ref]);
      assert.deepEqual([...s2.load(ref)], [0.5, -2]);
      assert.ok(readdirSync(d).every((f) => !f.endsWith('.tmp')));
      s2.release(ref);
      assert.deepEqual(readdirSync(d), []);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
  it('refuses a missing dir with InvalidOptionsError', () => {
    assert.throws(() => fileCheckpointStore({ dir: '' }), InvalidOptionsError);
  });
});

describe('memoryCheckpointStore', () => {
  it('clone: false keeps references (for data the trainer never mutates)', () => {
    const s = memoryCheckpointStore<{ w: number[] }>({ clone: false });
    const data = { w: [1] };
    const ref = s.save('1', 1, data);
    assert.equal(s.load(ref), data);
  });
});
