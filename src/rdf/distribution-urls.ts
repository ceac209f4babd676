import type { StoredRecord } from '../core/catalog-record.js';
import type { Store } from '../core/ports/store.js';
import { DCAT } from './namespaces.js';
import type { UrlStatuses } from './quality-assessment.js';

const ACCESS = ` <${DCAT.accessURL}> <`;
const DOWNLOAD = ` <${DCAT.downloadURL}> <`;
const ENDPOINT = ` <${DCAT.endpointURL}> <`;

/** An access or download URL a record's graph gives a distribution, or the endpoint URL of a data service. */
export interface DistributionUrl {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL' | 'endpointURL';
}

/**
 * The access and download URLs (IRIs) in a record's canonical N-Triples, without parsing the graph:
 * what the URL checker checks and the quality score looks up. Each URL once per property, in the order
 * of the graph.
 */
export function distributionUrls(ntriples: string): DistributionUrl[] {
  return urlsOf(ntriples, [[ACCESS, 'accessURL'], [DOWNLOAD, 'downloadURL']]);
}

/**
 * The URLs the URL checker checks for a record and its quality score looks up: a dataset's distributions'
 * access and download URLs, a data service's endpoint URLs (`dcat:endpointURL`); none for other kinds.
 */
export function recordUrls(record: Pick<StoredRecord, 'kind' | 'graph'>): DistributionUrl[] {
  if (record.kind === 'dataset') return distributionUrls(record.graph);
  if (record.kind === 'data-service') return urlsOf(record.graph, [[ENDPOINT, 'endpointURL']]);
  return [];
}

function urlsOf(ntriples: string, markers: readonly (readonly [string, DistributionUrl['property']])[]): DistributionUrl[] {
  const out: DistributionUrl[] = [];
  const seen = new Set<string>();
  for (const [marker, property] of markers) {
    for (let at = ntriples.indexOf(marker); at !== -1; at = ntriples.indexOf(marker, at + marker.length)) {
      const start = at + marker.length;
      const end = ntriples.indexOf('>', start);
      if (end === -1) break;
      const url = unescapeIri(ntriples.slice(start, end));
      if (!seen.has(`${property} ${url}`)) {
        seen.add(`${property} ${url}`);
        out.push({ url, property });
      }
    }
  }
  return out;
}

/** N-Triples IRIs may carry \uXXXX and \UXXXXXXXX escapes. */
function unescapeIri(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(Number.parseInt(a ?? b!, 16)));
}

/** Where the quality score finds the URL checker's results (the store's `getUrlChecks`). */
export type UrlCheckLookup = Pick<Store, 'getUrlChecks'>;

/** The URL checker's results (status and media type) for the URLs of published dataset and data-service records (recordUrls; undefined without a lookup or URLs). */
export async function urlStatusesOf(records: readonly StoredRecord[], lookup: UrlCheckLookup | undefined): Promise<UrlStatuses | undefined> {
  if (lookup === undefined) return undefined;
  const urls = records.flatMap((r) => (r.status === 'published' ? recordUrls(r).map((u) => u.url) : []));
  if (urls.length === 0) return undefined;
  const checks = await lookup.getUrlChecks(urls);
  return new Map([...checks].map(([url, check]) => [url, { status: check.status, mediaType: check.mediaType }]));
}
