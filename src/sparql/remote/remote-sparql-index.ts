import { Parser } from 'n3';
import sparqljs from 'sparqljs';
import { BadRequestError, QueryTimeoutError, ResultTooLargeError, ServiceUnavailableError } from '../../core/errors.js';
import { OneAtATime } from '../../core/one-at-a-time.js';
import type { Logger } from '../../core/ports/logger.js';
import { silentLogger } from '../../core/ports/logger.js';
import { WritesFencedError, type GraphReplacement, type SparqlIndex, type SparqlIndexStatus, type SparqlQueryRequest, type SparqlQueryResult } from '../../core/ports/sparql-index.js';
import { serializeQuads, type SerializationFormat } from '../../rdf/serialize.js';
import { diagnoseSparql } from '../../rdf/sparql-diagnosis.js';
import { blankLiteralsCommentsAndIris, hasDatasetClause } from '../../rdf/sparql-text.js';
import { MalformedResultsError, readJsonResults, solutionCount, SOLUTION_MEDIA_TYPES, writeSolutions } from '../results/solutions.js';
import { capSolutions, capSolutionsWithoutParsing } from '../row-cap.js';
import { sendConcurrently } from './send-concurrently.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, firstLines, ServerRefusalError, ServerUnreachableError, SparqlServer, type ServerResponse, type SparqlServerEndpoints } from './sparql-server.js';

export interface RemoteSparqlIndexOptions {
  readonly server: SparqlServerEndpoints;
  /**
   * Graphs under this prefix are the catalog's (main gives `{BASE_URL}/`): rebuild() drops those it did not
   * load and size() counts them; the server's other graphs are never touched.
   */
  readonly graphPrefix: string;
  readonly logger?: Logger;
  /** The most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) a result may have. Default 50 000. */
  readonly maxRows?: number;
  /** The most characters a serialised result may have. Default 50 000 000. */
  readonly maxResultChars?: number;
  /** Queries sent to the server at once. Default 8. */
  readonly concurrency?: number;
  /** Queries waiting for one of those; past it, 503 with Retry-After. Default 64. */
  readonly queue?: number;
  /** Graphs per SPARQL Update request. Default 200. */
  readonly updateBatch?: number;
  /** Characters of N-Triples per SPARQL Update request (a batch is cut earlier past it). Default 4 000 000. */
  readonly updateBatchChars?: number;
  /**
   * SPARQL Update requests of one apply() sent at once, each with its own graphs (SPARQL_STORE_WRITE_CONCURRENCY).
   * Graph Store Protocol writes go one at a time whatever it says (see #applyWithGsp).
   * Virtuoso runs a request on one thread: two at once let it use a second core. Default 2.
   */
  readonly writeConcurrency?: number;
  /** Tries of a write the server rolled back for a deadlock with another writer (Virtuoso 40001). Default 6. */
  readonly writeAttempts?: number;
  /** Time limit of size() and of listing the catalog's graphs. Default 120 s. */
  readonly adminTimeoutMs?: number;
  /**
   * Time limit of each graph write request (SPARQL_STORE_WRITE_TIMEOUT): past it the write fails (the
   * projection tries again later) instead of holding the projection, and with it the node's shutdown,
   * for as long as the server keeps quiet. Default 120 s.
   */
  readonly writeTimeoutMs?: number;
}

/** Past a query's own time limit, how much longer the request may wait before the client gives it up itself. */
const ANSWER_MARGIN_MS = 5_000;

/** A Virtuoso pragma before the query (`DEFINE input:grab-all "yes"`), found outside literals, comments and IRIs. */
const SERVER_PRAGMA = /^\s*DEFINE\s/i;

/**
 * The graph that holds each catalog's write claim (one triple per catalog: its graph prefix, the claim): outside
 * every catalog's prefix, so no rebuild drops it, and among Virtuoso's private graphs (deploy/virtuoso-init), so
 * anonymous queries never see it.
 */
export const FENCE_GRAPH = 'urn:datakatalog:projection-writer-fence';
const FENCE_CLAIM = 'urn:datakatalog:writer';
/** The SQL state Virtuoso's bif:signal raises when a write is fenced off (class 40: transaction rollback). */
const FENCED_STATE = '40F01';

/** Graph names as the server's SPARQL needs them between `<` and `>`. */
const SAFE_IRI = /^[^\s<>"{}|^`\\]+$/;

const GRAPH_FORMATS: Readonly<Record<string, SerializationFormat>> = {
  'application/n-triples': 'n-triples',
  'text/turtle': 'turtle',
  'application/ld+json': 'json-ld',
  'application/rdf+xml': 'rdf-xml',
};

/** A server's answer to a SELECT or ASK: SPARQL JSON. Graphs: N-Triples, Turtle accepted. */
const SOLUTIONS_ACCEPT = 'application/sparql-results+json';
const GRAPH_ACCEPT = 'application/n-triples, text/turtle;q=0.9';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The SPARQL index held by an external SPARQL 1.1 server (Virtuoso, Fuseki, Oxigraph server, GraphDB):
 * one named graph per record, written with SPARQL Update when the server has an Update endpoint (one
 * DELETE and one INSERT DATA for many graphs per request) or else with the Graph Store Protocol (PUT and
 * DELETE per record), one request at a time either way. The server keeps the graph across restarts, so the projection catches up from its
 * cursor instead of rebuilding (`persistent`).
 *
 * Queries are forwarded through the SPARQL Protocol to the query endpoint (never the update endpoint)
 * with the same rules as the embedded index: the time limit is the server's `timeout` parameter and our
 * own abort; a result past the row cap (a LIMIT one past it, set with sparqljs) or the size cap is
 * refused whole (422), never cut; a result the server marks incomplete (Virtuoso's anytime answer,
 * `X-SQL-State: S1TAT`) is a timeout, never sent. The server's answer is read (SPARQL JSON, N-Triples)
 * and written here in the format asked, as the embedded engine writes it.
 *
 * The server's default graph must be the union of its named graphs (Virtuoso's is; Fuseki and
 * Oxigraph server need their union-default-graph setting) and hold nothing but the catalog's graphs for
 * the anonymous query user (`.ci/start-virtuoso` makes Virtuoso's own graphs private).
 */
export class RemoteSparqlIndex implements SparqlIndex {
  readonly persistent = true;
  readonly #server: SparqlServer;
  readonly #logger: Logger;
  readonly #maxRows: number;
  readonly #maxChars: number;
  readonly #concurrency: number;
  readonly #queueLimit: number;
  readonly #updateBatch: number;
  readonly #updateBatchChars: number;
  readonly #writeAttempts: number;
  readonly #writeConcurrency: number;
  /** The write in progress: one apply() at a time (see apply). */
  readonly #writing = new OneAtATime();
  /** Graph Store writes: one at a time (see #applyWithGsp). */
  readonly #gspWriting = new OneAtATime();
  /** Whether the server checks a write's fence itself (Virtuoso: bif:signal); learned from the answer to claimWrites. */
  #checksFence = false;
  #warnedUnfenced = false;
  readonly #adminTimeoutMs: number;
  readonly #waiting: Waiter[] = [];
  readonly #running = new Set<AbortController>();
  #active = 0;
  #quads: number | null = null;
  #failing = false;
  #closed = false;

  constructor(private readonly options: RemoteSparqlIndexOptions) {
    const { server } = options;
    if (server.gspUrl === undefined && server.updateUrl === undefined) throw new Error('The remote SPARQL index needs a Graph Store Protocol endpoint or an Update endpoint to write graphs.');
    this.#server = new SparqlServer(server, { timeoutMs: options.writeTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS });
    this.#logger = options.logger ?? silentLogger;
    this.#maxRows = options.maxRows ?? 50_000;
    this.#maxChars = options.maxResultChars ?? 50_000_000;
    this.#concurrency = options.concurrency ?? 8;
    this.#queueLimit = options.queue ?? 64;
    this.#updateBatch = options.updateBatch ?? 200;
    this.#updateBatchChars = options.updateBatchChars ?? 4_000_000;
    this.#writeAttempts = options.writeAttempts ?? 6;
    this.#writeConcurrency = options.writeConcurrency ?? 2;
    if (!Number.isInteger(this.#writeConcurrency) || this.#writeConcurrency < 1) throw new Error(`writeConcurrency must be a whole number of at least 1, not ${this.#writeConcurrency}.`);
    this.#adminTimeoutMs = options.adminTimeoutMs ?? 120_000;
  }

  // --- writes ---

  /**
   * One apply() at a time: the next starts once the one before it is answered, so a graph's versions land in
   * the order of the change log. With an Update endpoint a batch of graphs goes in one request (one DELETE of
   * their triples, one INSERT DATA): measured at about three times the graphs per second of one GSP PUT after
   * another (48 against 14, under load). The requests of one apply() name different graphs (its changes are
   * taken per graph, last one wins), and up to `writeConcurrency` of them are sent at once: Virtuoso runs each
   * on one thread, so a second request uses a second core (graphs per second with two against one, alternated:
   * new graphs 517 and 575 against 358 and 454, replaced graphs 285 and 369 against 106 and 190; no deadlock).
   * A write the server rolled back for a deadlock with another writer (another node writing the same graphs)
   * is sent again after a pause, up to `writeAttempts` times.
   */
  async apply(changes: readonly GraphReplacement[], options: { readonly signal?: AbortSignal; readonly fence?: string } = {}): Promise<void> {
    this.#assertOpen();
    const { signal } = options;
    const fence = options.fence !== undefined && this.#checksFence ? options.fence : undefined;
    if (options.fence !== undefined && fence === undefined) this.#warnUnfenced();
    const latest = new Map<string, string | null>();
    for (const c of changes) {
      if (!SAFE_IRI.test(c.graph)) {
        this.#logger.warn({ graph: c.graph }, 'a graph name the SPARQL server cannot be given was left out of the index');
        continue;
      }
      latest.set(c.graph, c.ntriples === null || c.ntriples.trim() === '' ? null : c.ntriples);
    }
    if (latest.size === 0) return;
    await this.#writing.run(async () => {
      try {
        signal?.throwIfAborted();
        if (this.options.server.updateUrl !== undefined) await this.#applyWithUpdate(latest, signal, fence);
        else await this.#applyWithGsp(latest, signal);
        this.#failing = false;
      } catch (error) {
        if (error instanceof ServerUnreachableError) this.#failing = true;
        throw error;
      }
    });
  }

  /**
   * Records `fence` as this catalog's write claim in the server (FENCE_GRAPH): from the moment the server has
   * committed it, a write carrying another fence is refused whole by the server (WritesFencedError), on Virtuoso.
   *
   * What the fence guarantees, and what not:
   *   - Every write request that Virtuoso starts after this claim committed, sent with an older claim (a node that
   *     lost the writer lease without noticing: paused, cut off from PostgreSQL, its lease expired), changes
   *     nothing: its first operation compares the claim and raises an error, and Virtuoso runs no operation of a
   *     request after a failed one.
   *   - A request whose check Virtuoso ran before the claim committed may still finish after it: Virtuoso commits
   *     each operation of a request on its own, at read committed, and the check takes no lock. The window is the
   *     time Virtuoso takes to run one request (one batch of at most `updateBatch` graphs).
   *   - A claim sent by the old writer itself and delayed past the new one takes the fence back; the new writer's
   *     next write is then refused, and the projector claims again once PostgreSQL confirms its lease (Projector).
   *   - Writes through the Graph Store Protocol (a server without an Update endpoint; a batch Virtuoso's Update
   *     refuses for a value, sent graph by graph) are checked once before they start, not each.
   *   - Servers other than Virtuoso hold the claim but do not check it (the check uses Virtuoso's bif:signal).
   */
  async claimWrites(fence: string, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    this.#assertOpen();
    const subject = this.options.graphPrefix;
    if (this.options.server.updateUrl === undefined || !SAFE_IRI.test(subject)) {
      this.#warnUnfenced();
      return;
    }
    await this.#writing.run(async () => {
      options.signal?.throwIfAborted();
      const claim =
        `DELETE { GRAPH <${FENCE_GRAPH}> { <${subject}> <${FENCE_CLAIM}> ?claim } } WHERE { GRAPH <${FENCE_GRAPH}> { <${subject}> <${FENCE_CLAIM}> ?claim } } ;
` +
        `INSERT DATA { GRAPH <${FENCE_GRAPH}> { <${subject}> <${FENCE_CLAIM}> ${literal(fence)} } }`;
      const answer = await this.#retryingDeadlocks(() => this.#server.update(claim, options.signal), options.signal);
      this.#checksFence = /virtuoso/i.test(answer?.headers.get('server') ?? '');
      if (!this.#checksFence) this.#warnUnfenced();
    });
  }

  #warnUnfenced(): void {
    if (this.#warnedUnfenced) return;
    this.#warnedUnfenced = true;
    this.#logger.warn(
      { server: this.options.server.updateUrl ?? this.options.server.gspUrl },
      'writes to this SPARQL server are not fenced: only Virtuoso, written through its SPARQL Update endpoint, refuses a write from a node that lost the projection writer lease',
    );
  }

  /** The request's first operation when a fence is checked: an error (nothing after it runs) unless the claim is ours. */
  #fenceCheck(fence: string | undefined): string {
    if (fence === undefined) return '';
    const subject = this.options.graphPrefix;
    return (
      `INSERT { GRAPH <${FENCE_GRAPH}> { <${subject}> <urn:datakatalog:fenced> ?refusal } } WHERE { GRAPH <${FENCE_GRAPH}> { <${subject}> <${FENCE_CLAIM}> ?claim } ` +
      `FILTER(?claim != ${literal(fence)}) BIND(bif:signal(${literal(FENCED_STATE)}, CONCAT("fenced off: the index's writer is now ", STR(?claim))) AS ?refusal) } ;\n`
    );
  }

  /** Sends a write again when the server rolled it back for a deadlock (nothing of it was kept); a fenced write is never sent again. */
  async #retryingDeadlocks<T>(write: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // No write is sent once the writer lease is lost.
      signal?.throwIfAborted();
      try {
        return await write();
      } catch (error) {
        if (isFenced(error)) throw new WritesFencedError(`The SPARQL server refused the write: ${(error as Error).message}`, /writer is now (\S+)/.exec((error as Error).message)?.[1]);
        if (!isDeadlock(error) || attempt >= this.#writeAttempts || this.#closed) throw error;
        const pause = 50 * 2 ** attempt + Math.floor(Math.random() * 100);
        this.#logger.warn({ attempt, pause }, 'the SPARQL server rolled a graph write back for a deadlock with another writer; sending it again');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /**
   * One PUT or DELETE per graph, one request at a time for the whole index: the Update path's batches run
   * at once, and several of them may fall back to the Graph Store (#writeUpdateBatch). Virtuoso 7.2 (Debian's
   * 7.2.9) crashed with "double free or corruption" under two concurrent Graph Store PUTs (once in five runs
   * of 1 200 writes), and two at once were no faster: 243-287 new graphs/s against 232-294 with one, at
   * 30-90 % more of its CPU per graph (a throwaway script, 600 graphs of 33 triples, alternated).
   */
  async #applyWithGsp(latest: ReadonlyMap<string, string | null>, signal: AbortSignal | undefined): Promise<void> {
    await this.#gspWriting.run(async () => {
      for (const [graph, ntriples] of latest) {
        if (ntriples === null) {
          await this.#retryingDeadlocks(() => this.#server.deleteGraph(graph, signal), signal);
          continue;
        }
        try {
          await this.#retryingDeadlocks(() => this.#server.putGraph(graph, ntriples, signal), signal);
        } catch (error) {
          if (!isRefusalOfContent(error)) throw error;
          // One record the server cannot take never stops the rest; its old content must not stay either.
          this.#logger.warn({ graph, err: (error as Error).message }, 'the SPARQL server refused a record graph; it is left out of the index');
          await this.#retryingDeadlocks(() => this.#server.deleteGraph(graph, signal), signal);
        }
      }
    });
  }

  /**
   * Sends the batches of an apply(), up to writeConcurrency at once. After a failure no further batch is sent; the
   * ones under way finish, and the first failure is thrown (the projection applies the whole batch again later:
   * every write is a whole replacement, so the batches that went in are simply written again).
   */
  async #applyWithUpdate(latest: ReadonlyMap<string, string | null>, signal: AbortSignal | undefined, fence: string | undefined): Promise<void> {
    const check = this.#fenceCheck(fence);
    await sendConcurrently([...this.#updateBatches([...latest])], this.#writeConcurrency, (batch) => this.#writeUpdateBatch(batch, check, signal, fence));
  }

  async #writeUpdateBatch(batch: readonly (readonly [string, string | null])[], check: string, signal: AbortSignal | undefined, fence: string | undefined): Promise<void> {
    try {
      await this.#retryingDeadlocks(() => this.#server.update(check + batchUpdate(batch), signal), signal);
    } catch (first) {
      if (!isDataException(first) && !isRefusalOfContent(first)) throw first;
      // Virtuoso's SPARQL Update takes no xsd:duration literal (it keeps them as numbers, and cannot make one
      // back: openlink/virtuoso-opensource#936), where its Graph Store loader does; and a refused graph must
      // be found. Such a batch goes graph by graph: through the Graph Store when there is one (the fence
      // checked once before it).
      if (this.options.server.gspUrl !== undefined) {
        if (fence !== undefined) await this.#retryingDeadlocks(() => this.#server.update(check.replace(/ ;\n$/, ''), signal), signal);
        await this.#applyWithGsp(new Map(batch), signal);
      } else {
        await this.#replaceBatchByDropping(batch, signal, check);
      }
    }
  }

  async #replaceBatchByDropping(batch: readonly (readonly [string, string | null])[], signal: AbortSignal | undefined, check: string): Promise<void> {
    try {
      await this.#retryingDeadlocks(() => this.#server.update(check + droppingUpdate(batch), signal), signal);
    } catch (error) {
      if (!isRefusalOfContent(error) && !isDataException(error)) throw error;
      // Which graph? One request each tells; the refused ones are dropped.
      for (const entry of batch) {
        try {
          await this.#retryingDeadlocks(() => this.#server.update(check + droppingUpdate([entry]), signal), signal);
        } catch (again) {
          if (!isRefusalOfContent(again) && !isDataException(again)) throw again;
          this.#logger.warn({ graph: entry[0], err: (again as Error).message }, 'the SPARQL server refused a record graph; it is left out of the index');
          await this.#retryingDeadlocks(() => this.#server.update(check + droppingUpdate([[entry[0], null]]), signal), signal);
        }
      }
    }
  }

  /** Batches of at most updateBatch graphs and about updateBatchChars characters (a larger graph goes alone). */
  *#updateBatches(entries: readonly (readonly [string, string | null])[]): Iterable<(readonly [string, string | null])[]> {
    let batch: (readonly [string, string | null])[] = [];
    let chars = 0;
    for (const entry of entries) {
      const size = entry[1]?.length ?? 0;
      if (batch.length > 0 && (batch.length >= this.#updateBatch || chars + size > this.#updateBatchChars)) {
        yield batch;
        batch = [];
        chars = 0;
      }
      batch.push(entry);
      chars += size;
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * Loads the batches, then drops the catalog's graphs they did not name. The server answers throughout
   * (with old and new graphs side by side while it runs), instead of being emptied first.
   */
  async rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    this.#assertOpen();
    const leftover = await this.#catalogGraphs();
    for await (const batch of batches) {
      await this.apply(batch);
      for (const c of batch) leftover.delete(c.graph);
    }
    const gone = [...leftover].map((graph) => ({ graph, ntriples: null }));
    for (let i = 0; i < gone.length; i += 1000) await this.apply(gone.slice(i, i + 1000));
    this.#logger.info({ dropped: gone.length }, 'remote SPARQL index rebuilt from the store');
  }

  /** Every graph under the prefix, read in pages ordered by name (never relying on the server's row limit). */
  async #catalogGraphs(): Promise<Set<string>> {
    const graphs = new Set<string>();
    const page = 5000;
    let after = '';
    for (;;) {
      const query =
        `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${literal(this.options.graphPrefix)}) && STR(?g) > ${literal(after)}) } ` +
        `ORDER BY ?g LIMIT ${page}`;
      const results = await this.#adminSelect(query);
      const names = results.map((row) => row.g).filter((g): g is string => g !== undefined);
      for (const g of names) graphs.add(g);
      if (names.length < page) return graphs;
      after = names[names.length - 1]!;
    }
  }

  async size(): Promise<number> {
    this.#assertOpen();
    const rows = await this.#adminSelect(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${literal(this.options.graphPrefix)})) }`);
    const n = Number(rows[0]?.n ?? 0);
    this.#quads = n;
    return n;
  }

  /**
   * Whether the server holds any of the catalog's graphs: the first one found answers, so where the catalog's
   * graphs are there it costs a look-up, not a count of every quad (size(): 74 s for 2.5 M quads under load, the
   * bulk of a node's restart at 50 000 datasets). Only a server holding many other graphs and none of the
   * catalog's is read through.
   */
  async holdsCatalogGraphs(): Promise<boolean> {
    this.#assertOpen();
    const rows = await this.#adminSelect(`SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${literal(this.options.graphPrefix)})) } LIMIT 1`);
    return rows.length > 0;
  }

  async #adminSelect(query: string): Promise<Record<string, string>[]> {
    const signal = AbortSignal.timeout(this.#adminTimeoutMs);
    const params = new URLSearchParams({ query, timeout: String(this.#adminTimeoutMs) });
    const r = await this.#server.query(params, SOLUTIONS_ACCEPT, signal, this.#adminTimeoutMs + ANSWER_MARGIN_MS).catch((error: unknown) => {
      if (signal.aborted) throw new QueryTimeoutError(`The SPARQL server did not list the catalog's graphs within ${this.#adminTimeoutMs} ms.`, {}, { cause: error });
      throw error;
    });
    if (r.status !== 200 || isIncomplete(r)) throw new ServerUnreachableError(`The SPARQL server failed an administrative query: HTTP ${r.status} ${incompleteNote(r)}${firstLines(r.body)}`);
    const results = readJsonResults(r.body);
    if (results.kind !== 'bindings') return [];
    return results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
  }

  // --- queries ---

  async query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    this.#assertOpen();
    // The word anywhere in the text first: most queries have none, and need no blanking for this.
    if (/define/i.test(request.query) && SERVER_PRAGMA.test(blankLiteralsCommentsAndIris(request.query))) {
      // Virtuoso's DEFINE pragmas (input:grab-all, get:soft …) would make the server fetch URLs or change its behaviour.
      throw new BadRequestError('DEFINE is not SPARQL 1.1: server pragmas are not accepted by this endpoint.');
    }
    await this.#slot(request.signal);
    const controller = new AbortController();
    this.#running.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('time limit'));
    }, request.timeoutMs);
    const onAbort = (): void => controller.abort(request.signal!.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.#forward(request, controller.signal);
    } catch (error) {
      if (timedOut) throw new QueryTimeoutError(`The query ran past its time limit of ${request.timeoutMs} ms and was stopped.`, { timeoutMs: request.timeoutMs }, { cause: error });
      if (request.signal?.aborted === true) throw request.signal.reason;
      if (this.#closed) throw new ServiceUnavailableError('The SPARQL index is shut down.');
      if (error instanceof ServerUnreachableError) {
        this.#failing = true;
        this.#logger.warn({ err: error.message }, 'the SPARQL server did not answer a query');
        throw new ServiceUnavailableError(`${error.message} Try again shortly.`, { retryAfter: 5 }, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      this.#running.delete(controller);
      this.#release();
    }
  }

  async #forward(request: SparqlQueryRequest, signal: AbortSignal): Promise<SparqlQueryResult> {
    const mediaType = request.mediaType.split(';')[0]!.trim().toLowerCase();
    const graphFormat = GRAPH_FORMATS[mediaType];
    if (graphFormat === undefined && !(SOLUTION_MEDIA_TYPES as readonly string[]).includes(mediaType)) throw new Error(`The remote SPARQL index cannot write ${mediaType}.`);
    // Cap the solutions one past the limit, so the server stops there and an overflow can be told. A text
    // sparqljs cannot read runs uncapped (its rows and size are still checked), and the server judges it.
    let capped: ReturnType<typeof capSolutions> | undefined = capSolutionsWithoutParsing(request.query, request.form, this.#maxRows + 1);
    if (capped === undefined) {
      try {
        capped = capSolutions(request.query, request.baseIri, this.#maxRows + 1);
      } catch {
        capped = undefined;
      }
    }
    const accept = request.form === 'CONSTRUCT' || request.form === 'DESCRIBE' ? GRAPH_ACCEPT : SOLUTIONS_ACCEPT;
    // Our own time limit (the signal) ends the request first; the server's request limit must not end it earlier.
    const limit = request.timeoutMs + ANSWER_MARGIN_MS;
    let response = await this.#server.query(this.#params(request, capped?.text ?? request.query), accept, signal, limit);
    if (response.status === 400 && capped?.rewritten === true) {
      // sparqljs wrote the query back in a form the server refuses: the original text is the query asked.
      response = await this.#server.query(this.#params(request, request.query), accept, signal, limit);
    }
    if (isIncomplete(response)) {
      throw new QueryTimeoutError(`The query ran past its time limit of ${request.timeoutMs} ms and was stopped.`, { timeoutMs: request.timeoutMs });
    }
    if (response.status !== 200) throw this.#refusal(request, response);
    this.#failing = false;
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (graphFormat !== undefined) return { mediaType, body: await this.#writeGraph(response.body, contentType, graphFormat, request) };
    let results;
    try {
      results = readJsonResults(response.body);
    } catch (error) {
      if (error instanceof MalformedResultsError) throw new BadRequestError(`The query gives a graph, not solutions: ask for an RDF syntax (${contentType}). ${error.message}`);
      throw error;
    }
    if (solutionCount(results) > this.#maxRows) throw this.#tooManyRows('solutions');
    if (results.kind === 'boolean' && (mediaType === 'text/csv' || mediaType === 'text/tab-separated-values')) {
      throw new BadRequestError('An ASK result has no CSV or TSV form; ask for SPARQL JSON or XML.');
    }
    const body = writeSolutions(results, mediaType);
    this.#checkSize(body.length);
    return { mediaType, body };
  }

  #params(request: SparqlQueryRequest, original: string): URLSearchParams {
    const params = new URLSearchParams();
    const protocolDataset = (request.defaultGraphUris?.length ?? 0) > 0 || (request.namedGraphUris?.length ?? 0) > 0;
    // The protocol's dataset replaces the query's FROM and FROM NAMED (SPARQL 1.1 Protocol §2.1.4); Virtuoso would merge them.
    const text = protocolDataset && hasDatasetClause(original) ? withoutDataset(original, request.baseIri) : original;
    // The server has no base-IRI parameter: a BASE before the query's own prologue (a BASE in it still wins).
    params.set('query', request.baseIri !== undefined && SAFE_IRI.test(request.baseIri) ? `BASE <${request.baseIri}>\n${text}` : text);
    for (const g of request.defaultGraphUris ?? []) params.append('default-graph-uri', g);
    for (const g of request.namedGraphUris ?? []) params.append('named-graph-uri', g);
    // Virtuoso's limit in milliseconds (it stops there and marks the answer incomplete); others may ignore it.
    params.set('timeout', String(request.timeoutMs));
    return params;
  }

  async #writeGraph(body: string, contentType: string, format: SerializationFormat, request: SparqlQueryRequest): Promise<string> {
    const syntax = contentType === 'text/turtle' ? 'Turtle' : contentType === 'application/n-triples' || contentType === 'text/plain' ? 'N-Triples' : undefined;
    if (syntax === undefined) throw new BadRequestError(`The query gives solutions, not a graph: ask for a SPARQL results format (the server answered ${contentType || 'no media type'}).`);
    let quads;
    try {
      quads = new Parser({ format: syntax }).parse(body);
    } catch (error) {
      throw new ServerUnreachableError(`The SPARQL server answered a graph that cannot be read: ${(error as Error).message}`);
    }
    if (quads.length > this.#maxRows) throw this.#tooManyRows('triples');
    const written = await serializeQuads(quads, format, request.jsonLdForm !== undefined ? { jsonLdForm: request.jsonLdForm } : {});
    this.#checkSize(written.length);
    return written;
  }

  #tooManyRows(what: string): ResultTooLargeError {
    return new ResultTooLargeError(
      `The result has more than ${this.#maxRows} ${what}, more than this endpoint sends; no partial result is given. Add a LIMIT (with ORDER BY and OFFSET to page through), or narrow the query.`,
      { maxRows: this.#maxRows },
    );
  }

  #checkSize(chars: number): void {
    if (chars > this.#maxChars) {
      throw new ResultTooLargeError(
        `The result is larger than the ${this.#maxChars} characters this endpoint sends; no partial result is given. Select fewer variables or rows, or narrow the query.`,
        { maxResultChars: this.#maxChars },
      );
    }
  }

  /** What a non-200 answer means for the client: a refused query (400 with the reason), a timeout, or an unavailable server. */
  #refusal(request: SparqlQueryRequest, r: ServerResponse): Error {
    const text = firstLines(r.body);
    if (/\bS1T00\b|timed out|timeout/i.test(text) && r.status >= 500) {
      return new QueryTimeoutError(`The query ran past its time limit of ${request.timeoutMs} ms and was stopped.`, { timeoutMs: request.timeoutMs });
    }
    // Virtuoso answers 500 for errors of the query itself too: SQL states of class 22 (data), 37 and 42 (syntax, access rules).
    if (r.status === 400 || (r.status === 500 && /^Virtuoso (22|37|42)\w{3} Error/.test(text))) {
      const diagnosis = diagnoseSparql(request.query, request.baseIri ?? 'urn:datakatalog:sparql:');
      if (diagnosis !== null) {
        const { message, ...details } = diagnosis;
        return new BadRequestError(message, details);
      }
      return new BadRequestError(`The SPARQL server refused the query: ${text.replace(/\s*SPARQL query:.*$/s, '') || `HTTP ${r.status}`}`);
    }
    if (r.status === 401 || r.status === 403) {
      this.#logger.error({ status: r.status, body: text }, 'the SPARQL server refused our query credentials');
      return new ServiceUnavailableError('The SPARQL server refused the catalog\'s query; the operator has been told.', { retryAfter: 60 });
    }
    this.#failing = r.status >= 500;
    this.#logger.warn({ status: r.status, body: text }, 'the SPARQL server failed a query');
    return new ServiceUnavailableError(`The SPARQL server failed the query (HTTP ${r.status}); try again shortly.`, { retryAfter: 5 });
  }

  // --- concurrency ---

  async #slot(signal: AbortSignal | undefined): Promise<void> {
    if (this.#active < this.#concurrency) {
      this.#active++;
      return;
    }
    if (this.#waiting.length >= this.#queueLimit) {
      throw new ServiceUnavailableError('Too many queries are waiting for the SPARQL server; try again shortly.', { retryAfter: 1 });
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.#waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.#waiting.indexOf(waiter);
          if (i >= 0) {
            this.#waiting.splice(i, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next.resolve();
    else this.#active--;
  }

  status(): SparqlIndexStatus {
    const busy = this.#active >= this.#concurrency;
    return {
      state: this.#failing ? 'degraded' : busy ? 'busy' : 'ready',
      quads: this.#quads,
      engines: { ready: this.#failing ? 0 : 1, loading: 0, busy: busy ? 1 : 0 },
      queued: this.#waiting.length,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w.reject(new ServiceUnavailableError('The SPARQL index is shut down.'));
    for (const c of this.#running) c.abort(new Error('shut down'));
    this.#server.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new ServiceUnavailableError('The SPARQL index is shut down.');
  }
}

/**
 * The replacement of several graphs as one SPARQL Update: one DELETE of every triple in them (the graphs
 * named in VALUES), then one INSERT DATA with the new content of those that stay (N-Triples are valid
 * SPARQL triples). One request, one transaction on the server.
 */
export function batchUpdate(entries: readonly (readonly [string, string | null])[]): string {
  const names = entries.map(([g]) => `<${g}>`).join(' ');
  const drop = `DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?g { ${names} } GRAPH ?g { ?s ?p ?o } }`;
  const kept = entries.filter((e): e is readonly [string, string] => e[1] !== null);
  if (kept.length === 0) return drop;
  return `${drop} ;\nINSERT DATA {\n${kept.map(([g, nt]) => `GRAPH <${g}> {\n${nt}\n}`).join('\n')}\n}`;
}

/** The same replacement with one `DROP SILENT GRAPH` per graph before the INSERT DATA: slower, but it takes any graph. */
export function droppingUpdate(entries: readonly (readonly [string, string | null])[]): string {
  const drops = entries.map(([g]) => `DROP SILENT GRAPH <${g}>`).join(' ;\n');
  const kept = entries.filter((e): e is readonly [string, string] => e[1] !== null);
  if (kept.length === 0) return drops;
  return `${drops} ;\nINSERT DATA {\n${kept.map(([g, nt]) => `GRAPH <${g}> {\n${nt}\n}`).join('\n')}\n}`;
}

/** Virtuoso failed the request on a value (SQL state class 22, data exception), not on the request's form. */
function isDataException(error: unknown): boolean {
  return error instanceof ServerUnreachableError && /\b22\w{3} Error\b|\bError 22\w{3}\b/.test(error.message);
}

/** The server refused the write at its fence check (claimWrites): another writer has claimed the index since. */
function isFenced(error: unknown): boolean {
  return error instanceof ServerUnreachableError && error.message.includes(`${FENCED_STATE} Error`);
}

/** The server rolled the write back for a deadlock with another transaction (SQL state 40001; Virtuoso's SR172). */
function isDeadlock(error: unknown): boolean {
  return error instanceof ServerUnreachableError && /\b40001\b|deadlock/i.test(error.message);
}

/** The server refused this content (a 4xx other than authentication or throttling): the record's fault, not the server's. */
function isRefusalOfContent(error: unknown): boolean {
  return error instanceof ServerRefusalError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 404;
}

/** Virtuoso answers a query stopped at its `timeout` with what it had so far, marked S1TAT. */
function isIncomplete(r: ServerResponse): boolean {
  return (r.headers.get('x-sql-state') ?? '').toUpperCase() === 'S1TAT';
}

function incompleteNote(r: ServerResponse): string {
  return isIncomplete(r) ? '(incomplete: stopped at its time limit) ' : '';
}

/** The query without its FROM and FROM NAMED clauses (sparqljs writes it back); unchanged when sparqljs cannot read it. */
function withoutDataset(query: string, baseIri: string | undefined): string {
  try {
    const parsed = new sparqljs.Parser({ ...(baseIri !== undefined ? { baseIRI: baseIri } : {}) }).parse(query);
    if (parsed.type !== 'query') return query;
    delete (parsed as { from?: unknown }).from;
    return new sparqljs.Generator().stringify(parsed);
  } catch {
    return query;
  }
}

function literal(s: string): string {
  return JSON.stringify(s);
}
