import { describeScheduler } from '../../lib/testing/index.js';
import { fifo } from '../../operators/index.js';

describeScheduler('fifo', () => fifo());
