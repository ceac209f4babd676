/**
 * What the pool remembers of recent queries, by their text and dataset: whether the last run was
 * heavy (ran longer than the light budget), and whether it was stopped at its time limit. Bounded
 * (least recently used entries go first); an entry older than `ttlMs` is forgotten, since the data
 * and so the cost of a query change with every harvest.
 */
export interface QueryMemory {
  heavy: boolean;
  /** When the query was last stopped at its time limit, and that limit. */
  timedOut?: { readonly at: number; readonly limitMs: number };
  /** How long its last run stopped at a time limit had run, ms (a run that ends afterwards forgets it). */
  stoppedAfterMs?: number;
  seen: number;
}

export class QueryHistory {
  readonly #entries = new Map<string, QueryMemory>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): QueryMemory | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.seen > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** A run that ended (answered or refused) after `ms`. */
  ran(key: string, heavy: boolean): void {
    this.#put(key, { heavy, seen: this.now() });
  }

  /** A run that passed the light budget and goes on. */
  turnedHeavy(key: string): void {
    const entry = this.get(key);
    this.#put(key, { ...entry, heavy: true, seen: this.now() });
  }

  /** A run stopped at its time limit. */
  timedOut(key: string, limitMs: number): void {
    this.#put(key, { heavy: true, timedOut: { at: this.now(), limitMs }, seen: this.now() });
  }

  /** A run stopped at its time limit after running `ms` (kept by shape: another run of it needs at least as long). */
  stoppedAfter(key: string, ms: number): void {
    const entry = this.get(key);
    this.#put(key, { ...entry, heavy: true, stoppedAfterMs: ms, seen: this.now() });
  }

  /** A long run that ended after `ms`: a stopped run that had run longer says nothing about the form's need any more. */
  finishedAfter(key: string, ms: number): void {
    const entry = this.get(key);
    if (entry?.stoppedAfterMs === undefined || ms > entry.stoppedAfterMs) return;
    const { stoppedAfterMs: _forgotten, ...rest } = entry;
    this.#put(key, { ...rest, seen: this.now() });
  }

  /** Seconds until a query stopped at a limit of at least `limitMs` may run again, or 0. */
  refusalSeconds(key: string, limitMs: number): number {
    const timedOut = this.get(key)?.timedOut;
    if (timedOut === undefined || limitMs > timedOut.limitMs) return 0;
    return Math.max(0, Math.ceil((timedOut.at + this.ttlMs - this.now()) / 1000));
  }

  #put(key: string, entry: QueryMemory): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
