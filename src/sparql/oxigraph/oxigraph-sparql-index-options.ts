import type { Logger } from '../../core/ports/logger.js';
import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import type { QueryCost } from './query-queues.js';
import type { WorkerModule } from './replica-thread.js';

/** How an OxigraphSparqlIndex is set up (OxigraphSparqlIndex.start); every option but `loadAll` has a default. */
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
