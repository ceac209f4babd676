import { QueryTimeoutError, ServiceUnavailableError, TooManyRequestsError } from '../../core/errors.js';
import type { ClientEngineBudget } from './client-engine-budget.js';
import type { QueryHistory } from './query-history.js';
import type { QueryCost, QueryQueues } from './query-queues.js';
import type { Replica, Task } from './pool-task.js';

/** The caps admission holds queries to (OxigraphSparqlIndexOptions). */
export interface AdmissionLimits {
  /** A query running longer than this is heavy. */
  readonly heavyAfterMs: number;
  /** Heavy queries one client may have running and waiting; past it, 429. */
  readonly heavyPerClient: number;
  /** Heavy queries that may wait in all; past it, 503. */
  readonly heavyQueue: number;
  /** Other queries that may wait in all; past it, 503. */
  readonly lightQueue: number;
}

/** What admission needs of the replica pool (OxigraphSparqlIndex). */
export interface AdmissionPool {
  readonly replicas: readonly Replica[];
  /** Waiting queries and size requests, by cost. */
  readonly queues: QueryQueues<Task>;
  closed(): boolean;
  /** Places waiting work on idle replicas. */
  dispatch(): void;
  /** What restarting an engine after a stop costs, ms: the last copy from another replica, else the last load from the store. */
  restartMs(): number;
}

/**
 * Which queries the pool takes and when they may start (OxigraphSparqlIndex.submit, dispatch): a query's
 * cost as the history knows it, the caps on heavy and waiting queries (429 and 503, with Retry-After),
 * a query stopped at its time limit lately refused at once, and each client's engine budget
 * (client-engine-budget.ts): its long-running and unseen queries wait while it is spent.
 */
export class QueryAdmission {
  /** Dispatches again when a client's engine budget has refilled enough for its waiting work. */
  #budgetTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: AdmissionPool,
    private readonly history: QueryHistory,
    private readonly budget: ClientEngineBudget,
    private readonly limits: AdmissionLimits,
  ) {}

  /**
   * The cost a query arrives with (key: its text and dataset; shapeKey: its shape and dataset; evident: short
   * without having run), or the error it is refused with at once.
   */
  admit(key: string, shapeKey: string, evident: boolean, client: string, timeoutMs: number): QueryCost | Error {
    const wait = this.history.refusalSeconds(key, timeoutMs);
    if (wait > 0) {
      return new QueryTimeoutError(
        `This query ran past its time limit of ${this.history.get(key)!.timedOut!.limitMs} ms a short while ago and was stopped; it is not run again with the same limit for another ${wait} s. Narrow it down (a LIMIT, fewer OPTIONALs, no free-text FILTER: use the search API for text).`,
        { timeoutMs, retryAfter: wait },
      );
    }
    // Heavy: known to be, or a second copy of one running or waiting that is not known to be short
    // (ten clients looking up the same record at once are ten short queries, not a long one twice).
    const known = this.knownCost(key, shapeKey, evident);
    const cost = known !== 'light' && this.#running(key) ? 'heavy' : known;
    const short = this.pool.queues.waiting('light').length + this.pool.queues.waiting('unknown').length;
    const refusal = cost === 'heavy' ? this.heavyRefusal(client) : short >= this.limits.lightQueue ? this.#busyRefusal('queries') : undefined;
    return refusal ?? cost;
  }

  /** What the history says of a query's cost: by its text, else by its shape; a ground query or a subject lookup is light. */
  knownCost(key: string, shapeKey: string, evident: boolean): QueryCost {
    const known = this.history.get(key) ?? this.history.get(shapeKey);
    if (known !== undefined) return known.heavy ? 'heavy' : 'light';
    return evident ? 'light' : 'unknown';
  }

  /** Whether a query with this key is running or waiting as a short one (a second copy of it counts as heavy). */
  #running(key: string): boolean {
    const { replicas, queues } = this.pool;
    return replicas.some((r) => r.current?.key === key || r.queued.some((t) => t.key === key)) || queues.waiting('light').some((t) => t.key === key) || queues.waiting('unknown').some((t) => t.key === key);
  }

  /** Heavy queries of a client, running and waiting (`except` left out). */
  #heavyOf(client: string, except?: Task): number {
    const waiting = this.pool.queues.waiting('heavy').filter((t) => t.client === client && t !== except).length;
    return waiting + this.pool.replicas.filter((r) => r.current?.cost === 'heavy' && r.current.client === client && r.current !== except).length;
  }

  /** Why a heavy query of this client (`except` not counted) is refused: its client or the heavy queue has as many as they may; undefined when it is not. */
  heavyRefusal(client: string, except?: Task): Error | undefined {
    const mine = this.#heavyOf(client, except);
    if (mine >= this.limits.heavyPerClient) {
      return new TooManyRequestsError(
        `You have ${mine} long-running SPARQL queries running or waiting, as many as one client may have; send the next when one has answered.`,
        { retryAfter: this.#retryAfterSeconds(), maxPerClient: this.limits.heavyPerClient },
      );
    }
    if (this.pool.queues.waiting('heavy').length >= this.limits.heavyQueue) return this.#busyRefusal('long-running queries');
    return undefined;
  }

  /** The answer to a query that waited for its client's engine budget until its time limit. */
  budgetRefusal(client: string): Error {
    const retryAfter = Math.max(1, Math.ceil(this.budget.waitMs(client) / 1000));
    return new TooManyRequestsError(
      `This client has used the engine time one client may use (${this.#budgetFigures()}), and its query waited for it until its time limit. Try again in ${retryAfter} s, or narrow the queries down: long-running ones spend the budget fastest, and one stopped at a limit spends the engine's restart too.`,
      { retryAfter },
    );
  }

  #budgetFigures(): string {
    const { perMinuteMs, burstMs } = this.budget;
    const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 0))} s`;
    return `${seconds(perMinuteMs)} a minute, ${seconds(burstMs)} at once`;
  }

  #busyRefusal(what: string): Error {
    return new ServiceUnavailableError(`Too many ${what} are waiting for the SPARQL engines; try again shortly.`, { retryAfter: this.#retryAfterSeconds() });
  }

  /** A guess at when a heavy query could start: the light budget per waiting heavy query, at least a second. */
  #retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.pool.queues.waiting('heavy').length + 1) * this.limits.heavyAfterMs) / 1000));
  }

  /**
   * Refuses a query that cannot finish in the time it has left, instead of starting it: a query of its
   * text or shape was stopped at its time limit after running longer than that. Starting it would only
   * cost its engine a restart and a refill (in the load run, a looping client's query that had waited
   * 24 s for an engine ran its last 6 s and cost a 25 s refill). The error when refused, else undefined.
   */
  unfinishable(task: Task): Error | undefined {
    if (task.work.op !== 'query' || task.cost !== 'heavy') return undefined;
    const ranMs = this.history.get(task.key)?.stoppedAfterMs ?? this.history.get(task.shape)?.stoppedAfterMs;
    const leftMs = task.deadline - Date.now();
    if (ranMs === undefined || leftMs >= ranMs) return undefined;
    return new QueryTimeoutError(
      `A query of the same form ran ${Math.round(ranMs / 1000)} s lately and was stopped at its time limit; this one has ${Math.max(0, Math.round(leftMs / 1000))} s of its limit left (it waited for an engine), so it was not started. Narrow it down (a LIMIT, fewer OPTIONALs, no free-text FILTER: use the search API for text).`,
      { timeoutMs: task.timeoutMs, retryAfter: Math.max(1, Math.ceil(ranMs / 1000)) },
    );
  }

  /** Whether a waiting task may start now as far as its client's engine budget goes (light work always may). */
  withinBudget(task: Task): boolean {
    return task.cost === 'light' || task.work.op !== 'query' || this.budget.waitMs(task.client) === 0;
  }

  /** When work waits only for its client's budget, dispatches again once the soonest of those budgets allows it. */
  armBudgetTimer(): void {
    if (this.#budgetTimer !== undefined || this.pool.closed() || !this.budget.enabled) return;
    let soonest = Infinity;
    for (const task of [...this.pool.queues.waiting('unknown'), ...this.pool.queues.waiting('heavy')]) {
      if (task.work.op === 'query') {
        const wait = this.budget.waitMs(task.client);
        if (wait > 0) soonest = Math.min(soonest, wait);
      }
    }
    if (soonest === Infinity) return;
    this.#budgetTimer = setTimeout(() => {
      this.#budgetTimer = undefined;
      this.pool.dispatch();
    }, soonest + 1);
    this.#budgetTimer.unref();
  }

  /** Charges a run's engine time to its client; `restarted`: the run ended in an engine restart, charged too. */
  charge(task: Task, restarted: boolean): void {
    if (task.work.op !== 'query' || task.startedAt === undefined) return;
    this.budget.charge(task.client, performance.now() - task.startedAt + (restarted ? this.pool.restartMs() : 0));
  }

  /** The pool shuts down: no more dispatches for budgets. */
  close(): void {
    clearTimeout(this.#budgetTimer);
  }
}
