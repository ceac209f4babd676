/**
 * How many running queries may be stopped for a client that went away, per minute. Stopping one
 * costs a replica restart and a reload of the whole index, so a client that sends heavy queries and
 * leaves at once must not be able to keep the engines reloading: past the budget, the query of a
 * client that left runs on to its end or its time limit (its answer is dropped).
 */
export class StopBudget {
  readonly #stops: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one stop from the budget; false when the minute's stops are spent. */
  take(): boolean {
    if (!this.available()) return false;
    this.#stops.push(this.now());
    return true;
  }

  /** Whether a stop is left in the budget (without taking it). */
  available(): boolean {
    const now = this.now();
    while (this.#stops.length > 0 && now - this.#stops[0]! >= 60_000) this.#stops.shift();
    return this.#stops.length < this.perMinute;
  }
}
