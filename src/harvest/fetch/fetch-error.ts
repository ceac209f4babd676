/**
 * The one error the fetcher throws for network and remote problems: callers turn it into a
 * `fetch` problem in the harvest report. `reason` is a stable code; the message is for people.
 */
export type FetchFailureReason =
  /** The URL does not parse. */
  | 'invalid-url'
  /** Not http or https (file:, ftp:, data:, gopher:, javascript:, …), also as a redirect target. */
  | 'unsupported-scheme'
  /** The URL carries a user name or password. */
  | 'credentials-in-url'
  /** The URL is longer than the catalog fetches (src/core/url-length.ts), also as a redirect target. */
  | 'url-too-long'
  /** The host is, or resolves to, a loopback/private/link-local/reserved address and is not allowed. */
  | 'forbidden-address'
  /** The host name could not be resolved. */
  | 'dns'
  /** The TCP connection failed (refused, unreachable, reset before the response). */
  | 'connect'
  /** The TLS handshake failed (certificate, protocol). */
  | 'tls'
  | 'connect-timeout'
  | 'idle-timeout'
  | 'total-timeout'
  /** The body is larger than the cap (declared, received or after decompression). */
  | 'too-large'
  /** A 4xx/5xx status, or a status the fetcher cannot act on (e.g. 304 to a request that was not conditional). */
  | 'http-status'
  | 'redirect-loop'
  | 'too-many-redirects'
  /** A redirect without a usable Location. */
  | 'bad-redirect'
  /** A Content-Encoding other than gzip, deflate, br or identity. */
  | 'unsupported-encoding'
  /** The compressed body is corrupt. */
  | 'decode'
  /** Malformed HTTP (bad headers, header block too large). */
  | 'protocol'
  /** The connection broke while the response was read (reset, truncated body). */
  | 'network'
  /** The request could not be formed (e.g. a stored ETag with forbidden characters). */
  | 'invalid-request'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** Local files (readLocalFile): missing, not a regular file, unreadable. */
  | 'file-not-found'
  | 'not-a-file'
  | 'unreadable';

export interface FetchErrorDetails {
  /** HTTP status, for `http-status`. */
  readonly status?: number;
  /** The URLs visited, in order, for redirect problems. */
  readonly redirects?: readonly string[];
  /** The limit that was hit (milliseconds for timeouts, bytes for `too-large`). */
  readonly limit?: number;
  readonly cause?: unknown;
}

export class FetchError extends Error {
  /** The URL being fetched when the failure happened (after redirects), or a file: URL for local files. */
  readonly url: string;
  readonly reason: FetchFailureReason;
  readonly status?: number;
  readonly redirects?: readonly string[];
  readonly limit?: number;

  constructor(reason: FetchFailureReason, url: string, message: string, details: FetchErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.reason = reason;
    this.url = url;
    if (details.status !== undefined) this.status = details.status;
    if (details.redirects !== undefined) this.redirects = details.redirects;
    if (details.limit !== undefined) this.limit = details.limit;
  }
}
