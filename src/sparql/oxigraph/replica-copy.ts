import type { Logger } from '../../core/ports/logger.js';
import { mergeChunks } from './apply-batches.js';
import type { Replica } from './pool-task.js';
import type { ReplicaThread } from './replica-thread.js';

/**
 * Graphs per part when a restarted replica is copied from another: the source dumps a part between its
 * queries (it serves short queries meanwhile, not only after the whole copy), and no more than a part is
 * held at once (a whole dump of 20 000 datasets is about 200 MB, held twice).
 */
const CLONE_PART_GRAPHS = 500;

/** What a copy needs of the replica pool (OxigraphSparqlIndex). */
export interface ReplicaPool {
  readonly replicas: readonly Replica[];
  closed(): boolean;
  /** A filled replica serves: it applies what arrived while it loaded, then takes queries. */
  open(replica: Replica): void;
  /** Gives a replica a fresh, empty thread in state `loading`. */
  replaceThread(replica: Replica): void;
  /** Places waiting work on idle replicas. */
  dispatch(): void;
}

/** Refills a replica restarted after a stop from a copy of a ready one, part by part (OxigraphSparqlIndex.recycle). */
export class ReplicaCopy {
  /** How many restarted replicas were filled from a copy rather than from the store. */
  count = 0;
  /**
   * What the last copy took, ms: a stop is charged this much engine time beside its run. Before the first
   * copy, the index's load from the store stands for it (a first stop charged nothing for its refill let a
   * looping client cost two refills before its budget held it).
   */
  lastMs: number | undefined;

  constructor(
    private readonly host: ReplicaPool,
    /** How long a copy waits for a ready replica to come free of longer work before the caller loads from the store. */
    private readonly waitMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Fills a replica restarted after a stop from a copy of a ready one, so a stopped query does not cost
   * the main thread a reload from the store: the copy's bytes pass through this thread without being
   * read. The source dumps its graphs part by part (CLONE_PART_GRAPHS), each between the queries it
   * serves meanwhile, and the copy loads each part before the next is asked for. The backlog (every
   * batch since the restart, which the source got too, and what the source had yet to apply) is
   * replayed after it: replacing a graph again with a later version gives the later version, whichever
   * part held it. False when no replica is ready and idle or running a short query, or the copy failed:
   * then the caller loads from the store.
   */
  async into(replica: Replica, generation: number): Promise<boolean> {
    // A replica's thread answers in order: a dump would wait behind the query it runs, which may run for
    // minutes. So the source is a ready replica that is idle or running a short query; when every one is
    // busy with longer work, wait up to waitMs for one to come free (a load from the store costs the
    // main thread seconds of work; waiting costs only this replica's time).
    const waitUntil = Date.now() + this.waitMs;
    let source = this.#source(replica);
    while (source === undefined && Date.now() < waitUntil && replica.generation === generation && !this.host.closed() && this.host.replicas.some((r) => r !== replica && r.state === 'ready')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      source = this.#source(replica);
    }
    if (replica.generation !== generation || this.host.closed()) return true;
    if (source === undefined) return false;
    const started = performance.now();
    try {
      await replica.thread.ready;
      // It may have taken longer work meanwhile: look again.
      const now = this.#source(replica);
      if (now === undefined) return false;
      source = now;
      // The parts hold what the source's thread was given before each; what the source has yet to apply, the copy applies after them.
      replica.pending = mergeChunks(replica.pending, source.pending);
      const names = await this.#fromSource(source, (thread) => thread.request({ op: 'graph-names' }));
      let bytes = 0;
      for (let at = 0; at < names.length; at += CLONE_PART_GRAPHS) {
        const part = await this.#fromSource(source, (thread) => thread.request({ op: 'dump-graphs', graphs: names.slice(at, at + CLONE_PART_GRAPHS) }));
        if (replica.generation !== generation || this.host.closed()) return true;
        bytes += part.byteLength;
        await replica.thread.request({ op: 'load-dump', nquads: part });
        if (replica.generation !== generation || this.host.closed()) return true;
      }
      this.host.open(replica);
      this.count++;
      this.lastMs = performance.now() - started;
      this.logger.info({ replica: replica.number, from: source.number, graphs: names.length, bytes, ms: Math.round(performance.now() - started) }, 'SPARQL replica refilled from another replica');
      return true;
    } catch (error) {
      if (replica.generation !== generation || this.host.closed()) return true;
      this.logger.warn({ err: error, replica: replica.number, from: source.number }, 'Copying a SPARQL replica failed; loading it from the store instead.');
      if (replica.state !== 'loading') return false;
      // Whatever part of the copy went in is dropped with the thread: start the load on a clean one.
      this.host.replaceThread(replica);
      return false;
    }
  }

  /**
   * One request of a copy to its source, sent when nothing else is being sent to it: the source takes
   * no new work until it answers (its thread answers in order, so the request waits behind the queries
   * already sent), then serves again. Fails when the source was restarted or is no longer ready.
   */
  async #fromSource<T>(source: Replica, send: (thread: ReplicaThread) => Promise<T>): Promise<T> {
    const generation = source.generation;
    // Another copy may be taking a part from it (a pool of three or more): wait for that part.
    while (source.dumping && source.generation === generation && !this.host.closed()) await new Promise((resolve) => setTimeout(resolve, 10));
    if (source.state !== 'ready' || source.generation !== generation) throw new Error(`the replica copied from (${source.number}) is no longer ready`);
    source.dumping = true;
    try {
      return await send(source.thread);
    } finally {
      if (source.generation === generation) {
        source.dumping = false;
        // It serves the short queries that waited before the next part is asked for: they are placed now.
        // Under load, a turn of the event loop reads requests (and takes workers' answers) for up to a
        // second before its check phase: a dispatch left to setImmediate came after the copy's next part
        // was asked for, part after part (in the load bench, short queries waited up to 2.9 s for an engine).
        this.host.dispatch();
      }
    }
  }

  /** A ready replica to copy from: idle, or running a short query. */
  #source(replica: Replica): Replica | undefined {
    const sources = this.host.replicas.filter((r) => r !== replica && r.state === 'ready' && !r.dumping);
    return sources.find((r) => r.current === null && r.applying === null) ?? sources.find((r) => r.current === null) ?? sources.find((r) => r.current?.cost === 'light');
  }
}
