import { float } from '../../lib/distribution.js';
import { describeScheduler } from '../../testing/index.js';
import { pb2 } from '../../operators/index.js';

// The kit's end-to-end check runs 24 fresh trials at concurrency 3 on a space { x: float(-2, 2) },
// with trainers that resume from `startStep` and report a checkpoint every step up to 27. A cheaper GP fit
// and fewer optimiser starts keep the suite fast; the semantics checked do not depend on them.
describeScheduler('pb2 (asynchronous)', () =>
  pb2({
    perturbationInterval: 3,
    quantileFraction: 0.5,
    bounds: { x: float(-2, 2) },
    maxStep: 27,
    fitIterations: 10,
    starts: 2,
  }),
);
describeScheduler('pb2 (synchronous)', () =>
  pb2({
    perturbationInterval: 4,
    bounds: { x: [-2, 2] },
    synchronous: true,
    population: 3,
    fitIterations: 10,
    starts: 2,
  }),
);
