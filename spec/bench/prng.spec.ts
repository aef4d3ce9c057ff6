import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultProblemsPath } from '../../bench/problems/loadProblems.js';
import { fmix32, hash32, stdNormal, uniform01 } from '../../bench/problems/prng.js';
import { ProblemFileC, decodeOrThrow } from '../../bench/problems/problemJson.js';

const path = defaultProblemsPath;
const file = decodeOrThrow(ProblemFileC, JSON.parse(readFileSync(path, 'utf8')), path);
const vectors = file.prng?.test_vectors ?? [];
const fmixVectors = file.prng?.fmix32_test_vectors ?? [];

describe('bench-hash32 PRNG', () => {
  it('the reference problem file has check values to compare with', () => {
    assert.ok(vectors.length >= 6);
    assert.ok(fmixVectors.length >= 4);
  });

  it('fmix32 matches every fmix32_test_vector bit for bit', () => {
    for (const v of fmixVectors) assert.equal(fmix32(v.in), v.out, `fmix32(${v.in})`);
  });

  it('hash32, uniform01 and stdNormal match every test_vector exactly', () => {
    for (const v of vectors) {
      const at = JSON.stringify(v.keys);
      assert.equal(hash32(v.keys), v.hash32, `hash32(${at})`);
      assert.equal(uniform01(v.keys), v.uniform01, `uniform01(${at})`);
      // Box–Muller goes through Math.log/cos, so allow libm ULPs (the reference agrees to ~1e-16).
      const z = stdNormal(v.keys);
      assert.ok(Math.abs(z - v.std_normal) <= 1e-12 * Math.max(1, Math.abs(v.std_normal)), `stdNormal(${at}) = ${z}`);
    }
  });

  it('uniform01 stays inside the open interval at the extreme hashes', () => {
    assert.equal((0 + 0.5) / 4294967296 > 0, true);
    assert.equal((4294967295 + 0.5) / 4294967296 < 1, true);
    for (let k = 0; k < 1000; k++) {
      const u = uniform01([k, 7]);
      assert.ok(u > 0 && u < 1);
    }
  });

  it('refuses keys that are not uint32 instead of wrapping them', () => {
    assert.throws(() => hash32([-1]), RangeError);
    assert.throws(() => hash32([2 ** 32]), RangeError);
    assert.throws(() => hash32([1.5]), /\[0, 2\^32\)/);
  });
});
