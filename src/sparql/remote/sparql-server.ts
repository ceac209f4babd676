import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { HttpAuthenticator, type Credentials } from './http-auth.js';

/** Where a SPARQL 1.1 server answers, and who we are to it. */
export interface SparqlServerEndpoints {
  /** SPARQL 1.1 Protocol query endpoint. */
  readonly queryUrl: string;
  /** SPARQL 1.1 Update endpoint (POST application/sparql-update). */
  readonly updateUrl?: string;
  /** SPARQL 1.1 Graph Store HTTP Protocol endpoint (indirect graph identification, `?graph=`). */
  readonly gspUrl?: string;
  /** Sent only when the server asks (a 401 with a Basic or Digest challenge). */
  readonly credentials?: Credentials;
}

/** The server could not be reached or answered with a server error: worth retrying later. */
export class ServerUnreachableError extends Error {}

/** The answer began and then broke off. */
class BrokenAnswerError extends Error {}

/** No whole answer came within the request's time limit. */
class LateAnswerError extends Error {}

/**
 * A kept-alive connection failed before any answer began: the server (or something between) had closed it
 * while it was idle (Virtuoso's KeepAliveTimeout), and the request met the close. Sent again once on a new
 * connection (every request here may be: queries read, and graph writes replace whole graphs).
 */
class StaleConnectionError extends Error {}

/** The time limit of a request that has none of its own (graph writes, when the caller sets none). Default 120 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** The server answered a request with an HTTP status that is not success. */
export class ServerRefusalError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

/** A server answer's header fields by name (case-insensitive), several of one name joined by `, ` as fetch's Headers does. */
export interface AnswerHeaders {
  get(name: string): string | null;
}

export interface ServerResponse {
  readonly status: number;
  readonly headers: AnswerHeaders;
  readonly body: string;
}

/**
 * The header fields as node:http read them (name, value, name, value …), looked up only when asked: an answer's
 * few lookups cost less than building fetch's Headers for every answer (about 0.03 ms each in the profile of
 * /sparql forwarding).
 */
class RawHeaders implements AnswerHeaders {
  constructor(private readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      if (this.raw[i]!.toLowerCase() === wanted) value = value === null ? this.raw[i + 1]! : `${value}, ${this.raw[i + 1]!}`;
    }
    return value;
  }
}

interface SendOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** No whole answer within this: the request is given up (ServerUnreachableError). Default: the server's. */
  readonly timeoutMs?: number;
}

/**
 * One SPARQL 1.1 server seen through its Protocol, Update and Graph Store endpoints. Authentication
 * (Basic or Digest, whichever the server's 401 asks for) is answered per endpoint; bodies are strings,
 * so a request can be sent again after a challenge.
 *
 * Requests go through node:http(s) with a keep-alive agent of this server's own: the connection is
 * reused from one request to the next, and a short query costs no more of this process than it must
 * (fetch's Request, Headers and web streams cost about 0.2 ms more per request in the profile of
 * /sparql forwarding). A kept-alive connection the server closed while idle is not an error of the
 * request: it is sent again on a new connection. Every request has a time limit (its own, or
 * `timeoutMs`), so a server that takes a request and never answers (or a connection that silently
 * died) fails the request clearly instead of holding its caller forever.
 */
export class SparqlServer {
  readonly #auth = new Map<string, HttpAuthenticator>();
  readonly #agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  readonly #timeoutMs: number;
  /** The query endpoint, read once: every forwarded query goes there. */
  readonly #queryUrl: URL;
  readonly #queryTarget: http.RequestOptions;

  constructor(
    readonly endpoints: SparqlServerEndpoints,
    options: { readonly timeoutMs?: number } = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#queryUrl = new URL(endpoints.queryUrl);
    this.#queryTarget = urlToHttpOptions(this.#queryUrl);
  }

  /** Closes the connections kept alive. */
  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  /** Sends one request; answers 401 challenges (once per request) when credentials are configured. */
  async send(method: string, url: URL, options: SendOptions = {}): Promise<ServerResponse> {
    const key = url.origin + url.pathname;
    const credentials = this.endpoints.credentials;
    let auth = credentials === undefined ? undefined : this.#auth.get(key);
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    let stale = 0;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...options.headers };
      const authorization = auth?.authorization(method, url);
      if (authorization !== undefined) headers.Authorization = authorization;
      let response: ServerResponse;
      try {
        response = await this.#request(method, url, headers, options.body, options.signal, timeoutMs);
      } catch (error) {
        if (options.signal?.aborted === true) throw options.signal.reason;
        // Each kept-alive connection the server closed while idle costs one more try (at most a few: the pool holds few).
        if (error instanceof StaleConnectionError && ++stale <= 3) {
          attempt--;
          continue;
        }
        if (error instanceof LateAnswerError) throw new ServerUnreachableError(`The SPARQL server at ${url.origin} did not answer within ${timeoutMs} ms.`, { cause: error });
        if (error instanceof BrokenAnswerError) throw new ServerUnreachableError(`The SPARQL server at ${url.origin} broke off its answer (${error.message}).`, { cause: error });
        const failure = error instanceof StaleConnectionError ? error.cause : error;
        const code = (failure as { code?: string }).code;
        throw new ServerUnreachableError(`The SPARQL server at ${url.origin} could not be reached (${code ?? (failure as Error).message}).`, { cause: failure });
      }
      if (response.status === 401 && credentials !== undefined && attempt === 0) {
        auth ??= new HttpAuthenticator(credentials);
        if (auth.accept(response.headers.get('www-authenticate'))) {
          this.#auth.set(key, auth);
          continue;
        }
      }
      return response;
    }
  }

  /**
   * One HTTP exchange: the whole answer as text (UTF-8), or an error: BrokenAnswerError once the answer had
   * begun, StaleConnectionError when a reused connection failed before it, LateAnswerError past `timeoutMs`.
   */
  #request(method: string, url: URL, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined, timeoutMs: number): Promise<ServerResponse> {
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    if (bytes !== undefined) headers['Content-Length'] = String(bytes.length);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      let answered = false;
      let late: LateAnswerError | undefined;
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(late ?? error);
      };
      const target = url === this.#queryUrl ? this.#queryTarget : urlToHttpOptions(url);
      const request = (secure ? https : http).request({ ...target, method, headers, agent: secure ? this.#agents.https : this.#agents.http, ...(signal !== undefined ? { signal } : {}) }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(new BrokenAnswerError(error.message, { cause: error })));
        res.on('aborted', () => fail(new BrokenAnswerError('the connection closed before the end')));
        res.on('end', () => {
          clearTimeout(timer);
          const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: new RawHeaders(res.rawHeaders), body: bytes.toString('utf8') });
        });
      });
      const timer = setTimeout(() => {
        late = new LateAnswerError(`no whole answer within ${timeoutMs} ms`);
        request.destroy(late);
      }, timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (!answered && late === undefined && request.reusedSocket && STALE_CONNECTION_CODES.has(error.code ?? '')) {
          fail(new StaleConnectionError(error.message, { cause: error }));
        } else {
          fail(error);
        }
      });
      request.end(bytes);
    });
  }

  /** Replaces a graph's content (GSP PUT) with N-Triples. */
  async putGraph(graph: string, ntriples: string, signal?: AbortSignal): Promise<void> {
    const url = this.#gspUrl(graph);
    const r = await this.send('PUT', url, { headers: { 'Content-Type': 'application/n-triples; charset=utf-8' }, body: ntriples, ...(signal !== undefined ? { signal } : {}) });
    if (r.status >= 200 && r.status < 300) return;
    throw this.#failure(`PUT of graph <${graph}>`, r);
  }

  /** Drops a graph (GSP DELETE); a graph that is not there is fine. */
  async deleteGraph(graph: string, signal?: AbortSignal): Promise<void> {
    const r = await this.send('DELETE', this.#gspUrl(graph), signal !== undefined ? { signal } : {});
    if ((r.status >= 200 && r.status < 300) || r.status === 404) return;
    throw this.#failure(`DELETE of graph <${graph}>`, r);
  }

  /** Runs a SPARQL Update; resolves with the server's answer (its headers name the server). */
  async update(update: string, signal?: AbortSignal): Promise<ServerResponse> {
    if (this.endpoints.updateUrl === undefined) throw new Error('No SPARQL Update endpoint is configured.');
    const r = await this.send('POST', new URL(this.endpoints.updateUrl), { headers: { 'Content-Type': 'application/sparql-update; charset=utf-8' }, body: update, ...(signal !== undefined ? { signal } : {}) });
    if (r.status >= 200 && r.status < 300) return r;
    throw this.#failure('SPARQL Update', r);
  }

  /** POSTs a query (form-encoded) to the query endpoint and returns the raw answer, whatever its status. */
  async query(params: URLSearchParams, accept: string, signal?: AbortSignal, timeoutMs?: number): Promise<ServerResponse> {
    return this.send('POST', this.#queryUrl, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: accept },
      body: params.toString(),
      ...(signal !== undefined ? { signal } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }

  #gspUrl(graph: string): URL {
    if (this.endpoints.gspUrl === undefined) throw new Error('No Graph Store Protocol endpoint is configured.');
    const url = new URL(this.endpoints.gspUrl);
    url.searchParams.set('graph', graph);
    return url;
  }

  #failure(what: string, r: ServerResponse): Error {
    const text = firstLines(r.body);
    if (r.status >= 500 || r.status === 408 || r.status === 429) return new ServerUnreachableError(`The SPARQL server failed the ${what}: HTTP ${r.status}${text ? `: ${text}` : ''}`);
    return new ServerRefusalError(`The SPARQL server refused the ${what}: HTTP ${r.status}${text ? `: ${text}` : ''}`, r.status, r.body);
  }
}

/** How a request on a kept-alive connection the server had closed fails (a reset, a write to a closed socket, a close before any answer). */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * The first lines of a server's error text, trimmed to a readable length. Only the start of the body is read,
 * and tags are matched without backtracking: `<[^>]+>` took 5 s on a body of 100 000 `<` without a `>`, and
 * Virtuoso echoes the query (which anyone can fill with `<`) in its errors.
 */
export function firstLines(body: string, max = 400): string {
  const text = body.slice(0, 16 * max).replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
