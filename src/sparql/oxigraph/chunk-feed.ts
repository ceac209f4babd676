import type { Logger } from '../../core/ports/logger.js';
import { queryWindowMs, type ApplyBatches } from './apply-batches.js';
import type { Replica } from './pool-task.js';
import type { ApplyOutcome } from './replica-protocol.js';

/** apply() waits while a ready replica is this many batches behind (a long query holds it), so batches do not pile up. */
const MAX_BATCHES_BEHIND = 8;
/** The least a chunk is reckoned to take when judging how far behind a replica is (ms). */
const MIN_CHUNK_MS = 20;

/** What feeding chunks needs of the replica pool (OxigraphSparqlIndex). */
export interface FeedPool {
  readonly replicas: readonly Replica[];
  readonly batches: ApplyBatches;
  closed(): boolean;
  /** Places waiting work on idle replicas. */
  dispatch(): void;
  /** A replica holds one more whole batch: the quad count may be refreshed on it. */
  refreshSize(replica: Replica): void;
}

/**
 * Feeds each replica the chunks of the apply batches (apply-batches.ts), one at a time between its queries, and
 * tells how far behind that leaves it: whether short queries may still run on it meanwhile, whether it lags too far
 * for new work, and whether apply() must wait for it to catch up.
 */
export class ChunkFeed {
  /** apply() calls waiting for a replica to catch up. */
  #waiters: (() => void)[] = [];

  constructor(
    private readonly pool: FeedPool,
    /** How long a short query may run, ms (heavyAfterMs): a replica further behind than this lags. */
    private readonly shortBudgetMs: number,
    private readonly logger: Logger,
  ) {}

  /** Resolves once no ready replica is MAX_BATCHES_BEHIND batches behind (or the pool is shut down). */
  async room(): Promise<void> {
    const { replicas, batches } = this.pool;
    while (!this.pool.closed() && replicas.some((r) => r.state === 'ready' && batches.latestSeq - r.appliedSeq >= MAX_BATCHES_BEHIND)) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** apply() calls waiting for room look again. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Sends a replica's next chunk to its thread; if the thread goes before it answers, the chunk stays first in line for the next one. */
  next(replica: Replica): void {
    const chunk = replica.pending.shift()!;
    replica.applying = chunk;
    const chunkStarted = performance.now();
    const generation = replica.generation;
    replica.thread.request({ op: 'apply', changes: chunk.changes }).then(
      (outcome: ApplyOutcome) => {
        if (replica.generation !== generation) return; // replaceThread() put the chunk back in line
        replica.applying = null;
        replica.lastChunkMs = performance.now() - chunkStarted;
        replica.lastChunkAt = performance.now();
        if (chunk.last) replica.appliedSeq = chunk.seq;
        if (outcome.errors.length > 0 && chunk.seq <= this.pool.batches.visibleSeq) {
          this.logger.error({ replica: replica.number, graphs: outcome.errors.map((e) => e.graph) }, 'Graphs could not be loaded into a SPARQL replica.');
        }
        this.pool.batches.applied(replica.number, chunk, outcome.errors);
        if (chunk.last) this.pool.refreshSize(replica);
        this.wake();
        this.pool.dispatch();
      },
      () => {}, // the thread is gone: its exit handler restarts it, and replaceThread() puts the chunk back in line
    );
  }

  /** Whether a replica with chunks to apply may still run short queries since its last chunk. */
  windowOpen(replica: Replica): boolean {
    return performance.now() - replica.lastChunkAt < queryWindowMs(replica.lastChunkMs);
  }

  /**
   * Whether a replica is so far behind what is published that new queries cannot run on it for longer
   * than a short query's budget (its chunks to apply, at the pace of its last chunk). After a large
   * harvest one replica holds everything while the other still applies thousands of graphs: long work
   * must not take the first meanwhile, or short queries wait for the second to catch up (10 s in the
   * load run).
   */
  lagging(replica: Replica): boolean {
    if (replica.appliedSeq >= this.pool.batches.visibleSeq) return false;
    return replica.pending.length * Math.max(replica.lastChunkMs, MIN_CHUNK_MS) > this.shortBudgetMs;
  }
}
