import sparqljs from 'sparqljs';
import { BadRequestError } from '../../core/errors.js';
import { diagnoseSparql } from '../../rdf/sparql-diagnosis.js';
import { blankLiteralsCommentsAndIris } from '../../rdf/sparql-text.js';

/** SERVICE as a keyword, outside literals, comments and IRIs (`?service`, `ex:service` are not it). */
const SERVICE_KEYWORD = /(?<![\w?$:.@\\-])SERVICE(?![\w-])/i;

/** Whether the query text uses SERVICE (a linear look; no parse). */
export function mentionsService(query: string): boolean {
  return SERVICE_KEYWORD.test(blankLiteralsCommentsAndIris(query));
}

/**
 * The endpoints a query's SERVICE clauses name, wherever they sit (OPTIONAL, UNION, subqueries, EXISTS).
 * Throws BadRequestError for a query sparqljs cannot read (the SERVICE clauses could not be checked) and
 * for `SERVICE ?variable` (its endpoint is not known before the query runs, so it cannot be checked).
 */
export function serviceEndpoints(query: string, baseIri: string): string[] {
  let parsed: unknown;
  try {
    parsed = new sparqljs.Parser({ baseIRI: baseIri }).parse(query);
  } catch {
    const diagnosis = diagnoseSparql(query, baseIri);
    const { message, ...details } = diagnosis ?? { message: 'The query could not be read.' };
    throw new BadRequestError(`${message} (A query with SERVICE must be SPARQL 1.1 this endpoint can read, so that its endpoints can be checked.)`, details);
  }
  const endpoints = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: unknown; name?: { termType?: string; value?: string } };
    if (n.type === 'service' && n.name !== undefined) {
      if (n.name.termType !== 'NamedNode') {
        throw new BadRequestError(`SERVICE ?${n.name.value ?? ''} names its endpoint with a variable; this endpoint federates only with endpoints named in the query, so that each can be checked against the allowed ones.`);
      }
      endpoints.add(n.name.value!);
    }
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(parsed);
  return [...endpoints];
}

/**
 * The allow-list (SPARQL_FEDERATION_ALLOWED): an entry is an endpoint URL (the SERVICE IRI must be it,
 * a trailing slash aside) or a host / host:port (every http(s) endpoint there).
 */
export class FederationAllowList {
  readonly #urls: Set<string>;
  readonly #hosts: { host: string; port: string | undefined }[];

  constructor(entries: readonly string[]) {
    this.#urls = new Set(entries.filter((e) => e.includes('://')).map(normalise));
    this.#hosts = entries
      .filter((e) => !e.includes('://'))
      .map((e) => {
        const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(e.toLowerCase());
        return { host: m?.[1] ?? e.toLowerCase(), port: m?.[2] };
      });
  }

  get empty(): boolean {
    return this.#urls.size === 0 && this.#hosts.length === 0;
  }

  allows(endpoint: string): boolean {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.#urls.has(normalise(endpoint))) return true;
    const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
    return this.#hosts.some((h) => h.host === url.hostname && (h.port === undefined || h.port === port));
  }
}

function normalise(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** The endpoint a request URL goes to: the URL without its query string (Comunica sends GET ?query=…). */
export function endpointOf(requestUrl: string): string {
  const u = new URL(requestUrl);
  u.search = '';
  u.hash = '';
  return normalise(u.href);
}

export { normalise as normaliseEndpoint };
