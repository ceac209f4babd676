// One replica of the SPARQL index: a worker thread holding a full in-memory oxigraph store.
// oxigraph's query() is synchronous, so it runs here, off the main event loop; the pool stops a
// query that runs too long by terminating this worker.
import { format } from 'node:util';
import { parentPort } from 'node:worker_threads';
import { answerPort } from '../../core/prompt-answers.js';
import oxigraph from 'oxigraph';
import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import { diagnoseSparql } from '../../rdf/sparql-diagnosis.js';
import { hasDatasetClause } from '../../rdf/sparql-text.js';
import { graphAsNQuads } from './graph-nquads.js';
import type { ApplyOutcome, GraphLoadError, ReplicaConsole, ReplicaFailure, ReplicaReady, ReplicaReply, ReplicaRequest } from './replica-protocol.js';
import { countResultRows } from '../result-rows.js';
import { capSolutions } from '../row-cap.js';

const requests = parentPort;
if (requests === null) throw new Error('replica-worker must run in a worker thread.');
/** Where answers go: the channel the pool takes promptly (prompt-answers.ts). */
const port = answerPort();

// The engine writes a Rust panic (message and trace, many lines) with console.error: hand it to the
// pool as one message, to be logged as one JSON line, instead of plain text on stderr.
for (const level of ['error', 'warn', 'log'] as const) {
  // eslint-disable-next-line no-console -- the engine's console is captured here, not written to
  console[level] = (...args: unknown[]) => port.postMessage({ console: level, text: format(...args) } satisfies ReplicaConsole);
}

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

/** A result past the row or size cap. */
class TooLarge extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

function runQuery(request: Extract<ReplicaRequest, { op: 'query' }>): string {
  // Cap the solutions one past the limit, so the engine stops there and an overflow can be told. A text
  // sparqljs cannot read may still be SPARQL the engine reads (\u escapes in IRIs, SPARQL 1.2 forms):
  // it runs uncapped (its rows and size are still checked below, its memory by the pool's MemoryWatch),
  // and the engine says whether it is valid.
  let capped: ReturnType<typeof capSolutions> | undefined;
  try {
    capped = capSolutions(request.query, request.baseIri, request.maxRows + 1);
  } catch {
    capped = undefined;
  }
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
    result = store.query(capped?.text ?? request.query, options);
  } catch (error) {
    if (isFatal(error)) throw error;
    if (capped?.rewritten !== true) throw refusal(request, error);
    // sparqljs wrote the query back in a form the engine refuses: the original text is the query asked.
    try {
      result = store.query(request.query, options);
    } catch (again) {
      if (isFatal(again)) throw again;
      throw refusal(request, again);
    }
  }
  if (typeof result !== 'string') throw new Error('oxigraph returned no serialised result.');
  checkSize(result.length, request);
  if (countResultRows(result, request.resultsFormat) > request.maxRows) {
    const what = request.resultsFormat === 'application/n-triples' ? 'triples' : 'solutions';
    throw new TooLarge(
      `The result has more than ${request.maxRows} ${what}, more than this endpoint sends; no partial result is given. Add a LIMIT (with ORDER BY and OFFSET to page through), or narrow the query.`,
      { maxRows: request.maxRows },
    );
  }
  return result;
}

function checkSize(chars: number, request: Extract<ReplicaRequest, { op: 'query' }>): void {
  if (chars > request.maxChars) {
    throw new TooLarge(
      `The result is larger than the ${request.maxChars} characters this endpoint sends; no partial result is given. Select fewer variables or rows, or narrow the query.`,
      { maxResultChars: request.maxChars },
    );
  }
}

/** A CONSTRUCT/DESCRIBE result (N-Triples) in the syntax asked for, written here rather than on the thread that serves requests. */
async function writeGraph(ntriples: string, request: Extract<ReplicaRequest, { op: 'query' }>): Promise<string> {
  if (request.graphFormat === undefined) return ntriples;
  const { format: syntax, jsonLdForm } = request.graphFormat;
  // Loaded on first use: most replicas never write a graph, and a replica must start fast (it is restarted after every stop).
  const [{ Parser }, { serializeQuads }] = await Promise.all([import('n3'), import('../../rdf/serialize.js')]);
  const written = await serializeQuads(new Parser({ format: 'N-Triples' }).parse(ntriples), syntax, jsonLdForm !== undefined ? { jsonLdForm } : {});
  checkSize(written.length, request);
  return written;
}

/** Why the query was refused: where and what, in the grammar's words (off the main thread, within the time limit). */
function refusal(request: Extract<ReplicaRequest, { op: 'query' }>, error: unknown): Error {
  const diagnosis = diagnoseSparql(request.query, request.baseIri ?? 'urn:datakatalog:sparql:');
  if (diagnosis === null) return error instanceof Error ? error : new Error(String(error));
  const { message, ...details } = diagnosis;
  return new DiagnosedRefusal(message, details);
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
  if (error instanceof TooLarge) return { kind: 'too-large', message, details: error.details };
  return { kind: isFatal(error) ? 'fatal' : 'refused', message };
}

/** The store's named graphs (the catalog keeps nothing in the default graph). */
function graphNames(): string[] {
  const solutions = store.query('SELECT ?g { GRAPH ?g { } }') as Map<string, oxigraph.Term>[];
  return solutions.map((solution) => solution.get('g')!.value);
}

/**
 * These graphs as N-Quads in UTF-8, in a buffer of its own (so it can be transferred, not copied). The
 * engine writes one graph's content as triples: each line gets its graph's name. A line the rewrite
 * does not know fails the copy (the copy is then loaded from the store instead).
 */
function dumpGraphs(graphs: readonly string[]): Uint8Array {
  let nquads = '';
  for (const graph of graphs) {
    const triples = store.dump({ format: 'application/n-triples', from_graph_name: oxigraph.namedNode(graph) });
    const quads = graphAsNQuads(graph, triples);
    if (quads === undefined) throw new Error(`graph ${graph} has a line the copy cannot rewrite as N-Quads`);
    nquads += quads;
  }
  return new TextEncoder().encode(nquads);
}

/** Loads another replica's dump into this fresh store (lenient: it was checked when it went into that one). */
function loadDump(nquads: Uint8Array): ApplyOutcome {
  store.load(nquads, { format: 'application/n-quads', lenient: true, no_transaction: true });
  return { graphs: 0, errors: [] };
}

async function answer(request: ReplicaRequest): Promise<string | number | ApplyOutcome | Uint8Array | readonly string[]> {
  switch (request.op) {
    case 'apply':
    case 'load':
      return applyChanges(request.changes, request.op === 'load');
    case 'query':
      return writeGraph(runQuery(request), request);
    case 'size':
      return store.size;
    case 'graph-names':
      return graphNames();
    case 'dump-graphs':
      return dumpGraphs(request.graphs);
    case 'load-dump':
      return loadDump(request.nquads);
  }
}

requests.on('message', (request: ReplicaRequest) => {
  // Replies are matched to requests by id; only a graph written as JSON-LD answers after a later request.
  answer(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ReplicaReply, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []),
    (error: unknown) => {
      const reply: ReplicaReply = { id: request.id, ok: false, failure: failure(error) };
      port.postMessage(reply);
      if (reply.failure.kind === 'fatal') process.exit(70); // let the pool start a fresh one
    },
  );
});

port.postMessage({ ready: true } satisfies ReplicaReady);
