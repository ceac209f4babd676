/**
 * Typed errors that carry their HTTP status. They are thrown for requests that cannot be answered
 * and rendered in one place (src/http/problem-renderer.ts) as `application/problem+json` (RFC 9457).
 * Expected outcomes of harvesting and validation are values in reports, not these.
 *
 * Every class declares its problem `code` as a literal: the public `type` URI is the problem base plus
 * the code, so renaming a class changes nothing a client sees. A published code is never changed or
 * reused (test/http/problem-codes.test.ts pins them); a subclass gets a code of its own.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Stable problem code in kebab-case, the last segment of the problem's `type` URI. */
  abstract readonly code: string;
  /** Short, stable title for the problem type. */
  abstract readonly title: string;
  /** Extra members for the problem document. */
  readonly extra: Record<string, unknown>;

  constructor(message: string, extra: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.extra = extra;
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code: string = 'bad-request';
  readonly title = 'Bad request';
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code: string = 'unauthorized';
  readonly title = 'Authentication required';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code: string = 'forbidden';
  readonly title = 'Forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code: string = 'not-found';
  readonly title = 'Not found';
}

/** The method is not one the resource answers; `extra.allow` lists those it does (the Allow header). */
export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly code: string = 'method-not-allowed';
  readonly title = 'Method not allowed';
}

export class NotAcceptableError extends AppError {
  readonly status = 406;
  readonly code: string = 'not-acceptable';
  readonly title = 'Not acceptable';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string = 'conflict';
  readonly title = 'Conflict';
}

export class GoneError extends AppError {
  readonly status = 410;
  readonly code: string = 'gone';
  readonly title = 'Gone';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code: string = 'payload-too-large';
  readonly title = 'Payload too large';
}

/** The answer would be larger than the endpoint sends (rows or characters); nothing partial is sent. */
export class ResultTooLargeError extends AppError {
  readonly status = 422;
  readonly code: string = 'result-too-large';
  readonly title = 'Result too large';
}

/** A SPARQL query needed more memory than one query may use (sorting or grouping a huge product); it was stopped. */
export class QueryMemoryError extends AppError {
  readonly status = 422;
  readonly code: string = 'query-memory-exceeded';
  readonly title = 'Query memory limit exceeded';
}

/** The client has too many requests of a kind waiting; `extra.retryAfter` (seconds) becomes `Retry-After`. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code: string = 'too-many-requests';
  readonly title = 'Too many requests';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code: string = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

/** A SPARQL query ran past its time limit and was stopped. */
export class QueryTimeoutError extends AppError {
  readonly status = 503;
  readonly code: string = 'query-timeout';
  readonly title = 'Query time limit exceeded';
}

/** The service cannot take the request now; `extra.retryAfter` (seconds), when set, becomes `Retry-After`. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code: string = 'service-unavailable';
  readonly title = 'Service unavailable';
}

/** The bearer token is not one this catalog issued or accepts (unknown, malformed, or a JWT that fails its checks). */
export class InvalidTokenError extends UnauthorizedError {
  override readonly code: string = 'invalid-token';
}

/** The token was valid once and has expired. */
export class TokenExpiredError extends UnauthorizedError {
  override readonly code: string = 'token-expired';
}

/** The token was revoked. */
export class TokenRevokedError extends UnauthorizedError {
  override readonly code: string = 'token-revoked';
}

/** The token is good, but its holder may not do this (another organisation's source, a system admin's route). */
export class NotPermittedError extends ForbiddenError {
  override readonly code: string = 'not-permitted';
}

/** A value that should be an organisation number is not one (9 digits, mod-11 check digit). */
export class InvalidOrganisationNumberError extends BadRequestError {
  override readonly code: string = 'invalid-organisation-number';
}

/** The organisation number is well formed, but the organisation register does not know it (or it was deleted). */
export class UnknownOrganisationError extends AppError {
  readonly status = 422;
  readonly code: string = 'unknown-organisation';
  readonly title = 'Unknown organisation';
}

/** The organisation register could not be asked and neither the cache nor the bundled snapshot knows the organisation. */
export class OrganisationRegisterUnavailableError extends AppError {
  readonly status = 503;
  readonly code: string = 'organisation-register-unavailable';
  readonly title = 'Organisation register unavailable';
}

/** The source is paused: it is not harvested until it is resumed (a dry run still works). */
export class SourcePausedError extends ConflictError {
  override readonly code: string = 'source-paused';
}

/** A source's authentication header cannot be stored or used: SOURCE_SECRET_KEY is not configured. */
export class SourceSecretsUnavailableError extends AppError {
  readonly status = 503;
  readonly code: string = 'source-secrets-unavailable';
  readonly title = 'Source secrets unavailable';
}

/** A remote SPARQL endpoint a federated query called (SERVICE) failed or could not be reached; `extra.endpoint` names it. */
export class FederatedEndpointError extends AppError {
  readonly status = 502;
  readonly code: string = 'federated-endpoint-failed';
  readonly title = 'Federated endpoint failed';
}

/** Configuration problems, all reported together at start. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
