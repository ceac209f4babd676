/**
 * Engine time each client may use, as a bucket per client: it holds at most `burstMs` and refills at
 * `perMinuteMs` per minute; a query's run is charged when it ends (a stop that restarts an engine is
 * charged the restart too). A client whose bucket is below zero waits until it refills (the pool holds its
 * long-running and unseen queries back meanwhile, within their time limits), so one client looping
 * expensive queries gets its share of the engines and no more, whatever it sends.
 *
 * Like the query services of large public SPARQL endpoints (Wikidata's: a minute of query time per
 * minute per client), but with a small share by default: here two cores serve the harvests, search and
 * every other client too. `perMinuteMs` 0 turns the budget off.
 */
export class ClientEngineBudget {
  /** Balance (ms) of clients not full, and when it was last brought up to date. Full buckets are not kept. */
  readonly #clients = new Map<string, { balanceMs: number; at: number }>();

  constructor(
    readonly perMinuteMs: number,
    readonly burstMs: number,
    private readonly now: () => number = () => performance.now(),
    /** Clients kept at most (the least recently charged go first: they are forgiven). */
    private readonly capacity = 10_000,
  ) {}

  get enabled(): boolean {
    return this.perMinuteMs > 0;
  }

  /** The client's balance now, ms (the burst when it used nothing lately). */
  balance(client: string): number {
    const entry = this.#clients.get(client);
    if (entry === undefined || !this.enabled) return this.burstMs;
    return Math.min(this.burstMs, entry.balanceMs + ((this.now() - entry.at) * this.perMinuteMs) / 60_000);
  }

  /** Engine time the client used, ms. */
  charge(client: string, ms: number): void {
    if (!this.enabled || !(ms > 0)) return;
    const balanceMs = this.balance(client) - ms;
    this.#clients.delete(client);
    this.#clients.set(client, { balanceMs, at: this.now() });
    if (this.#clients.size > this.capacity) this.#clients.delete(this.#clients.keys().next().value!);
  }

  /** How long until the client may start long-running work again (its balance back to zero), ms; 0 now. */
  waitMs(client: string): number {
    if (!this.enabled) return 0;
    const balance = this.balance(client);
    if (balance >= 0) {
      if (balance >= this.burstMs) this.#clients.delete(client);
      return 0;
    }
    return Math.ceil((-balance * 60_000) / this.perMinuteMs);
  }
}
