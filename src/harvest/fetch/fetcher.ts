/**
 * # The harvest fetcher
 *
 * Fetches one document (an RDF payload, a page of a paged source) for the harvester. Anyone can
 * register a source URL, so every source is treated as hostile:
 *
 * **Threat model.**
 * - *Server-side request forgery.* A source URL, or a redirect from it, may point at the catalog's
 *   own network: loopback services, the cloud metadata endpoint (169.254.169.254), private and
 *   link-local ranges, the database next door. Only globally routable unicast addresses are
 *   fetched (see `address-policy.ts`), unless the operator lists the host in `allowedHosts`.
 *   - IP literals in any notation (`http://2130706433/`, `http://0x7f.1/`, `[::ffff:127.0.0.1]`,
 *     NAT64 and 6to4 forms) are normalised by the URL parser and classified before connecting.
 *   - Names are checked on the addresses the socket is given: the connection's `lookup` is ours,
 *     resolves once and refuses if ANY address is not public. There is no separate "check, then
 *     connect" resolution, so DNS rebinding between check and connect is impossible. As defence in
 *     depth the connected socket's remote address is checked again.
 *   - `localhost` and `*.localhost` are refused by name.
 *   - Every redirect hop is a new URL that goes through all checks again, including the scheme.
 *   - Proxies from the environment (HTTP_PROXY) are not used: node:http ignores them.
 * - *Resource exhaustion.* The body is capped (`maxBytes`) on the wire and again after
 *   decompression while streaming, so a gzip/brotli bomb is stopped as soon as it passes the cap;
 *   a Content-Length above the cap fails before the body is read. Three clocks bound the time: a
 *   connect timeout (DNS + TCP + TLS), an idle timeout (no byte received for that long, including
 *   while waiting for the response headers) and a total timeout for the whole document including
 *   redirects (catches servers that drip a byte a second forever). Every failure destroys the
 *   socket. Response headers are limited by node's default maxHeaderSize (16 KiB).
 * - *Confusing responses.* Redirect loops and chains longer than `maxRedirects` stop with the chain
 *   in the message; non-http(s) schemes (file:, ftp:, data:, gopher:, javascript:) are refused,
 *   as are URLs carrying credentials (they would be published with the source). Text taken from
 *   the server for messages (status text, error body excerpts) is stripped of control characters
 *   and shortened.
 *
 * **Contract.** `fetchDocument` resolves to an outcome or rejects with a `FetchError` (a typed
 * `reason`) for every network or remote problem, so the pipeline can report it as a value. Only a
 * malformed policy (a programming or configuration error) throws a RangeError. The body is
 * returned as bytes: decoding the charset is the parser's job.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  classifyAddress,
  classifyHost,
  describeAddress,
  effectivePort,
  isHostAllowed,
  isPublic,
  parseAllowedHost,
  type AllowedHostEntry,
} from './address-policy.js';
import { ACCEPT_ENCODING, ContentDecoder, parseContentEncoding, type ContentCoding } from './body-decoder.js';
import { FetchError } from './fetch-error.js';
import { guardedLookup, systemResolver, type HostResolver } from './guarded-lookup.js';

export { FetchError, type FetchFailureReason } from './fetch-error.js';
export type { HostResolver, ResolvedAddress } from './guarded-lookup.js';

export interface FetchPolicy {
  /** `host` or `host:port`, lower case; these hosts may resolve to private addresses. */
  readonly allowedHosts: readonly string[];
  /** Cap on the body, on the wire and after decompression. */
  readonly maxBytes: number;
  /** DNS + TCP + TLS connect. */
  readonly connectTimeoutMs: number;
  /** No byte received for this long → fail. */
  readonly idleTimeoutMs: number;
  /** The whole document, redirects included. */
  readonly totalTimeoutMs: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
}

export interface FetchRequest {
  readonly url: string;
  /** The Accept header; an empty string sends none (the server then picks its default). */
  readonly accept: string;
  /** Validators from the previous harvest, for a conditional GET. */
  readonly etag?: string;
  readonly lastModified?: string;
  readonly signal?: AbortSignal;
}

export type FetchOutcome =
  | { readonly kind: 'not-modified'; readonly url: string }
  | {
      readonly kind: 'ok';
      /** The final URL, after redirects. */
      readonly url: string;
      readonly status: number;
      readonly contentType?: string;
      readonly etag?: string;
      readonly lastModified?: string;
      readonly body: Buffer;
      /** `body.length`: decompressed bytes. */
      readonly bytes: number;
    };

/** What the fetcher uses from its surroundings; tests inject these. */
export interface FetchHooks {
  /** Name resolution (default: the system resolver). Its answers are checked like any other. */
  readonly resolve?: HostResolver;
  /** Extra trusted certificate authorities for https (default: node's bundled roots only). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MESSAGE_URL_LENGTH = 200;
const EXCERPT_BYTES = 4096;
const EXCERPT_CHARS = 200;
const EXCERPT_TIME_MS = 1000;
/** setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): clamp, don't overflow. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fetches one document under the policy. Rejects only with FetchError (RangeError for a malformed policy). */
export async function fetchDocument(request: FetchRequest, policy: FetchPolicy, hooks: FetchHooks = {}): Promise<FetchOutcome> {
  const allowed = checkPolicy(policy);
  const started = performance.now();
  let url = parseTarget(request.url, undefined);
  const visited: string[] = [url.href];
  let redirects = 0;
  for (;;) {
    if (request.signal?.aborted) throw abortedError(url.href, request.signal);
    const remainingMs = policy.totalTimeoutMs - (performance.now() - started);
    if (remainingMs <= 0) throw totalTimeoutError(url.href, policy.totalTimeoutMs);
    const exempt = isHostAllowed(url, allowed);
    if (!exempt) guardLiteralHost(url);
    const hop = await fetchOnce(url, { request, policy, hooks, remainingMs, exempt });
    if (hop.kind === 'done') return hop.outcome;

    if (hop.location === undefined || hop.location.trim() === '') {
      throw new FetchError('bad-redirect', url.href, `HTTP ${hop.status} from ${short(url.href)} redirects without a Location header.`, {
        status: hop.status,
        redirects: visited,
      });
    }
    const next = parseTarget(hop.location, url);
    if (visited.includes(next.href)) {
      throw new FetchError('redirect-loop', url.href, `Redirect loop: ${[...visited, next.href].map(short).join(' → ')}.`, {
        redirects: [...visited, next.href],
      });
    }
    if (redirects >= policy.maxRedirects) {
      throw new FetchError(
        'too-many-redirects',
        url.href,
        `More than ${policy.maxRedirects} redirect${policy.maxRedirects === 1 ? '' : 's'}: ${[...visited, next.href].map(short).join(' → ')}.`,
        { redirects: [...visited, next.href], limit: policy.maxRedirects },
      );
    }
    redirects++;
    visited.push(next.href);
    url = next;
  }
}

// ---------------------------------------------------------------------------------------------
// URL and host checks (before any connection)

function checkPolicy(policy: FetchPolicy): AllowedHostEntry[] {
  const positive = ['maxBytes', 'connectTimeoutMs', 'idleTimeoutMs', 'totalTimeoutMs'] as const;
  for (const key of positive) {
    const v = policy[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`FetchPolicy.${key} must be a positive number, got ${String(v)}.`);
  }
  if (!Number.isInteger(policy.maxRedirects) || policy.maxRedirects < 0) {
    throw new RangeError(`FetchPolicy.maxRedirects must be a whole number ≥ 0, got ${String(policy.maxRedirects)}.`);
  }
  return policy.allowedHosts.map(parseAllowedHost);
}

/** Parses a requested URL or a redirect Location (relative to `base`), refusing what is never fetched. */
function parseTarget(text: string, base: URL | undefined): URL {
  const from = base?.href;
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    if (from === undefined) throw new FetchError('invalid-url', text, `"${short(text)}" is not a valid URL.`);
    throw new FetchError('bad-redirect', from, `${short(from)} redirects to "${short(text)}", which is not a valid URL.`);
  }
  const what = from === undefined ? `Refused to fetch ${short(url.href)}` : `Refused the redirect from ${short(from)} to ${short(url.href)}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('unsupported-scheme', from ?? url.href, `${what}: only http and https URLs are fetched, not "${url.protocol}".`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('credentials-in-url', from ?? url.href, `${what}: URLs with a user name or password are not fetched (they would be published with the source).`);
  }
  url.hash = '';
  return url;
}

/** IP literals and localhost names are judged without DNS (net does not call `lookup` for IP literals). */
function guardLiteralHost(url: URL): void {
  const verdict = classifyHost(url.hostname);
  switch (verdict.kind) {
    case 'name':
      return; // checked in the connection's lookup
    case 'ip':
      if (isPublic(verdict.classification)) return;
      throw new FetchError(
        'forbidden-address',
        url.href,
        `Refused to fetch ${short(url.href)}: its host is ${describeAddress(verdict.classification)}. Add the host to the allowed hosts to harvest from it.`,
      );
    case 'localhost':
      throw new FetchError('forbidden-address', url.href, `Refused to fetch ${short(url.href)}: ${verdict.host} is a loopback name. Add the host to the allowed hosts to harvest from it.`);
    case 'invalid':
      throw new FetchError('invalid-url', url.href, `Refused to fetch ${short(url.href)}: host ${verdict.host} is ${verdict.reason}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// One request

interface HopContext {
  readonly request: FetchRequest;
  readonly policy: FetchPolicy;
  readonly hooks: FetchHooks;
  readonly remainingMs: number;
  readonly exempt: boolean;
}

type HopResult = { readonly kind: 'redirect'; readonly status: number; readonly location: string | undefined } | { readonly kind: 'done'; readonly outcome: FetchOutcome };

function fetchOnce(url: URL, ctx: HopContext): Promise<HopResult> {
  const { request, policy, hooks } = ctx;
  const href = url.href;
  const signal = request.signal;
  const isHttps = url.protocol === 'https:';

  return new Promise<HopResult>((resolve, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    /** Set once a 4xx/5xx arrived: later failures (timeouts while reading the excerpt) report the status instead. */
    let statusError: FetchError | undefined;
    const timers: NodeJS.Timeout[] = [];

    const finish = (): void => {
      settled = true;
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      req?.destroy();
    };
    const fail = (error: FetchError): void => {
      if (settled) return;
      finish();
      reject(statusError ?? error);
    };
    const succeed = (result: HopResult): void => {
      if (settled) return;
      finish();
      resolve(result);
    };
    const onAbort = (): void => fail(abortedError(href, signal!));
    signal?.addEventListener('abort', onAbort, { once: true });

    timers.push(setTimeout(() => fail(totalTimeoutError(href, policy.totalTimeoutMs)), Math.min(ctx.remainingMs, MAX_TIMER_MS)));
    const connectTimer = setTimeout(() => {
      fail(new FetchError('connect-timeout', href, `Could not connect to ${url.host} within the connect timeout of ${policy.connectTimeoutMs} ms (fetching ${short(href)}).`, { limit: policy.connectTimeoutMs }));
    }, Math.min(policy.connectTimeoutMs, MAX_TIMER_MS));
    timers.push(connectTimer);

    const headers: Record<string, string> = { 'user-agent': policy.userAgent, 'accept-encoding': ACCEPT_ENCODING };
    if (request.accept.trim() !== '') headers.accept = request.accept; // an empty Accept header would accept nothing
    if (request.etag !== undefined) headers['if-none-match'] = request.etag;
    if (request.lastModified !== undefined) headers['if-modified-since'] = request.lastModified;
    const conditional = request.etag !== undefined || request.lastModified !== undefined;

    const options: https.RequestOptions = {
      method: 'GET',
      headers,
      agent: false,
      lookup: guardedLookup({ resolve: hooks.resolve ?? systemResolver, url: href, exempt: ctx.exempt }),
      ...(isHttps && hooks.ca !== undefined ? { ca: hooks.ca as string | Buffer | (string | Buffer)[] } : {}),
    };
    try {
      req = (isHttps ? https : http).request(url, options);
    } catch (error) {
      fail(new FetchError('invalid-request', href, `Could not send the request to ${short(href)}: ${errorText(error)}.`, { cause: error }));
      return;
    }

    req.on('error', (error) => fail(networkError(error, href, url)));
    req.on('socket', (socket: Socket) => {
      socket.once(isHttps ? 'secureConnect' : 'connect', () => {
        clearTimeout(connectTimer);
        if (!ctx.exempt) {
          const remote = socket.remoteAddress === undefined ? null : classifyAddress(socket.remoteAddress);
          if (remote === null || !isPublic(remote)) {
            const what = remote === null ? 'an unknown address' : describeAddress(remote);
            fail(new FetchError('forbidden-address', href, `Refused to fetch ${short(href)}: the connection went to ${what}.`));
            return;
          }
        }
        socket.setTimeout(Math.min(policy.idleTimeoutMs, MAX_TIMER_MS), () => {
          fail(new FetchError('idle-timeout', href, `No data from ${short(href)} for ${policy.idleTimeoutMs} ms (idle timeout).`, { limit: policy.idleTimeoutMs }));
        });
      });
    });

    req.on('response', (res) => {
      clearTimeout(connectTimer);
      res.on('error', () => {
        // Reported through the body pipeline, or irrelevant once the hop is settled.
      });
      const status = res.statusCode ?? 0;

      if (REDIRECT_STATUSES.has(status)) {
        res.resume();
        succeed({ kind: 'redirect', status, location: res.headers.location });
        return;
      }
      if (status === 304 && conditional) {
        res.resume();
        succeed({ kind: 'done', outcome: { kind: 'not-modified', url: href } });
        return;
      }
      if (status < 200 || status > 299) {
        statusError = httpStatusError(status, res, href, undefined, status === 304 ? 'although the request was not conditional' : undefined);
        readExcerpt(res).then(
          (excerpt) => {
            if (excerpt !== undefined) statusError = httpStatusError(status, res, href, excerpt, undefined);
            fail(statusError!);
          },
          () => fail(statusError!),
        );
        return;
      }

      const declared = Number(res.headers['content-length']);
      if (res.headers['content-length'] !== undefined && Number.isFinite(declared) && declared > policy.maxBytes) {
        fail(tooLargeError(href, policy.maxBytes, `it declares Content-Length: ${declared}`));
        return;
      }
      const encoding = parseContentEncoding(res.headers['content-encoding']);
      if (encoding.unsupported !== undefined) {
        fail(new FetchError('unsupported-encoding', href, `The response from ${short(href)} uses Content-Encoding "${clean(encoding.unsupported, 40)}", which is not supported (gzip, deflate, br).`));
        return;
      }
      readBody(res, encoding.codings, policy.maxBytes, href).then(
        (body) => {
          succeed({
            kind: 'done',
            outcome: {
              kind: 'ok',
              url: href,
              status,
              ...optionalHeader('contentType', res.headers['content-type']),
              ...optionalHeader('etag', res.headers.etag),
              ...optionalHeader('lastModified', res.headers['last-modified']),
              body,
              bytes: body.length,
            },
          });
        },
        (error: unknown) => fail(bodyError(error, href, encoding.codings)),
      );
    });

    req.end();
  });
}

function optionalHeader<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** Streams the body through the decoders, failing as soon as either count passes the cap. */
async function readBody(res: http.IncomingMessage, codings: readonly ContentCoding[], maxBytes: number, href: string): Promise<Buffer> {
  let received = 0;
  let decoded = 0;
  const chunks: Buffer[] = [];
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(tooLargeError(href, maxBytes, codings.length > 0 ? 'on the wire, before decompression' : undefined));
      else callback(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      decoded += chunk.length;
      if (decoded > maxBytes) {
        callback(tooLargeError(href, maxBytes, `after decompression (${codings.join(', ')})`));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline([res, counter, ...codings.map((c) => new ContentDecoder(c)), sink]);
  if (!res.complete) throw new FetchError('network', href, `The connection to ${short(href)} closed before the whole body arrived.`);
  return Buffer.concat(chunks, decoded);
}

/** A short, printable excerpt of a textual error body (or an HTML page's title), or undefined. */
async function readExcerpt(res: http.IncomingMessage): Promise<string | undefined> {
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  const isHtml = type.includes('html');
  const isText = isHtml || type.startsWith('text/') || /[/+](json|xml)\b/.test(type);
  const encoding = parseContentEncoding(res.headers['content-encoding']);
  if (!isText || encoding.unsupported !== undefined) {
    res.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const enough = new Error('enough');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      size += chunk.length;
      callback(size >= EXCERPT_BYTES ? enough : null);
    },
  });
  const timebox = new Promise<void>((resolve) => setTimeout(resolve, EXCERPT_TIME_MS).unref());
  await Promise.race([pipeline([res, ...encoding.codings.map((c) => new ContentDecoder(c)), sink]).catch(() => undefined), timebox]);
  let text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  if (isHtml) {
    const title = /<title[^>]*>([^<]*)/i.exec(text);
    if (title === null) return undefined;
    text = title[1]!;
  }
  const excerpt = clean(text, EXCERPT_CHARS);
  return excerpt === '' ? undefined : excerpt;
}

// ---------------------------------------------------------------------------------------------
// Errors

function httpStatusError(status: number, res: http.IncomingMessage, href: string, excerpt: string | undefined, note: string | undefined): FetchError {
  const text = http.STATUS_CODES[status] ?? clean(res.statusMessage ?? '', 60);
  let message = `HTTP ${status}${text === '' ? '' : ` ${text}`} from ${short(href)}`;
  if (note !== undefined) message += ` ${note}`;
  if (excerpt !== undefined) message += `: "${excerpt}"`;
  return new FetchError('http-status', href, `${message}.`, { status });
}

function tooLargeError(href: string, maxBytes: number, detail: string | undefined): FetchError {
  return new FetchError('too-large', href, `The response from ${short(href)} is larger than the limit of ${maxBytes} bytes${detail === undefined ? '' : ` (${detail})`}.`, {
    limit: maxBytes,
  });
}

function totalTimeoutError(href: string, totalMs: number): FetchError {
  return new FetchError('total-timeout', href, `Gave up on ${short(href)}: the fetch took longer than the total time limit of ${totalMs} ms.`, { limit: totalMs });
}

function abortedError(href: string, signal: AbortSignal): FetchError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new FetchError('aborted', href, `Fetching ${short(href)} was aborted${why}.`, { cause: reason });
}

function networkError(error: unknown, href: string, url: URL): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const detail = `${errorText(error)}${code !== '' && !errorText(error).includes(code) ? ` (${code})` : ''}`;
  const target = `${url.hostname}:${effectivePort(url)}`;
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT'].includes(code)) {
    return new FetchError('connect', href, `Could not connect to ${target} (fetching ${short(href)}): ${detail}.`, { cause: error });
  }
  if (code.startsWith('HPE_')) {
    return new FetchError('protocol', href, `The server at ${target} sent malformed HTTP (fetching ${short(href)}): ${detail}.`, { cause: error });
  }
  if (/^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(code)) {
    return new FetchError('tls', href, `TLS with ${target} failed (fetching ${short(href)}): ${detail}.`, { cause: error });
  }
  return new FetchError('network', href, `The connection to ${target} failed (fetching ${short(href)}): ${detail}.`, { cause: error });
}

function bodyError(error: unknown, href: string, codings: readonly ContentCoding[]): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__')) {
    return new FetchError('decode', href, `The ${codings.join(', ')}-compressed body from ${short(href)} is corrupt: ${errorText(error)}.`, { cause: error });
  }
  return new FetchError('network', href, `The connection to ${short(href)} broke while the body was read: ${errorText(error)}${code === '' ? '' : ` (${code})`}.`, { cause: error });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Strips control characters and collapses white space (server text goes into logs and reports). */
function clean(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function short(url: string): string {
  return url.length > MESSAGE_URL_LENGTH ? `${url.slice(0, MESSAGE_URL_LENGTH - 1)}…` : url;
}
