import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of background work may hold the event loop, by default (ms). */
export const SLICE_BUDGET_MS = 20;

/**
 * Cuts a batch of background work (index and store writes on the main thread) into slices that each
 * hold the event loop for about `budgetMs`, and gives the loop a turn between slices, so requests are
 * never stuck behind a whole batch. The slice size is learnt from the time the last slices took per
 * item (it shrinks on a busy machine, where the same work takes longer), so it is kept across batches:
 * one instance per writer.
 */
export class TimeSlices {
  #size: number;

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
    for (let i = 0; i < items.length; ) {
      if (i > 0) await nextTurn();
      const slice = items.slice(i, i + this.#size);
      const started = performance.now();
      work(slice);
      this.learn(slice.length, performance.now() - started);
      i += slice.length;
    }
  }

  /** Takes in that `items` took `ms`: the next slice is sized to fill the budget at that pace. */
  learn(items: number, ms: number): void {
    if (items <= 0) return;
    const perItem = Math.max(ms, 0.01) / items;
    const fit = Math.floor(this.budgetMs / perItem);
    // Grows at most twice per slice (one quick slice says little); shrinks at once.
    const next = fit >= this.#size ? Math.min(fit, this.#size * 2) : fit;
    this.#size = Math.max(1, Math.min(this.maxSize, next));
  }
}
