import { randomInt } from 'node:crypto';
import pg from 'pg';
import { clientConfig, type PostgresConnection } from '../../postgres/connection.js';
import { nodeLockClass } from '../../postgres/advisory-keys.js';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * One dedicated connection per store: it holds this node's liveness lock (a session advisory lock
 * that PostgreSQL releases when the process dies or its connection drops, so other nodes can tell a
 * live node's running harvests from a dead one's) and LISTENs on the change-log channel, so every node
 * hears of commits made anywhere without polling.
 *
 * When the connection drops it reconnects with backoff, takes the lock again and tells the listeners
 * once (changes may have been committed while it was away).
 */
export class NodeSession {
  /** The second key of this node's liveness lock (the first is nodeLockClass(schema)). */
  readonly key = randomInt(-2_147_483_648, 2_147_483_647);
  readonly lockClass: number;
  readonly #listeners = new Set<() => void>();
  readonly #lostListeners = new Set<() => void>();
  #client: pg.Client | undefined;
  #closed = false;
  #retryMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: PostgresConnection,
    private readonly schema: string,
    readonly channel: string,
    private readonly onError: (error: Error, message: string) => void,
    /** The first wait before reconnecting, doubled per failure up to RECONNECT_MAX_MS. */
    private readonly reconnectMinMs = RECONNECT_MIN_MS,
  ) {
    this.lockClass = nodeLockClass(schema);
    this.#retryMs = reconnectMinMs;
  }

  async open(): Promise<void> {
    const client = new pg.Client(clientConfig(this.connection));
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the connection ended')));
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.#notify();
    });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [this.lockClass, this.key]);
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    this.#retryMs = this.reconnectMinMs;
  }

  /**
   * Whether the session holds its connection (and with it the liveness lock) as far as this process knows: false from
   * the moment the loss is noticed until the lock is taken again. PostgreSQL may still count the lock held for a moment
   * after it ended the connection (the backend releases its locks as it exits).
   */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** Calls `listener` after every commit to the change log by any node; returns a function that stops it. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Calls `listener` each time the connection (and with it the liveness lock) is lost, before reconnecting:
   * from then on other nodes may take this node's leases. Returns a function that stops it.
   */
  watchLost(listener: () => void): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #notify(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        this.onError(error as Error, 'a change-log listener failed');
      }
    }
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.onError(error, 'the change-log connection to PostgreSQL was lost; reconnecting');
    for (const listener of this.#lostListeners) {
      try {
        listener();
      } catch (failure) {
        this.onError(failure as Error, 'a liveness listener failed');
      }
    }
    this.#reconnectLater();
  }

  #reconnectLater(): void {
    if (this.#closed) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, Math.max(RECONNECT_MAX_MS, this.reconnectMinMs));
    this.#timer = setTimeout(() => {
      this.open().then(
        () => this.#notify(),
        (error: unknown) => {
          this.onError(error as Error, `reconnecting to PostgreSQL failed; trying again in ${this.#retryMs} ms`);
          this.#reconnectLater();
        },
      );
    }, wait);
    this.#timer.unref();
  }
}
