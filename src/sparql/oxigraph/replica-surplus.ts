import type { Logger } from '../../core/ports/logger.js';
import type { Replica } from './pool-task.js';

/** What letting replicas go needs of the replica pool (OxigraphSparqlIndex). */
export interface SurplusPool {
  /** The pool's replicas: one let go is taken out of this list. */
  readonly replicas: Replica[];
  closed(): boolean;
  /** apply() calls waiting for a replica to catch up look again. */
  wakeApplies(): void;
}

/**
 * The replica to let go next of a pool with more than it keeps, or undefined while none may go: only one that serves
 * nothing (no query running or sent behind one, no chunk being applied, not being copied from), a loading one first,
 * then the ready one furthest behind, and never the last ready one.
 */
export function surplusReplica(replicas: readonly Replica[]): Replica | undefined {
  const free = replicas.filter((r) => r.current === null && r.queued.length === 0 && r.applying === null && !r.dumping);
  const ready = replicas.filter((r) => r.state === 'ready').length;
  return free.find((r) => r.state === 'loading') ?? free.filter((r) => r.state === 'ready' && ready > 1).sort((a, b) => a.appliedSeq - b.appliedSeq)[0];
}

/**
 * How many replicas the pool keeps (OxigraphSparqlIndex.keepReplicas, OxigraphSparqlIndexOptions.replicasWanted), and
 * letting go of those beyond it. A replica let go ends its thread, and with it its copy of the index: about 0.7 GB at
 * 40 000 records. It never adds one: a new copy is a full load, done at the next start.
 */
export class ReplicaSurplus {
  /** The most replicas the pool keeps; more are let go as soon as they serve nothing. */
  #keep = Number.POSITIVE_INFINITY;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pool: SurplusPool,
    /** How many replicas the pool should have now; undefined: as many as it started with. */
    private readonly wanted: (() => Promise<number>) | undefined,
    /** The least time between two questions to `wanted`, ms. */
    private readonly checkMs: number,
    private readonly logger: Logger,
  ) {}

  /** Keeps at most `count` replicas (at least one), letting go of the others as soon as each serves nothing. */
  keep(count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`An oxigraph SPARQL index keeps at least one replica, not ${count}.`);
    this.#keep = count;
    this.letGo();
  }

  /** Asks `wanted` how many replicas to keep, at most every checkMs, while there are more than one. */
  reconsider(): void {
    if (this.wanted === undefined || this.pool.replicas.length <= 1 || this.pool.closed()) return;
    const now = performance.now();
    if (now - this.#checkedAt < this.checkMs) return;
    this.#checkedAt = now;
    this.wanted().then(
      (wanted) => {
        if (wanted >= this.pool.replicas.length || this.pool.closed()) return;
        this.logger.info({ replicas: this.pool.replicas.length, keep: wanted }, 'The catalog grew past what two SPARQL replicas are kept for: letting the surplus go.');
        this.keep(Math.max(1, wanted));
      },
      (error: unknown) => this.logger.warn({ err: error }, 'Could not tell how many SPARQL replicas to keep; asking again later.'),
    );
  }

  /** Lets go of the replicas beyond those kept that serve nothing now; the rest when they come free (the pool calls it again). */
  letGo(): void {
    const replicas = this.pool.replicas;
    while (!this.pool.closed() && replicas.length > this.#keep) {
      const chosen = surplusReplica(replicas);
      if (chosen === undefined) return;
      replicas.splice(replicas.indexOf(chosen), 1);
      chosen.generation++; // a fill, refill or copy under way for it drops it
      chosen.state = 'closed';
      chosen.pending = [];
      void chosen.thread.terminate();
      this.logger.info({ replica: chosen.number, replicas: replicas.length }, 'A SPARQL replica was let go.');
      this.pool.wakeApplies(); // apply() may have waited for the replica let go to catch up
    }
  }
}
