import http from 'node:http';
import { effectivePort } from './allowed-hosts.js';
import type { ContentCoding } from './body-decoder.js';
import { FetchError } from './fetch-error.js';

// The FetchErrors the fetcher raises, each naming the URL and the cause in plain words, and the helpers
// that keep server-provided text fit for logs and run reports.

const MESSAGE_URL_LENGTH = 200;

export function httpStatusError(status: number, res: http.IncomingMessage, href: string, excerpt: string | undefined, note: string | undefined): FetchError {
  const text = http.STATUS_CODES[status] ?? clean(res.statusMessage ?? '', 60);
  let message = `HTTP ${status}${text === '' ? '' : ` ${text}`} from ${short(href)}`;
  if (note !== undefined) message += ` ${note}`;
  if (excerpt !== undefined) message += `: "${excerpt}"`;
  return new FetchError('http-status', href, `${message}.`, { status });
}

export function tooLargeError(href: string, maxBytes: number, detail: string | undefined): FetchError {
  return new FetchError('too-large', href, `The response from ${short(href)} is larger than the limit of ${maxBytes} bytes${detail === undefined ? '' : ` (${detail})`}.`, {
    limit: maxBytes,
  });
}

export function totalTimeoutError(href: string, totalMs: number): FetchError {
  return new FetchError('total-timeout', href, `Gave up on ${short(href)}: the fetch took longer than the total time limit of ${totalMs} ms.`, { limit: totalMs });
}

export function abortedError(href: string, signal: AbortSignal): FetchError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new FetchError('aborted', href, `Fetching ${short(href)} was aborted${why}.`, { cause: reason });
}

export function networkError(error: unknown, href: string, url: URL): FetchError {
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

export function bodyError(error: unknown, href: string, codings: readonly ContentCoding[]): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__')) {
    return new FetchError('decode', href, `The ${codings.join(', ')}-compressed body from ${short(href)} is corrupt: ${errorText(error)}.`, { cause: error });
  }
  return new FetchError('network', href, `The connection to ${short(href)} broke while the body was read: ${errorText(error)}${code === '' ? '' : ` (${code})`}.`, { cause: error });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Strips control characters and collapses white space (server text goes into logs and reports). */
export function clean(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function short(url: string): string {
  return url.length > MESSAGE_URL_LENGTH ? `${url.slice(0, MESSAGE_URL_LENGTH - 1)}…` : url;
}
