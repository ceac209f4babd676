/**
 * An HTTP request to a URL someone else chose (a federated query's SERVICE endpoint): every connection
 * goes through the harvest's address policy (no loopback, private, link-local, CGNAT or metadata
 * addresses, also after DNS resolution, unless the host is in HARVEST_ALLOWED_HOSTS), redirects are not
 * followed, and the body is read whole up to a cap. Wired in src/main.ts from src/harvest/fetch.
 */
export interface GuardedRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** The most bytes of body read; past it the request fails. */
  readonly maxBytes: number;
  /** True: the body is not read at all (a URL check wants the status and headers only). */
  readonly discardBody?: boolean;
}

export interface GuardedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export type GuardedFetch = (url: string, request: GuardedRequest) => Promise<GuardedResponse>;
