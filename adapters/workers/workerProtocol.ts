import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { MessagePort } from 'node:worker_threads';
import { MetricReportCodec } from '../../lib/metricReport.js';
import { DecodeError } from '../../lib/errors.js';

// The messages between the main thread and a trial running in a worker. Every message is decoded at
// the boundary: a malformed one fails that trial with the io-ts path of the bad field.
//
//   main ──task {module, trial, port}──▶ worker            (piscina task, transferList: [port])
//   main ◀──Report* then Done | Failed | Stopped── worker  (on the port, in order)
//   main ──Stop──▶ worker                                   (on the port, when the trial is unsubscribed)

const SeedCodec = t.union([t.string, t.number]);

/** io-ts codec of a trial as it crosses into a worker (config and checkpoint stay opaque). */
export const TrialCodec = t.intersection([
  t.type({
    id: t.string,
    number: t.number,
    config: t.unknown,
    seed: t.number,
    segment: t.number,
    startStep: t.number,
    lineage: t.array(t.string),
    study: t.type({
      seed: SeedCodec,
      objective: t.type({ metric: t.string, mode: t.keyof({ min: null, max: null }) }),
    }),
  }),
  t.partial({ budget: t.number, resumeFrom: t.unknown }),
]);

const PortCodec = new t.Type<MessagePort, MessagePort, unknown>(
  'MessagePort',
  (u): u is MessagePort => u instanceof MessagePort,
  (u, c) => (u instanceof MessagePort ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** io-ts codec of the piscina task that starts one trial in a worker. */
export const TaskCodec = t.type({ module: t.string, trial: TrialCodec, port: PortCodec });
/** The piscina task that starts one trial in a worker. */
export type Task = t.TypeOf<typeof TaskCodec>;

const ErrorInfoCodec = t.type({ name: t.string, message: t.string });

/** io-ts codec of what the main thread sends a running trial. */
export const ToWorkerCodec = t.type({ _tag: t.literal('Stop') });
/** What the main thread sends a running trial: only `Stop` (finish the current batch, then end). */
export type ToWorker = t.TypeOf<typeof ToWorkerCodec>;

/** io-ts codec of what a worker sends about its trial. */
export const FromWorkerCodec = t.union([
  t.type({ _tag: t.literal('Report'), report: MetricReportCodec }),
  t.type({ _tag: t.literal('Done') }),
  t.type({ _tag: t.literal('Failed'), error: ErrorInfoCodec }),
  t.type({ _tag: t.literal('Stopped') }),
]);
/** What a worker sends about its trial: reports, then exactly one of Done, Failed or Stopped. */
export type FromWorker = t.TypeOf<typeof FromWorkerCodec>;

/**
 * Decodes a boundary value or throws a `DecodeError` whose message holds the io-ts path of each bad field.
 *
 * @example
 * ```ts
 * decodeOrThrow(FromWorkerCodec, { _tag: 'Report', report: { step: 'x' } }, 'worker message');
 * // DecodeError: worker message: Invalid value "x" supplied to : ... /report: .../step: number
 * ```
 * @throws DecodeError
 */
export const decodeOrThrow = <A, O>(codec: t.Type<A, O, unknown>, value: unknown, what: string): A => {
  const d = codec.decode(value);
  if (isLeft(d)) throw new DecodeError(what, PathReporter.report(d));
  return d.right;
};
