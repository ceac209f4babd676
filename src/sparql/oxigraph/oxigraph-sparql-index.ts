import { getHeapStatistics } from 'node:v8';
import { QueryTimeoutError, ServiceUnavailableError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import { silentLogger } from '../../core/ports/logger.js';
import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../core/ports/sparql-index.js';
import { costShape } from '../../rdf/sparql-text.js';
import { QueryHistory } from './query-history.js';
import { QueryQueues, type EngineView, type QueryCost } from './query-queues.js';
import { ApplyBatches } from './apply-batches.js';
import { ChunkFeed } from './chunk-feed.js';
import { ReplicaCopy } from './replica-copy.js';
import { loadReplicas, type LoadFigures, type LoadPool } from './replica-load.js';
import type { ReplicaThread } from './replica-thread.js';
import { ReplicaRestarts } from './replica-restarts.js';
import { StopBudget } from './stop-budget.js';
import { MemoryWatch } from './memory-watch.js';
import { abortReason, checkGraphNames, loadError, queryError } from './pool-failures.js';
import { queryKey, queryRequest, queryWork, datasetKey, settle, timeoutMessage, type Outcome, type Replica, type Task, type Work } from './pool-task.js';
import { ClientEngineBudget } from './client-engine-budget.js';
import type { OxigraphSparqlIndexOptions } from './oxigraph-sparql-index-options.js';
import { QueryAdmission } from './query-admission.js';
import { QueryStops } from './query-stops.js';
import { ReplicaSurplus } from './replica-surplus.js';

export type { LoadFigures } from './replica-load.js';
export type { OxigraphSparqlIndexOptions } from './oxigraph-sparql-index-options.js';

/**
 * Queries a replica's thread may hold at once: the one it runs and light ones behind it. Under load the
 * main thread answers late (a harvest, forty search clients); one query at a time per replica made each
 * short query's turn cost that delay, not the engine's milliseconds.
 */
const PIPELINE_DEPTH = 6;
/**
 * A query placed as light (it ran short lately, by its text or shape) that passes the light budget is
 * moved off the last engine left for short work only after this many budgets: on a busy machine a
 * lookup can pass the budget once, and moving it restarts its engine (a copy from another replica, or
 * a load from the store). An unknown query, placed on probation, is movable at once.
 */
const LIGHT_GRACE_BUDGETS = 5;
/** The quad count is refreshed after an apply at most this often (counting walks the whole store). */
const SIZE_REFRESH_MS = 30_000;

/**
 * The embedded SPARQL index: a pool of oxigraph replicas in worker threads, each with a full copy.
 *
 * - A query goes to an idle ready replica; when all are busy or loading it waits, bounded by its own
 *   time limit. Queries are light, unknown or heavy (query-queues.ts places them): heavy when the same
 *   text ran longer than `heavyAfterMs` lately or its shape (constants blanked) was stopped at a time or
 *   memory limit lately, when the same text is already running or waiting, or once a run passes that
 *   budget; light when its text or shape ran shorter lately, it has no variables, or it looks up subjects it names (isSubjectLookup); unknown otherwise. Light queries go first, then unknown ones, each client in
 *   turn; heavy ones never take the last replica not running a heavy query (with two replicas, one is
 *   always left for short queries; while one is restarted, the other). An unknown query that turns
 *   heavy on that last replica while short work waits is moved off it (a light one after a grace of
 *   LIGHT_GRACE_BUDGETS budgets) (the replica is restarted: `movesPerMinute`) to wait with the heavy
 *   ones, so short queries never wait for a long one to end. Heavy queries are capped per client (429)
 *   and in all (503), with Retry-After.
 * - Results are capped in rows and characters: the replica caps the query's solutions with a LIMIT
 *   one past the cap (the engine stops there) and refuses a result past either cap as a whole.
 * - A query past its time limit is really stopped: its replica's thread is terminated (this
 *   interrupts a running WASM query) and a fresh one is filled in the background from a copy of a
 *   ready replica, dumped part by part between the queries that replica serves (or from `loadAll`
 *   when none is ready), replaying the apply batches that arrived meanwhile, while the others serve. The same query (text
 *   and dataset) with the same or a lower limit is then refused at once for `rememberTimeoutMs`,
 *   without costing another reload. A running query whose client went away is stopped the same way
 *   within a budget of stops per minute; past it, it runs on and its answer is dropped.
 * - A replica that crashes is restarted the same way; the query it ran gets ServiceUnavailableError.
 * - Every apply batch goes to every replica, cut into chunks (apply-batches.ts) that the pool schedules
 *   like queries: a replica runs short queries between its chunks, and takes long or unknown work only
 *   once it has caught up. apply() resolves when one replica holds the batch; a query that arrives later
 *   runs only on a replica that holds it, so a replica running a long query never holds up the harvest's
 *   projection. A loading replica keeps its chunks for later.
 */
export class OxigraphSparqlIndex implements SparqlIndex {
  private readonly replicas: Replica[] = [];
  /** Waiting queries and size requests, by cost. */
  private readonly queues = new QueryQueues<Task>();
  private readonly history: QueryHistory;
  /** Which queries are taken and when they may start: their cost, the caps, each client's engine budget. */
  private readonly admission: QueryAdmission;
  /** Stops queries (a running one restarts its replica) and moves them off the engine left for short work. */
  private readonly stops: QueryStops;
  private readonly moves: StopBudget;
  private readonly limits: {
    readonly maxRows: number;
    readonly maxResultChars: number;
    readonly heavyAfterMs: number;
    readonly heavyPerClient: number;
    readonly heavyQueue: number;
    readonly lightQueue: number;
  };
  private quads: number | null = null;
  private readonly loadAll: () => AsyncIterable<readonly GraphReplacement[]>;
  private readonly onEngineWait: ((arrivedAs: QueryCost, ms: number) => void) | undefined;
  private readonly logger: Logger;
  private readonly sizeTimeoutMs: number;
  /** Replicas' threads, replaced and refilled after a stop or failure. */
  private readonly restarts: ReplicaRestarts;
  private readonly batches: ApplyBatches;
  /** Feeds each replica the chunks of the apply batches between its queries. */
  private readonly feed: ChunkFeed;
  private sizeRefreshedAt = 0;
  /** Refills a replica restarted after a stop from a copy of a ready one. */
  private readonly copy: ReplicaCopy;
  private readonly memory: MemoryWatch<Task>;
  private closed = false;
  /** How many replicas the index keeps (keepReplicas, replicasWanted); more are let go as soon as they serve nothing. */
  private readonly surplus: ReplicaSurplus;
  private loaded: Promise<void> = Promise.resolve();
  /** Figures of the last complete load (start or rebuild). */
  lastLoad: LoadFigures | undefined;

  private constructor(options: OxigraphSparqlIndexOptions) {
    const count = options.replicas ?? 2;
    if (!Number.isInteger(count) || count < 1) throw new Error(`An oxigraph SPARQL index needs at least one replica, not ${count}.`);
    this.loadAll = options.loadAll;
    this.onEngineWait = options.onEngineWait;
    this.logger = (options.logger ?? silentLogger).child({ component: 'sparql-index' });
    this.sizeTimeoutMs = options.sizeTimeoutMs ?? 30_000;
    this.surplus = new ReplicaSurplus(
      { replicas: this.replicas, closed: () => this.closed, wakeApplies: () => this.feed.wake() },
      options.replicasWanted,
      options.replicasCheckMs ?? 10_000,
      this.logger,
    );
    this.copy = new ReplicaCopy(
      {
        replicas: this.replicas,
        closed: () => this.closed,
        open: (replica) => this.open(replica),
        replaceThread: (replica) => this.restarts.replaceThread(replica),
        dispatch: () => this.dispatch(),
      },
      options.cloneWaitMs ?? 2_000,
      this.logger,
    );
    this.limits = {
      maxRows: options.maxRows ?? 50_000,
      maxResultChars: options.maxResultChars ?? 50_000_000,
      heavyAfterMs: options.heavyAfterMs ?? 1000,
      heavyPerClient: options.heavyPerClient ?? 2,
      heavyQueue: options.heavyQueue ?? 8,
      lightQueue: options.lightQueue ?? 256,
    };
    this.history = new QueryHistory(1000, options.rememberTimeoutMs ?? 300_000);
    this.moves = new StopBudget(options.movesPerMinute ?? 6);
    this.admission = new QueryAdmission(
      {
        replicas: this.replicas,
        queues: this.queues,
        closed: () => this.closed,
        dispatch: () => this.dispatch(),
        restartMs: () => this.copy.lastMs ?? this.lastLoad?.ms ?? 0,
      },
      this.history,
      new ClientEngineBudget(options.clientEngineTime?.perMinuteMs ?? 10_000, options.clientEngineTime?.burstMs ?? 60_000),
      this.limits,
    );
    this.batches = new ApplyBatches(options.applyChunk ?? { maxGraphs: 100, maxChars: 512_000 });
    this.feed = new ChunkFeed(
      { replicas: this.replicas, batches: this.batches, closed: () => this.closed, dispatch: () => this.dispatch(), refreshSize: (replica) => this.refreshSize(replica) },
      this.limits.heavyAfterMs,
      this.logger,
    );
    const memoryLimitBytes = (options.queryMemoryMb ?? 256) * 1024 * 1024;
    this.stops = new QueryStops(
      { queues: this.queues, requeueBehind: (replica) => this.requeueBehind(replica), recycle: (replica) => this.restarts.recycle(replica, 'stopped') },
      this.history,
      this.admission,
      new StopBudget(options.stopsPerMinute ?? 6),
      memoryLimitBytes,
      this.logger,
    );
    this.memory = new MemoryWatch<Task>(
      { limitBytes: memoryLimitBytes, sampleMs: options.memorySampleMs ?? 200, resident: options.residentMemory ?? (() => process.memoryUsage.rss()), heap: options.threadHeap ?? (() => getHeapStatistics().total_heap_size) },
      () => this.replicas.map((r) => r.current).filter((t): t is Task => t !== null),
      (task, rss, grew) => this.stops.forMemory(task, rss, grew),
    );
    this.restarts = new ReplicaRestarts(
      {
        replicas: this.replicas,
        batches: this.batches,
        closed: () => this.closed,
        requeueBehind: (replica) => this.requeueBehind(replica),
        wakeApplies: () => this.feed.wake(),
        letGoSurplus: () => this.surplus.letGo(),
        copyInto: (replica, generation) => this.copy.into(replica, generation),
        loadFromStore: (replica) => this.fill([replica], this.loadAll()),
      },
      options.restartDelayMs ?? 500,
      options.workerModule,
      this.logger,
    );
    for (let number = 0; number < count; number++) {
      const replica: Replica = { number, thread: undefined as unknown as ReplicaThread, state: 'loading', loadingSince: performance.now(), generation: 0, current: null, queued: [], pending: [], applying: null, appliedSeq: 0, lastChunkAt: 0, lastChunkMs: 0, dumping: false, failures: 0 };
      replica.thread = this.restarts.newThread(replica);
      this.replicas.push(replica);
    }
  }

  /**
   * Starts the replicas and fills them from `loadAll` in the background: queries wait (within their
   * time limit) until a replica is ready. `ready()` resolves when the first load is complete.
   * No rebuild() is needed at start.
   */
  static start(options: OxigraphSparqlIndexOptions): OxigraphSparqlIndex {
    const index = new OxigraphSparqlIndex(options);
    index.loaded = index.fill(index.replicas, index.loadAll()).catch((error: unknown) => {
      index.logger.error({ err: error }, 'Loading the SPARQL index failed; replicas will retry from the store.');
      for (const r of index.replicas) if (r.state === 'loading') index.restarts.recycle(r, 'failure');
    });
    return index;
  }

  /** Resolves when the load begun by start() or the latest rebuild() is complete. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /**
   * Replaces graphs in every replica. Resolves when one ready replica holds the batch (then every later
   * query sees it); the others apply it between their queries, or after the long one they run. Waits
   * first while a ready replica is MAX_BATCHES_BEHIND batches behind (chunk-feed.ts).
   */
  async apply(changes: readonly GraphReplacement[]): Promise<void> {
    this.assertOpen();
    checkGraphNames(changes);
    if (changes.length === 0) return;
    await this.feed.room();
    this.assertOpen();
    const { chunks, done } = this.batches.add([...changes]);
    for (const r of this.replicas) if (r.state !== 'closed') r.pending.push(...chunks);
    if (!this.replicas.some((r) => r.state === 'ready')) this.batches.settleAll(); // loading replicas replay it before they serve
    this.dispatch();
    const failed = await done;
    this.surplus.reconsider();
    const errors = new Map<string, string>();
    for (const e of failed) errors.set(e.graph, e.message);
    if (errors.size > 0) throw loadError(errors);
  }

  /**
   * Empties every replica and loads the batches into all of them at once (each replica gets a fresh
   * thread, which also gives the old one's memory back). Queries wait while it runs; apply batches
   * that arrive meanwhile are replayed after it.
   */
  async rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    this.assertOpen();
    // What was applied before is replaced by the batches given; only what is applied meanwhile is replayed after them.
    const before = this.batches.latestSeq;
    for (const r of this.replicas) {
      this.restarts.replaceThread(r);
      r.pending = r.pending.filter((chunk) => chunk.seq > before);
    }
    const loading = this.fill(this.replicas, batches);
    this.loaded = loading.catch(() => {}); // ready() only waits; the failure is thrown to rebuild()'s caller below
    try {
      await loading;
    } catch (error) {
      // The replicas hold part of the batches: refill them from the authoritative content.
      for (const r of this.replicas) if (r.state === 'loading') this.restarts.recycle(r, 'failure');
      throw error;
    }
  }

  query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    return this.submit(queryWork(request), request.timeoutMs, request.signal) as Promise<SparqlQueryResult>;
  }

  size(): Promise<number> {
    return this.submit({ op: 'size' }, this.sizeTimeoutMs) as Promise<number>;
  }

  status(): SparqlIndexStatus {
    const s = this.replicaStates();
    const state = s.ready === 0 ? (this.replicas.some((r) => r.failures > 0) ? 'degraded' : 'loading') : s.busy >= s.ready ? 'busy' : 'ready';
    return { state, quads: this.quads, engines: { ready: s.ready, loading: s.loading, busy: s.busy }, queued: s.queued };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.memory.close();
    this.admission.close();
    this.batches.settleAll();
    this.feed.wake();
    for (const task of this.queues.waiting()) {
      this.queues.remove(task);
      settle(task, { error: new ServiceUnavailableError('The SPARQL index was shut down.') });
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        r.generation++;
        r.state = 'closed';
        for (const task of [r.current, ...r.queued]) if (task) settle(task, { error: new ServiceUnavailableError('The SPARQL index was shut down.') });
        r.queued = [];
        await r.thread.terminate();
      }),
    );
  }

  /** Replica states: how many are ready, loading, busy, and the queries waiting. */
  replicaStates(): { ready: number; loading: number; busy: number; queued: number } {
    return {
      ready: this.replicas.filter((r) => r.state === 'ready').length,
      loading: this.replicas.filter((r) => r.state === 'loading').length,
      busy: this.replicas.filter((r) => r.current !== null).length,
      queued: this.queues.size,
    };
  }

  /**
   * Keeps at most `count` replicas (at least one): each one beyond it is let go as soon as it serves nothing (no query
   * running or sent behind one, no chunk being applied, not being copied from), a loading one first, then the one
   * furthest behind, and never the last ready one. Its thread ends, and with it its copy of the index: about 0.7 GB at
   * 40 000 records. The others carry on with the queries and batches.
   */
  keepReplicas(count: number): void {
    this.surplus.keep(count);
  }

  /** Queries moved off an engine since start (they turned heavy on the engine left for short work). */
  get moved(): number {
    return this.stops.moved;
  }

  /** How many restarted replicas were filled from another replica's dump rather than from the store. */
  get cloned(): number {
    return this.copy.count;
  }

  // --- queries ---

  private submit(work: Work, timeoutMs: number, signal?: AbortSignal): Promise<SparqlQueryResult | number> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('The SPARQL index is shut down.'));
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return Promise.reject(new Error(`A query needs a positive time limit in ms, not ${timeoutMs}.`));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const key = work.op === 'size' ? '' : queryKey(work);
    const { shape, ground, lookup } = work.op === 'size' ? { shape: '', ground: true, lookup: false } : costShape(work.request.query);
    const evident = ground || lookup;
    const shapeKey = work.op === 'size' ? '' : datasetKey(shape, work);
    const client = work.op === 'query' ? (work.request.client ?? '') : '';
    const noEngine = work.op === 'query' ? this.noEngineInTime(timeoutMs) : undefined;
    if (noEngine !== undefined) return Promise.reject(noEngine);
    const admitted = work.op === 'query' ? this.admission.admit(key, shapeKey, evident, client, timeoutMs) : 'light';
    if (admitted instanceof Error) return Promise.reject(admitted);
    const cost: QueryCost = admitted;
    return new Promise((resolve, reject) => {
      const task: Task = { work, timeoutMs, key, shape: shapeKey, evident, client, cost, arrived: { as: cost, at: performance.now() }, attempt: 0, needSeq: this.batches.visibleSeq, orphaned: false, deadline: Date.now() + timeoutMs, resolve, reject, replica: null, settled: false };
      task.timer = setTimeout(() => this.stops.stop(task, new QueryTimeoutError(timeoutMessage(task)), 'timeout'), timeoutMs);
      if (signal) {
        const onAbort = (): void => this.stops.stop(task, abortReason(signal), 'abort');
        signal.addEventListener('abort', onAbort, { once: true });
        task.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queues.add(task);
      this.dispatch();
    });
  }

  /**
   * Refuses at once a query no engine can take within its time limit: no replica is ready, and each is being
   * refilled from the store (a stopped query's, with one replica) and by the last load's time will not be ready
   * before the query's limit ends. It would only wait out its limit and get 503 then (30 s in the harvest bench
   * at 100 000 datasets); now it gets 503 at once with Retry-After. At the first start no load time is known:
   * queries wait, as they do for a refill expected within their limit.
   */
  private noEngineInTime(timeoutMs: number): Error | undefined {
    const loadMs = this.lastLoad?.ms;
    if (loadMs === undefined || this.replicas.some((r) => r.state === 'ready')) return undefined;
    const loading = this.replicas.filter((r) => r.state === 'loading');
    if (loading.length === 0) return undefined;
    const readyInMs = Math.min(...loading.map((r) => r.loadingSince + loadMs - performance.now()));
    if (readyInMs <= timeoutMs) return undefined;
    const seconds = Math.max(1, Math.ceil(readyInMs / 1000));
    return new ServiceUnavailableError(
      `No SPARQL engine is ready: the engine is being filled again from the catalog (the last load took ${Math.round(loadMs / 1000)} s), which should end in about ${seconds} s, after this query's time limit of ${Math.round(timeoutMs / 1000)} s. Try again in ${seconds} s.`,
      { retryAfter: seconds },
    );
  }

  private engines(): EngineView<Task>[] {
    return this.replicas.map((r) => ({ ready: r.state === 'ready', job: r.current, lagging: r.state === 'ready' && this.feed.lagging(r) }));
  }

  /**
   * Places waiting work on idle engines (query-queues.ts says which), after moving unknown queries whose
   * cost became known meanwhile; then moves a query that turned heavy on the engine left for short
   * work off it, when short work waits.
   */
  private dispatch(): void {
    this.reclassifyWaiting();
    for (let placed = true; placed; ) {
      placed = false;
      for (const replica of this.replicas) {
        if (replica.state !== 'ready' || replica.applying !== null || replica.dumping) continue;
        placed = (replica.current === null ? this.placeOn(replica) : this.pipelineOn(replica)) || placed;
      }
    }
    const victim = this.queues.preemptable(this.engines(), this.moves.available(), performance.now());
    if (victim !== undefined && this.moves.take()) this.stops.moveOff(victim);
    this.admission.armBudgetTimer();
    this.surplus.letGo();
  }

  /**
   * Gives an idle ready replica its next piece of work: a waiting query it may take, or the next chunk of
   * the apply batches it has yet to apply. While chunks wait it takes only light queries that need no
   * batch it lacks, for queryWindowMs after a chunk (long work waits until it has caught up,
   * so a long query never holds changes back for its whole run). False when it stays idle.
   */
  private placeOn(replica: Replica): boolean {
    const behind = replica.pending.length > 0;
    if (!behind || this.feed.windowOpen(replica)) {
      const fits = behind ? (t: Task): boolean => t.cost === 'light' && t.needSeq <= replica.appliedSeq : (t: Task): boolean => t.needSeq <= replica.appliedSeq && this.admission.withinBudget(t);
      const task = this.queues.take(this.engines(), this.moves.available(), fits);
      if (task !== undefined) {
        const refusal = this.admission.unfinishable(task);
        if (refusal !== undefined) settle(task, { error: refusal });
        else this.run(replica, task);
        return true;
      }
    }
    if (!behind) return false;
    this.feed.next(replica);
    return true;
  }

  /**
   * Sends a light query to a replica running a light one, to run right after it (within PIPELINE_DEPTH,
   * and while chunks wait only within queryWindowMs after the last). Only queries whose answer
   * the thread writes in order (results, or N-Triples): a graph written in another syntax may answer late.
   */
  private pipelineOn(replica: Replica): boolean {
    const head = replica.current!;
    if (head.cost !== 'light' || head.work.op !== 'query' || replica.queued.length >= PIPELINE_DEPTH - 1) return false;
    if (replica.pending.length > 0 && !this.feed.windowOpen(replica)) return false;
    // Long or unseen work waits, and this engine is not the last one left for short work: it takes that
    // work once it is idle, so a steady flow of short queries does not keep it busy for ever.
    const ready = this.replicas.filter((r) => r.state === 'ready');
    const notHeavy = ready.filter((r) => r.current?.cost !== 'heavy').length;
    if (this.queues.waiting('heavy').length + this.queues.waiting('unknown').length > 0 && ready.length > 1 && notHeavy > 1) return false;
    const fits = (t: Task): boolean => t.cost === 'light' && t.work.op === 'query' && t.work.graphFormat === undefined && t.needSeq <= replica.appliedSeq;
    const task = this.queues.take(this.engines(), this.moves.available(), fits);
    if (task === undefined) return false;
    replica.queued.push(task);
    task.replica = replica;
    this.send(replica, task);
    return true;
  }

  /** An unknown query waiting whose text or shape has since been seen goes with its class (a heavy one within the caps). */
  private reclassifyWaiting(): void {
    for (const task of [...this.queues.waiting('unknown')]) {
      const cost = this.admission.knownCost(task.key, task.shape, task.evident);
      if (cost === 'unknown') continue;
      const refusal = cost === 'heavy' ? this.admission.heavyRefusal(task.client, task) : undefined;
      if (refusal !== undefined) {
        this.queues.remove(task);
        settle(task, { error: refusal });
      } else this.queues.reclassify(task, cost);
    }
  }

  /** Runs a task on an idle replica. */
  private run(replica: Replica, task: Task): void {
    replica.current = task;
    task.replica = replica;
    this.begin(replica, task);
    this.send(replica, task);
  }

  /** A task's run begins on its replica: its clock, memory baseline and light budget start. */
  private begin(replica: Replica, task: Task): void {
    task.startedAt = performance.now();
    const work = task.work;
    if (work.op === 'query') {
      this.memory.begin(task);
      if (!task.waitReported) {
        task.waitReported = true;
        this.onEngineWait?.(task.arrived.as, task.startedAt - task.arrived.at);
      }
    }
    if (work.op === 'query' && task.cost !== 'heavy') {
      const lightBudgetMs = this.limits.heavyAfterMs;
      if (task.cost === 'light') task.movableAt = task.startedAt + lightBudgetMs * LIGHT_GRACE_BUDGETS;
      task.heavyTimer = setTimeout(() => {
        if (replica.current !== task) return;
        task.cost = 'heavy';
        // Once its grace has passed, it may be moved off: look again then.
        if (task.movableAt !== undefined) task.heavyTimer = setTimeout(() => replica.current === task && this.dispatch(), lightBudgetMs * (LIGHT_GRACE_BUDGETS - 1));
        // Its text is heavy now; its shape only when a run of it is stopped at a limit: on a machine
        // short of CPU a lookup may pass the budget once, and every lookup of that shape would then wait.
        this.history.turnedHeavy(task.key);
        // The queries sent behind it would wait for it: they wait for an engine again instead.
        this.requeueBehind(replica);
        this.dispatch();
      }, this.limits.heavyAfterMs);
    }
  }

  /** Light queries sent behind a replica's current one go back to wait (their answers from it, if any, are dropped). */
  private requeueBehind(replica: Replica): void {
    for (const task of replica.queued) {
      task.attempt++;
      task.replica = null;
      if (!task.settled) this.queues.add(task);
    }
    replica.queued = [];
  }

  /** Sends a task to its replica's thread; the answer goes to finish(). */
  private send(replica: Replica, task: Task): void {
    const generation = replica.generation;
    const attempt = task.attempt;
    const work = task.work;
    const answer: Promise<SparqlQueryResult | number> =
      work.op === 'size'
        ? replica.thread.request({ op: 'size' })
        : replica.thread.request(queryRequest(work, { maxRows: this.limits.maxRows, maxChars: this.limits.maxResultChars })).then((body) => ({ mediaType: work.mediaType, body }));
    answer.then(
      (value) => {
        if (work.op === 'size' && task.attempt === attempt) this.quads = value as number;
        this.finish(replica, generation, task, attempt, { value });
      },
      (error: unknown) => this.finish(replica, generation, task, attempt, { error: queryError(error) }),
    );
  }

  private finish(replica: Replica, generation: number, task: Task, attempt: number, outcome: Outcome): void {
    if (task.attempt !== attempt) return; // the task was moved off this run's engine; it runs again elsewhere
    clearTimeout(task.heavyTimer);
    const ms = performance.now() - (task.startedAt ?? performance.now());
    // A run ended by a stop or crash (its engine replaced) was charged by the stop, with the restart.
    if (replica.generation === generation) this.admission.charge(task, false);
    if (task.work.op === 'query' && !(('error' in outcome) && outcome.error instanceof ServiceUnavailableError)) {
      this.history.ran(task.key, ms >= this.limits.heavyAfterMs);
      if (ms < this.limits.heavyAfterMs) this.history.ran(task.shape, false);
      else this.history.finishedAfter(task.shape, ms);
    }
    if (replica.generation === generation) {
      if (replica.current === task) {
        // The next query sent behind it runs now.
        const next = replica.queued.shift() ?? null;
        replica.current = next;
        if (next !== null) this.begin(replica, next);
      } else {
        const at = replica.queued.indexOf(task);
        if (at >= 0) replica.queued.splice(at, 1);
      }
    }
    settle(task, outcome);
    this.dispatch();
  }

  // --- the quad count ---

  /** Counts the quads now and then, on the replica that just applied a batch (counting walks the whole store). */
  private refreshSize(replica: Replica): void {
    if (Date.now() - this.sizeRefreshedAt < SIZE_REFRESH_MS && this.quads !== null) return;
    this.sizeRefreshedAt = Date.now();
    replica.thread.request({ op: 'size' }).then(
      (quads) => (this.quads = quads),
      () => {},
    );
  }

  // --- loading ---

  /** Loads batches into loading replicas (replica-load.ts), then lets them serve. */
  private fill(replicas: readonly Replica[], batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    const pool: LoadPool = {
      open: (replica) => this.open(replica),
      loaded: (figures) => {
        this.quads = figures.quads;
        this.lastLoad = figures;
      },
    };
    return loadReplicas(pool, replicas, batches, this.logger);
  }

  /** A loaded replica serves; it applies what arrived while it loaded before it takes queries that need it. */
  private open(replica: Replica): void {
    replica.appliedSeq = replica.pending.length > 0 ? replica.pending[0]!.seq - 1 : this.batches.latestSeq;
    replica.state = 'ready';
    replica.failures = 0;
    this.feed.wake();
    this.dispatch();
  }

  private assertOpen(): void {
    if (this.closed) throw new ServiceUnavailableError('The SPARQL index is shut down.');
  }
}
