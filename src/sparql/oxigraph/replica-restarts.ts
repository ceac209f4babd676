import { ServiceUnavailableError } from '../../core/errors.js';
import { logContext } from '../../core/log-context.js';
import type { Logger } from '../../core/ports/logger.js';
import type { ApplyBatches } from './apply-batches.js';
import { settle, type Replica } from './pool-task.js';
import { ReplicaThread, type WorkerModule } from './replica-thread.js';

const MAX_RESTART_DELAY_MS = 30_000;

/** What restarting replicas needs of the replica pool (OxigraphSparqlIndex). */
export interface RestartPool {
  readonly replicas: readonly Replica[];
  readonly batches: ApplyBatches;
  closed(): boolean;
  /** Light queries sent behind a replica's current one go back to wait. */
  requeueBehind(replica: Replica): void;
  /** apply() calls waiting for a replica to catch up look again. */
  wakeApplies(): void;
  /** Lets go of the replicas beyond those the pool keeps that serve nothing now. */
  letGoSurplus(): void;
  /** Fills a replica restarted after a stop from a copy of a ready one; false when it is to load from the store instead (ReplicaCopy.into). */
  copyInto(replica: Replica, generation: number): Promise<boolean>;
  /** Fills a loading replica from the store (OxigraphSparqlIndexOptions.loadAll). */
  loadFromStore(replica: Replica): Promise<void>;
}

/**
 * Replicas' threads, and their restarts: a replica stopped (a query past a limit, or its client gone) or failed (its
 * thread crashed, its load failed) gets a fresh thread, filled in the background while the others serve.
 */
export class ReplicaRestarts {
  constructor(
    private readonly pool: RestartPool,
    /** Wait before restarting a replica after its first failure in a row; doubles with each, up to MAX_RESTART_DELAY_MS. */
    private readonly restartDelayMs: number,
    private readonly workerModule: WorkerModule | undefined,
    private readonly logger: Logger,
  ) {}

  /** Gives a replica a fresh, empty thread in state `loading`; the chunk it was applying goes back first in line. */
  replaceThread(replica: Replica): void {
    replica.generation++;
    if (replica.applying !== null) replica.pending.unshift(replica.applying);
    replica.applying = null;
    replica.dumping = false;
    replica.lastChunkAt = 0;
    const running = replica.current;
    replica.current = null;
    // Queries sent behind it have not run as far as anyone knows: they wait for another engine.
    this.pool.requeueBehind(replica);
    replica.state = 'loading';
    replica.loadingSince = performance.now();
    // No replica left to apply the open batches: they are done as far as callers go (replayed before serving).
    if (!this.pool.replicas.some((r) => r.state === 'ready')) this.pool.batches.settleAll();
    this.pool.wakeApplies();
    void replica.thread.terminate(); // detached: the old thread serves nothing more, and nothing waits for it to end
    if (running) settle(running, { error: new ServiceUnavailableError('The SPARQL engine running this query was restarted; try again.') });
    replica.thread = this.newThread(replica);
  }

  /** Replaces a replica's thread and refills it from loadAll, after a delay when it keeps failing. */
  recycle(replica: Replica, why: 'stopped' | 'failure'): void {
    if (this.pool.closed()) return;
    if (why === 'failure') replica.failures++;
    const delay = replica.failures === 0 ? 0 : Math.min(this.restartDelayMs * 2 ** (replica.failures - 1), MAX_RESTART_DELAY_MS);
    this.replaceThread(replica);
    // One more than the index keeps is let go now rather than refilled.
    this.pool.letGoSurplus();
    if (replica.state === 'closed') return;
    const generation = replica.generation;
    const refill = async (): Promise<void> => {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (replica.generation !== generation || this.pool.closed()) return;
      if (why === 'stopped' && (await this.pool.copyInto(replica, generation))) return;
      await this.pool.loadFromStore(replica);
    };
    // The index's own work, serving every request after: not logged under the request that caused the stop.
    void logContext.exit(() =>
      refill().catch((error: unknown) => {
        if (replica.generation !== generation || this.pool.closed()) return;
        this.logger.error({ err: error, replica: replica.number }, 'Refilling a SPARQL replica failed; trying again.');
        this.recycle(replica, 'failure');
      }),
    );
  }

  /** A new thread for a replica: when it stops unexpectedly, the replica is recycled; what the engine writes to its console is logged. */
  newThread(replica: Replica): ReplicaThread {
    const thread = new ReplicaThread((cause) => {
      if (replica.thread !== thread || replica.state === 'closed' || this.pool.closed()) return;
      this.logger.error({ replica: replica.number, err: cause }, 'A SPARQL replica thread stopped unexpectedly; restarting it.');
      this.recycle(replica, 'failure');
    }, this.workerModule, (write) => this.logger[write.console === 'log' ? 'info' : write.console]({ replica: replica.number, engineOutput: write.text }, 'The SPARQL engine wrote to its console.'));
    return thread;
  }
}
