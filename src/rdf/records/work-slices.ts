import { fairBudget, SLICE_BUDGET_MS, takeTurn } from '../../core/time-slices.js';

/**
 * How much work (quads looked at) one slice of a long computation does before it gives the event loop
 * a turn. Counted in work, not time, so the number of slices does not depend on the machine's speed.
 * About 10–30 ms of splitting on this project's reference machine.
 */
export const SLICE_WORK = 10_000;

/** Counts work done in a step-wise computation and says when a slice is used up. */
export class WorkSlices {
  #left: number;

  constructor(readonly size: number = SLICE_WORK) {
    if (!(size >= 1)) throw new RangeError(`A slice must hold at least 1 unit of work, not ${size}.`);
    this.#left = size;
  }

  /** Counts `units` of work; true when the slice is used up (the caller then yields). */
  spend(units = 1): boolean {
    this.#left -= units;
    if (this.#left > 0) return false;
    this.#left = this.size;
    return true;
  }
}

/** A computation written as a generator that yields at the end of each slice and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end in one synchronous pass. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, giving the event loop a turn (timers, I/O, other requests) between slices, and
 * stopping with the signal's reason when it is aborted between two slices. When a turn came back only
 * after a crowded loop's wait (over SLICE_BUDGET_MS), the slices that follow run on without a turn for
 * their fair share of that wait (fairBudget, at most SLICE_MAX_MS): under load a turn lasts 100-800 ms,
 * and one slice per turn gave a harvest's split about 2 % of the loop.
 */
export async function runInSlices<T>(steps: Steps<T>, signal?: AbortSignal): Promise<T> {
  let shareUntil = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() < shareUntil) continue;
    const waited = await takeTurn();
    signal?.throwIfAborted();
    shareUntil = waited > SLICE_BUDGET_MS ? performance.now() + fairBudget(0, waited) : 0;
  }
}
