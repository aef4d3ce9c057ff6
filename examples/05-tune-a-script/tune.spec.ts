// The script-tuning example runs end to end (when python3 is installed).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { main } from './tune.js';

const python = spawnSync('python3', ['-c', 'pass']).status === 0;

describe('examples/05-tune-a-script', () => {
  it(
    'tunes the Python script: every trial completes or is stopped by ASHA, and there is a best one',
    { skip: !python && 'python3 is not on PATH: skipping the Python example' },
    async () => {
      const r = await main(8, false);
      assert.equal(r.trials.length, 8);
      assert.equal(r.counts.completed + r.counts.stopped, 8, JSON.stringify(r.trials));
      assert.ok(r.counts.stopped > 0, 'ASHA stopped no trial');
      assert.ok(r.best !== undefined && r.best.value > 0 && r.best.value < 1, JSON.stringify(r.best));
      assert.ok(r.trials.every((t) => t.state === 'stopped' || t.lastStep === 9));
    },
  );
});
