import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';

/** The node lease of the projection writer: one node at a time writes the indexes every node shares. */
export const PROJECTION_WRITER_LEASE = 'projection-writer';

/**
 * The writer lease of the shared indexes (the SPARQL server's graph, a search index in PostgreSQL or
 * Meilisearch): while several nodes share a store, exactly one of them projects the change log into
 * those indexes; the others only read them.
 *
 * It is the store's node lease (a row with an expiry, plus the holder's liveness: on PostgreSQL a
 * session advisory lock that the server lets go when the holder's connection drops), so:
 *   - a holder that dies (SIGKILL, a lost machine) loses it as soon as PostgreSQL sees its connection
 *     gone, and another node takes it at its next try (every third of the time to live);
 *   - a holder that stops renewing (hung, partitioned from the store) loses it when it expires, at most
 *     `ttlMs` after its last renewal;
 *   - a holder that stops (SIGTERM) releases it.
 * The store judges expiry by its own clock (PostgreSQL's), so the nodes' clocks are never compared. The
 * holder counts its lease as lost a fifth of the time to live before it could expire, measured on its own
 * monotonic clock from when it *sent* the renewal (the store's expiry starts later, never earlier), so only
 * the clocks' rates need agree, not their readings; and at once when the store says its liveness is lost
 * (PostgreSQL: the session connection holding its liveness lock dropped, from which moment another node may
 * take the lease). Then `signal` aborts, so no further write is sent and the writes in flight are cut off.
 * The cursor of a shared projection moves only after a renewal confirmed the lease (see Projector).
 */
export class WriterLease {
  readonly holder = randomUUID();
  /** Incremented at every acquisition: a new term means the cursors must be read again from the store. */
  #term = 0;
  #controller: AbortController | undefined;
  #expiry: NodeJS.Timeout | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #trying: Promise<boolean> | undefined;
  readonly #unwatch: () => void;

  constructor(
    private readonly store: Pick<Store, 'acquireNodeLease' | 'releaseNodeLease' | 'watchLiveness'>,
    private readonly logger: Logger,
    readonly ttlMs: number,
    /** Called when this node takes the lease (it should catch up at once). */
    private readonly onAcquired: () => void = () => {},
  ) {
    this.#unwatch = store.watchLiveness(() => this.#lose('the connection to PostgreSQL that holds this node\'s liveness was lost: this node stops writing the shared indexes until it holds the lease again'));
  }

  /** Whether this node holds the lease now (and may write the shared indexes). */
  get held(): boolean {
    return this.#controller !== undefined && !this.#controller.signal.aborted;
  }

  /** The number of times this node has taken the lease; changes when it takes it again after losing it. */
  get term(): number {
    return this.#term;
  }

  /** Aborts when the lease is lost (or this node lets it go); undefined while it is not held. */
  get signal(): AbortSignal | undefined {
    return this.held ? this.#controller!.signal : undefined;
  }

  /** Tries now, then every third of the time to live. */
  start(): Promise<boolean> {
    this.#timer = setInterval(() => void this.tryHold(), Math.max(10, Math.floor(this.ttlMs / 3)));
    this.#timer.unref();
    return this.tryHold();
  }

  /** Takes the lease, or renews it when held; true when this node holds it afterwards. Calls at once share one try. */
  tryHold(): Promise<boolean> {
    this.#trying ??= this.#try().finally(() => (this.#trying = undefined));
    return this.#trying;
  }

  async #try(): Promise<boolean> {
    if (this.#closed) return false;
    // Monotonic: a step of the wall clock (NTP) neither lengthens nor shortens the time this node counts on.
    const sent = performance.now();
    let got: boolean;
    try {
      got = await this.store.acquireNodeLease(PROJECTION_WRITER_LEASE, this.holder, this.ttlMs, Date.now());
    } catch (error) {
      // Not confirmed: the lease still counts on this node's clock until the local expiry (below) says otherwise.
      this.logger.warn({ err: error }, 'the projection writer lease could not be taken or renewed');
      return this.held;
    }
    if (this.#closed) return false;
    if (!got) {
      if (this.held) this.#lose('another node holds the projection writer lease now: this node stops writing the shared indexes');
      return false;
    }
    if (!this.held) {
      this.#controller = new AbortController();
      this.#term++;
      this.logger.info({ leaseTtlMs: this.ttlMs }, 'this node projects the change log into the shared indexes (it holds the projection writer lease)');
      this.onAcquired();
    }
    // Counted lost a fifth of the time to live before it could expire, on this node's clock, from when the renewal was sent.
    const validFor = sent + this.ttlMs - Math.floor(this.ttlMs / 5) - performance.now();
    clearTimeout(this.#expiry);
    this.#expiry = setTimeout(() => this.#lose('the projection writer lease was not renewed in time: this node stops writing the shared indexes'), Math.max(0, validFor));
    this.#expiry.unref();
    return true;
  }

  #lose(why: string): void {
    clearTimeout(this.#expiry);
    const controller = this.#controller;
    this.#controller = undefined;
    if (controller !== undefined && !controller.signal.aborted) {
      this.logger.warn(why);
      controller.abort(new Error(why));
    }
  }

  /** Stops trying and lets the lease go, so another node takes over at its next try instead of at the expiry. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unwatch();
    clearInterval(this.#timer);
    await this.#trying?.catch(() => undefined);
    const held = this.held;
    clearTimeout(this.#expiry);
    this.#controller?.abort(new Error('this node stops'));
    this.#controller = undefined;
    if (held) {
      await this.store.releaseNodeLease(PROJECTION_WRITER_LEASE, this.holder).catch((error: unknown) => this.logger.warn({ err: error }, 'releasing the projection writer lease failed; it expires by itself'));
    }
  }
}
