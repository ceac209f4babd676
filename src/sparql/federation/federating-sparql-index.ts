import type { QueryEngine } from '@comunica/query-sparql';
import type * as RDF from '@rdfjs/types';
import { Parser, Store } from 'n3';
import { AppError, BadRequestError, FederatedEndpointError, QueryTimeoutError, ResultTooLargeError } from '../../core/errors.js';
import type { GuardedFetch } from '../../core/ports/guarded-fetch.js';
import type { Logger } from '../../core/ports/logger.js';
import { silentLogger } from '../../core/ports/logger.js';
import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../core/ports/sparql-index.js';
import { serializeQuads, type SerializationFormat } from '../../rdf/serialize.js';
import { sparqlShape } from '../../rdf/sparql-text.js';
import { countResultRows } from '../result-rows.js';
import { readJsonResults, solutionCount, writeSolutions, type ResultTerm, type SolutionResults } from '../results/solutions.js';
import { endpointOf, FederationAllowList, mentionsService, normaliseEndpoint, serviceEndpoints } from './service-endpoints.js';

export interface FederationOptions {
  /** SPARQL_FEDERATION_ALLOWED: endpoint URLs or hosts. Empty: every SERVICE is refused. */
  readonly allowed: readonly string[];
  /** HTTP to the SERVICE endpoints, through the harvest's address policy (wired by main). */
  readonly fetch: GuardedFetch;
  /** Time limit of each remote call, ms (within the query's own). */
  readonly callTimeoutMs: number;
  /** The most solutions (or triples) one remote call may return; past it the query is refused (422). */
  readonly callMaxRows: number;
  /** The most solutions or triples of the whole result (SPARQL_MAX_ROWS). */
  readonly maxRows: number;
  /** The most characters of a remote answer and of the whole result (SPARQL_MAX_RESULT_SIZE). */
  readonly maxResultChars: number;
  /** The catalog's own endpoint IRI ({BASE_URL}/sparql): Comunica reads the catalog's graph there, answered in-process. */
  readonly selfEndpoint: string;
  readonly logger?: Logger;
}

const GRAPH_FORMATS: Readonly<Record<string, SerializationFormat>> = {
  'application/n-triples': 'n-triples',
  'text/turtle': 'turtle',
  'application/ld+json': 'json-ld',
  'application/rdf+xml': 'rdf-xml',
};
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

// Comunica is loaded on the first federated query: a catalog whose queries never use SERVICE never loads it.
type Engine = QueryEngine;

/** The longest federated query read: its SERVICE clauses are found by a full parse on the thread that serves requests. */
export const MAX_FEDERATED_QUERY_LENGTH = 20_000;
/** The first `SERVICE <iri>` written, to name it when federation is off (a bounded match at each SERVICE). */
const SERVICE_IRI = /SERVICE\s{1,200}(?:SILENT\s{1,200})?<([^<>\s"{}|^`\\]{0,2000})>/i;

/** What went wrong in one federated query, in our words, kept while Comunica reports it in its own. */
class QueryFailure {
  error: AppError | undefined;
  set(error: AppError): void {
    this.error ??= error;
  }
}

/**
 * Federation: a query with `SERVICE <endpoint>` runs with Comunica, joining the catalog's own graph with
 * the remote endpoints, when every endpoint it names is on the allow-list (400 naming the first that is
 * not). Every other query goes straight to the index it wraps: Comunica never sees it.
 *
 * Comunica reads the catalog's graph through a SPARQL endpoint at `{BASE_URL}/sparql` that its fetch
 * answers in-process from the wrapped index (never over the network, so the caps and time limits of the
 * index hold for each of its requests and no SERVICE reaches the index). An empty second source keeps
 * Comunica from handing the whole query, SERVICE and all, to that one endpoint. Remote calls go through
 * the harvest's address policy, one at a time limit and row cap each, no redirects followed.
 */
export class FederatingSparqlIndex implements SparqlIndex {
  readonly persistent: boolean;
  readonly #allowList: FederationAllowList;
  readonly #logger: Logger;
  #engine: Promise<Engine> | undefined;

  constructor(
    private readonly base: SparqlIndex,
    private readonly options: FederationOptions,
  ) {
    this.persistent = base.persistent === true;
    this.#allowList = new FederationAllowList(options.allowed);
    this.#logger = options.logger ?? silentLogger;
  }

  apply(changes: readonly GraphReplacement[], options?: { readonly signal?: AbortSignal; readonly fence?: string }): Promise<void> {
    return this.base.apply(changes, options);
  }

  async claimWrites(fence: string, options?: { readonly signal?: AbortSignal }): Promise<void> {
    await this.base.claimWrites?.(fence, options);
  }

  rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    return this.base.rebuild(batches);
  }

  size(): Promise<number> {
    return this.base.size();
  }

  status(): SparqlIndexStatus {
    return this.base.status();
  }

  close(): Promise<void> {
    return this.base.close();
  }

  async query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    if (!mentionsService(request.query)) return this.base.query(request);
    // Refused before sparqljs reads the text on this thread (up to 2 s for 100 KB, twice for a syntax error):
    // without an allow-list at once, naming the first endpoint written; with one, past a shorter length.
    if (this.#allowList.empty) {
      const named = SERVICE_IRI.exec(request.query)?.[1];
      throw new BadRequestError(`SERVICE${named !== undefined ? ` <${named}>` : ''}: this endpoint does not federate queries (no SERVICE endpoint is allowed).`, named !== undefined ? { endpoint: named } : {});
    }
    if (request.query.length > MAX_FEDERATED_QUERY_LENGTH) {
      throw new BadRequestError(`A federated query (SERVICE) may be at most ${MAX_FEDERATED_QUERY_LENGTH} characters long; this one has ${request.query.length}.`, { length: request.query.length, maxLength: MAX_FEDERATED_QUERY_LENGTH });
    }
    const baseIri = request.baseIri ?? this.options.selfEndpoint;
    const endpoints = serviceEndpoints(request.query, baseIri);
    if (endpoints.length === 0) return this.base.query(request); // the word, not the clause (e.g. a prefixed name)
    for (const endpoint of endpoints) {
      if (!this.#allowList.allows(endpoint)) {
        throw new BadRequestError(
          this.#allowList.empty
            ? `SERVICE <${endpoint}>: this endpoint does not federate queries (no SERVICE endpoint is allowed).`
            : `SERVICE <${endpoint}>: the endpoint is not one this catalog federates with (SPARQL_FEDERATION_ALLOWED).`,
          { endpoint },
        );
      }
    }
    if ((request.defaultGraphUris?.length ?? 0) > 0 || (request.namedGraphUris?.length ?? 0) > 0) {
      throw new BadRequestError('A federated query (SERVICE) runs over the whole catalog: default-graph-uri and named-graph-uri cannot be given with it; use GRAPH in the query.');
    }
    return this.#federate(request, baseIri, new Set(endpoints.map(normaliseEndpoint)));
  }

  async #federate(request: SparqlQueryRequest, baseIri: string, endpoints: ReadonlySet<string>): Promise<SparqlQueryResult> {
    const engine = await this.#loadEngine();
    const failure = new QueryFailure();
    const controller = new AbortController();
    const deadline = Date.now() + request.timeoutMs;
    const timer = setTimeout(() => {
      failure.set(new QueryTimeoutError(`The query ran past its time limit of ${request.timeoutMs} ms and was stopped.`, { timeoutMs: request.timeoutMs }));
      controller.abort(new Error('time limit'));
    }, request.timeoutMs);
    const onAbort = (): void => controller.abort(request.signal!.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const fetch = this.#fetchFor(endpoints, failure, controller.signal, deadline, request.client);
    const started = Date.now();
    try {
      const result = await engine.query(request.query, {
        sources: [{ type: 'sparql', value: this.options.selfEndpoint }, new Store()],
        fetch,
        baseIRI: baseIri,
        httpAbortSignal: controller.signal,
        httpRetryCount: 0,
        lenient: false,
      } as Parameters<Engine['query']>[1]);
      const answer = await this.#write(result, request, controller.signal);
      this.#logger.info({ endpoints: [...endpoints], ms: Date.now() - started }, 'federated query answered');
      return answer;
    } catch (error) {
      if (request.signal?.aborted === true) throw request.signal.reason;
      if (failure.error !== undefined) throw failure.error;
      if (error instanceof AppError) throw error;
      // Comunica's own refusal of the query (a parse or evaluation error): the client's to fix.
      throw new BadRequestError(`The federated query could not be run: ${firstLine((error as Error).message)}`);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      controller.abort(new Error('done'));
    }
  }

  #loadEngine(): Promise<Engine> {
    this.#engine ??= import('@comunica/query-sparql').then((m) => new m.QueryEngine());
    return this.#engine;
  }

  /**
   * The fetch Comunica is given for one query: the catalog's own endpoint answered from the wrapped
   * index; the query's allowed SERVICE endpoints through the guarded fetch, each call capped; anything
   * else refused.
   */
  #fetchFor(endpoints: ReadonlySet<string>, failure: QueryFailure, signal: AbortSignal, deadline: number, client: string | undefined) {
    const self = normaliseEndpoint(this.options.selfEndpoint);
    return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const headers: Record<string, string> = {};
      new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((value, name) => (headers[name] = value));
      const body = typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : undefined;
      const endpoint = endpointOf(href);
      if (endpoint === self) return this.#answerSelf(href, method, headers, body, failure, signal, deadline, client);
      if (!endpoints.has(endpoint)) {
        failure.set(new BadRequestError(`The federated query tried to reach <${endpoint}>, which it does not name in a SERVICE clause; refused.`, { endpoint }));
        throw new Error('refused');
      }
      return this.#callRemote(href, endpoint, method, headers, body, failure, signal);
    };
  }

  async #callRemote(href: string, endpoint: string, method: string, headers: Record<string, string>, body: string | undefined, failure: QueryFailure, signal: AbortSignal): Promise<Response> {
    const { callTimeoutMs, callMaxRows, maxResultChars } = this.options;
    const callSignal = AbortSignal.any([signal, AbortSignal.timeout(callTimeoutMs)]);
    let answer;
    try {
      answer = await this.options.fetch(href, { method, headers, ...(body !== undefined ? { body } : {}), signal: callSignal, maxBytes: maxResultChars });
    } catch (error) {
      if (!signal.aborted && callSignal.aborted) {
        failure.set(new QueryTimeoutError(`SERVICE <${endpoint}> did not answer within ${callTimeoutMs} ms; the query was stopped.`, { endpoint, callTimeoutMs }));
      } else if (!signal.aborted) {
        failure.set(new FederatedEndpointError(`SERVICE <${endpoint}> could not be reached: ${firstLine((error as Error).message)}`, { endpoint }));
      }
      throw error;
    }
    const contentType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const carriesQuery = method === 'POST' || new URL(href).searchParams.has('query');
    // A GET without a query is Comunica reading the service description: its failure is no failure of the query.
    if (answer.status >= 400 && carriesQuery) {
      failure.set(new FederatedEndpointError(`SERVICE <${endpoint}> answered HTTP ${answer.status}: ${firstLine(answer.body.slice(0, 8_192).replace(/<[^<>]*>/g, ' '))}`, { endpoint, status: answer.status }));
    }
    if (answer.status < 300) {
      const rows = countRows(answer.body, contentType);
      if (rows > callMaxRows) {
        failure.set(new ResultTooLargeError(`SERVICE <${endpoint}> returned more than ${callMaxRows} solutions for one call, more than this endpoint takes from a federated endpoint; narrow the SERVICE pattern (bind its variables, add a LIMIT).`, { endpoint, callMaxRows }));
        throw new Error('too many rows');
      }
    }
    return new Response(answer.body, { status: answer.status, headers: { 'content-type': contentType || 'application/octet-stream' } });
  }

  /** A request of Comunica's to the catalog's own endpoint, answered by the wrapped index. */
  async #answerSelf(href: string, method: string, headers: Record<string, string>, body: string | undefined, failure: QueryFailure, signal: AbortSignal, deadline: number, client: string | undefined): Promise<Response> {
    const params = new URL(href).searchParams;
    let query = params.get('query');
    if (query === null && method === 'POST' && body !== undefined) query = (headers['content-type'] ?? '').includes('sparql-query') ? body : new URLSearchParams(body).get('query');
    if (query === null) {
      // Comunica reads the service description first.
      const sd = `<${this.options.selfEndpoint}> a <http://www.w3.org/ns/sparql-service-description#Service> ; <http://www.w3.org/ns/sparql-service-description#endpoint> <${this.options.selfEndpoint}> .\n`;
      return new Response(sd, { status: 200, headers: { 'content-type': 'text/turtle' } });
    }
    if (mentionsService(query)) {
      failure.set(new BadRequestError('A SERVICE clause reached the catalog index; refused.'));
      return new Response('refused', { status: 400 });
    }
    const shape = sparqlShape(query);
    const form = shape.operation.kind === 'query' ? shape.operation.form : 'SELECT';
    const graph = form === 'CONSTRUCT' || form === 'DESCRIBE';
    try {
      const result = await this.base.query({
        query,
        form,
        mediaType: graph ? 'application/n-triples' : 'application/sparql-results+json',
        timeoutMs: Math.max(1, deadline - Date.now()),
        signal,
        ...(client !== undefined ? { client } : {}),
      });
      return new Response(result.body, { status: 200, headers: { 'content-type': result.mediaType } });
    } catch (error) {
      if (error instanceof AppError) failure.set(error);
      throw error;
    }
  }

  /** Comunica's result, capped and written in the format asked. */
  async #write(result: Awaited<ReturnType<Engine['query']>>, request: SparqlQueryRequest, signal: AbortSignal): Promise<SparqlQueryResult> {
    const mediaType = request.mediaType.split(';')[0]!.trim().toLowerCase();
    const graphFormat = GRAPH_FORMATS[mediaType];
    const { maxRows, maxResultChars } = this.options;
    const tooMany = (what: string): ResultTooLargeError =>
      new ResultTooLargeError(`The result has more than ${maxRows} ${what}, more than this endpoint sends; no partial result is given. Add a LIMIT, or narrow the query.`, { maxRows });
    let body: string;
    if (result.resultType === 'boolean') {
      if (graphFormat !== undefined || mediaType === 'text/csv' || mediaType === 'text/tab-separated-values') throw new BadRequestError('An ASK result has only SPARQL JSON and XML forms.');
      body = writeSolutions({ kind: 'boolean', boolean: await result.execute() }, mediaType);
    } else if (result.resultType === 'bindings') {
      if (graphFormat !== undefined) throw new BadRequestError('The query gives solutions, not a graph: ask for a SPARQL results format.');
      const metadata = await result.metadata();
      const vars = (metadata.variables as unknown[]).map((v) => ((v as { variable?: RDF.Variable }).variable ?? (v as RDF.Variable)).value);
      const rows: Record<string, ResultTerm>[] = [];
      await drain(await result.execute(), signal, maxRows, tooMany('solutions'), (bindings: Iterable<[RDF.Variable, RDF.Term]>) => {
        const row: Record<string, ResultTerm> = {};
        for (const [variable, term] of bindings) row[variable.value] = resultTerm(term);
        rows.push(row);
      });
      const results: SolutionResults = { kind: 'bindings', vars, bindings: rows };
      body = writeSolutions(results, mediaType);
    } else if (result.resultType === 'quads') {
      if (graphFormat === undefined) throw new BadRequestError('The query gives a graph, not solutions: ask for an RDF syntax.');
      const quads: RDF.Quad[] = [];
      await drain(await result.execute(), signal, maxRows, tooMany('triples'), (quad: RDF.Quad) => quads.push(quad));
      body = await serializeQuads(quads, graphFormat, request.jsonLdForm !== undefined ? { jsonLdForm: request.jsonLdForm } : {});
    } else {
      throw new BadRequestError('Only queries are answered here.');
    }
    if (body.length > maxResultChars) {
      throw new ResultTooLargeError(`The result is larger than the ${maxResultChars} characters this endpoint sends; no partial result is given.`, { maxResultChars });
    }
    return { mediaType, body };
  }
}

interface ItemStream<T> {
  on(event: 'data', listener: (item: T) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(cause?: Error): void;
}

/** Reads a Comunica stream to its end, at most `max` items (one more is an error), stopping when the signal aborts. */
function drain<T>(stream: ItemStream<T>, signal: AbortSignal, max: number, overflow: Error, onItem: (item: T) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let count = 0;
    const stop = (error: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
      reject(error);
    };
    const onAbort = (): void => stop(signal.reason);
    if (signal.aborted) {
      stop(signal.reason);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (item) => {
      if (++count > max) stop(overflow);
      else onItem(item);
    });
    stream.on('error', (error) => stop(error));
    stream.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function resultTerm(term: RDF.Term): ResultTerm {
  switch (term.termType) {
    case 'NamedNode':
      return { type: 'uri', value: term.value };
    case 'BlankNode':
      return { type: 'bnode', value: term.value };
    case 'Literal':
      if (term.language !== '') return { type: 'literal', value: term.value, 'xml:lang': term.language };
      if (term.datatype.value !== XSD_STRING && term.datatype.value !== RDF_LANG_STRING) return { type: 'literal', value: term.value, datatype: term.datatype.value };
      return { type: 'literal', value: term.value };
    default:
      return { type: 'literal', value: term.value };
  }
}

/** Solutions or triples in a remote answer, by its media type (0 when it is not a result: a service description). */
function countRows(body: string, contentType: string): number {
  if (contentType === 'application/sparql-results+json' || contentType === 'application/json') {
    try {
      return solutionCount(readJsonResults(body));
    } catch {
      return 0;
    }
  }
  if (contentType === 'application/sparql-results+xml') return countResultRows(body, 'application/sparql-results+xml');
  if (contentType === 'text/csv' || contentType === 'text/tab-separated-values' || contentType === 'application/n-triples') return countResultRows(body, contentType);
  if (contentType === 'application/n-quads' || contentType === 'text/turtle') {
    try {
      return new Parser({ format: contentType === 'text/turtle' ? 'Turtle' : 'N-Quads' }).parse(body).length;
    } catch {
      return 0; // Comunica reports what it cannot read
    }
  }
  return 0;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
