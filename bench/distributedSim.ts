// A discrete-event simulation, in virtual time, of one coordinator serving many workers: the
// coordinator handles one thing at a time (a dispatch, a report), in arrival order, each costing its
// measured CPU time; workers train for a fixed time, reporting evenly; a report or a result takes half a
// round trip to arrive. It shows where the single coordinator saturates.

/** Inputs of {@link simulateCoordinator}. */
export interface SimInput {
  readonly workers: number;
  readonly trialSeconds: number;
  readonly reports: number;
  readonly coordinatorMsPerTrial: number;
  readonly coordinatorMsPerReport: number;
  readonly roundTripMs: number;
  readonly trials: number;
}

/** What {@link simulateCoordinator} finds. */
export interface SimResult extends SimInput {
  /** Completed trials per second of virtual time. */
  readonly trialsPerSecond: number;
  /** What the workers alone could do: workers / trialSeconds. */
  readonly idealTrialsPerSecond: number;
  /** Share of the time the coordinator was busy. */
  readonly coordinatorUtilisation: number;
  /** Share of the workers' time spent training. */
  readonly workerUtilisation: number;
}

interface Arrival {
  readonly at: number;
  readonly seq: number;
  readonly kind: 'dispatch' | 'report' | 'last';
}

/** A binary min-heap of arrivals by time, then by insertion order (FIFO among ties). */
class Heap {
  private readonly a: Arrival[] = [];
  get size(): number {
    return this.a.length;
  }
  private less(i: number, j: number): boolean {
    const x = this.a[i] as Arrival;
    const y = this.a[j] as Arrival;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
  private swap(i: number, j: number): void {
    const t = this.a[i] as Arrival;
    this.a[i] = this.a[j] as Arrival;
    this.a[j] = t;
  }
  push(x: Arrival): void {
    this.a.push(x);
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): Arrival | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (this.a.length > 0 && last) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));

/**
 * Simulates `trials` trials on `workers` workers (all times in seconds of virtual time).
 *
 * @example
 * ```ts
 * simulateCoordinator({ workers: 512, trialSeconds: 1, reports: 10, coordinatorMsPerTrial: 1.5,
 *   coordinatorMsPerReport: 0.2, roundTripMs: 2, trials: 10_000 }).trialsPerSecond;
 * ```
 */
export const simulateCoordinator = (input: SimInput): SimResult => {
  const cTrial = input.coordinatorMsPerTrial / 1000;
  const cReport = input.coordinatorMsPerReport / 1000;
  const half = input.roundTripMs / 2000;
  const heap = new Heap();
  let seq = 0;
  let dispatched = 0;
  let completed = 0;
  let freeAt = 0;
  let busy = 0;
  let training = 0;
  let end = 0;
  for (let w = 0; w < Math.min(input.workers, input.trials); w++) heap.push({ at: 0, seq: seq++, kind: 'dispatch' });
  while (heap.size > 0) {
    const x = heap.pop() as Arrival;
    const start = Math.max(x.at, freeAt);
    const cost = x.kind === 'dispatch' ? cTrial : cReport;
    freeAt = start + cost;
    busy += cost;
    if (x.kind === 'dispatch') {
      dispatched++;
      const begins = freeAt + half;
      training += input.trialSeconds;
      for (let k = 1; k <= input.reports; k++)
        heap.push({
          at: begins + (k * input.trialSeconds) / input.reports + half,
          seq: seq++,
          kind: k === input.reports ? 'last' : 'report',
        });
    } else if (x.kind === 'last') {
      completed++;
      end = freeAt;
      if (dispatched < input.trials) heap.push({ at: freeAt, seq: seq++, kind: 'dispatch' });
    }
  }
  return {
    ...input,
    trialsPerSecond: round(completed / end, 1),
    idealTrialsPerSecond: round(input.workers / input.trialSeconds, 1),
    coordinatorUtilisation: round(busy / end),
    workerUtilisation: round(training / (input.workers * end)),
  };
};
