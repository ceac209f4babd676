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
import {
  classifyAddress,
  classifyHost,
  describeAddress,
  isPublic,
} from './address-policy.js';
import { isHostAllowed, parseAllowedHost, type AllowedHostEntry } from './allowed-hosts.js';
import { ACCEPT_ENCODING, parseContentEncoding } from './body-decoder.js';
import { FetchError } from './fetch-error.js';
import { excessUrlBytes, MAX_URL_BYTES } from '../../core/url-length.js';
import { abortedError, bodyError, clean, errorText, httpStatusError, networkError, short, tooLargeError, totalTimeoutError } from './fetch-failures.js';
import { guardedLookup, systemResolver, type HostResolver } from './guarded-lookup.js';
import { readBody, readExcerpt } from './response-body.js';

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
  /**
   * A header that authenticates the catalog to a protected source. It is sent only on hops whose
   * origin (scheme, host, port) is `origin`: never after a redirect to another origin.
   */
  readonly credentials?: { readonly origin: string; readonly header: string; readonly value: string };
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

/** Parses a requested URL or a redirect Location (relative to `base`), refusing what is never fetched (also the guarded fetch's). */
export function parseTarget(text: string, base: URL | undefined): URL {
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
  const bytes = excessUrlBytes(url.href);
  if (bytes !== undefined) {
    throw new FetchError('url-too-long', from ?? url.href, `${what}: the URL is ${bytes} bytes long, and the catalog fetches URLs of at most ${MAX_URL_BYTES} bytes (the longest every server can be relied on to take).`);
  }
  url.hash = '';
  return url;
}

/** IP literals and localhost names are judged without DNS (net does not call `lookup` for IP literals). */
export function guardLiteralHost(url: URL): void {
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
    if (request.credentials !== undefined && url.origin === request.credentials.origin) headers[request.credentials.header.toLowerCase()] = request.credentials.value;
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
