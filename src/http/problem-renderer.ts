import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, NotFoundError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { PROBLEM_TYPE_BASE } from '../rdf/namespaces.js';
import { excerpt } from './echo.js';
import { requestIdOf } from './request-context.js';

/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents
 * (`application/problem+json`). Typed AppErrors carry their status, title and extra members; errors
 * from the body parsers become 400/413/415 problems; anything else is a 500 with a generic detail
 * (the stack goes to the log, never to the client).
 */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [member: string]: unknown;
}

/** The code of the one problem that is not a typed error: an unexpected failure (500). */
const INTERNAL_PROBLEM_CODE = 'internal';

/** The longest detail and string member a problem carries; longer ones are cut (they may repeat input). */
const MAX_DETAIL = 1000;
const MAX_MEMBER = 200;

/** The request's path for `instance`: never its query string (which may carry a token), at most 200 characters. */
export function requestPath(req: Request): string {
  return excerpt(req.originalUrl.split('?')[0]!, MAX_MEMBER);
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** The problem document of a typed error. */
export function problemOf(error: AppError, instance?: string): ProblemDocument {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error.extra)) if (!RESERVED.has(k) && v !== undefined) extra[k] = typeof v === 'string' ? excerpt(v, MAX_MEMBER) : v;
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    detail: excerpt(error.message, MAX_DETAIL),
    ...(instance === undefined ? {} : { instance }),
    ...extra,
  };
}

/** Errors thrown by body-parser / raw-body / express internals (http-errors): they carry a status and a type. */
interface HttpLibraryError {
  status: number;
  type?: string;
  message: string;
  expose?: boolean;
  limit?: number;
  length?: number;
  charset?: string;
}

function isHttpLibraryError(error: unknown): error is HttpLibraryError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Record<string, unknown>;
  return typeof e.status === 'number' && typeof e.message === 'string' && (e.expose === true || typeof e.type === 'string');
}

/** A problem raised by a library rather than by our code: its code is given where it is recognised, below. */
class LibraryProblem extends AppError {
  readonly status: number;
  readonly title: string;
  readonly code: string;
  constructor(status: number, title: string, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, extra);
    this.status = status;
    this.title = title;
    this.code = code;
  }
}

/** Body-parser errors as typed problems: never a 500 for a client's bad body. */
function fromLibraryError(error: HttpLibraryError): AppError | null {
  switch (error.type) {
    case 'entity.too.large':
      return new LibraryProblem(413, 'Payload too large', 'payload-too-large', `The request body is larger than this endpoint accepts (at most ${error.limit ?? '?'} bytes).`, {
        limit: error.limit,
      });
    case 'entity.parse.failed':
      return new LibraryProblem(400, 'Bad request', 'malformed-body', `The request body could not be parsed: ${error.message}`);
    case 'charset.unsupported':
      return new LibraryProblem(415, 'Unsupported media type', 'unsupported-charset', `The request body's charset is not supported (${error.charset ?? 'unknown'}); send UTF-8.`);
    case 'encoding.unsupported':
      return new LibraryProblem(415, 'Unsupported media type', 'unsupported-encoding', `The request body's content encoding is not supported: ${error.message}.`);
    case 'parameters.too.many':
      return new LibraryProblem(413, 'Payload too large', 'too-many-parameters', 'The form body has too many parameters.');
    case 'request.aborted':
      return new LibraryProblem(400, 'Bad request', 'request-aborted', 'The client aborted the request before its body was read.');
    case 'request.size.invalid':
      return new LibraryProblem(400, 'Bad request', 'content-length-mismatch', 'The request body did not match its Content-Length.');
    default:
      // Other client errors from express internals (e.g. an undecodable percent-escape in a path parameter).
      if (error.expose === true && error.status >= 400 && error.status < 500) {
        return new LibraryProblem(error.status, 'Bad request', 'bad-request', error.message);
      }
      return null;
  }
}

/** The router's error for a path parameter that is not valid percent-encoding (a URIError with status 400). */
function isUndecodablePath(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: unknown }).status === 400;
}

/** Headers that describe a successful representation and must not leak onto an error response. */
const REPRESENTATION_HEADERS = ['ETag', 'Last-Modified', 'Content-Language', 'Content-Disposition', 'Content-Location'];

function send(res: Response, problem: ProblemDocument): void {
  // The audit log of writes (src/http/access/write-access.ts) keeps why a write was refused.
  res.locals.problemDetail = problem.detail;
  for (const h of REPRESENTATION_HEADERS) res.removeHeader(h);
  res.status(problem.status);
  res.setHeader('Content-Type', `${PROBLEM_MEDIA_TYPE}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  if (problem.status === 405 && Array.isArray(problem.allow)) res.setHeader('Allow', (problem.allow as string[]).join(', '));
  if (typeof problem.retryAfter === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(problem.retryAfter))));
  if (problem.status === 401) res.setHeader('WWW-Authenticate', bearerChallenge(problem.type));
  res.send(JSON.stringify(problem));
}

/** The express error middleware. Mount it last. */
export function problemRenderer(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next) => {
    const requestId = requestIdOf(res);
    const instance = requestPath(req);
    if (res.headersSent) {
      // Part of a response has gone out: the only honest thing left is to cut the connection.
      logger.error({ err: error, requestId, url: instance }, 'Error after the response was started');
      req.socket.destroy();
      return;
    }
    const typed =
      error instanceof AppError
        ? error
        : isUndecodablePath(error)
          ? new LibraryProblem(400, 'Bad request', 'bad-request', `The request path has an invalid percent-encoding: ${excerpt(req.path)}`)
          : isHttpLibraryError(error)
            ? fromLibraryError(error)
            : null;
    if (typed !== null) {
      const problem = { ...problemOf(typed, instance), ...(requestId ? { requestId } : {}) };
      if (typed.status >= 500) logger.warn({ requestId, url: instance, status: typed.status, detail: typed.message }, typed.title);
      else logger.debug({ requestId, url: instance, status: typed.status, detail: typed.message }, typed.title);
      send(res, problem);
      return;
    }
    logger.error({ err: error, requestId, url: instance, method: req.method }, 'Unexpected error while answering a request');
    send(res, {
      type: `${PROBLEM_TYPE_BASE}${INTERNAL_PROBLEM_CODE}`,
      title: 'Internal server error',
      status: 500,
      detail: `The server met an unexpected error. It has been logged${requestId ? ` with request id ${requestId}` : ''}.`,
      instance,
      ...(requestId ? { requestId } : {}),
    });
  };
}

/** Answers every request no route took with a 404 problem. Mount it after the routes, before the renderer. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`Nothing is served at ${excerpt(req.method, 20)} ${excerpt(req.path)}.`));
  };
}

/**
 * The challenge a 401 must carry (RFC 9110 §11.6.1): a bearer token (RFC 6750 §3), with `invalid_token`
 * when the request sent one that failed (unknown, malformed, expired or revoked).
 */
function bearerChallenge(type: string): string {
  const failed = ['invalid-token', 'token-expired', 'token-revoked'].some((code) => type === `${PROBLEM_TYPE_BASE}${code}`);
  return failed ? 'Bearer realm="datakatalog", error="invalid_token"' : 'Bearer realm="datakatalog"';
}
