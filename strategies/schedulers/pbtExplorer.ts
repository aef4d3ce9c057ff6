import type { Config } from '../../lib/config.js';
import type { MutationRecord } from '../../lib/mutation.js';
import type { RngState, Seed } from '../../lib/rng.js';
import type { Trial, TrialId } from '../../lib/trial.js';

/** A member at a ready point, as a {@link PbtExplorer} sees it. */
export interface PbtReadyPoint {
  readonly id: TrialId;
  readonly config: Config;
  readonly step: number;
  /** The score at this ready point (higher is better, whatever the objective's mode). */
  readonly score: number;
}

/** What an explore step is asked to do: make the config a bottom member's replacement trains with. */
export interface PbtExploreInput {
  /** The top member being cloned, at its last ready point. */
  readonly parent: PbtReadyPoint;
  /** The step of the checkpoint the child resumes from (at or after the parent's ready step). */
  readonly checkpointStep: number;
  /** The bottom member the child replaces. */
  readonly replaced: TrialId;
}

/**
 * PBT's explore step as a plug-in (the extension point PB2 uses): pure functions over a JSON-serialisable
 * state `X` that lives inside the PBT policy's state, so journals, replays and `askTell` keep it.
 * `started` sees every trial the policy tracks start (a forked child's lineage names its parent),
 * `ready` every member reaching a ready point (before any exploit at that point), and `explore` returns
 * the child's config, a record of what changed, and the advanced RNG and state. Without an explorer,
 * PBT explores with {@link perturb} (Ray's random perturbation).
 *
 * @example
 * ```ts
 * // Halve every learning rate that is cloned; no state needed.
 * const halve: PbtExplorer<null> = {
 *   name: 'halve',
 *   init: () => null,
 *   explore: (x, { parent }, rng) => {
 *     const lr = parent.config['lr'] as number;
 *     return [{ ...parent.config, lr: lr / 2 }, { lr: { _tag: 'Custom', from: lr, to: lr / 2 } }, rng, x];
 *   },
 * };
 * pbt({ perturbationInterval: 5, explorer: halve });
 * ```
 */
export interface PbtExplorer<X = unknown> {
  readonly name: string;
  readonly init: (seed: Seed) => X;
  readonly started?: (state: X, trial: Trial) => X;
  readonly ready?: (state: X, point: PbtReadyPoint) => X;
  readonly explore: (state: X, input: PbtExploreInput, rng: RngState) => readonly [Config, MutationRecord, RngState, X];
}
