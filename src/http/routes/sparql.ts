import express, { type Request, type Response, type Router } from 'express';
import { AppError, BadRequestError, ForbiddenError, MethodNotAllowedError, QueryTimeoutError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import { noMetrics, type Metrics } from '../../core/ports/metrics.js';
import type { SparqlIndex } from '../../core/ports/sparql-index.js';
import { chooseOffer } from '../negotiation.js';
import { readQueryOperation } from '../sparql/protocol-request.js';
import { sparqlShape } from '../../rdf/sparql-text.js';
import { resultOffers } from '../sparql/result-formats.js';
import { serviceDescriptionHandler } from '../sparql/service-description.js';
import { excerpt } from '../echo.js';
import { h } from 'preact';
import { sendPage } from '../portal/html/send-html.js';
import { SparqlResultsPage } from '../portal/pages/sparql-results-page.js';
import { portalContext } from '../portal/portal-context.js';

/**
 * Beyond these the engine's recursive parser and evaluator overflow their stack (measured: a few hundred
 * chained operators, 400–800 levels of nesting), which would cost a replica restart per query.
 */
export const MAX_NESTING = 64;
export const MAX_OPERATORS = 200;
/** Group patterns one query may have: oxigraph's optimiser took 0.8 s on 80 sibling groups joined, 7.8 s on 160. */
export const MAX_GROUPS = 64;

export interface SparqlRouteOptions {
  readonly sparql: SparqlIndex;
  readonly logger: Logger;
  /** Public base URL; the endpoint is `{baseUrl}/sparql` and is the base IRI of relative IRIs in queries. */
  readonly baseUrl: string;
  /** The time limit of every query, ms; a `timeout` parameter may lower it, never raise it. */
  readonly timeoutMs: number;
  /** The longest query accepted, in characters. */
  readonly maxQueryLength: number;
  /** The lowest time limit a `timeout` parameter may set, ms (a lower one is raised to it). Default 0. */
  readonly minTimeoutMs?: number;
  /** Counts queries by outcome (ok, timeout, cancelled, refused, error). */
  readonly metrics?: Metrics;
}

/**
 * The SPARQL 1.1 Protocol endpoint at `/sparql` (mount the router at the app root):
 *   GET ?query=…, POST form (query=…), POST application/sparql-query;
 *   `default-graph-uri` / `named-graph-uri` set the dataset; without them the default graph is the
 *   union of all published records and every record is a named graph (its record URI);
 *   results by content negotiation (see result-formats.ts); updates refused with 403;
 *   every query has a time limit with real cancellation (503 problem when it is exceeded) and is
 *   cancelled when the client goes away;
 *   GET with no query: the service description (Turtle, or another RDF syntax by Accept) or, for
 *   browsers, a small HTML query form.
 */
export function sparqlRouter(options: SparqlRouteOptions): Router {
  const router = express.Router();
  const endpoint = `${options.baseUrl}/sparql`;
  const limits = { maxQueryLength: options.maxQueryLength, timeoutMs: options.timeoutMs, minTimeoutMs: options.minTimeoutMs ?? 0 };
  // Bodies are read raw so the charset and UTF-8 validity can be checked here (protocol requires UTF-8).
  // A form body may percent-encode every character (×3) and carry graph parameters besides the query.
  const readBody = express.raw({ type: () => true, limit: options.maxQueryLength * 3 + 64 * 1024 });
  const describeService = serviceDescriptionHandler(endpoint);

  const metrics = options.metrics ?? noMetrics;
  /** Answers and counts the query by how it ended. */
  const answer = async (req: Request, res: Response): Promise<void> => {
    try {
      const outcome = await run(req, res);
      if (outcome !== undefined) metrics.sparqlQuery(outcome);
    } catch (error) {
      // Limits, bad queries and full queues are refusals; a time-out is its own outcome; anything else an error.
      metrics.sparqlQuery(error instanceof QueryTimeoutError ? 'timeout' : error instanceof AppError && (error.status < 500 || error.status === 503) ? 'refused' : 'error');
      throw error;
    }
  };

  const run = async (req: Request, res: Response): Promise<'ok' | 'cancelled' | undefined> => {
    const operation = readQueryOperation(req, limits);
    if (operation === null) {
      await describeService(req, res);
      return undefined;
    }
    // A linear look at the text, never a full parse here: the engine parses it in a worker thread,
    // within the time limit, and a syntax error is diagnosed there.
    const shape = sparqlShape(operation.query);
    if (shape.operation.kind === 'update') {
      throw new ForbiddenError('This SPARQL endpoint is read-only: SPARQL Update is not accepted, also not as a query parameter.');
    }
    if (shape.depth > MAX_NESTING || shape.operators > MAX_OPERATORS || shape.groups > MAX_GROUPS) {
      throw new BadRequestError(
        `The query is too complex for this endpoint: ${shape.depth} levels of nesting (at most ${MAX_NESTING}), ${shape.operators} chained operators (||, &&, +, -, *, /, !, |, ^, UNION, OPTIONAL, MINUS, BIND, FILTER; at most ${MAX_OPERATORS}) and ${shape.groups} group patterns ({ … }; at most ${MAX_GROUPS}). Use VALUES for long lists of alternatives, or split the query.`,
        { depth: shape.depth, operators: shape.operators, groups: shape.groups, maxDepth: MAX_NESTING, maxOperators: MAX_OPERATORS, maxGroups: MAX_GROUPS },
      );
    }
    // A text whose form cannot be told is sent on as a query: the engine says what is wrong with it.
    const classified = { form: shape.operation.kind === 'query' ? shape.operation.form : ('SELECT' as const) };
    const format = chooseOffer(req, resultOffers(classified.form, true), `${classified.form} results`).value;

    // Cancel the query when the client goes away before the answer is sent.
    const abort = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort(new Error('The client closed the connection.'));
    };
    res.on('close', onClose);
    const started = performance.now();
    try {
      const result = await options.sparql.query({
        // The endpoint is the base IRI of relative IRIs (as the protocol allows); a BASE in the query still wins.
        query: operation.query,
        baseIri: endpoint,
        form: classified.form,
        mediaType: format.indexMediaType,
        ...(format.graphFormat?.jsonLdForm !== undefined ? { jsonLdForm: format.graphFormat.jsonLdForm } : {}),
        ...(req.ip !== undefined ? { client: req.ip } : {}),
        ...(operation.defaultGraphUris.length > 0 ? { defaultGraphUris: operation.defaultGraphUris } : {}),
        ...(operation.namedGraphUris.length > 0 ? { namedGraphUris: operation.namedGraphUris } : {}),
        timeoutMs: operation.timeoutMs ?? options.timeoutMs,
        signal: abort.signal,
      });
      if (abort.signal.aborted) return 'cancelled';
      // Graphs come written in their syntax: the replica writes them, off this thread.
      const body = result.body;
      options.logger.debug({ form: classified.form, ms: Math.round(performance.now() - started), bytes: body.length }, 'sparql query');
      if (format.page === true) {
        // A browser's form: the results as a page (the query again, in the form, and what it found).
        sendPage(req, res, h(SparqlResultsPage, { ctx: portalContext(req), query: operation.query, form: classified.form, body }), { etag: false });
        return 'ok';
      }
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Type', format.contentType);
      res.status(200).send(body);
      return 'ok';
    } catch (error) {
      if (abort.signal.aborted) {
        options.logger.debug({ ms: Math.round(performance.now() - started) }, 'sparql query cancelled: the client went away');
        return 'cancelled';
      }
      if (error instanceof QueryTimeoutError && error.extra.retryAfter === undefined) {
        const limit = operation.timeoutMs ?? options.timeoutMs;
        throw new QueryTimeoutError(
          `The query ran past the time limit of ${limit} ms and was stopped; no partial result is given. Narrow it down (a LIMIT, fewer OPTIONALs, no free-text FILTER: use the search API for text).`,
          { timeoutMs: limit },
          { cause: error },
        );
      }
      throw error;
    } finally {
      res.off('close', onClose);
    }
  };

  router.get('/sparql', answer);
  router.post('/sparql', readBody, answer);
  router.options('/sparql', (_req, res) => {
    res.setHeader('Allow', 'GET, HEAD, POST, OPTIONS');
    res.status(204).end();
  });
  router.all('/sparql', (req) => {
    throw new MethodNotAllowedError(`${excerpt(req.method, 20)} is not a SPARQL Protocol operation here; use GET or POST.`, { allow: ['GET', 'HEAD', 'POST', 'OPTIONS'] });
  });
  return router;
}
