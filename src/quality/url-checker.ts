import { setTimeout as wait } from 'node:timers/promises';
import type { GuardedFetch, GuardedResponse } from '../core/ports/guarded-fetch.js';
import type { Store } from '../core/ports/store.js';
import type { UrlCheck } from '../core/url-check.js';
import { excessUrlBytes } from '../core/url-length.js';

export interface UrlCheckerOptions {
  /** The harvest's guarded fetch: the same address policy and HARVEST_ALLOWED_HOSTS. */
  readonly fetch: GuardedFetch;
  readonly store: Pick<Store, 'getUrlChecks' | 'saveUrlChecks'>;
  /** How long a result counts before the URL is checked again (URL_CHECK_TTL, default 7 days). */
  readonly ttlMs: number;
  /** The least time between two requests to one host (URL_CHECK_HOST_INTERVAL). */
  readonly hostIntervalMs: number;
  /** Per request. */
  readonly timeoutMs: number;
  /** A longer `Retry-After` is not waited for: the host's other URLs wait for the next round. */
  readonly maxRetryAfterMs: number;
  /** How many hosts are checked at once (each host one request at a time). */
  readonly hostsAtOnce: number;
  readonly now?: () => number;
  /** Waits `ms`; rejects (or resolves early) when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The parts of a check round the caller may want to report. */
export interface UrlCheckRound {
  /** The URLs checked in this round (their results are stored). */
  readonly checked: readonly UrlCheck[];
  /** URLs with a result younger than the time to live: not asked again. */
  readonly fresh: number;
  /** URLs left for the next round because their host asked to wait longer than maxRetryAfterMs. */
  readonly deferred: number;
  /** Checked URLs whose status or media type differs from their previous check's (or that had none): scores to recompute. */
  readonly changed: number;
  /** URLs longer than MAX_URL_BYTES: never asked and no result kept (src/core/url-length.ts); their status stays unknown. */
  readonly tooLong: number;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => wait(ms, undefined, signal !== undefined ? { signal } : {});

/** A request or a wait that ended because the round was stopped (the service is shutting down): no result for the URL. */
const STOPPED = Symbol('stopped');

/**
 * Checks the access and download URLs of distributions, politely: a HEAD (a GET of the first byte when
 * the server refuses HEAD with 405 or 501), one request at a time per host with at least
 * `hostIntervalMs` between two, `Retry-After` of a 429 or 503 honoured (waited for and asked once more
 * when it is at most `maxRetryAfterMs`, otherwise the host's URLs wait for the next round), and results
 * kept in the store for `ttlMs`, so a URL is asked at most once per time to live. Redirects are not
 * followed: a 3xx is what the URL answers.
 */
export class UrlChecker {
  readonly #o: UrlCheckerOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When each host may next be asked (epoch ms). */
  readonly #nextAt = new Map<string, number>();

  constructor(options: UrlCheckerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Checks the URLs whose last result is missing or older than the time to live, and stores the results
   * (a URL longer than the catalog fetches is left out: it could not be kept as a key in every store).
   * When `signal` aborts (the service stops), no further URL is asked, the pause between two requests and
   * the request in flight end at once, and the results had so far are stored (a URL whose request was cut
   * off gets none: it is asked in a later round).
   */
  async checkStale(urls: Iterable<string>, signal?: AbortSignal): Promise<UrlCheckRound> {
    const distinct = [...new Set(urls)];
    const askable = distinct.filter((url) => excessUrlBytes(url) === undefined);
    const known = await this.#o.store.getUrlChecks(askable);
    const now = this.#now();
    const stale = askable.filter((u) => {
      const k = known.get(u);
      return k === undefined || now - Date.parse(k.checkedAt) >= this.#o.ttlMs;
    });
    const byHost = new Map<string, string[]>();
    const checked: UrlCheck[] = [];
    for (const url of stale) {
      let host: string;
      try {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
        host = parsed.host;
      } catch {
        checked.push(this.#result(url, 0, null, 'not an http(s) URL'));
        continue;
      }
      let list = byHost.get(host);
      if (list === undefined) byHost.set(host, (list = []));
      list.push(url);
    }
    let deferred = 0;
    const hosts = [...byHost.entries()];
    const worker = async (): Promise<void> => {
      for (let next = hosts.shift(); next !== undefined; next = hosts.shift()) {
        const [host, list] = next;
        for (let i = 0; i < list.length; i++) {
          if (signal?.aborted === true) return;
          const check = await this.#checkOnHost(host, list[i]!, signal);
          if (check === STOPPED) return;
          if (check === 'deferred') {
            deferred += list.length - i;
            break;
          }
          checked.push(check);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.#o.hostsAtOnce, hosts.length)) }, worker));
    if (checked.length > 0) await this.#o.store.saveUrlChecks(checked);
    const changed = checked.filter((c) => {
      const before = known.get(c.url);
      return before === undefined || before.status !== c.status || before.mediaType !== c.mediaType;
    }).length;
    return { checked, fresh: askable.length - stale.length, deferred, changed, tooLong: distinct.length - askable.length };
  }

  async #checkOnHost(host: string, url: string, signal: AbortSignal | undefined): Promise<UrlCheck | 'deferred' | typeof STOPPED> {
    for (let attempt = 0; ; attempt++) {
      const pause = (this.#nextAt.get(host) ?? 0) - this.#now();
      if (pause > this.#o.maxRetryAfterMs) return 'deferred';
      if (pause > 0) await this.#sleep(pause, signal).catch(() => undefined);
      if (signal?.aborted === true) return STOPPED;
      this.#nextAt.set(host, this.#now() + this.#o.hostIntervalMs);
      const answer = await this.#ask(url, signal);
      if (answer === STOPPED) return STOPPED;
      if (typeof answer === 'string') return this.#result(url, 0, null, answer);
      if (answer.status === 429 || answer.status === 503) {
        const retryAfter = retryAfterMs(answer.headers.get('retry-after'), this.#now());
        if (retryAfter !== undefined) {
          this.#nextAt.set(host, Math.max(this.#nextAt.get(host) ?? 0, this.#now() + retryAfter));
          if (attempt === 0 && retryAfter <= this.#o.maxRetryAfterMs) continue;
        }
      }
      return this.#result(url, answer.status, mediaTypeOf(answer.headers.get('content-type')), null);
    }
  }

  /** HEAD, then a GET of the first byte when HEAD is refused; a string says why there was no answer. */
  async #ask(url: string, stop: AbortSignal | undefined): Promise<GuardedResponse | string | typeof STOPPED> {
    try {
      const head = await this.#request(url, 'HEAD', stop);
      if (head.status !== 405 && head.status !== 501) return head;
      return await this.#request(url, 'GET', stop);
    } catch (error) {
      if (stop?.aborted === true) return STOPPED;
      return describe(error);
    }
  }

  async #request(url: string, method: 'HEAD' | 'GET', stop: AbortSignal | undefined): Promise<GuardedResponse> {
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    return this.#o.fetch(url, {
      method,
      headers: method === 'GET' ? { Range: 'bytes=0-0', Accept: '*/*' } : { Accept: '*/*' },
      signal: stop !== undefined ? AbortSignal.any([timeout, stop]) : timeout,
      maxBytes: 0,
      discardBody: true,
    });
  }

  #result(url: string, status: number, mediaType: string | null, error: string | null): UrlCheck {
    return { url, status, mediaType, error, checkedAt: new Date(this.#now()).toISOString() };
  }
}

/** `Content-Type` without its parameters, lower case; null when absent or empty. */
export function mediaTypeOf(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? null : type;
}

/** A `Retry-After` value (seconds, or an HTTP date) as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  const text = e.name === 'TimeoutError' ? 'timed out' : typeof e.message === 'string' ? e.message : String(error);
  // eslint-disable-next-line no-control-regex
  return (typeof e.code === 'string' ? `${e.code}: ${text}` : text).replace(/\u0000/g, '').slice(0, 300);
}
