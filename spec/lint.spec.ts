// The purity rules are enforced by lint, not by convention: prove each rule fires where it should.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint();
const rulesHit = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
};

describe('lint rules for pure code', () => {
  // prettier-ignore
  const cases: Array<[string, string, RegExp]> = [
    ['strategies/x.ts', 'export const f = (): number => Math.random();\n', /seeded RNG/],
    ['strategies/x.ts', 'export const f = (): number => Date.now();\n', /injected SchedulerLike/],
    ['strategies/x.ts', 'export const f = (): unknown => setTimeout(() => 0, 1);\n', /no clock/],
    ['strategies/x.ts', 'export const f = (): unknown => new Date();\n', /no clock/],
    ['strategies/x.ts', "import { of } from 'rxjs';\nexport const f = (): unknown => of(1);\n", /no rxjs/],
    ['operators/x.ts', 'export const f = (): number => Math.random();\n', /seeded RNG/],
    ['operators/x.ts', 'export const f = (): number => Date.now();\n', /injected SchedulerLike/],
    ['lib/x.ts', 'export const f = (): number => Math.random();\n', /seeded RNG/],
    ['lib/x.ts', 'export const f = (): number => Date.now();\n', /injected SchedulerLike/],
    ['lib/x.ts', 'export const f = (): number => performance.now();\n', /injected SchedulerLike/],
    ['lib/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /Node-only module/],
    ['lib/x.ts', "import { EventEmitter } from 'events';\nexport const f = EventEmitter;\n", /Node-only module/],
    ['operators/x.ts', "import { cpus } from 'node:os';\nexport const f = cpus;\n", /Node-only module/],
    ['strategies/x.ts', "import { join } from 'path';\nexport const f = join;\n", /Node-only module/],
    ['strategies/x.ts', "import type { Worker } from 'node:worker_threads';\nexport type F = Worker;\n", /Node-only module/],
  ];
  for (const [file, code, pattern] of cases)
    it(`${file}: ${code.trim().split('\n').pop()} is rejected`, async () => {
      const messages = await rulesHit(file, code);
      assert.ok(
        messages.some((m) => pattern.test(m)),
        `no ${pattern} in ${JSON.stringify(messages)}`,
      );
    });
  it('operators and lib may import rxjs; adapters may import Node modules', async () => {
    const ofRxjs = "import { of } from 'rxjs';\nexport const f = (): unknown => of(1);\n";
    assert.deepEqual(await rulesHit('operators/x.ts', ofRxjs), []);
    assert.deepEqual(await rulesHit('lib/x.ts', ofRxjs), []);
    assert.deepEqual(
      await rulesHit('adapters/node/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"),
      [],
    );
  });
});
