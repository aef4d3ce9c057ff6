import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { UsageError } from '../../cli/cliCommand.js';
import { workerCommand } from '../../cli/commands/worker.js';

const io = { out: () => undefined, err: () => undefined };

describe('rxhpo worker: command line', () => {
  it('--help prints the usage, flags and exit codes', async () => {
    let out = '';
    assert.equal(await workerCommand.run(['--help'], { out: (s) => (out += s), err: () => undefined }), 0);
    for (const flag of [
      '--redis URL',
      '--module PATH',
      '--concurrency N',
      '--queue NAME',
      '--lock-ms N',
      '--max-stalled N',
    ])
      assert.ok(out.includes(flag), flag);
    assert.match(out, /rediss:\/\//);
    assert.match(out, /keep the\s+Redis server private/);
  });
  const bad: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
    ['no --redis', ['--module', 'm.ts'], /--redis URL is required/],
    ['no --module', ['--redis', 'redis://h:1'], /--module PATH is required/],
    [
      'not a redis URL',
      ['--redis', 'http://h', '--module', 'm.ts'],
      /--redis must be a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/h"/,
    ],
    [
      'a bad concurrency',
      ['--redis', 'redis://h', '--module', 'm', '--concurrency', '0'],
      /--concurrency must be an integer >= 1, got "0"/,
    ],
    [
      'a bad lock time',
      ['--redis', 'redis://h', '--module', 'm', '--lock-ms', 'soon'],
      /--lock-ms must be an integer >= 200, got "soon"/,
    ],
    ['an unknown flag', ['--redis', 'redis://h', '--module', 'm', '--threads', '2'], /Unknown option '--threads'/],
  ];
  for (const [what, args, message] of bad)
    it(`${what}: a UsageError naming the flag`, async () => {
      await assert.rejects(
        Promise.resolve().then(() => workerCommand.run(args, io)),
        (e: unknown) => {
          assert.ok(e instanceof UsageError);
          assert.match(e.message, message);
          return true;
        },
      );
    });
});
