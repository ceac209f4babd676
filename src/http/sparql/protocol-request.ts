import type { Request } from 'express';
import { BadRequestError, ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../core/errors.js';
import { excerpt } from '../echo.js';

/**
 * Reads a SPARQL 1.1 Protocol query operation out of an HTTP request:
 *   GET  /sparql?query=…&default-graph-uri=…&named-graph-uri=…
 *   POST /sparql  Content-Type: application/x-www-form-urlencoded   (query=… in the body)
 *   POST /sparql  Content-Type: application/sparql-query            (the query is the body)
 * Protocol parameters may also sit in the URL of a POST. Updates in any form are refused (403): this
 * endpoint is read-only, the catalog changes only through harvests.
 */
export interface QueryOperation {
  readonly query: string;
  readonly defaultGraphUris: readonly string[];
  readonly namedGraphUris: readonly string[];
  /** A lower time limit the client asked for (`timeout` parameter, ms); never above the endpoint's. */
  readonly timeoutMs?: number;
}

export interface ProtocolLimits {
  readonly maxQueryLength: number;
  readonly timeoutMs: number;
  /** The lowest limit a `timeout` parameter may set; a lower one is raised to it. */
  readonly minTimeoutMs: number;
}

const FORM = 'application/x-www-form-urlencoded';
const QUERY = 'application/sparql-query';
const UPDATE = 'application/sparql-update';

const UPDATE_REFUSED =
  'This SPARQL endpoint is read-only: SPARQL Update is not accepted. The catalog changes only through harvests of registered sources.';

/** An absolute IRI as the protocol's graph parameters need (a scheme, no spaces or brackets). */
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

function mediaTypeOf(req: Request): { type: string; charset: string | undefined } | undefined {
  const header = req.get('Content-Type');
  if (header === undefined || header.trim() === '') return undefined;
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeBody(req: Request, charset: string | undefined): string {
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(`The request body is declared as charset "${excerpt(charset)}"; this endpoint reads SPARQL in UTF-8 only.`, {
      charset: excerpt(charset),
      accepted: ['utf-8'],
    });
  }
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return '';
  try {
    return utf8.decode(body);
  } catch {
    throw new BadRequestError('The request body is not valid UTF-8.');
  }
}

function urlParams(req: Request): URLSearchParams {
  const q = req.originalUrl.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : req.originalUrl.slice(q + 1));
}

function graphUris(name: string, values: string[]): string[] {
  for (const v of values) {
    if (!ABSOLUTE_IRI.test(v)) throw new BadRequestError(`The ${name} parameter "${excerpt(v)}" is not an absolute IRI.`, { parameter: name, value: excerpt(v) });
  }
  return values;
}

function parseTimeout(raw: string, limitMs: number, floorMs: number): number {
  // Trimmed and short before any pattern: `\s*` on both sides of an optional unit backtracked over a run
  // of spaces, quadratically (a 313 KB form body of `timeout=1` and spaces held the main thread 42 s).
  const text = raw.trim();
  const m = text.length <= 32 ? /^(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(text) : null;
  if (!m) {
    throw new BadRequestError(`The timeout parameter "${excerpt(raw)}" is not a duration: give milliseconds (e.g. 5000) or seconds (e.g. 5s).`, {
      parameter: 'timeout',
    });
  }
  const ms = Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
  if (ms <= 0) throw new BadRequestError('The timeout parameter must be greater than zero.', { parameter: 'timeout' });
  // Stopping a running query costs an engine reload: a limit below the floor would make every request one.
  return Math.min(Math.max(ms, floorMs), limitMs);
}

/**
 * The query operation of the request, or null for a GET with no query and no update (the service
 * description). Throws the typed error that names what is wrong otherwise.
 */
export function readQueryOperation(req: Request, limits: ProtocolLimits): QueryOperation | null {
  const url = urlParams(req);
  let body = new URLSearchParams();
  let directQuery: string | undefined;

  if (req.method === 'POST') {
    const media = mediaTypeOf(req);
    if (media === undefined) {
      throw new UnsupportedMediaTypeError(`A SPARQL POST needs a Content-Type: ${FORM} (query=… in the body) or ${QUERY} (the query as the body).`, {
        accepted: [FORM, QUERY],
      });
    }
    if (media.type === UPDATE) throw new ForbiddenError(UPDATE_REFUSED);
    if (media.type === FORM) body = new URLSearchParams(decodeBody(req, media.charset));
    else if (media.type === QUERY) directQuery = decodeBody(req, media.charset);
    else {
      throw new UnsupportedMediaTypeError(`A SPARQL POST with Content-Type "${excerpt(media.type)}" is not understood; send ${FORM} or ${QUERY}.`, {
        accepted: [FORM, QUERY],
      });
    }
  }

  const all = (name: string): string[] => [...url.getAll(name), ...body.getAll(name)];
  const queries = all('query');
  if (directQuery !== undefined) queries.push(directQuery);
  const updates = all('update');
  const usingGraphs = [...all('using-graph-uri'), ...all('using-named-graph-uri')];

  if (queries.length > 0 && updates.length > 0) {
    throw new BadRequestError('The request has both a query and an update; a SPARQL Protocol request carries exactly one operation.');
  }
  if (updates.length > 0 || usingGraphs.length > 0) throw new ForbiddenError(UPDATE_REFUSED);
  if (queries.length > 1) {
    throw new BadRequestError(`The request has ${queries.length} queries; a SPARQL Protocol request carries exactly one query.`);
  }
  const query = queries[0];
  if (query === undefined) {
    if (req.method === 'GET' || req.method === 'HEAD') return null;
    throw new BadRequestError('The request has no query: send query=… in a form body or the query itself as application/sparql-query.');
  }
  if (query.trim() === '') throw new BadRequestError('The query is empty.');
  if (query.length > limits.maxQueryLength) {
    throw new PayloadTooLargeError(`The query is ${query.length} characters long; this endpoint accepts queries of at most ${limits.maxQueryLength} characters.`, {
      maxQueryLength: limits.maxQueryLength,
    });
  }

  const timeouts = all('timeout');
  if (timeouts.length > 1) throw new BadRequestError('The timeout parameter is given more than once.');
  const timeoutMs = timeouts[0] === undefined ? undefined : parseTimeout(timeouts[0], limits.timeoutMs, limits.minTimeoutMs);

  return {
    query,
    defaultGraphUris: graphUris('default-graph-uri', all('default-graph-uri')),
    namedGraphUris: graphUris('named-graph-uri', all('named-graph-uri')),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}
