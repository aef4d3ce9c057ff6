// rxhpo/distributed: trials on worker processes anywhere, through Redis and BullMQ (optional peers:
// bullmq, ioredis). Its own entry, so that importing rxhpo never loads a Redis client.
export type { DistributedTrainerOptions, DistributedTrainerStats, DistributedTrainer } from './distributedTrainer.js';
export { distributedTrainer } from './distributedTrainer.js';
export type { DistributedWorkerOptions, DistributedWorker } from './distributedWorker.js';
export { startDistributedWorker } from './distributedWorker.js';
export { RedisUnavailableError, maskRedisUrl } from './redisConnection.js';
export type { JobData, Progress, JobResult, CancelMessage } from './distributedProtocol.js';
export {
  JobDataCodec,
  ProgressCodec,
  JobResultCodec,
  CancelMessageCodec,
  PROTOCOL_VERSION,
} from './distributedProtocol.js';
export type { WorkerTrainerModule } from '../workers/workerModule.js';
export { defineWorkerTrainer } from '../workers/workerModule.js';
