/**
 * What the pool knows of a query's cost: `light` (ran short lately, by its text or its shape, or has no
 * variables at all), `unknown` (never seen), `heavy` (ran long lately, a second copy of one running, or
 * ran past the light budget this time).
 */
export type QueryCost = 'light' | 'unknown' | 'heavy';

/** A query (or size request) waiting for an engine or running on one. */
export interface ScheduledJob {
  /** Who asks: waiting work is served in turn per client, so one client's backlog never holds up another's. */
  readonly client: string;
  cost: QueryCost;
  /** The cost it had when it was placed on its engine: a job placed as heavy keeps its engine. */
  placedAs?: QueryCost;
  /** Placement order (higher: started later). */
  placedAt?: number;

  /**
   * When it may be moved off its engine once it turned heavy (a clock of the caller's, compared with
   * `now` in preemptable); absent: at once.
   */
  movableAt?: number;
}

/** An engine as the scheduler sees it: ready (loaded) or not, and the job it runs. */
export interface EngineView<J extends ScheduledJob> {
  readonly ready: boolean;
  readonly job: J | null;
  /**
   * Ready, but far behind the changes queries may need (catching up would take longer than a short
   * query's budget): it cannot serve new short work for a while, so it does not count as an engine left
   * for it.
   */
  readonly lagging?: boolean;
}

const ORDER: readonly QueryCost[] = ['light', 'unknown', 'heavy'];

/**
 * The pool's waiting queries and the rules that place them, apart from threads and clocks so they can be
 * checked on their own.
 *
 * - A free engine takes light work first, then unknown, then heavy; within a class, the client served
 *   longest ago goes first (arrival order among one client's jobs). With more than one engine and none
 *   running heavy work, a free engine that is not the last takes waiting heavy work first, then unknown,
 *   so a steady flow of short queries cannot keep the others waiting until their time limit.
 * - Heavy work never takes the last ready engine not running heavy work (when the pool has more than
 *   one engine, ready or still loading): that one is left for light and unknown work. Heavy work takes
 *   the only engine there is, in a pool of one.
 * - Unknown work may take that last engine *on probation* only while moving a job off an engine is
 *   allowed (`probation`; the pool bounds it per minute, since each move restarts an engine) and no
 *   engine is loading. When it runs past the light budget it turns heavy; if light or unknown work then
 *   waits while every engine is ready and runs heavy work, the job that turned heavy last (placed as
 *   light or unknown) is moved off (`preemptable`), to wait with the heavy ones. A job placed as heavy
 *   is never moved; one placed as light only from its `movableAt` on (the pool gives it a grace: a
 *   short query slowed by a busy machine should not cost its engine a restart), and while one is within
 *   its grace nothing is moved (its engine is likely to come free first; moving another would throw
 *   away a long run). Nothing is moved while an engine is loading: the move would restart the engine
 *   left serving, leaving none, and take away the one the loading engine copies from.
 */
export class QueryQueues<J extends ScheduledJob> {
  readonly #queues: Record<QueryCost, J[]> = { light: [], unknown: [], heavy: [] };
  /** When each client was last served (a turn counter), for fairness between clients. */
  readonly #served = new Map<string, number>();
  #turn = 0;
  #placed = 0;

  get size(): number {
    return this.#queues.light.length + this.#queues.unknown.length + this.#queues.heavy.length;
  }

  /** Jobs waiting, of one class or all. */
  waiting(cost?: QueryCost): readonly J[] {
    return cost === undefined ? [...this.#queues.light, ...this.#queues.unknown, ...this.#queues.heavy] : this.#queues[cost];
  }

  add(job: J): void {
    this.#queues[job.cost].push(job);
  }

  /** Takes a waiting job out; false when it was not waiting. */
  remove(job: J): boolean {
    for (const cost of ORDER) {
      const at = this.#queues[cost].indexOf(job);
      if (at >= 0) {
        this.#queues[cost].splice(at, 1);
        return true;
      }
    }
    return false;
  }

  /** A waiting job whose cost is now known otherwise moves to that class's queue (at its end). */
  reclassify(job: J, cost: QueryCost): void {
    if (job.cost === cost || !this.remove(job)) return;
    job.cost = cost;
    this.add(job);
  }

  /**
   * The job an idle ready engine should run now, taken out of its queue and marked as placed; undefined
   * when the engine should stay idle (kept for light and unknown work, or nothing waits). `fits` narrows
   * what this engine may take (say, only light work that needs no change the engine has yet to apply).
   */
  take(engines: readonly EngineView<J>[], probation: boolean, fits: (job: J) => boolean = () => true): J | undefined {
    const ready = engines.filter((e) => e.ready).length;
    const serving = engines.filter((e) => e.ready && e.lagging !== true);
    const heavy = serving.filter((e) => e.job?.cost === 'heavy').length;
    // The engine taking work is idle, so `serving - heavy` counts it: is it the last one left for short work?
    // Engines still loading count as engines: while one is restarted, the one left serving is the last
    // (heavy work taking it would leave short work nothing for up to its time limit, and nothing to copy
    // the restarted one from, so it would load from the store). So does an engine far behind the changes:
    // new short work cannot run on it until it has caught up.
    const last = engines.length > 1 && serving.length - heavy <= 1;
    const loading = ready < engines.length;
    const lagging = serving.length < ready;
    // With engines to spare and none running heavy work, waiting heavy work goes first, then work never
    // seen: light work keeps the last engine, and a steady flow of it would otherwise never leave one
    // free for the others.
    const othersTurn = serving.length > 1 && heavy === 0;
    // Unknown work may try the last engine while a move can take it off again; a move needs every engine
    // ready and busy with long work, which an engine restarting or catching up is not.
    const allowed: QueryCost[] = last ? (probation && !loading && !lagging ? ['light', 'unknown'] : ['light']) : othersTurn ? ['heavy', 'unknown', 'light'] : [...ORDER];
    for (const cost of allowed) {
      const job = this.#fairest(this.#queues[cost], fits);
      if (job === undefined) continue;
      this.#queues[cost].splice(this.#queues[cost].indexOf(job), 1);
      this.#served.set(job.client, ++this.#turn);
      if (this.#served.size > 4096) this.#forgetIdleClients();
      job.placedAs = job.cost;
      job.placedAt = ++this.#placed;
      return job;
    }
    return undefined;
  }

  /**
   * The running job to move off its engine so waiting light or unknown work can run, or undefined:
   * only when every engine is ready and runs heavy work, no job placed as light is within its grace at
   * `now`, and a job placed as light or unknown has turned heavy (the one placed last of them).
   */
  preemptable(engines: readonly EngineView<J>[], probation: boolean, now = 0): J | undefined {
    const waitingShort = this.#queues.light.length > 0 || (probation && this.#queues.unknown.length > 0);
    if (!waitingShort) return undefined;
    const readyEngines = engines.filter((e) => e.ready);
    if (readyEngines.length === 0 || readyEngines.length < engines.length || readyEngines.some((e) => e.job === null || e.job.cost !== 'heavy')) return undefined;
    let victim: J | undefined;
    for (const e of readyEngines) {
      const job = e.job!;
      if (job.placedAs === 'heavy') continue;
      // A short query slowed by a busy machine, within its grace: its engine is likely to be free first.
      if ((job.movableAt ?? -Infinity) > now) return undefined;
      if (victim === undefined || (job.placedAt ?? 0) > (victim.placedAt ?? 0)) victim = job;
    }
    return victim;
  }

  /** The waiting job of the client served longest ago (never served: first), earliest among its own. */
  #fairest(queue: readonly J[], fits: (job: J) => boolean): J | undefined {
    let best: J | undefined;
    let bestTurn = Infinity;
    for (const job of queue) {
      if (!fits(job)) continue;
      const turn = this.#served.get(job.client) ?? 0;
      if (turn < bestTurn) {
        best = job;
        bestTurn = turn;
        if (turn === 0) break;
      }
    }
    return best;
  }

  #forgetIdleClients(): void {
    const waiting = new Set(this.waiting().map((j) => j.client));
    for (const client of this.#served.keys()) if (!waiting.has(client)) this.#served.delete(client);
  }
}
