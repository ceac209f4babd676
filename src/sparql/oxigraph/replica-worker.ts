// One replica of the SPARQL index: a worker thread holding a full in-memory oxigraph store.
// oxigraph's query() is synchronous, so it runs here, off the main event loop; the pool stops a
// query that runs too long by terminating this worker.
import { parentPort } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import { diagnoseSparql } from '../../rdf/sparql-diagnosis.js';
import { hasDatasetClause } from '../../rdf/sparql-text.js';
import { graphAsNQuads } from './graph-nquads.js';
import type { ApplyOutcome, GraphLoadError, ReplicaFailure, ReplicaReady, ReplicaReply, ReplicaRequest } from './replica-protocol.js';

const port = parentPort;
if (port === null) throw new Error('replica-worker must run in a worker thread.');

const store = new oxigraph.Store();

/** Replaces graphs (last one wins when a batch names a graph twice); `fresh` skips the drops. */
function applyChanges(changes: readonly GraphReplacement[], fresh: boolean): ApplyOutcome {
  const latest = new Map<string, string | null>();
  for (const c of changes) latest.set(c.graph, c.ntriples);
  if (!fresh) dropGraphs([...latest.keys()]);
  // Most graphs go in together as one N-Quads text; the others one by one.
  let nquads = '';
  const inBulk: string[] = [];
  const alone: string[] = [];
  for (const [graph, ntriples] of latest) {
    if (ntriples === null || ntriples === '') continue;
    const quads = graphAsNQuads(graph, ntriples);
    if (quads === undefined) alone.push(graph);
    else {
      nquads += quads;
      inBulk.push(graph);
    }
  }
  if (nquads !== '') {
    try {
      // lenient: the N-Triples come from our own store, parsed and checked once already.
      store.load(nquads, { format: 'application/n-quads', lenient: true, no_transaction: true });
    } catch (error) {
      if (isFatal(error)) throw error;
      // A graph of the batch is broken. Without a transaction part of the batch may be in: take it
      // out and load the graphs one by one, which tells which one it is.
      dropGraphs(inBulk);
      alone.push(...inBulk);
    }
  }
  const errors: GraphLoadError[] = [];
  for (const graph of alone) {
    try {
      store.load(latest.get(graph)!, { format: 'application/n-triples', to_graph_name: oxigraph.namedNode(graph), lenient: true, no_transaction: true });
    } catch (error) {
      if (isFatal(error)) throw error;
      dropGraphs([graph]);
      errors.push({ graph, message: (error as Error).message });
    }
  }
  return { graphs: latest.size, errors };
}

/** Drops graphs in one SPARQL update. The pool has checked that the names are IRIs without `<>"{}|^\`\\` or spaces. */
function dropGraphs(graphs: readonly string[]): void {
  if (graphs.length > 0) store.update(graphs.map((g) => `DROP SILENT GRAPH <${g}>`).join(' ;\n'));
}

function runQuery(request: Extract<ReplicaRequest, { op: 'query' }>): string {
  const options: Parameters<typeof store.query>[1] & object = { results_format: request.resultsFormat };
  if (request.baseIri !== undefined) options.base_iri = request.baseIri;
  if (request.defaultGraphUris !== undefined || request.namedGraphUris !== undefined) {
    // The protocol's dataset replaces the query's: graphs not listed are not in it.
    options.default_graph = (request.defaultGraphUris ?? []).map((g) => oxigraph.namedNode(g));
    options.named_graphs = (request.namedGraphUris ?? []).map((g) => oxigraph.namedNode(g));
  } else if (!hasDatasetClause(request.query)) {
    options.use_default_graph_as_union = true;
  }
  let result: ReturnType<typeof store.query>;
  try {
    result = store.query(request.query, options);
  } catch (error) {
    if (isFatal(error)) throw error;
    // Say where and what, in the grammar's words; here, off the main thread (a full parse of a hostile
    // text takes seconds) and within the query's time limit.
    const diagnosis = diagnoseSparql(request.query, request.baseIri ?? 'urn:datakatalog:sparql:');
    if (diagnosis === null) throw error;
    const { message, ...details } = diagnosis;
    throw new DiagnosedRefusal(message, details);
  }
  if (typeof result !== 'string') throw new Error('oxigraph returned no serialised result.');
  return result;
}

/** A refused query with the diagnosis of its syntax error. */
class DiagnosedRefusal extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A WASM trap or exhausted memory leaves the engine unusable; anything else is about the request. */
function isFatal(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && error.name === 'RuntimeError'); // WebAssembly.RuntimeError
}

function failure(error: unknown): ReplicaFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DiagnosedRefusal) return { kind: 'refused', message, details: error.details };
  return { kind: isFatal(error) ? 'fatal' : 'refused', message };
}

port.on('message', (request: ReplicaRequest) => {
  let reply: ReplicaReply;
  try {
    switch (request.op) {
      case 'apply':
      case 'load':
        reply = { id: request.id, ok: true, value: applyChanges(request.changes, request.op === 'load') };
        break;
      case 'query':
        reply = { id: request.id, ok: true, value: runQuery(request) };
        break;
      case 'size':
        reply = { id: request.id, ok: true, value: store.size };
        break;
    }
  } catch (error) {
    reply = { id: request.id, ok: false, failure: failure(error) };
  }
  port.postMessage(reply);
  if (!reply.ok && reply.failure.kind === 'fatal') process.exit(70); // let the pool start a fresh one
});

port.postMessage({ ready: true } satisfies ReplicaReady);
