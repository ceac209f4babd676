import { HarvestLeaseLostError, type LeaseFence } from '../core/ports/store.js';

/**
 * What a store found for a fenced write (Store.writeRecords, markRemoved), read inside the write's transaction:
 * whether the source is still registered, and who holds its harvest lease now (`where`: the holder's process or
 * node, for the message), if anyone.
 */
export interface FenceState {
  readonly registered: boolean;
  readonly lease: { readonly holder: string; readonly where: string } | undefined;
}

/** The refusal of a fenced write (LeaseFence), or undefined when the fence's holder still holds its registered source's lease. Both stores judge alike. */
export function fenceRefusal(fence: LeaseFence, state: FenceState): HarvestLeaseLostError | undefined {
  if (!state.registered) return new HarvestLeaseLostError(`Source ${fence.sourceId} was removed from the catalog, so this run's write was refused.`);
  if (state.lease?.holder === fence.holder) return undefined;
  return new HarvestLeaseLostError(
    state.lease === undefined
      ? `The harvest lease of source ${fence.sourceId} was released, so this run's write was refused.`
      : `The harvest lease of source ${fence.sourceId} is held by another run now (${state.lease.where}), so this run's write was refused.`,
  );
}
