import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import type { ProjectedRecord, Projection } from './projection.js';

const BATCH = 2000;
/** Records read from the store between two turns of the event loop (each read is synchronous on SQLite). */
const READS_PER_TURN = 100;
/**
 * With a store that tells of commits (PostgreSQL's LISTEN/NOTIFY), the change log is still read at this
 * interval: a safety net, never the way changes are found (a lost connection also tells when it is back).
 */
export const NOTIFIED_POLL_MS = 30_000;

/**
 * Follows the store's change log and applies every change to each projection, so the SPARQL and
 * search indexes agree with the store after every harvest — also harvests run by another process
 * (the CLI on the same data directory, another node on the same PostgreSQL). A store that tells of
 * commits (Store.watchChanges) wakes it at once and the poll slows to NOTIFIED_POLL_MS; otherwise
 * the poll picks changes up within `pollMs`.
 */
export class Projector {
  readonly #cursors = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #unwatch: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  readonly #refresh = new Set<string>();
  #closed = false;

  constructor(
    private readonly store: Store,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly pollMs = 1000,
  ) {}

  /** How far behind the store's change log each projection is, in changes (0 = caught up). */
  async lag(): Promise<Record<string, number>> {
    const latest = await this.store.latestChangeSeq();
    return Object.fromEntries(this.projections.map((p) => [p.name, Math.max(0, latest - (this.#cursors.get(p.name) ?? 0))]));
  }

  /**
   * Brings every projection up to date: volatile ones rebuilt (unless `loaded` says a projection
   * already loaded itself from the store as of a change seq), persistent ones caught up from their cursor.
   */
  async start(loaded: ReadonlyMap<string, number> = new Map()): Promise<void> {
    for (const p of this.projections) {
      if (p.persistent) {
        this.#cursors.set(p.name, await this.store.getCursor(p.cursor ?? p.name));
      } else if (loaded.has(p.name)) {
        this.#cursors.set(p.name, loaded.get(p.name)!);
      } else {
        // Changes committed while the rebuild reads are replayed afterwards (replacements are idempotent).
        const seq = await this.store.latestChangeSeq();
        const started = Date.now();
        await p.rebuild(this.store.publishedRecords(undefined, p.kinds));
        this.#cursors.set(p.name, seq);
        this.logger.info({ projection: p.name, ms: Date.now() - started }, 'projection rebuilt from the store');
      }
    }
    await this.sync();
    if (this.pollMs > 0) {
      this.#unwatch = this.store.watchChanges(() => this.nudge());
      this.#timer = setInterval(() => this.nudge(), this.#unwatch === undefined ? this.pollMs : Math.max(this.pollMs, NOTIFIED_POLL_MS));
      this.#timer.unref();
    }
  }

  /** Rebuilds one projection from scratch (`reindex`). */
  async rebuild(name: string): Promise<void> {
    const p = this.projections.find((x) => x.name === name);
    if (p === undefined) throw new Error(`No projection named ${name}.`);
    await this.#exclusive(async () => {
      const seq = await this.store.latestChangeSeq();
      await p.rebuild(this.store.publishedRecords(undefined, p.kinds));
      this.#cursors.set(p.name, seq);
      if (p.persistent) await this.store.setCursor(p.cursor ?? p.name, seq);
    });
    await this.sync();
  }

  /** Asks for a sync soon; calls while one runs coalesce into one more pass. */
  nudge(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.sync().catch((error: unknown) => this.logger.error({ err: error }, 'projection sync failed; retrying at the next poll'));
  }

  /**
   * Asks for a projection to re-read every published record (without clearing it first: an index
   * answers throughout and skips what did not change) in the next sync, after the changes: what it
   * built depends on something besides the records, such as the labels of harvested reference data.
   */
  refreshLater(name: string): void {
    if (!this.projections.some((p) => p.name === name)) throw new Error(`No projection named ${name}.`);
    this.#refresh.add(name);
    this.nudge();
  }

  /** Applies every change committed so far (and the refreshes asked for). Resolves when all projections have caught up. */
  async sync(): Promise<void> {
    do {
      this.#again = false;
      await this.#exclusive(async () => {
        await this.#syncOnce();
        await this.#refreshPending();
      });
    } while ((this.#again || this.#refresh.size > 0) && !this.#closed);
  }

  async #refreshPending(): Promise<void> {
    const names = [...this.#refresh];
    this.#refresh.clear();
    for (const name of names) {
      const p = this.projections.find((x) => x.name === name)!;
      const started = Date.now();
      for await (const page of this.store.publishedRecords(undefined, p.kinds)) await p.apply(page.map((record) => ({ id: record.id, record })));
      this.logger.info({ projection: name, ms: Date.now() - started }, 'projection re-read every published record');
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#unwatch?.();
    await this.#running?.catch(() => undefined); // its failure went to whoever started it (sync() or nudge()'s log)
  }

  async #exclusive(work: () => Promise<void>): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined); // the other pass's failure is its caller's to report
    const p = work();
    this.#running = p;
    try {
      await p;
    } finally {
      this.#running = undefined;
    }
  }

  async #syncOnce(): Promise<void> {
    for (;;) {
      const from = Math.min(...this.projections.map((p) => this.#cursors.get(p.name) ?? 0));
      const changes = await this.store.changesSince(from, BATCH);
      if (changes.length === 0) return;
      const last = changes[changes.length - 1]!.seq;
      // Load each changed record once (its latest row stands for all its changes in the batch).
      const rows = new Map<string, ProjectedRecord>();
      for (const c of changes) {
        if (rows.has(c.id)) continue;
        rows.set(c.id, { id: c.id, record: await this.store.getRecord(c.id) });
        if (rows.size % READS_PER_TURN === 0) await nextTurn();
      }
      for (const p of this.projections) {
        const cursor = this.#cursors.get(p.name) ?? 0;
        if (cursor >= last) continue;
        const ids = new Set(changes.filter((c) => c.seq > cursor).map((c) => c.id));
        await p.apply([...ids].map((id) => rows.get(id)!));
        this.#cursors.set(p.name, last);
        if (p.persistent) await this.store.setCursor(p.cursor ?? p.name, last);
      }
      if (changes.length < BATCH) return;
    }
  }
}
