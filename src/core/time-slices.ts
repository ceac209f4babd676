import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of background work may hold the event loop, by default (ms). */
export const SLICE_BUDGET_MS = 20;
/** The longest a slice may hold the event loop, however long it waited for its turn (ms). */
export const SLICE_MAX_MS = 80;
/**
 * The share of the event loop background work keeps when requests crowd it: after waiting W ms for its
 * turn, the next slice may run W × share / (1 − share) ms (up to SLICE_MAX_MS).
 */
export const BACKGROUND_SHARE = 1 / 3;

/**
 * Cuts a batch of background work (index and store writes on the main thread) into slices that each
 * hold the event loop for about `budgetMs`, and gives the loop a turn between slices, so requests are
 * never stuck behind a whole batch. The slice size is learnt from the time the last slices took per
 * item (it shrinks on a busy machine, where the same work takes longer), so it is kept across batches:
 * one instance per writer.
 *
 * Background work still keeps a fair share of a crowded loop: when its turn came only after a long wait
 * (many requests were served in between), the next slice may run longer, BACKGROUND_SHARE of the time,
 * but never past SLICE_MAX_MS. Without this, a harvest under steady load would get one short slice per
 * turn of the loop while every waiting request got its whole answer.
 */
export class TimeSlices {
  #size: number;
  /** The pace of the last slice (ms per item), once one ran. */
  #msPerItem: number | undefined;

  constructor(
    readonly budgetMs: number = SLICE_BUDGET_MS,
    readonly maxSize: number = 1000,
    initialSize = 16,
  ) {
    if (!(budgetMs > 0)) throw new RangeError(`A slice's budget must be more than 0 ms, not ${budgetMs}.`);
    if (!(maxSize >= 1)) throw new RangeError(`A slice must hold at least 1 item, not ${maxSize}.`);
    this.#size = Math.max(1, Math.min(maxSize, Math.floor(initialSize)));
  }

  /** How many items the next slice takes. */
  get size(): number {
    return this.#size;
  }

  /**
   * Runs `work` over `items` in order, a slice at a time (each call synchronous), with a turn of the
   * event loop between two slices. A failing slice stops the run with its error; the slices before it
   * stay done.
   */
  async run<T>(items: readonly T[], work: (slice: readonly T[]) => void): Promise<void> {
    let budget = this.budgetMs;
    for (let i = 0; i < items.length; ) {
      if (i > 0) budget = fairBudget(this.budgetMs, await takeTurn());
      const size = this.#sizeFor(budget);
      const slice = items.slice(i, i + size);
      const started = performance.now();
      work(slice);
      this.learn(slice.length, performance.now() - started);
      i += slice.length;
    }
  }

  /** Takes in that `items` took `ms`: the next slice is sized to fill the budget at that pace. */
  learn(items: number, ms: number): void {
    if (items <= 0) return;
    this.#msPerItem = Math.max(ms, 0.01) / items;
    const fit = Math.floor(this.budgetMs / this.#msPerItem);
    // Grows at most twice per slice (one quick slice says little); shrinks at once.
    const next = fit >= this.#size ? Math.min(fit, this.#size * 2) : fit;
    this.#size = Math.max(1, Math.min(this.maxSize, next));
  }

  /** The slice's size for a budget larger than the usual one (after a long wait), at the last pace seen. */
  #sizeFor(budget: number): number {
    if (budget <= this.budgetMs || this.#msPerItem === undefined) return this.#size;
    return Math.max(this.#size, Math.min(this.maxSize, Math.floor(budget / this.#msPerItem)));
  }
}

/** Gives the event loop a turn; how long the turn took to come back, ms (long when requests crowd the loop). */
export async function takeTurn(): Promise<number> {
  const yielded = performance.now();
  await nextTurn();
  return performance.now() - yielded;
}

/** The budget of a slice whose turn came after `waitedMs`: the usual one, or its fair share of the wait, up to SLICE_MAX_MS. */
export function fairBudget(budgetMs: number, waitedMs: number): number {
  const share = (waitedMs * BACKGROUND_SHARE) / (1 - BACKGROUND_SHARE);
  return Math.max(budgetMs, Math.min(SLICE_MAX_MS, share));
}

/**
 * Gives the event loop a turn from a loop of small synchronous steps (reads, parsed chunks) once the
 * running slice has taken its budget, not after a fixed count of steps: under load a turn of the loop
 * lasts 100-800 ms, and a yield every few milliseconds of work left background work about 1 % of the
 * loop. After a long wait for its turn, the next slice may run its fair share (fairBudget).
 */
export class SliceClock {
  #started = performance.now();
  #budget: number;

  constructor(readonly budgetMs: number = SLICE_BUDGET_MS) {
    if (!(budgetMs > 0)) throw new RangeError(`A slice's budget must be more than 0 ms, not ${budgetMs}.`);
    this.#budget = budgetMs;
  }

  /** Yields when the running slice has used its budget; a new slice starts when the turn comes back. */
  async yieldIfSpent(): Promise<void> {
    if (performance.now() - this.#started < this.#budget) return;
    this.#budget = fairBudget(this.budgetMs, await takeTurn());
    this.#started = performance.now();
  }
}
