// The trainer module the workers run: `npx rxhpo worker --redis URL --module examples/distributed/trainer.ts`.
// It is the synthetic checkpointing trainer of examples/durable/study.ts, so a distributed study and the
// single-machine one give the same trials. RXHPO_STEP_MS sets its time per step (default 20 ms).
import { defineWorkerTrainer } from '../../adapters/distributed/index.js';
import type { DurableConfig } from '../durable/study.js';
import { syntheticTrainer } from '../durable/study.js';

const stepMs = Number(process.env['RXHPO_STEP_MS'] ?? 20);

export default defineWorkerTrainer<DurableConfig>(() => syntheticTrainer(Number.isFinite(stepMs) ? stepMs : 20));
