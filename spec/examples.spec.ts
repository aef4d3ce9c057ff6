// Smoke tests: every numbered example runs end to end and does what it says.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom } from 'rxjs';
import { bestSoFar } from '../operators/index.js';
import { events$ as readmeStudy } from '../examples/00-readme-study.js';
import { main as randomSearch, branin } from '../examples/01-random-search-branin.js';
import { main as gridSearch } from '../examples/02-grid-search.js';
import { main as askTellLoop } from '../examples/03-ask-tell-loop.js';
import { main as optunaTutorial, space as tutorialSpace } from '../examples/06-optuna-tutorial.js';
import { configProblems, flattenSpace } from '../lib/index.js';

const quiet = () => undefined;

describe('examples', () => {
  it("00 the README's study runs and finds lr near 10^-2.5 with relu", async () => {
    const best = await lastValueFrom(readmeStudy.pipe(bestSoFar()));
    assert.equal(best.config.act, 'relu');
    assert.ok(best.value < 0.1, `best ${best.value}`);
  });
  it('01 random search finds a good Branin value', async () => {
    assert.ok(Math.abs(branin(Math.PI, 2.275) - 0.397887) < 1e-5);
    const best = await randomSearch(200, 0, quiet);
    assert.ok(best.value < 1, `best ${best.value}`);
  });
  it('02 grid search runs every grid point and ends', async () => {
    assert.equal(await gridSearch(quiet), 3 + 3 * 3); // ridge × 3 C values + svm × 3 gammas × 3 C values
  });
  it('03 ask/tell loop prunes some trials and completes the rest', async () => {
    const { stopped, completed } = await askTellLoop(20, quiet);
    assert.equal(stopped + completed, 20);
    assert.ok(stopped > 0 && completed > 0);
  });
  it("05 Optuna's tutorial space: flat indexed names for the present layers only, n_layers an int, TPE finds a good net", async () => {
    const best = await optunaTutorial(60, quiet);
    assert.ok(best.value > 0.85, `best ${best.value}`);
    assert.deepEqual(configProblems(tutorialSpace, best.config), []);
    const layerKeys = Object.keys(best.config).filter((k) => /_l\d+$/.test(k));
    assert.equal(layerKeys.length, 2 * best.config.n_layers);
    assert.equal(flattenSpace(tutorialSpace)[0]?.distribution._tag, 'Int');
  });
});
