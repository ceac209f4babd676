import { getHeapStatistics } from 'node:v8';
import { QueryMemoryError, QueryTimeoutError, ServiceUnavailableError, TooManyRequestsError } from '../../core/errors.js';
import { logContext } from '../../core/log-context.js';
import type { Logger } from '../../core/ports/logger.js';
import { silentLogger } from '../../core/ports/logger.js';
import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../core/ports/sparql-index.js';
import { costShape } from '../../rdf/sparql-text.js';
import { QueryHistory } from './query-history.js';
import { QueryQueues, type EngineView, type QueryCost } from './query-queues.js';
import { ApplyBatches, queryWindowMs } from './apply-batches.js';
import { ReplicaCopy } from './replica-copy.js';
import type { ApplyOutcome, GraphFormat } from './replica-protocol.js';
import { ReplicaThread, type WorkerModule } from './replica-thread.js';
import { StopBudget } from './stop-budget.js';
import { MemoryWatch } from './memory-watch.js';
import { abortReason, checkGraphNames, loadError, queryError } from './pool-failures.js';
import { queryKey, datasetKey, timeoutMessage, type Outcome, type Replica, type Task, type Work } from './pool-task.js';
import { ClientEngineBudget } from './client-engine-budget.js';

export interface OxigraphSparqlIndexOptions {
  /** Replicas: worker threads that each hold a full copy of the index (config.sparql.workers). Default 2. */
  readonly replicas?: number;
  /**
   * The authoritative content of the index, in batches (main wires it to the store's published
   * records). It fills the replicas at start and refills a replica that was stopped (a query past its
   * time limit) or crashed, so it must give what rebuild() and apply() have been given.
   */
  readonly loadAll: () => AsyncIterable<readonly GraphReplacement[]>;
  readonly logger?: Logger;
  /** Wait before restarting a replica after its first failure in a row; doubles with each, up to 30 s. Default 500 ms. */
  readonly restartDelayMs?: number;
  /** Time limit of size() requests. Default 30 s. */
  readonly sizeTimeoutMs?: number;
  /**
   * The replica worker module. Only tests set it, to wrap ./replica-worker in a module that can be
   * made to crash.
   */
  readonly workerModule?: WorkerModule;
  /** The most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) a result may have. Default 50 000. */
  readonly maxRows?: number;
  /** The most characters a serialised result may have. Default 50 000 000. */
  readonly maxResultChars?: number;
  /** A query running longer than this is heavy; heavy queries never take the last engine free for others. Default 1 000 ms. */
  readonly heavyAfterMs?: number;
  /** Heavy queries one client may have running and waiting; past it, 429. Default 2. */
  readonly heavyPerClient?: number;
  /** Heavy queries that may wait in all; past it, 503. Default 8. */
  readonly heavyQueue?: number;
  /** Other queries that may wait in all; past it, 503. Default 256. */
  readonly lightQueue?: number;
  /**
   * How long a stopped replica waits for another to come free (idle, or running a short query) to copy
   * from, before it loads from the store instead. Default 2 000 ms.
   */
  readonly cloneWaitMs?: number;
  /** Running queries stopped per minute because their client left (each costs a reload). Default 6. */
  readonly stopsPerMinute?: number;
  /**
   * Queries moved off the engine left for short work per minute, when they turned heavy there while short
   * work waited (each costs a reload). While none are left, unknown queries do not take that engine. Default 6.
   */
  readonly movesPerMinute?: number;
  /** How long a query stopped at its time limit is refused at once (with the same or a lower limit). Default 5 min. */
  readonly rememberTimeoutMs?: number;
  /**
   * Memory a running query may add to the process, MB. The engine's memory (WASM) is outside the V8
   * heap, so a worker's heap cap does not bound it: the pool samples the process's resident memory
   * while queries run and stops the query under which it grew past this (422), less what this thread's
   * own heap grew by meanwhile (a harvest's work, never the engine's). Default 256.
   */
  readonly queryMemoryMb?: number;
  /**
   * Called once per query when it first starts on an engine, with what the pool knew of its cost when it
   * arrived (`light`: known short; `unknown`: never run; `heavy`: known long) and how long it waited for an
   * engine, ms (main wires it to the metric `datakatalog_sparql_engine_wait_seconds`).
   */
  readonly onEngineWait?: (arrivedAs: QueryCost, ms: number) => void;
  /**
   * Apply batches are cut into chunks of at most this many graphs and characters of N-Triples; a replica
   * runs waiting short queries between its chunks. Default 100 graphs, 512 000 characters.
   */
  readonly applyChunk?: { readonly maxGraphs: number; readonly maxChars: number };
  /**
   * Engine time one client may use (client-engine-budget.ts): `perMinuteMs` a minute, at most `burstMs`
   * at once; a run is charged when it ends, a stop the engine restart it caused too. While a client's
   * budget is spent, its long-running and unseen queries wait (within their time limits; at the limit,
   * 429 with Retry-After). `perMinuteMs` 0 turns it off. Default 10 s a minute, 60 s at once.
   */
  readonly clientEngineTime?: { readonly perMinuteMs: number; readonly burstMs: number };
  /** How often resident memory is sampled while a query runs, ms. Default 200. */
  readonly memorySampleMs?: number;
  /** The process's resident memory, bytes (tests give their own). Default process.memoryUsage.rss. */
  readonly residentMemory?: () => number;
  /**
   * The size of this thread's V8 heap, bytes (tests give their own). Default v8's total_heap_size. Its
   * growth while a query runs is this thread's (a harvest's), never the engine's, so it is not counted
   * against the query.
   */
  readonly threadHeap?: () => number;
  /**
   * How many replicas the index should have now (main wires `SPARQL_WORKERS=auto` to the catalog's size). Asked after
   * applied batches, at most every `replicasCheckMs`; when it says fewer than the index has, the surplus replicas are let
   * go (keepReplicas). It never adds one: a new copy is a full load, done at the next start.
   */
  readonly replicasWanted?: () => Promise<number>;
  /** The least time between two questions to `replicasWanted`, ms. Default 10 000. */
  readonly replicasCheckMs?: number;
}

/** Figures of the last complete load of the replicas. */
export interface LoadFigures {
  readonly graphs: number;
  readonly quads: number;
  readonly ms: number;
  readonly quadsPerSecond: number;
}


const LOAD_WINDOW = 2;
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
/** apply() waits while a ready replica is this many batches behind (a long query holds it), so batches do not pile up. */
const MAX_BATCHES_BEHIND = 8;
/** The quad count is refreshed after an apply at most this often (counting walks the whole store). */
const SIZE_REFRESH_MS = 30_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** The least a chunk is reckoned to take when judging how far behind a replica is (ms). */
const MIN_CHUNK_MS = 20;

/** Media types of graph results, and how the replica writes them (N-Triples comes from the engine as is). */
const GRAPH_FORMATS: Readonly<Record<string, GraphFormat['format'] | null>> = {
  'application/n-triples': null,
  'text/turtle': 'turtle',
  'application/ld+json': 'json-ld',
  'application/rdf+xml': 'rdf-xml',
};

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
  private readonly stops: StopBudget;
  private readonly moves: StopBudget;
  private readonly budget: ClientEngineBudget;
  /** Dispatches again when a client's engine budget has refilled enough for its waiting work. */
  private budgetTimer: NodeJS.Timeout | undefined;
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
  private readonly restartDelayMs: number;
  private readonly sizeTimeoutMs: number;
  private readonly workerModule: WorkerModule | undefined;
  private readonly batches: ApplyBatches;
  /** apply() calls waiting for a replica to catch up. */
  private roomWaiters: (() => void)[] = [];
  private sizeRefreshedAt = 0;
  private movedCount = 0;
  /** Refills a replica restarted after a stop from a copy of a ready one. */
  private readonly copy: ReplicaCopy;
  private readonly memory: MemoryWatch<Task>;
  private closed = false;
  /** The most replicas the index keeps (keepReplicas); more are let go as soon as they serve nothing. */
  private keep = Number.POSITIVE_INFINITY;
  private readonly replicasWanted: (() => Promise<number>) | undefined;
  private readonly replicasCheckMs: number;
  private replicasCheckedAt = Number.NEGATIVE_INFINITY;
  private loaded: Promise<void> = Promise.resolve();
  /** Figures of the last complete load (start or rebuild). */
  lastLoad: LoadFigures | undefined;

  private constructor(options: OxigraphSparqlIndexOptions) {
    const count = options.replicas ?? 2;
    if (!Number.isInteger(count) || count < 1) throw new Error(`An oxigraph SPARQL index needs at least one replica, not ${count}.`);
    this.loadAll = options.loadAll;
    this.onEngineWait = options.onEngineWait;
    this.logger = (options.logger ?? silentLogger).child({ component: 'sparql-index' });
    this.restartDelayMs = options.restartDelayMs ?? 500;
    this.sizeTimeoutMs = options.sizeTimeoutMs ?? 30_000;
    this.workerModule = options.workerModule;
    this.replicasWanted = options.replicasWanted;
    this.replicasCheckMs = options.replicasCheckMs ?? 10_000;
    this.copy = new ReplicaCopy(
      {
        replicas: this.replicas,
        closed: () => this.closed,
        open: (replica) => this.open(replica),
        replaceThread: (replica) => this.replaceThread(replica),
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
    this.stops = new StopBudget(options.stopsPerMinute ?? 6);
    this.moves = new StopBudget(options.movesPerMinute ?? 6);
    this.budget = new ClientEngineBudget(options.clientEngineTime?.perMinuteMs ?? 10_000, options.clientEngineTime?.burstMs ?? 60_000);
    this.batches = new ApplyBatches(options.applyChunk ?? { maxGraphs: 100, maxChars: 512_000 });
    this.memory = new MemoryWatch<Task>(
      { limitBytes: (options.queryMemoryMb ?? 256) * 1024 * 1024, sampleMs: options.memorySampleMs ?? 200, resident: options.residentMemory ?? (() => process.memoryUsage.rss()), heap: options.threadHeap ?? (() => getHeapStatistics().total_heap_size) },
      () => this.replicas.map((r) => r.current).filter((t): t is Task => t !== null),
      (task, rss, grew) => this.stopForMemory(task, rss, grew),
    );
    for (let number = 0; number < count; number++) {
      const replica: Replica = { number, thread: undefined as unknown as ReplicaThread, state: 'loading', generation: 0, current: null, queued: [], pending: [], applying: null, appliedSeq: 0, lastChunkAt: 0, lastChunkMs: 0, dumping: false, failures: 0 };
      replica.thread = this.newThread(replica);
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
      for (const r of index.replicas) if (r.state === 'loading') index.recycle(r, 'failure');
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
   * first while a ready replica is MAX_BATCHES_BEHIND batches behind.
   */
  async apply(changes: readonly GraphReplacement[]): Promise<void> {
    this.assertOpen();
    checkGraphNames(changes);
    if (changes.length === 0) return;
    while (!this.closed && this.replicas.some((r) => r.state === 'ready' && this.batches.latestSeq - r.appliedSeq >= MAX_BATCHES_BEHIND)) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    this.assertOpen();
    const { chunks, done } = this.batches.add([...changes]);
    for (const r of this.replicas) if (r.state !== 'closed') r.pending.push(...chunks);
    if (!this.replicas.some((r) => r.state === 'ready')) this.batches.settleAll(); // loading replicas replay it before they serve
    this.dispatch();
    const failed = await done;
    this.reconsiderReplicas();
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
      this.replaceThread(r);
      r.pending = r.pending.filter((chunk) => chunk.seq > before);
    }
    const loading = this.fill(this.replicas, batches);
    this.loaded = loading.catch(() => {}); // ready() only waits; the failure is thrown to rebuild()'s caller below
    try {
      await loading;
    } catch (error) {
      // The replicas hold part of the batches: refill them from the authoritative content.
      for (const r of this.replicas) if (r.state === 'loading') this.recycle(r, 'failure');
      throw error;
    }
  }

  query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    const mediaType = request.mediaType.split(';')[0]!.trim().toLowerCase();
    const graph = GRAPH_FORMATS[mediaType];
    const work: Work =
      graph === undefined
        ? { op: 'query', request, resultsFormat: mediaType, mediaType }
        : {
            op: 'query',
            request,
            resultsFormat: 'application/n-triples',
            mediaType,
            ...(graph === null ? {} : { graphFormat: { format: graph, ...(request.jsonLdForm !== undefined ? { jsonLdForm: request.jsonLdForm } : {}) } }),
          };
    return this.submit(work, request.timeoutMs, request.signal) as Promise<SparqlQueryResult>;
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
    clearTimeout(this.budgetTimer);
    this.batches.settleAll();
    this.wakeApplies();
    for (const task of this.queues.waiting()) {
      this.queues.remove(task);
      this.settle(task, { error: new ServiceUnavailableError('The SPARQL index was shut down.') });
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        r.generation++;
        r.state = 'closed';
        for (const task of [r.current, ...r.queued]) if (task) this.settle(task, { error: new ServiceUnavailableError('The SPARQL index was shut down.') });
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
    if (!Number.isInteger(count) || count < 1) throw new Error(`An oxigraph SPARQL index keeps at least one replica, not ${count}.`);
    this.keep = count;
    this.letGoSurplus();
  }

  /** Asks `replicasWanted` how many replicas to keep, at most every replicasCheckMs, while there are more than one. */
  private reconsiderReplicas(): void {
    if (this.replicasWanted === undefined || this.replicas.length <= 1 || this.closed) return;
    const now = performance.now();
    if (now - this.replicasCheckedAt < this.replicasCheckMs) return;
    this.replicasCheckedAt = now;
    this.replicasWanted().then(
      (wanted) => {
        if (wanted >= this.replicas.length || this.closed) return;
        this.logger.info({ replicas: this.replicas.length, keep: wanted }, 'The catalog grew past what two SPARQL replicas are kept for: letting the surplus go.');
        this.keepReplicas(Math.max(1, wanted));
      },
      (error: unknown) => this.logger.warn({ err: error }, 'Could not tell how many SPARQL replicas to keep; asking again later.'),
    );
  }

  /** Lets go of the replicas beyond `keep` that serve nothing now; the rest when they come free (dispatch calls it again). */
  private letGoSurplus(): void {
    while (!this.closed && this.replicas.length > this.keep) {
      const free = this.replicas.filter((r) => r.current === null && r.queued.length === 0 && r.applying === null && !r.dumping);
      const ready = this.replicas.filter((r) => r.state === 'ready').length;
      const chosen = free.find((r) => r.state === 'loading') ?? free.filter((r) => r.state === 'ready' && ready > 1).sort((a, b) => a.appliedSeq - b.appliedSeq)[0];
      if (chosen === undefined) return;
      this.replicas.splice(this.replicas.indexOf(chosen), 1);
      chosen.generation++; // a fill, refill or copy under way for it drops it
      chosen.state = 'closed';
      chosen.pending = [];
      void chosen.thread.terminate();
      this.logger.info({ replica: chosen.number, replicas: this.replicas.length }, 'A SPARQL replica was let go.');
      this.wakeApplies(); // apply() may have waited for the replica let go to catch up
    }
  }

  /** Queries moved off an engine since start (they turned heavy on the engine left for short work). */
  get moved(): number {
    return this.movedCount;
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
    let cost: QueryCost = 'light';
    if (work.op === 'query') {
      const wait = this.history.refusalSeconds(key, timeoutMs);
      if (wait > 0) {
        return Promise.reject(
          new QueryTimeoutError(
            `This query ran past its time limit of ${this.history.get(key)!.timedOut!.limitMs} ms a short while ago and was stopped; it is not run again with the same limit for another ${wait} s. Narrow it down (a LIMIT, fewer OPTIONALs, no free-text FILTER: use the search API for text).`,
            { timeoutMs, retryAfter: wait },
          ),
        );
      }
      // Heavy: known to be, or a second copy of one running or waiting that is not known to be short
      // (ten clients looking up the same record at once are ten short queries, not a long one twice).
      const known = this.knownCost(key, shapeKey, evident);
      cost = known !== 'light' && this.running(key) ? 'heavy' : known;
      const short = this.queues.waiting('light').length + this.queues.waiting('unknown').length;
      const refusal = cost === 'heavy' ? this.heavyRefusal(client) : short >= this.limits.lightQueue ? this.busyRefusal('queries') : undefined;
      if (refusal !== undefined) return Promise.reject(refusal);
    }
    return new Promise((resolve, reject) => {
      const task: Task = { work, timeoutMs, key, shape: shapeKey, evident, client, cost, arrived: { as: cost, at: performance.now() }, attempt: 0, needSeq: this.batches.visibleSeq, orphaned: false, deadline: Date.now() + timeoutMs, resolve, reject, replica: null, settled: false };
      task.timer = setTimeout(() => this.stop(task, new QueryTimeoutError(timeoutMessage(task)), 'timeout'), timeoutMs);
      if (signal) {
        const onAbort = (): void => this.stop(task, abortReason(signal), 'abort');
        signal.addEventListener('abort', onAbort, { once: true });
        task.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queues.add(task);
      this.dispatch();
    });
  }

  /** What the history says of a query's cost: by its text, else by its shape; a ground query or a subject lookup is light. */
  private knownCost(key: string, shapeKey: string, evident: boolean): QueryCost {
    const known = this.history.get(key) ?? this.history.get(shapeKey);
    if (known !== undefined) return known.heavy ? 'heavy' : 'light';
    return evident ? 'light' : 'unknown';
  }

  /** Whether a query with this key is running or waiting as a short one (a second copy of it counts as heavy). */
  private running(key: string): boolean {
    return this.replicas.some((r) => r.current?.key === key || r.queued.some((t) => t.key === key)) || this.queues.waiting('light').some((t) => t.key === key) || this.queues.waiting('unknown').some((t) => t.key === key);
  }

  /** Heavy queries of a client, running and waiting (`except` left out). */
  private heavyOf(client: string, except?: Task): number {
    const waiting = this.queues.waiting('heavy').filter((t) => t.client === client && t !== except).length;
    return waiting + this.replicas.filter((r) => r.current?.cost === 'heavy' && r.current.client === client && r.current !== except).length;
  }

  private heavyRefusal(client: string, except?: Task): Error | undefined {
    const mine = this.heavyOf(client, except);
    if (mine >= this.limits.heavyPerClient) {
      return new TooManyRequestsError(
        `You have ${mine} long-running SPARQL queries running or waiting, as many as one client may have; send the next when one has answered.`,
        { retryAfter: this.retryAfterSeconds(), maxPerClient: this.limits.heavyPerClient },
      );
    }
    if (this.queues.waiting('heavy').length >= this.limits.heavyQueue) return this.busyRefusal('long-running queries');
    return undefined;
  }

  /** The answer to a query that waited for its client's engine budget until its time limit. */
  private budgetRefusal(client: string): Error {
    const retryAfter = Math.max(1, Math.ceil(this.budget.waitMs(client) / 1000));
    return new TooManyRequestsError(
      `This client has used the engine time one client may use (${this.budgetFigures()}), and its query waited for it until its time limit. Try again in ${retryAfter} s, or narrow the queries down: long-running ones spend the budget fastest, and one stopped at a limit spends the engine's restart too.`,
      { retryAfter },
    );
  }

  private budgetFigures(): string {
    const { perMinuteMs, burstMs } = this.budget;
    const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 0))} s`;
    return `${seconds(perMinuteMs)} a minute, ${seconds(burstMs)} at once`;
  }

  private busyRefusal(what: string): Error {
    return new ServiceUnavailableError(`Too many ${what} are waiting for the SPARQL engines; try again shortly.`, { retryAfter: this.retryAfterSeconds() });
  }

  /** A guess at when a heavy query could start: the light budget per waiting heavy query, at least a second. */
  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.queues.waiting('heavy').length + 1) * this.limits.heavyAfterMs) / 1000));
  }

  private engines(): EngineView<Task>[] {
    return this.replicas.map((r) => ({ ready: r.state === 'ready', job: r.current, lagging: r.state === 'ready' && this.lagging(r) }));
  }

  /**
   * Whether a replica is so far behind what is published that new queries cannot run on it for longer
   * than a short query's budget (its chunks to apply, at the pace of its last chunk). After a large
   * harvest one replica holds everything while the other still applies thousands of graphs: long work
   * must not take the first meanwhile, or short queries wait for the second to catch up (10 s in the
   * load run).
   */
  private lagging(replica: Replica): boolean {
    if (replica.appliedSeq >= this.batches.visibleSeq) return false;
    return replica.pending.length * Math.max(replica.lastChunkMs, MIN_CHUNK_MS) > this.limits.heavyAfterMs;
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
    if (victim !== undefined && this.moves.take()) this.moveOff(victim);
    this.armBudgetTimer();
    if (this.replicas.length > this.keep) this.letGoSurplus();
  }

  /** Whether a replica with chunks to apply may still run short queries since its last chunk. */
  private queryWindowOpen(replica: Replica): boolean {
    return performance.now() - replica.lastChunkAt < queryWindowMs(replica.lastChunkMs);
  }

  /** Whether a waiting task may start now as far as its client's engine budget goes (light work always may). */
  private withinBudget(task: Task): boolean {
    return task.cost === 'light' || task.work.op !== 'query' || this.budget.waitMs(task.client) === 0;
  }

  /** When work waits only for its client's budget, dispatches again once the soonest of those budgets allows it. */
  private armBudgetTimer(): void {
    if (this.budgetTimer !== undefined || this.closed || !this.budget.enabled) return;
    let soonest = Infinity;
    for (const task of [...this.queues.waiting('unknown'), ...this.queues.waiting('heavy')]) {
      if (task.work.op === 'query') {
        const wait = this.budget.waitMs(task.client);
        if (wait > 0) soonest = Math.min(soonest, wait);
      }
    }
    if (soonest === Infinity) return;
    this.budgetTimer = setTimeout(() => {
      this.budgetTimer = undefined;
      this.dispatch();
    }, soonest + 1);
    this.budgetTimer.unref();
  }

  /** Charges a run's engine time to its client; `restarted`: the run ended in an engine restart, charged too. */
  private charge(task: Task, restarted: boolean): void {
    if (task.work.op !== 'query' || task.startedAt === undefined) return;
    this.budget.charge(task.client, performance.now() - task.startedAt + (restarted ? this.copy.lastMs ?? this.lastLoad?.ms ?? 0 : 0));
  }

  /**
   * Restarts the replica a run was stopped on (moved off, past a limit, or its client gone: a running WASM
   * query cannot be interrupted otherwise). The run's client is charged the run and the refill it causes.
   */
  private restartAfterStop(replica: Replica, task: Task): void {
    this.charge(task, true);
    this.recycle(replica, 'stopped');
  }

  /**
   * Gives an idle ready replica its next piece of work: a waiting query it may take, or the next chunk of
   * the apply batches it has yet to apply. While chunks wait it takes only light queries that need no
   * batch it lacks, for queryWindowMs after a chunk (long work waits until it has caught up,
   * so a long query never holds changes back for its whole run). False when it stays idle.
   */
  private placeOn(replica: Replica): boolean {
    const behind = replica.pending.length > 0;
    if (!behind || this.queryWindowOpen(replica)) {
      const fits = behind ? (t: Task): boolean => t.cost === 'light' && t.needSeq <= replica.appliedSeq : (t: Task): boolean => t.needSeq <= replica.appliedSeq && this.withinBudget(t);
      const task = this.queues.take(this.engines(), this.moves.available(), fits);
      if (task !== undefined) {
        if (!this.refusedAsUnfinishable(task)) this.run(replica, task);
        return true;
      }
    }
    if (!behind) return false;
    this.applyNextChunk(replica);
    return true;
  }

  /**
   * Refuses a query that cannot finish in the time it has left, instead of starting it: a query of its
   * text or shape was stopped at its time limit after running longer than that. Starting it would only
   * cost its engine a restart and a refill (in the load run, a looping client's query that had waited
   * 24 s for an engine ran its last 6 s and cost a 25 s refill). True when refused.
   */
  private refusedAsUnfinishable(task: Task): boolean {
    if (task.work.op !== 'query' || task.cost !== 'heavy') return false;
    const ranMs = this.history.get(task.key)?.stoppedAfterMs ?? this.history.get(task.shape)?.stoppedAfterMs;
    const leftMs = task.deadline - Date.now();
    if (ranMs === undefined || leftMs >= ranMs) return false;
    this.settle(task, {
      error: new QueryTimeoutError(
        `A query of the same form ran ${Math.round(ranMs / 1000)} s lately and was stopped at its time limit; this one has ${Math.max(0, Math.round(leftMs / 1000))} s of its limit left (it waited for an engine), so it was not started. Narrow it down (a LIMIT, fewer OPTIONALs, no free-text FILTER: use the search API for text).`,
        { timeoutMs: task.timeoutMs, retryAfter: Math.max(1, Math.ceil(ranMs / 1000)) },
      ),
    });
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
    if (replica.pending.length > 0 && !this.queryWindowOpen(replica)) return false;
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
      const cost = this.knownCost(task.key, task.shape, task.evident);
      if (cost === 'unknown') continue;
      const refusal = cost === 'heavy' ? this.heavyRefusal(task.client, task) : undefined;
      if (refusal !== undefined) {
        this.queues.remove(task);
        this.settle(task, { error: refusal });
      } else this.queues.reclassify(task, cost);
    }
  }

  /**
   * Moves a query that turned heavy off its engine (the last one left for short work): the engine is
   * restarted (it cannot be interrupted otherwise) and the query waits with the heavy ones, within its
   * own time limit, or is refused when its client has as many heavy queries as it may.
   */
  private moveOff(task: Task): void {
    const replica = task.replica!;
    clearTimeout(task.heavyTimer);
    // Never seen short (it was placed as unknown) and long now: others of its shape wait with the long
    // ones, instead of each taking the engine left for short work on probation and costing it a restart.
    if (task.placedAs === 'unknown') this.history.turnedHeavy(task.shape);
    replica.current = null;
    task.replica = null;
    task.attempt++;
    this.movedCount++;
    this.requeueBehind(replica);
    const ranMs = Math.round(performance.now() - (task.startedAt ?? performance.now()));
    this.logger.warn({ replica: replica.number, placedAs: task.placedAs, ranMs }, 'A SPARQL query turned long-running on the engine left for short queries while others waited: it is moved off (its engine is restarted) to wait with the long-running ones.');
    const refusal = this.heavyRefusal(task.client, task);
    if (refusal !== undefined) this.settle(task, { error: refusal });
    else this.queues.add(task);
    this.restartAfterStop(replica, task);
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
        : replica.thread
            .request({
              op: 'query',
              query: work.request.query,
              ...(work.request.baseIri !== undefined ? { baseIri: work.request.baseIri } : {}),
              resultsFormat: work.resultsFormat,
              ...(work.graphFormat !== undefined ? { graphFormat: work.graphFormat } : {}),
              ...(work.request.defaultGraphUris ? { defaultGraphUris: [...work.request.defaultGraphUris] } : {}),
              ...(work.request.namedGraphUris ? { namedGraphUris: [...work.request.namedGraphUris] } : {}),
              maxRows: this.limits.maxRows,
              maxChars: this.limits.maxResultChars,
            })
            .then((body) => ({ mediaType: work.mediaType, body }));
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
    if (replica.generation === generation) this.charge(task, false);
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
    this.settle(task, outcome);
    this.dispatch();
  }

  /** Stops a query under which the process's memory grew past the limit: its engine is restarted, which gives the memory back. */
  private stopForMemory(task: Task, rss: number, grew: number): void {
    const replica = task.replica!;
    const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
    const limitMb = mb(this.memory.memory.limitBytes);
    this.history.turnedHeavy(task.key);
    this.history.turnedHeavy(task.shape);
    this.logger.warn({ replica: replica.number, rssMb: mb(rss), grewMb: mb(grew), limitMb }, 'Stopping a SPARQL query past the memory one query may use: its replica is restarted.');
    this.settle(task, {
      error: new QueryMemoryError(
        `The query needed more than the ${limitMb} MB of memory one query may use here and was stopped; no partial result is given. Sorting, grouping or counting a product of unrelated patterns builds it whole: join the patterns on shared variables, or narrow them down.`,
        { memoryMb: limitMb },
      ),
    });
    this.restartAfterStop(replica, task);
  }

  /**
   * Stops a task that ran out of time or whose client went away. A waiting one just leaves its queue;
   * a running one takes its replica down with it (a time limit always, a client gone within the stop
   * budget; past the budget it runs on and its answer is dropped).
   */
  private stop(task: Task, error: unknown, why: 'timeout' | 'abort'): void {
    if (task.settled) return;
    const replica = task.replica;
    const runningOn = replica !== null && replica.current === task ? replica : null;
    if (why === 'timeout' && replica === null && !this.withinBudget(task)) error = this.budgetRefusal(task.client);
    if (why === 'timeout' && runningOn !== null && task.work.op === 'query') {
      this.history.timedOut(task.key, task.timeoutMs);
      this.history.stoppedAfter(task.shape, performance.now() - (task.startedAt ?? performance.now()));
    }
    if (why === 'abort' && runningOn !== null && !this.stops.take()) {
      task.orphaned = true;
      this.logger.warn({ replica: runningOn.number }, 'A SPARQL query whose client went away runs on: the stops of this minute are spent.');
      this.settle(task, { error });
      // It keeps its replica until it ends or reaches its time limit.
      task.timer = setTimeout(() => this.stopOrphan(task), Math.max(0, task.deadline - Date.now()));
      return;
    }
    this.settle(task, { error });
    this.queues.remove(task);
    if (replica !== null && runningOn === null) {
      // Sent behind the running query: it is short, so it runs; its answer is dropped.
      const at = replica.queued.indexOf(task);
      if (at >= 0) replica.queued.splice(at, 1);
      task.attempt++;
    }
    if (runningOn !== null) {
      this.logger.warn({ replica: runningOn.number, limitMs: task.timeoutMs, why }, 'Stopping a SPARQL query: its replica is restarted.');
      this.restartAfterStop(runningOn, task);
    }
  }

  /** An orphaned query still running at its time limit is stopped. */
  private stopOrphan(task: Task): void {
    const replica = task.replica;
    if (replica === null || replica.current !== task) return;
    this.history.timedOut(task.key, task.timeoutMs);
    this.logger.warn({ replica: replica.number, limitMs: task.timeoutMs }, 'Stopping a SPARQL query past its time limit: its replica is restarted.');
    this.restartAfterStop(replica, task);
  }

  private settle(task: Task, outcome: Outcome): void {
    if (task.settled) return;
    task.settled = true;
    clearTimeout(task.timer);
    task.cleanup?.();
    if ('error' in outcome) task.reject(outcome.error);
    else task.resolve(outcome.value);
  }

  // --- applying changes ---

  /** Sends a replica's next chunk to its thread; if the thread goes before it answers, the chunk stays first in line for the next one. */
  private applyNextChunk(replica: Replica): void {
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
        if (outcome.errors.length > 0 && chunk.seq <= this.batches.visibleSeq) {
          this.logger.error({ replica: replica.number, graphs: outcome.errors.map((e) => e.graph) }, 'Graphs could not be loaded into a SPARQL replica.');
        }
        this.batches.applied(replica.number, chunk, outcome.errors);
        if (chunk.last) this.refreshSize(replica);
        this.wakeApplies();
        this.dispatch();
      },
      () => {}, // the thread is gone: its exit handler restarts it, and replaceThread() puts the chunk back in line
    );
  }

  /** Counts the quads now and then, on the replica that just applied a batch (counting walks the whole store). */
  private refreshSize(replica: Replica): void {
    if (Date.now() - this.sizeRefreshedAt < SIZE_REFRESH_MS && this.quads !== null) return;
    this.sizeRefreshedAt = Date.now();
    replica.thread.request({ op: 'size' }).then(
      (quads) => (this.quads = quads),
      () => {},
    );
  }

  /** apply() calls waiting for room look again. */
  private wakeApplies(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  // --- loading, restarting ---

  /**
   * Loads batches into loading replicas (the same batches into all), then replays each one's backlog
   * and lets it serve. A replica whose thread is replaced meanwhile drops out.
   */
  private async fill(replicas: readonly Replica[], batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    const targets = replicas.filter((r) => r.state === 'loading').map((r) => ({ r, generation: r.generation }));
    const live = (): typeof targets => targets.filter((t) => t.r.generation === t.generation);
    await Promise.all(live().map((t) => t.r.thread.ready.catch(() => {}))); // a thread that fails to start is restarted by its exit handler and drops out of live()
    const started = performance.now();
    const errors = new Map<string, string>();
    let graphs = 0;
    const inFlight: Promise<unknown>[] = [];
    for await (const batch of batches) {
      if (live().length === 0) return;
      checkGraphNames(batch);
      graphs += batch.length;
      const copy = [...batch];
      inFlight.push(
        Promise.all(
          live().map((t) =>
            t.r.thread.request({ op: 'load', changes: copy }).then(
              (outcome: ApplyOutcome) => outcome.errors.forEach((e) => errors.set(e.graph, e.message)),
              () => {}, // a thread that died is being restarted from loadAll by its exit handler
            ),
          ),
        ),
      );
      if (inFlight.length >= LOAD_WINDOW) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const done = live();
    for (const t of done) this.open(t.r);
    if (done.length > 0) {
      const quads = await done[0]!.r.thread.request({ op: 'size' }).catch(() => 0);
      this.quads = quads; // only the log's figure; the load itself succeeded
      const ms = performance.now() - started;
      this.lastLoad = { graphs, quads, ms: Math.round(ms), quadsPerSecond: Math.round(quads / Math.max(ms / 1000, 0.001)) };
      this.logger.info({ ...this.lastLoad, replicas: done.map((t) => t.r.number) }, 'SPARQL index loaded');
    }
    if (errors.size > 0) {
      const error = loadError(errors);
      this.logger.error({ graphs: [...errors.keys()].slice(0, 20) }, error.message);
      throw error;
    }
  }

  /** A loaded replica serves; it applies what arrived while it loaded before it takes queries that need it. */
  private open(replica: Replica): void {
    replica.appliedSeq = replica.pending.length > 0 ? replica.pending[0]!.seq - 1 : this.batches.latestSeq;
    replica.state = 'ready';
    replica.failures = 0;
    this.wakeApplies();
    this.dispatch();
  }

  /** Gives a replica a fresh, empty thread in state `loading`; the chunk it was applying goes back first in line. */
  private replaceThread(replica: Replica): void {
    replica.generation++;
    if (replica.applying !== null) replica.pending.unshift(replica.applying);
    replica.applying = null;
    replica.dumping = false;
    replica.lastChunkAt = 0;
    const running = replica.current;
    replica.current = null;
    // Queries sent behind it have not run as far as anyone knows: they wait for another engine.
    this.requeueBehind(replica);
    replica.state = 'loading';
    // No replica left to apply the open batches: they are done as far as callers go (replayed before serving).
    if (!this.replicas.some((r) => r.state === 'ready')) this.batches.settleAll();
    this.wakeApplies();
    void replica.thread.terminate(); // detached: the old thread serves nothing more, and nothing waits for it to end
    if (running) this.settle(running, { error: new ServiceUnavailableError('The SPARQL engine running this query was restarted; try again.') });
    replica.thread = this.newThread(replica);
  }

  /** Replaces a replica's thread and refills it from loadAll, after a delay when it keeps failing. */
  private recycle(replica: Replica, why: 'stopped' | 'failure'): void {
    if (this.closed) return;
    if (why === 'failure') replica.failures++;
    const delay = replica.failures === 0 ? 0 : Math.min(this.restartDelayMs * 2 ** (replica.failures - 1), MAX_RESTART_DELAY_MS);
    this.replaceThread(replica);
    // One more than the index keeps is let go now rather than refilled.
    if (this.replicas.length > this.keep) this.letGoSurplus();
    if (replica.state === 'closed') return;
    const generation = replica.generation;
    const refill = async (): Promise<void> => {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (replica.generation !== generation || this.closed) return;
      if (why === 'stopped' && (await this.copy.into(replica, generation))) return;
      await this.fill([replica], this.loadAll());
    };
    // The index's own work, serving every request after: not logged under the request that caused the stop.
    void logContext.exit(() =>
      refill().catch((error: unknown) => {
        if (replica.generation !== generation || this.closed) return;
        this.logger.error({ err: error, replica: replica.number }, 'Refilling a SPARQL replica failed; trying again.');
        this.recycle(replica, 'failure');
      }),
    );
  }

  private newThread(replica: Replica): ReplicaThread {
    const thread = new ReplicaThread((cause) => {
      if (replica.thread !== thread || replica.state === 'closed' || this.closed) return;
      this.logger.error({ replica: replica.number, err: cause }, 'A SPARQL replica thread stopped unexpectedly; restarting it.');
      this.recycle(replica, 'failure');
    }, this.workerModule, (write) => this.logger[write.console === 'log' ? 'info' : write.console]({ replica: replica.number, engineOutput: write.text }, 'The SPARQL engine wrote to its console.'));
    return thread;
  }

  private assertOpen(): void {
    if (this.closed) throw new ServiceUnavailableError('The SPARQL index is shut down.');
  }
}
