import { Agent, fetch as undiciFetch } from 'undici';
import type { GuardedFetch, GuardedRequest, GuardedResponse } from '../../core/ports/guarded-fetch.js';
import { isHostAllowed, parseAllowedHost } from './allowed-hosts.js';
import { FetchError } from './fetch-error.js';
import { guardLiteralHost, parseTarget } from './fetcher.js';
import { guardedLookup, systemResolver, type HostResolver } from './guarded-lookup.js';

export interface GuardedFetchOptions {
  /** HARVEST_ALLOWED_HOSTS: hosts (or host:port) exempt from the address checks. */
  readonly allowedHosts: readonly string[];
  /** Tests give their own resolver. Default: the system's. */
  readonly resolve?: HostResolver;
  readonly userAgent: string;
}

/**
 * The harvest's SSRF guard as a fetch for other callers (a federated query's SERVICE calls): the same
 * address policy (IP literals and loopback names judged before connecting, names on the addresses the
 * socket is given), no credentials in URLs, no redirects followed, the body capped while it is read.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const allowed = options.allowedHosts.map(parseAllowedHost);
  const resolve = options.resolve ?? systemResolver;
  return async (href: string, request: GuardedRequest): Promise<GuardedResponse> => {
    const url = parseTarget(href, undefined);
    const exempt = isHostAllowed(url, allowed);
    if (!exempt) guardLiteralHost(url);
    const dispatcher = new Agent({ connect: { lookup: guardedLookup({ resolve, url: url.href, exempt }) } });
    try {
      const response = await undiciFetch(url, {
        method: request.method ?? 'GET',
        headers: { 'User-Agent': options.userAgent, ...request.headers },
        ...(request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual',
        signal: request.signal,
        dispatcher,
      });
      if (request.discardBody === true) {
        await (response.body as { cancel(): Promise<void> } | null)?.cancel().catch(() => undefined);
        return { status: response.status, headers: response.headers as unknown as Headers, body: '' };
      }
      const body = await readCapped(response.body as { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null, request.maxBytes, url.href);
      return { status: response.status, headers: response.headers as unknown as Headers, body };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof FetchError) throw cause; // the guard refused the address
      throw error;
    } finally {
      void dispatcher.close();
    }
  };
}

async function readCapped(body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null, maxBytes: number, href: string): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError('too-large', href, `The answer of ${href} is larger than ${maxBytes} bytes.`);
    }
    text += decoder.decode(value, { stream: true });
  }
}
