// The flagship's search space; its config type is inferred from it, so trainer and study agree.
import { categorical, float, int } from '../../lib/distribution.js';
import type { ConfigOf } from '../../lib/searchSpace.js';

/** Learning rate, width and depth of the hidden layers, dropout after each, batch size, optimizer. */
export const mlpSpace = {
  lr: float(1e-4, 3e-2, { log: true }),
  width: int(32, 256, { log: true }),
  depth: int(1, 3),
  dropout: float(0, 0.5),
  batchSize: categorical([32, 64, 128]),
  optimizer: categorical(['adam', 'rmsprop', 'momentum']),
};

/** One MLP configuration, e.g. `{ lr: 0.002, width: 181, depth: 2, dropout: 0.1, batchSize: 64, optimizer: 'adam' }`. */
export type MlpConfig = ConfigOf<typeof mlpSpace>;
