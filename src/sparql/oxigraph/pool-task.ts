import type { SparqlQueryRequest, SparqlQueryResult } from '../../core/ports/sparql-index.js';
import type { ApplyChunk } from './apply-batches.js';
import type { QueryCost } from './query-queues.js';
import type { GraphFormat, ReplicaRequest } from './replica-protocol.js';
import type { ReplicaThread } from './replica-thread.js';

// The pool's units of work (queries and size requests, as tasks) and its engines (replicas), as OxigraphSparqlIndex keeps them.

/** How a task ended: its answer (a query's result, or the quad count) or its error. */
export type Outcome = { readonly value: SparqlQueryResult | number } | { readonly error: unknown };

/** What a task asks of an engine: a query, or the count of its quads. */
export type Work =
  | { readonly op: 'query'; readonly request: SparqlQueryRequest; readonly resultsFormat: string; readonly mediaType: string; readonly graphFormat?: GraphFormat }
  | { readonly op: 'size' };

/** Media types of graph results, and how the replica writes them (N-Triples comes from the engine as is). */
const GRAPH_FORMATS: Readonly<Record<string, GraphFormat['format'] | null>> = {
  'application/n-triples': null,
  'text/turtle': 'turtle',
  'application/ld+json': 'json-ld',
  'application/rdf+xml': 'rdf-xml',
};

/** What a query request asks of an engine: its results in the media type asked for, or its graph as N-Triples (written on in that type). */
export function queryWork(request: SparqlQueryRequest): Work {
  const mediaType = request.mediaType.split(';')[0]!.trim().toLowerCase();
  const graph = GRAPH_FORMATS[mediaType];
  return graph === undefined
    ? { op: 'query', request, resultsFormat: mediaType, mediaType }
    : {
        op: 'query',
        request,
        resultsFormat: 'application/n-triples',
        mediaType,
        ...(graph === null ? {} : { graphFormat: { format: graph, ...(request.jsonLdForm !== undefined ? { jsonLdForm: request.jsonLdForm } : {}) } }),
      };
}

/** The request a query's work sends to its replica's thread, with the caps on its result. */
export function queryRequest(work: Extract<Work, { op: 'query' }>, caps: { readonly maxRows: number; readonly maxChars: number }): Omit<Extract<ReplicaRequest, { op: 'query' }>, 'id'> {
  return {
    op: 'query',
    query: work.request.query,
    ...(work.request.baseIri !== undefined ? { baseIri: work.request.baseIri } : {}),
    resultsFormat: work.resultsFormat,
    ...(work.graphFormat !== undefined ? { graphFormat: work.graphFormat } : {}),
    ...(work.request.defaultGraphUris ? { defaultGraphUris: [...work.request.defaultGraphUris] } : {}),
    ...(work.request.namedGraphUris ? { namedGraphUris: [...work.request.namedGraphUris] } : {}),
    maxRows: caps.maxRows,
    maxChars: caps.maxChars,
  };
}

/** A query (or size request) from its arrival to its answer. */
export interface Task {
  readonly work: Work;
  readonly timeoutMs: number;
  /** The query's text and dataset, to remember its cost by. */
  readonly key: string;
  /** The query's shape (constants blanked) and dataset, to remember its cost by too. */
  readonly shape: string;
  /** No variables or blank nodes, or a lookup of given subjects (costShape): short without having run. */
  readonly evident: boolean;
  readonly client: string;
  /** Heavy: known to run long, or ran past the light budget; it never takes the last engine left for others. */
  cost: QueryCost;
  /** Its cost when it arrived (what the pool knew of it then), and when (performance.now() ms): its wait for an engine is reported by these. */
  readonly arrived: { readonly as: QueryCost; readonly at: number };
  /** Its wait for an engine was reported (at its first run). */
  waitReported?: boolean;
  placedAs?: QueryCost;
  placedAt?: number;
  /** When it may be moved off once it turned heavy (performance.now() ms): placed as light, after a grace. */
  movableAt?: number;
  /** Bumped when the task is moved off its engine: answers of an earlier run are dropped. */
  attempt: number;
  /** The apply batches done when it arrived: it runs only on a replica that holds them. */
  readonly needSeq: number;
  /** Resident memory of the process when its run began, bytes. */
  rssAtStart?: number;
  /** This thread's V8 heap when its run began, bytes. */
  heapAtStart?: number;
  /** When its run began as far as this thread can tell (performance.now()): sent to an idle engine, or the query ahead of it answered. */
  startedAt?: number;
  /** The client went away; the answer is dropped. */
  orphaned: boolean;
  /** When its time limit passes (Date.now() ms). */
  readonly deadline: number;
  heavyTimer?: NodeJS.Timeout;
  readonly resolve: (value: SparqlQueryResult | number) => void;
  readonly reject: (error: unknown) => void;
  replica: Replica | null;
  settled: boolean;
  timer?: NodeJS.Timeout;
  cleanup?: () => void;
}

/** One engine of the pool: a worker thread holding a full copy of the published graph. */
export interface Replica {
  readonly number: number;
  thread: ReplicaThread;
  state: 'loading' | 'ready' | 'closed';
  /** When it last began loading (performance.now()): with the last load's time, when it should be ready. */
  loadingSince: number;
  /** Bumped whenever the thread is replaced: work begun for an older generation is dropped. */
  generation: number;
  /** The task running on this replica. */
  current: Task | null;
  /**
   * Light queries sent to its thread behind `current` (a light one too), which runs them in order as soon
   * as it is free: a query's turn does not wait for a round trip through this thread (PIPELINE_DEPTH).
   */
  queued: Task[];
  /** Chunks of apply batches still to apply, in order (while loading: replayed once it is filled). */
  pending: ApplyChunk[];
  /** The chunk its thread is applying now. */
  applying: ApplyChunk | null;
  /** It holds every apply batch up to this one. */
  appliedSeq: number;
  /** When its last chunk was applied (performance.now()). */
  lastChunkAt: number;
  /** How long its last chunk took, ms. */
  lastChunkMs: number;
  /** Its thread is writing a dump to refill another replica: nothing else is sent to it meanwhile. */
  dumping: boolean;
  /** Unplanned failures in a row (crashes, failed loads), for the restart delay. */
  failures: number;
}

/** Ends a task with its outcome (once: later outcomes are dropped); its timer and abort listener go. */
export function settle(task: Task, outcome: Outcome): void {
  if (task.settled) return;
  task.settled = true;
  clearTimeout(task.timer);
  task.cleanup?.();
  if ('error' in outcome) task.reject(outcome.error);
  else task.resolve(outcome.value);
}

/** Why a task ended at its time limit: it never got an engine, or it ran past it. */
export function timeoutMessage(task: Task): string {
  const what = task.work.op === 'size' ? 'Counting the quads of the SPARQL index' : 'The query';
  return task.replica === null
    ? `${what} did not get a free SPARQL engine within its time limit of ${task.timeoutMs} ms (all were busy or loading).`
    : `${what} ran past its time limit of ${task.timeoutMs} ms and was stopped.`;
}

/** The query's text and dataset: what its cost is remembered by. */
export function queryKey(work: Extract<Work, { op: 'query' }>): string {
  return datasetKey(work.request.query, work);
}

/** A text (the query or its shape) with the dataset it runs on. */
export function datasetKey(text: string, work: Extract<Work, { op: 'query' }>): string {
  const r = work.request;
  return `${text}\u0000${(r.defaultGraphUris ?? []).join(' ')}\u0000${(r.namedGraphUris ?? []).join(' ')}`;
}
