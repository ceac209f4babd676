/** What a running query's memory is judged by. */
export interface QueryMemory {
  /** Memory one query may add to the process, bytes. */
  readonly limitBytes: number;
  /** How often the process's memory is sampled while queries run, ms. */
  readonly sampleMs: number;
  /** The process's resident memory, bytes. */
  readonly resident: () => number;
  /** The serving thread's own V8 heap, bytes (what it grew by is not an engine's). */
  readonly heap: () => number;
}

/** A run the watch keeps: the memory when it began. */
export interface WatchedRun {
  rssAtStart?: number;
  heapAtStart?: number;
}

/**
 * Samples resident memory while queries run (the timer stops when none does) and hands `over` the run
 * the process grew under most, once that growth passes the limit. The process's memory is shared by
 * every engine: the run begun when memory was lowest is the one it grew under most, and what the serving
 * thread's own heap grew by meanwhile (a harvest, requests) is not counted against it.
 */
export class MemoryWatch<T extends WatchedRun> {
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    readonly memory: QueryMemory,
    private readonly running: () => readonly T[],
    private readonly over: (run: T, rss: number, grew: number) => void,
  ) {}

  /** A run begins: its baseline is taken, and sampling starts if it had stopped. */
  begin(run: T): void {
    run.rssAtStart = this.memory.resident();
    run.heapAtStart = this.memory.heap();
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setInterval(() => this.#sample(), this.memory.sampleMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sample(): void {
    const running = this.running().filter((t) => t.rssAtStart !== undefined);
    if (running.length === 0 || this.#closed) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const rss = this.memory.resident();
    const heap = this.memory.heap();
    const grown = (t: T): number => rss - t.rssAtStart! - Math.max(0, heap - t.heapAtStart!);
    const worst = running.reduce((a, b) => (grown(b) > grown(a) ? b : a));
    if (grown(worst) > this.memory.limitBytes) this.over(worst, rss, grown(worst));
  }
}
