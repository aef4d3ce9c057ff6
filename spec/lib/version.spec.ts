import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LIBRARY, VERSION } from '../../lib/version.js';
import { journalHeader } from '../../lib/journal/journalHeader.js';
import { float } from '../../lib/distribution.js';
import { studyStarted } from '../../lib/trialEvent.js';

describe('VERSION', () => {
  it("is package.json's version (bump both together)", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });

  it('names the library and its version in a journal header', () => {
    assert.equal(LIBRARY, `rxhpo ${VERSION}`);
    const started = studyStarted({
      seed: 1,
      objective: { metric: 'loss', mode: 'min' },
      concurrency: 1,
      budget: {},
      space: { x: float(0, 1) },
    });
    assert.equal(journalHeader(started).library, `rxhpo ${VERSION}`);
  });
});
