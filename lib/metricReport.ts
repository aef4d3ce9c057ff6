import * as t from 'io-ts';

/**
 * What a trainer emits after each step (an epoch, a batch, any monotone progress measure). `checkpoint`
 * is an opaque handle the trainer can resume from; schedulers only pass it along.
 *
 * @example
 * ```ts
 * const r: MetricReport = { step: 3, metrics: { loss: 0.41, acc: 0.87 }, checkpoint: 'ckpt/7/3' };
 * ```
 */
export interface MetricReport {
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly checkpoint?: unknown;
}

/** io-ts codec for a report crossing a boundary (a worker message, a journal line). */
export const MetricReportCodec = t.intersection([
  t.type({ step: t.number, metrics: t.record(t.string, t.number) }),
  t.partial({ checkpoint: t.unknown }),
]);
