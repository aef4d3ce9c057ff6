/**
 * Maximises f over the box [0, 1]^d by projected gradient ascent with central finite differences and a
 * backtracking line search, from each of the given starts; returns the best point found (clipped to the
 * box). A small stand-in for SciPy's L-BFGS-B on the low-dimensional, cheap acquisitions of PB2.
 *
 * @example
 * ```ts
 * boxMaximize((x) => -((x[0]! - 0.3) ** 2), [[0.9]]); // ≈ [0.3]
 * ```
 */
export const boxMaximize = (
  f: (x: ReadonlyArray<number>) => number,
  starts: ReadonlyArray<ReadonlyArray<number>>,
  maxIter = 60,
): { readonly x: number[]; readonly value: number } => {
  const clip = (v: number): number => Math.min(1, Math.max(0, v));
  let best: { x: number[]; value: number } | undefined;
  for (const s of starts) {
    let x = s.map(clip);
    let fx = f(x);
    let step = 0.25;
    for (let it = 0; it < maxIter && step > 1e-7; it++) {
      const h = 1e-5;
      const g = x.map((_, i) => {
        const up = x.slice();
        const dn = x.slice();
        up[i] = clip((x[i] as number) + h);
        dn[i] = clip((x[i] as number) - h);
        const w = (up[i] as number) - (dn[i] as number);
        const gi = w > 0 ? (f(up) - f(dn)) / w : 0;
        // A coordinate at a bound it would leave does not move: ascend along the face.
        return (x[i] === 1 && gi > 0) || (x[i] === 0 && gi < 0) ? 0 : gi;
      });
      const gn = Math.hypot(...g);
      if (!(gn > 1e-12)) break;
      let moved = false;
      while (step > 1e-7) {
        const xn = x.map((v, i) => clip(v + (step * (g[i] as number)) / gn));
        const fn = f(xn);
        if (fn > fx) {
          x = xn;
          fx = fn;
          moved = true;
          step *= 2;
          break;
        }
        step *= 0.5;
      }
      if (!moved) break;
    }
    if (!best || fx > best.value) best = { x, value: fx };
  }
  return best ?? { x: [], value: -Infinity };
};
