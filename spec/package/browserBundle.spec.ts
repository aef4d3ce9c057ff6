// The main entry, the operators and the strategies bundle for browsers: nothing in them (or in their
// dependencies) imports a `node:` module or a Node builtin. Environment-bound code lives in adapters/.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { build } from 'esbuild';
import type { BuildFailure, Message } from 'esbuild';

/** Bundles `entryPoints` for the browser; the errors esbuild gives, as readable lines. */
const browserBundleErrors = async (entryPoints: string[]): Promise<string[]> => {
  try {
    // No `external`: a builtin must fail to resolve. A dependency's own `browser` field still applies
    // (seedrandom maps `crypto` to nothing), as it would in the user's bundler.
    await build({
      entryPoints,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      outdir: 'out',
      logLevel: 'silent',
    });
    return [];
  } catch (e) {
    const errors: Message[] = (e as Partial<BuildFailure>).errors ?? [];
    if (errors.length === 0) throw e;
    return errors.map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`);
  }
};

describe('browser bundle', () => {
  it('rxhpo, rxhpo/operators and rxhpo/strategies bundle for platform browser with no Node builtin', async () => {
    const errors = await browserBundleErrors(['lib/index.ts', 'operators/index.ts', 'strategies/index.ts']);
    assert.deepEqual(errors, [], `Node-only imports reached a browser entry:\n${errors.join('\n')}`);
  });

  it('the check fails where it should: rxhpo/node needs node:fs', async () => {
    const errors = await browserBundleErrors(['adapters/node/index.ts']);
    assert.ok(
      errors.some((m) => /node:fs/.test(m)),
      `expected a node:fs error, got ${JSON.stringify(errors)}`,
    );
  });
});
