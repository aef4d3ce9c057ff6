import type { Choice } from './distribution.js';

/** What an explore step did to one parameter (PBT): kept in the Fork decision, so lineage is readable. */
export type ParamMutation =
  | { readonly _tag: 'Resampled'; readonly from: number | Choice; readonly to: number | Choice }
  | { readonly _tag: 'Scaled'; readonly factor: number; readonly from: number; readonly to: number }
  | { readonly _tag: 'Shifted'; readonly by: number; readonly from: number | Choice; readonly to: number | Choice }
  | { readonly _tag: 'Custom'; readonly from: unknown; readonly to: unknown };

/** A record of every parameter an explore step changed, by name. */
export type MutationRecord = Readonly<Record<string, ParamMutation>>;
