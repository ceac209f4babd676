import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { WritesFencedError } from '../core/ports/sparql-index.js';
import type { ProjectedRecord, Projection } from './projection.js';
import type { WriterLease } from './writer-lease.js';

const BATCH = 2000;
/** Records read from the store in one call (one query on PostgreSQL). */
const READ_CHUNK = 500;
/**
 * With a store that tells of commits (PostgreSQL's LISTEN/NOTIFY), the change log is still read at this
 * interval: a safety net, never the way changes are found (a lost connection also tells when it is back).
 */
export const NOTIFIED_POLL_MS = 30_000;

/**
 * Projections that follow the change log in one loop: the ordered ones together (each batch to them in their order:
 * search reads the relations index and the harvested labels), and each one working alongside in another process (a
 * SPARQL server) in a loop of its own, at its own pace. A pass, a rebuild or a refresh of a lane's projections runs
 * one at a time in the lane; lanes run beside each other.
 */
interface Lane {
  readonly projections: readonly Projection[];
  /** The pass, rebuild or refresh under way in the lane. */
  running: Promise<void> | undefined;
  /** The loop of passes under way (until the lane has caught up); another pass is due when `again` is set meanwhile. */
  loop: Promise<void> | undefined;
  again: boolean;
  /** The lease term whose cursors #cursors holds for the lane's shared projections. */
  cursorTerm: number;
}

/**
 * Follows the store's change log and applies every change to each projection, so the SPARQL and
 * search indexes agree with the store after every harvest — also harvests run by another process
 * (the CLI on the same data directory, another node on the same PostgreSQL). A store that tells of
 * commits (Store.watchChanges) wakes it at once and the poll slows to NOTIFIED_POLL_MS; otherwise
 * the poll picks changes up within `pollMs`.
 *
 * With a writer lease (several nodes on one store), the shared projections (Projection.shared: a SPARQL
 * server, a search index in PostgreSQL) are written by the lease holder alone: it reads their cursors from
 * the store when it takes the lease (resuming where the last holder stopped), applies each batch while the
 * lease lasts (the lease's signal stops the writes when it is lost) and moves the cursor only after a
 * renewal confirmed the lease. A batch cut off by a lost lease is applied again, whole, by the next holder
 * (replacements are idempotent): no change is lost, and none is applied past the cursor twice by two
 * holders at once. The other nodes keep their own projections and read the shared indexes; a refresh they
 * ask for (refreshLater) is left in the store for the holder (cursor `{name}:refresh`).
 */
export class Projector {
  readonly #cursors = new Map<string, number>();
  /** The claim (fence) each shared projection's index holds from this node, by projection name. */
  readonly #claimed = new Map<string, string>();
  readonly #lanes: readonly Lane[];
  #timer: NodeJS.Timeout | undefined;
  #unwatch: (() => void) | undefined;
  readonly #refresh = new Set<string>();
  #closed = false;
  /** Aborted by close(): the shared writes in hand stop (#signalOf). */
  readonly #closing = new AbortController();
  readonly #rebuiltAtStart = new Set<string>();
  /** Set once start() has read the cursors: a nudge before then (the lease taken during start) waits for start's own sync. */
  #started = false;

  constructor(
    private readonly store: Store,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly pollMs = 1000,
    /** Several nodes on one store: only the holder writes the shared projections. */
    private readonly lease?: WriterLease,
  ) {
    const lane = (members: readonly Projection[]): Lane => ({ projections: members, running: undefined, loop: undefined, again: false, cursorTerm: -1 });
    const ordered = projections.filter((p) => p.alongside !== true);
    this.#lanes = [...(ordered.length > 0 ? [lane(ordered)] : []), ...projections.filter((p) => p.alongside === true).map((p) => lane([p]))];
  }

  #laneOf(p: Projection): Lane {
    return this.#lanes.find((l) => l.projections.includes(p))!;
  }

  /** Whether this node writes the shared projections (always, without a writer lease). */
  get writesShared(): boolean {
    return this.lease === undefined || this.lease.held;
  }

  /**
   * How far behind the store's change log each projection is, in changes (0 = caught up); a shared one
   * as far as the lease holder has written it (its cursor in the store), whichever node asks.
   */
  async lag(): Promise<Record<string, number>> {
    const latest = await this.store.latestChangeSeq();
    const out: Record<string, number> = {};
    for (const p of this.projections) {
      const cursor = this.#leased(p) ? await this.store.getCursor(p.cursor ?? p.name) : (this.#cursors.get(p.name) ?? 0);
      out[p.name] = Math.max(0, latest - cursor);
    }
    return out;
  }

  /** The projections shared by every node on the store (under the writer lease): none without a lease. */
  get sharedNames(): ReadonlySet<string> {
    return new Set(this.projections.filter((p) => this.#leased(p)).map((p) => p.name));
  }

  /** The persistent projections start() rebuilt because their index asked for it (Projection.needsRebuild). */
  get rebuiltAtStart(): ReadonlySet<string> {
    return this.#rebuiltAtStart;
  }

  /** A shared projection under the writer lease. */
  #leased(p: Projection): boolean {
    return this.lease !== undefined && p.shared === true;
  }

  /** Whether this node applies changes to the projection now. */
  #writes(p: Projection): boolean {
    return !this.#leased(p) || this.lease!.held;
  }

  /**
   * Brings every projection up to date: volatile ones rebuilt (unless `loaded` says a projection
   * already loaded itself from the store as of a change seq), persistent ones caught up from their cursor,
   * or rebuilt when their index asks for it and this node writes it (a new index would otherwise replay
   * the whole change log from a cursor it never had, and be rebuilt after that). `catchUp`: 'before' resolves
   * once every projection has caught up; 'after' resolves once the cursors are read and catches up in the
   * background (lag() tells how far it got): a node on shared indexes far behind (a SPARQL server a million
   * changes behind takes hours) starts serving at once, as every other node on them does.
   */
  async start(loaded: ReadonlyMap<string, number> = new Map(), catchUp: 'before' | 'after' = 'before'): Promise<void> {
    await this.lease?.start();
    for (const lane of this.#lanes) lane.cursorTerm = this.lease?.term ?? -1;
    for (const p of this.projections) {
      if (p.persistent && p.needsRebuild === true && this.#writes(p)) {
        await this.#rebuildFromStore(p, 'projection index was new or outdated: rebuilt from the store');
        this.#rebuiltAtStart.add(p.name);
      } else if (p.persistent) {
        this.#cursors.set(p.name, await this.store.getCursor(p.cursor ?? p.name));
      } else if (loaded.has(p.name)) {
        this.#cursors.set(p.name, loaded.get(p.name)!);
      } else {
        await this.#rebuildFromStore(p, 'projection rebuilt from the store');
      }
    }
    this.#started = true;
    if (catchUp === 'before') await this.sync();
    else this.nudge();
    if (this.pollMs > 0) {
      this.#unwatch = this.store.watchChanges(() => this.nudge());
      this.#timer = setInterval(() => this.nudge(), this.#unwatch === undefined ? this.pollMs : Math.max(this.pollMs, NOTIFIED_POLL_MS));
      this.#timer.unref();
    }
  }

  /** Rebuilds one projection from scratch (`reindex`). */
  async rebuild(name: string): Promise<void> {
    // One asked for in the background of a start (catchUp 'after') may come after the node began to close.
    if (this.#closed) return;
    const p = this.projections.find((x) => x.name === name);
    if (p === undefined) throw new Error(`No projection named ${name}.`);
    if (!this.#writes(p)) {
      this.logger.info({ projection: name }, 'not rebuilding a shared index here: the node holding the projection writer lease writes it');
      return;
    }
    // Then its lane catches up with the changes committed meanwhile (not the other lanes: a SPARQL server refilled
    // from the store beside it may take hours).
    const lane = this.#laneOf(p);
    await this.#exclusive(lane, () => this.#rebuildFromStore(p));
    await this.#follow(lane);
  }

  /**
   * Replaces a projection with the store's published records and moves its cursor to the change the rebuild
   * started from (kept in the store for a persistent one): changes committed while the rebuild reads are applied
   * afterwards (replacements are idempotent).
   */
  async #rebuildFromStore(p: Projection, logged?: string): Promise<void> {
    const seq = await this.store.latestChangeSeq();
    const started = Date.now();
    await p.rebuild(this.store.publishedRecords(undefined, p.kinds, p.rebuildsInAnyOrder === true ? 'stored' : 'id'));
    this.#cursors.set(p.name, seq);
    if (p.persistent) await this.store.setCursor(p.cursor ?? p.name, seq);
    if (logged !== undefined) this.logger.info({ projection: p.name, ms: Date.now() - started }, logged);
  }

  /** Asks each lane for a pass soon; calls while a lane's passes run coalesce into one more pass there. */
  nudge(): void {
    if (this.#closed || !this.#started) return;
    for (const lane of this.#lanes) {
      if (lane.loop !== undefined) {
        lane.again = true;
        continue;
      }
      this.#follow(lane).catch((error: unknown) => {
        const projections = lane.projections.map((p) => p.name);
        if (this.#closed) this.logger.info({ err: error, projections }, 'projection sync stopped: the node is shutting down');
        else this.logger.error({ err: error, projections }, 'projection sync failed; retrying at the next poll');
      });
    }
  }

  /**
   * Asks for a projection to re-read every published record (without clearing it first: an index
   * answers throughout and skips what did not change) in the next sync, after the changes: what it
   * built depends on something besides the records, such as the labels of harvested reference data.
   */
  refreshLater(name: string): void {
    const p = this.projections.find((x) => x.name === name);
    if (p === undefined) throw new Error(`No projection named ${name}.`);
    if (!this.#writes(p)) {
      // The holder of the writer lease refreshes it: asked through the store, seen at its next pass.
      void this.store.setCursor(refreshAsked(p), Date.now()).catch((error: unknown) => this.logger.warn({ err: error, projection: name }, 'could not ask the writer node for a refresh'));
      return;
    }
    this.#refresh.add(name);
    this.nudge();
  }

  /**
   * Applies every change committed so far (and the refreshes asked for). Resolves when all projections have caught up;
   * a failure in one lane is reported once the other lanes have caught up.
   */
  async sync(): Promise<void> {
    const failed = (await Promise.allSettled(this.#lanes.map((lane) => this.#follow(lane)))).find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** The lane's loop of passes until it has caught up: the one under way (with another pass asked for), or a new one. */
  #follow(lane: Lane): Promise<void> {
    if (lane.loop !== undefined) {
      lane.again = true;
      return lane.loop;
    }
    const loop = (async () => {
      try {
        do {
          lane.again = false;
          await this.#exclusive(lane, async () => {
            await this.#pass(lane);
            await this.#refreshPending(lane);
          });
        } while ((lane.again || lane.projections.some((p) => this.#refresh.has(p.name))) && !this.#closed);
      } finally {
        lane.loop = undefined;
      }
    })();
    lane.loop = loop;
    return loop;
  }

  async #refreshPending(lane: Lane): Promise<void> {
    // Refreshes other nodes asked the holder for.
    const asked = new Map<string, number>();
    if (this.lease?.held === true) {
      for (const p of lane.projections.filter((x) => this.#leased(x))) {
        const at = await this.store.getCursor(refreshAsked(p));
        if (at > (await this.store.getCursor(refreshDone(p)))) {
          asked.set(p.name, at);
          this.#refresh.add(p.name);
        }
      }
    }
    const due = lane.projections.filter((p) => this.#refresh.has(p.name));
    for (const p of due) this.#refresh.delete(p.name);
    for (const p of due) {
      if (!this.#writes(p)) continue;
      const started = Date.now();
      for await (const page of this.store.publishedRecords(undefined, p.kinds)) {
        const changes = page.map((record) => ({ id: record.id, record }));
        if (this.#leased(p)) await this.#applyLeased(p, changes);
        else await p.apply(changes);
      }
      await p.settled?.();
      if (asked.has(p.name)) await this.store.setCursor(refreshDone(p), asked.get(p.name)!);
      this.logger.info({ projection: p.name, ms: Date.now() - started }, 'projection re-read every published record');
    }
  }

  /**
   * Applies changes to a shared projection under the writer lease, fenced: the index first holds this node's claim
   * (`holder:term`, claimed once per term of the lease, before the first write), and every write carries it, so an
   * index that checks it (Virtuoso: RemoteSparqlIndex.claimWrites says exactly what that guarantees) refuses the
   * writes of a node that lost the lease without noticing. A write refused for another claim is claimed and sent
   * again once, and only when PostgreSQL confirms this node's lease in the same term (the other claim was then a
   * late one from an earlier holder); otherwise the refusal stands and the batch is left to the lease's holder.
   */
  async #applyLeased(p: Projection, changes: readonly ProjectedRecord[]): Promise<void> {
    const lease = this.lease!;
    const term = lease.term;
    const fence = `${lease.holder}:${term}`;
    if (p.claim !== undefined && this.#claimed.get(p.name) !== fence) {
      await p.claim(fence, this.#signalOf(p));
      this.#claimed.set(p.name, fence);
    }
    try {
      await p.apply(changes, this.#signalOf(p), fence);
    } catch (error) {
      if (!(error instanceof WritesFencedError) || p.claim === undefined) throw error;
      if (!(await lease.tryHold()) || lease.term !== term) throw error;
      this.logger.warn({ projection: p.name, claim: error.holder }, 'the shared index was claimed by another writer although this node holds the projection writer lease; claiming it again');
      await p.claim(fence, this.#signalOf(p));
      await p.apply(changes, this.#signalOf(p), fence);
    }
  }

  /**
   * The signal of a shared projection's writes: aborted when the lease is lost, or when the node shuts down (the
   * batch in hand is then left to the next holder, whole: its cursor has not moved). A SPARQL server far behind took
   * 17-20 s to finish its batch in hand (2 000 graphs at ~8 ms) before a node could stop.
   */
  #signalOf(p: Projection): AbortSignal | undefined {
    if (!this.#leased(p)) return undefined;
    return AbortSignal.any([this.lease!.signal ?? AbortSignal.abort(new Error('this node does not hold the projection writer lease')), this.#closing.signal]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort(new Error('the node is shutting down'));
    if (this.#timer) clearInterval(this.#timer);
    this.#unwatch?.();
    // The passes, rebuilds and refreshes under way; their failures went to whoever started them (sync(), nudge()'s log, rebuild()).
    await Promise.allSettled(this.#lanes.flatMap((lane) => [lane.loop, lane.running]));
    await this.lease?.close();
  }

  /** Runs `work` in the lane once the pass, rebuild or refresh under way there has ended. */
  async #exclusive(lane: Lane, work: () => Promise<void>): Promise<void> {
    while (lane.running) await lane.running.catch(() => undefined); // the other pass's failure is its caller's to report
    const p = work();
    lane.running = p;
    try {
      await p;
    } finally {
      lane.running = undefined;
    }
  }

  /**
   * One pass of a lane: its projections follow the change log to its end. Each lane follows at its own pace: in step,
   * search took each batch only once a SPARQL server had written the last (Virtuoso at 1 000 000 graphs writes ~100 a
   * second), and once a pass waited for every lane, search did not see a change committed after it had caught up
   * until the server had caught up too.
   */
  async #pass(lane: Lane): Promise<void> {
    const shared = lane.projections.filter((p) => this.#leased(p));
    // A change while another node holds the lease: try it now (free at once when its holder died), not only at the next renewal round.
    if (this.lease !== undefined && !this.lease.held && shared.length > 0) await this.lease.tryHold();
    if (this.lease !== undefined && this.lease.held && this.lease.term !== lane.cursorTerm) {
      // Taken over (or taken again): resume every shared projection of the lane where the last holder's cursor stands.
      const term = this.lease.term;
      for (const p of shared) this.#cursors.set(p.name, await this.store.getCursor(p.cursor ?? p.name));
      lane.cursorTerm = term;
    }
    await this.#followLog(lane.projections);
  }

  /** Applies the change log to a group of projections, batch by batch, each batch to them in order, until the group has caught up. */
  async #followLog(group: readonly Projection[]): Promise<void> {
    try {
      await this.#followLogBatches(group);
    } finally {
      // What a projection still loads in its own threads is in before the pass ends (its failure fails the pass).
      for (const p of group) await p.settled?.();
    }
  }

  async #followLogBatches(group: readonly Projection[]): Promise<void> {
    for (;;) {
      // A node shutting down stops after the batch in hand: every cursor is where its last applied batch left it. It
      // went on to the end of the change log before, so a node far behind (a SPARQL server catching up) took as long to stop.
      if (this.#closed) return;
      // The lease may have been lost since the last batch: a shared projection is then left to its holder.
      const writing = group.filter((p) => this.#writes(p));
      if (writing.length === 0) return;
      const from = Math.min(...writing.map((p) => this.#cursors.get(p.name) ?? 0));
      const changes = await this.store.changesSince(from, BATCH);
      if (changes.length === 0) return;
      const last = changes[changes.length - 1]!.seq;
      // Load each changed record once (its latest row stands for all its changes in the batch), READ_CHUNK at a
      // time: one query each on PostgreSQL (a round trip per record was two thirds of a batch's time). SQLite reads
      // synchronously and gives the event loop a turn between slices of the background budget (Store.getRecords):
      // a fixed count of reads per turn took one crowded turn (100-800 ms under the load bench) per 100 records.
      const ids = [...new Set(changes.map((c) => c.id))];
      const rows = new Map<string, ProjectedRecord>();
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        const chunk = ids.slice(i, i + READ_CHUNK);
        const found = await this.store.getRecords(chunk);
        for (const id of chunk) rows.set(id, { id, record: found.get(id) });
      }
      for (const p of writing) await this.#applyBatch(p, changes, rows, last);
      if (changes.length < BATCH) return;
    }
  }

  /** Applies the changes of a batch past `p`'s cursor to `p`, then moves its cursor to the batch's last change. */
  async #applyBatch(p: Projection, changes: readonly { readonly seq: number; readonly id: string }[], rows: ReadonlyMap<string, ProjectedRecord>, last: number): Promise<void> {
    const cursor = this.#cursors.get(p.name) ?? 0;
    if (cursor >= last) return;
    const ids = new Set(changes.filter((c) => c.seq > cursor).map((c) => c.id));
    if (this.#leased(p)) {
      const term = this.lease!.term;
      await this.#applyLeased(p, [...ids].map((id) => rows.get(id)!));
      // The cursor moves only while the lease is confirmed, in the term the batch was applied in.
      if (!(await this.lease!.tryHold()) || this.lease!.term !== term) return;
    } else {
      await p.apply([...ids].map((id) => rows.get(id)!));
    }
    this.#cursors.set(p.name, last);
    if (p.persistent) await this.store.setCursor(p.cursor ?? p.name, last);
  }
}

/** The store cursor in which another node asks the writer for a refresh of a shared projection (when, epoch ms). */
function refreshAsked(p: Projection): string {
  return `${p.cursor ?? p.name}:refresh`;
}

/** The last refresh request the writer has carried out. */
function refreshDone(p: Projection): string {
  return `${p.cursor ?? p.name}:refreshed`;
}
