import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cmaConstants,
  defaultPopulation,
  sepCmaConstants,
} from '../../../../strategies/samplers/cmaes/cmaConstants.js';
import { cmaEigen } from '../../../../strategies/samplers/cmaes/cmaEigen.js';
import type { CmaRun } from '../../../../strategies/samplers/cmaes/cmaRun.js';
import { cmaRun } from '../../../../strategies/samplers/cmaes/cmaRun.js';
import { cmaUpdate, eigenGap } from '../../../../strategies/samplers/cmaes/cmaUpdate.js';
import { cmaStopReason } from '../../../../strategies/samplers/cmaes/cmaStop.js';

// Values from ALGORITHMS.md §5.1/§5.2, computed with the reference (cmaes 0.9.1: CMA and SepCMA with
// mean 0.5, σ 1/6, n = 3) told the fixed generations below.
const close = (a: number, b: number, tol = 1e-10): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const closeAll = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, tol = 1e-10): void => {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => close(v, b[i] as number, tol));
};

const xsFor = (g: number, n: number, lambda: number): number[][] =>
  Array.from({ length: lambda }, (_, k) =>
    Array.from({ length: n }, (_, j) => 0.5 + 0.1 * Math.sin(1.3 * k + 0.7 * j + 2.1 * g)),
  );
const f = (x: number[]): number => x.reduce((a, v, j) => a + (v - 0.3) ** 2 * (j + 1), 0);
const tellTwice = (run: CmaRun): CmaRun[] => {
  const out: CmaRun[] = [];
  let r = run;
  for (let g = 0; g < 2; g++) {
    r = cmaUpdate(
      r,
      xsFor(g, r.n, r.lambda).map((x) => ({ x, f: f(x) })),
    );
    out.push(r);
  }
  return out;
};

describe('cmaConstants', () => {
  it('default population 4 + ⌊3 ln n⌋', () => {
    for (const [n, l] of [
      [2, 6],
      [3, 7],
      [10, 10],
      [100, 17],
    ] as const)
      assert.equal(defaultPopulation(n), l);
  });

  it('full CMA: weights (negative for the worse half), μ_eff and learning rates for n = 3, λ = 7', () => {
    const k = cmaConstants(3, 7);
    closeAll(
      k.weights,
      [
        0.585645106509765, 0.2928225532548825, 0.12153234023535245, 0, -0.4241269418431741, -0.7706638857059224,
        -1.0636566969842556,
      ],
    );
    assert.equal(k.mu, 3);
    close(k.muEff, 2.2548150822016044);
    close(k.c1, 0.09640963257927214);
    close(k.cmu, 0.05124308701358615);
    close(k.cSigma, 0.4149090010980616);
    close(k.dSigma, 1.4149090010980616);
    close(k.cc, 0.5588013228860189);
    close(
      k.weights.filter((w) => w > 0).reduce((a, w) => a + w, 0),
      1,
    );
  });

  it('sep-CMA: positive weights only and c_μ scaled by (n + 2)/3', () => {
    const k = sepCmaConstants(3, 7);
    closeAll(k.weights, [0.5856451065097651, 0.29282255325488254, 0.12153234023535246, 0, 0, 0, 0]);
    close(k.cmu, 0.19530454973098976);
    close(k.cSigma, 0.5154343301251543);
    close(k.dSigma, 1.5154343301251543);
    close(k.cc, 4 / 7);
  });

  it('eigendecomposition only when due: every generation at small n, rarer at large n', () => {
    const k10 = cmaConstants(10, 10);
    assert.equal(eigenGap(10, k10.c1, k10.cmu), 1);
    const k200 = cmaConstants(200, defaultPopulation(200));
    assert.ok(eigenGap(200, k200.c1, k200.cmu) > 1);
  });
});

describe('cmaUpdate', () => {
  it("full CMA: the first two generations' mean, σ and C match the reference", () => {
    const [g1, g2] = tellTwice(cmaRun({ mean: [0.5, 0.5, 0.5], sigma: 1 / 6, lambda: 7 })) as [CmaRun, CmaRun];
    closeAll(g1.mean, [0.46407952305525574, 0.4326420123379088, 0.4328840157156334]);
    close(g1.sigma, 0.14247065112878457);
    closeAll(
      g1.C,
      [
        0.9487475547195026, -0.023220669100037526, -0.016190745986444162, -0.023220669100037526, 0.8829714277900119,
        -0.10696415310199645, -0.016190745986444162, -0.10696415310199645, 0.820646455769739,
      ],
      1e-9,
    );
    closeAll(g2.mean, [0.45356951312533256, 0.41260552203696127, 0.4127445195109943]);
    close(g2.sigma, 0.12158748729890025, 1e-9);
    closeAll(
      g2.C,
      [
        0.8623737570161903, -0.08301429934002333, -0.052186155411667996, -0.08301429934002325, 0.7661497279523123,
        -0.1785977531124302, -0.05218615541166804, -0.17859775311243017, 0.7161612413132037,
      ],
      1e-9,
    );
    assert.equal(g2.g, 2);
  });

  it("sep-CMA: the first two generations' mean, σ and diagonal C match the reference", () => {
    const [g1, g2] = tellTwice(cmaRun({ mean: [0.5, 0.5, 0.5], sigma: 1 / 6, lambda: 7, sep: true })) as [
      CmaRun,
      CmaRun,
    ];
    closeAll(g1.mean, [0.46407952305525574, 0.4326420123379088, 0.43288401571563334]);
    close(g1.sigma, 0.14068170696015594);
    closeAll(g1.C, [0.748146532791103, 0.7796363151914606, 0.7782060503640292]);
    closeAll(g2.mean, [0.45356951312533256, 0.41260552203696127, 0.4127445195109943]);
    close(g2.sigma, 0.11645207032642325);
    closeAll(g2.C, [0.5406478291625268, 0.5741959811605356, 0.5794274005689203]);
  });

  it('the order of the solutions does not matter (they are ranked)', () => {
    const run = cmaRun({ mean: [0.5, 0.5, 0.5], sigma: 1 / 6, lambda: 7 });
    const sols = xsFor(0, 3, 7).map((x) => ({ x, f: f(x) }));
    assert.deepEqual(cmaUpdate(run, sols), cmaUpdate(run, sols.slice().reverse()));
  });

  it('refuses a generation of the wrong size', () => {
    const run = cmaRun({ mean: [0.5, 0.5], sigma: 0.2, lambda: 6 });
    assert.throws(() => cmaUpdate(run, [{ x: [0.5, 0.5], f: 1 }]), /1 solutions for λ = 6/);
  });
});

describe('cmaEigen', () => {
  it('decomposes a symmetric matrix: B·diag(D²)·Bᵀ = C', () => {
    const C = [4, 1, 0, 1, 3, 0.5, 0, 0.5, 2];
    const { B, D } = cmaEigen(C, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let acc = 0;
        for (let k = 0; k < 3; k++) acc += (B[i * 3 + k] as number) * (D[k] as number) ** 2 * (B[j * 3 + k] as number);
        close(acc, C[i * 3 + j] as number, 1e-12);
      }
  });

  it('floors negative eigenvalues (rounding noise) and repairs C', () => {
    const e = cmaEigen([1, 2, 2, 1], 2);
    assert.ok(e.repaired !== undefined);
    assert.ok(e.D.every((d) => d > 0));
  });
});

describe('cmaStopReason', () => {
  const base = cmaRun({ mean: [0.5, 0.5, 0.5], sigma: 0.2, lambda: 7 });
  const cases: Array<[string, CmaRun, ReturnType<typeof cmaStopReason>]> = [
    ['a fresh run goes on', base, undefined],
    ['tolx: σ·C and σ·p_c below 1e-12·σ₀', { ...base, sigma: 1e-14 }, 'tolx'],
    ['tolxup: σ·max D above 1e4', { ...base, sigma: 2e4 }, 'tolxup'],
    [
      'noeffectcoord: a step of 0.2σ√C_jj leaves the mean unchanged',
      { ...base, mean: [1e20, 0.5, 0.5], sigma: 1e-3 },
      'noeffectcoord',
    ],
    [
      'conditioncov: max D / min D above 1e14',
      { ...base, D: [1e-11, 1, 1e4], C: [1e-22, 0, 0, 0, 1, 0, 0, 0, 1e8] },
      'conditioncov',
    ],
    [
      'tolfun: best and worst flat over 10 + ⌈30n/λ⌉ generations',
      { ...base, g: 30, funHist: new Array<number>(base.funHist.length).fill(3) },
      'tolfun',
    ],
    [
      'tolfun needs that many generations first',
      { ...base, g: 5, funHist: new Array<number>(base.funHist.length).fill(3) },
      undefined,
    ],
  ];
  for (const [what, run, want] of cases) it(what, () => assert.equal(cmaStopReason(run), want));
});
