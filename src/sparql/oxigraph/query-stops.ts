import { QueryMemoryError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import type { QueryAdmission } from './query-admission.js';
import type { QueryHistory } from './query-history.js';
import type { QueryQueues } from './query-queues.js';
import { settle, type Replica, type Task } from './pool-task.js';
import type { StopBudget } from './stop-budget.js';

/** What stopping queries needs of the replica pool (OxigraphSparqlIndex). */
export interface StopPool {
  /** Waiting queries and size requests, by cost. */
  readonly queues: QueryQueues<Task>;
  /** Light queries sent behind a replica's current one go back to wait. */
  requeueBehind(replica: Replica): void;
  /** Replaces a stopped replica's thread and refills it: from a copy of a ready replica, else from the store. */
  recycle(replica: Replica): void;
}

/**
 * Stopping queries: a waiting one just leaves its queue; a running one takes its replica down with it, since a
 * running WASM query cannot be interrupted otherwise (past its time limit, past the memory one query may use, its
 * client gone within the stop budget, or moved off the engine left for short work). Each restart is charged to the
 * run's client, with the refill it causes.
 */
export class QueryStops {
  #moved = 0;

  constructor(
    private readonly pool: StopPool,
    private readonly history: QueryHistory,
    private readonly admission: QueryAdmission,
    /** Running queries stopped per minute because their client left. */
    private readonly stops: StopBudget,
    /** Memory one query may add to the process, bytes. */
    private readonly memoryLimitBytes: number,
    private readonly logger: Logger,
  ) {}

  /** Queries moved off an engine since start (they turned heavy on the engine left for short work). */
  get moved(): number {
    return this.#moved;
  }

  /**
   * Restarts the replica a run was stopped on (moved off, past a limit, or its client gone: a running WASM
   * query cannot be interrupted otherwise). The run's client is charged the run and the refill it causes.
   */
  #restartAfterStop(replica: Replica, task: Task): void {
    this.admission.charge(task, true);
    this.pool.recycle(replica);
  }

  /**
   * Moves a query that turned heavy off its engine (the last one left for short work): the engine is
   * restarted (it cannot be interrupted otherwise) and the query waits with the heavy ones, within its
   * own time limit, or is refused when its client has as many heavy queries as it may.
   */
  moveOff(task: Task): void {
    const replica = task.replica!;
    clearTimeout(task.heavyTimer);
    // Never seen short (it was placed as unknown) and long now: others of its shape wait with the long
    // ones, instead of each taking the engine left for short work on probation and costing it a restart.
    if (task.placedAs === 'unknown') this.history.turnedHeavy(task.shape);
    replica.current = null;
    task.replica = null;
    task.attempt++;
    this.#moved++;
    this.pool.requeueBehind(replica);
    const ranMs = Math.round(performance.now() - (task.startedAt ?? performance.now()));
    this.logger.warn({ replica: replica.number, placedAs: task.placedAs, ranMs }, 'A SPARQL query turned long-running on the engine left for short queries while others waited: it is moved off (its engine is restarted) to wait with the long-running ones.');
    const refusal = this.admission.heavyRefusal(task.client, task);
    if (refusal !== undefined) settle(task, { error: refusal });
    else this.pool.queues.add(task);
    this.#restartAfterStop(replica, task);
  }

  /** Stops a query under which the process's memory grew past the limit: its engine is restarted, which gives the memory back. */
  forMemory(task: Task, rss: number, grew: number): void {
    const replica = task.replica!;
    const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
    const limitMb = mb(this.memoryLimitBytes);
    this.history.turnedHeavy(task.key);
    this.history.turnedHeavy(task.shape);
    this.logger.warn({ replica: replica.number, rssMb: mb(rss), grewMb: mb(grew), limitMb }, 'Stopping a SPARQL query past the memory one query may use: its replica is restarted.');
    settle(task, {
      error: new QueryMemoryError(
        `The query needed more than the ${limitMb} MB of memory one query may use here and was stopped; no partial result is given. Sorting, grouping or counting a product of unrelated patterns builds it whole: join the patterns on shared variables, or narrow them down.`,
        { memoryMb: limitMb },
      ),
    });
    this.#restartAfterStop(replica, task);
  }

  /**
   * Stops a task that ran out of time or whose client went away. A waiting one just leaves its queue;
   * a running one takes its replica down with it (a time limit always, a client gone within the stop
   * budget; past the budget it runs on and its answer is dropped).
   */
  stop(task: Task, error: unknown, why: 'timeout' | 'abort'): void {
    if (task.settled) return;
    const replica = task.replica;
    const runningOn = replica !== null && replica.current === task ? replica : null;
    if (why === 'timeout' && replica === null && !this.admission.withinBudget(task)) error = this.admission.budgetRefusal(task.client);
    if (why === 'timeout' && runningOn !== null && task.work.op === 'query') {
      this.history.timedOut(task.key, task.timeoutMs);
      this.history.stoppedAfter(task.shape, performance.now() - (task.startedAt ?? performance.now()));
    }
    if (why === 'abort' && runningOn !== null && !this.stops.take()) {
      task.orphaned = true;
      this.logger.warn({ replica: runningOn.number }, 'A SPARQL query whose client went away runs on: the stops of this minute are spent.');
      settle(task, { error });
      // It keeps its replica until it ends or reaches its time limit.
      task.timer = setTimeout(() => this.#stopOrphan(task), Math.max(0, task.deadline - Date.now()));
      return;
    }
    settle(task, { error });
    this.pool.queues.remove(task);
    if (replica !== null && runningOn === null) {
      // Sent behind the running query: it is short, so it runs; its answer is dropped.
      const at = replica.queued.indexOf(task);
      if (at >= 0) replica.queued.splice(at, 1);
      task.attempt++;
    }
    if (runningOn !== null) {
      this.logger.warn({ replica: runningOn.number, limitMs: task.timeoutMs, why }, 'Stopping a SPARQL query: its replica is restarted.');
      this.#restartAfterStop(runningOn, task);
    }
  }

  /** An orphaned query still running at its time limit is stopped. */
  #stopOrphan(task: Task): void {
    const replica = task.replica;
    if (replica === null || replica.current !== task) return;
    this.history.timedOut(task.key, task.timeoutMs);
    this.logger.warn({ replica: replica.number, limitMs: task.timeoutMs }, 'Stopping a SPARQL query past its time limit: its replica is restarted.');
    this.#restartAfterStop(replica, task);
  }
}
