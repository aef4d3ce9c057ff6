import * as t from 'io-ts';
import { MetricReportCodec } from '../../lib/metricReport.js';
import { TrialCodec } from '../workers/workerProtocol.js';

// What crosses Redis between the coordinator (`distributedTrainer`) and the workers (`rxhpo worker`).
// Both sides decode with these codecs: a malformed message fails that trial with a named error, never a
// process.
//
//   coordinator ──job `trial` {v, trial, retry}──▶ BullMQ queue ──▶ worker
//   coordinator ◀──progress {v, attempt, report}* (QueueEvents, in order; also kept in a Redis list)── worker
//   coordinator ◀──completed {v, status: done | stopped | failed} / failed (BullMQ: a crash, a stall limit)── worker
//   coordinator ──cancel flag (SET) + PUBLISH {jobId, reason}──▶ every worker ──▶ the one running it aborts

/** Version of the messages; a worker refuses a job of another version (the trial fails, naming both). */
export const PROTOCOL_VERSION = 1;

/** io-ts codec of a trial job's data. */
export const JobDataCodec = t.type({
  v: t.literal(PROTOCOL_VERSION),
  trial: TrialCodec,
  /** A worker died while running it: true = run again from the last checkpoint, false = fail the trial. */
  retry: t.boolean,
});
/** A trial job's data. */
export type JobData = t.TypeOf<typeof JobDataCodec>;

/** io-ts codec of one report streamed back (`job.updateProgress`). `attempt` fences a stale worker. */
export const ProgressCodec = t.type({ v: t.literal(PROTOCOL_VERSION), attempt: t.number, report: MetricReportCodec });
/** One report streamed back from a worker. */
export type Progress = t.TypeOf<typeof ProgressCodec>;

/** io-ts codec of what a worker's processor returns (BullMQ's `returnvalue`). */
export const JobResultCodec = t.union([
  t.type({ v: t.literal(PROTOCOL_VERSION), status: t.literal('done') }),
  t.type({ v: t.literal(PROTOCOL_VERSION), status: t.literal('stopped') }),
  t.type({
    v: t.literal(PROTOCOL_VERSION),
    status: t.literal('failed'),
    error: t.type({ name: t.string, message: t.string }),
  }),
]);
/** How a trial job ended on its worker: done, stopped (asked by the coordinator), or failed (the trainer errored). */
export type JobResult = t.TypeOf<typeof JobResultCodec>;

/** io-ts codec of a cancel message published to every worker. */
export const CancelMessageCodec = t.type({ jobId: t.string, reason: t.string });
/** A cancel message: the worker running `jobId` aborts it. */
export type CancelMessage = t.TypeOf<typeof CancelMessageCodec>;

/** The Redis key prefix BullMQ and rxhpo use. */
export const PREFIX = 'rxhpo';

/** Redis keys and channels of one queue (`queue` is the name the coordinator and its workers share). */
export const keysOf = (queue: string) => {
  const base = `${PREFIX}:d:${queue}`;
  return {
    cancelChannel: `${base}:cancel`,
    cancelFlag: (jobId: string) => `${base}:${jobId}:cancel`,
    checkpoint: (jobId: string) => `${base}:${jobId}:ckpt`,
    reports: (jobId: string) => `${base}:${jobId}:reports`,
    studyJobs: (study: string) => `${base}:study:${study}`,
  } as const;
};

/** A BullMQ job id for a trial segment: no `:`, never integer-like. */
export const jobIdOf = (study: string, trialId: string, segment: number): string =>
  `${study}-t${trialId.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}-s${segment}`;
