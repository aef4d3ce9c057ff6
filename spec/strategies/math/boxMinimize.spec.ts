import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ValueAndGradient } from '../../../strategies/math/boxMinimize.js';
import { boxMinimize } from '../../../strategies/math/boxMinimize.js';
import { InvalidOptionsError } from '../../../lib/errors.js';

const rosenbrock: ValueAndGradient = (x, g) => {
  const a = x[0] as number;
  const b = x[1] as number;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

// Σ (x_i − c_i)²: its box minimum is c clipped to the box.
const shifted =
  (c: ReadonlyArray<number>): ValueAndGradient =>
  (x, g) => {
    let f = 0;
    c.forEach((ci, i) => {
      const d = (x[i] as number) - ci;
      g[i] = 2 * d;
      f += d * d;
    });
    return f;
  };

// Booth: (x + 2y − 7)² + (2x + y − 5)², unconstrained minimum (1, 3).
const booth: ValueAndGradient = (x, g) => {
  const a = (x[0] as number) + 2 * (x[1] as number) - 7;
  const b = 2 * (x[0] as number) + (x[1] as number) - 5;
  g[0] = 2 * a + 4 * b;
  g[1] = 4 * a + 2 * b;
  return a * a + b * b;
};

interface Case {
  readonly name: string;
  readonly f: ValueAndGradient;
  readonly x0: number[];
  readonly lower: number[];
  readonly upper: number[];
  readonly want: number[];
  readonly tol: number;
}

const CASES: ReadonlyArray<Case> = [
  {
    name: 'Rosenbrock, optimum inside',
    f: rosenbrock,
    x0: [-1.2, 1],
    lower: [-2, -2],
    upper: [2, 2],
    want: [1, 1],
    tol: 1e-4,
  },
  // On the face x = 0.5 the minimum is at y = 0.25.
  {
    name: 'Rosenbrock, optimum cut off by x ≤ 0.5',
    f: rosenbrock,
    x0: [-1, 0],
    lower: [-2, -2],
    upper: [0.5, 2],
    want: [0.5, 0.25],
    tol: 1e-4,
  },
  {
    name: 'quadratic, three bounds active',
    f: shifted([3, -4, 0.2, 7]),
    x0: [0, 0, 0, 0],
    lower: [-1, -1, -1, -1],
    upper: [1, 1, 1, 1],
    want: [1, -1, 0.2, 1],
    tol: 1e-8,
  },
  {
    name: 'quadratic, infinite bounds',
    f: shifted([3, -4]),
    x0: [0, 0],
    lower: [-Infinity, -Infinity],
    upper: [Infinity, Infinity],
    want: [3, -4],
    tol: 1e-6,
  },
  // Booth on [0, 2] × [0, 2]: the optimum (1, 3) is outside; on the face y = 2 the minimum is x = 1.8.
  {
    name: 'Booth, optimum outside the box',
    f: booth,
    x0: [0, 0],
    lower: [0, 0],
    upper: [2, 2],
    want: [1.8, 2],
    tol: 1e-5,
  },
  {
    name: 'start outside the box is clipped',
    f: shifted([0.5]),
    x0: [9],
    lower: [0],
    upper: [1],
    want: [0.5],
    tol: 1e-8,
  },
  { name: 'degenerate box', f: shifted([3, 3]), x0: [0, 0], lower: [1, 0], upper: [1, 5], want: [1, 3], tol: 1e-8 },
];

describe('boxMinimize', () => {
  for (const c of CASES)
    it(`${c.name}: reaches ${JSON.stringify(c.want)}`, () => {
      const r = boxMinimize(c.f, c.x0, c.lower, c.upper, { pgtol: 1e-9, maxIter: 500 });
      c.want.forEach((w, i) =>
        assert.ok(Math.abs((r.x[i] as number) - w) <= c.tol, `x = ${Array.from(r.x)} (${r.reason})`),
      );
      r.x.forEach((v, i) => assert.ok(v >= (c.lower[i] as number) && v <= (c.upper[i] as number), 'left the box'));
    });

  it('stops at maxIter and says so', () => {
    const r = boxMinimize(rosenbrock, [-1.2, 1], [-2, -2], [2, 2], { maxIter: 3, pgtol: 0 });
    assert.equal(r.reason, 'maxIter');
    assert.equal(r.iterations, 3);
  });

  it('throws InvalidOptionsError naming mismatched lengths and crossed bounds', () => {
    assert.throws(
      () => boxMinimize(rosenbrock, [0, 0], [0], [1, 1]),
      (e: unknown) => e instanceof InvalidOptionsError && /one length/.test(e.message),
    );
    assert.throws(
      () => boxMinimize(rosenbrock, [0, 0], [0, 2], [1, 1]),
      (e: unknown) => e instanceof InvalidOptionsError && /lower\[1\] = 2/.test(e.message),
    );
  });
});
