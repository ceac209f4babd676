import type { StoredRecord } from '../core/catalog-record.js';
import type { Store } from '../core/ports/store.js';
import { DCAT } from './namespaces.js';
import type { UrlStatuses } from './quality-assessment.js';

const ACCESS = ` <${DCAT.accessURL}> <`;
const DOWNLOAD = ` <${DCAT.downloadURL}> <`;

/** An access or download URL a record's graph gives a distribution (its dataset's or a data service's). */
export interface DistributionUrl {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL';
}

/**
 * The access and download URLs (IRIs) in a record's canonical N-Triples, without parsing the graph:
 * what the URL checker checks and the quality score looks up. Each URL once per property, in the order
 * of the graph.
 */
export function distributionUrls(ntriples: string): DistributionUrl[] {
  const out: DistributionUrl[] = [];
  const seen = new Set<string>();
  for (const [marker, property] of [[ACCESS, 'accessURL'], [DOWNLOAD, 'downloadURL']] as const) {
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

/** The URL checker's results (status and media type) for the access and download URLs of published dataset records (undefined without a lookup or URLs). */
export async function urlStatusesOf(records: readonly StoredRecord[], lookup: UrlCheckLookup | undefined): Promise<UrlStatuses | undefined> {
  if (lookup === undefined) return undefined;
  const urls = records.flatMap((r) => (r.kind === 'dataset' && r.status === 'published' ? distributionUrls(r.graph).map((u) => u.url) : []));
  if (urls.length === 0) return undefined;
  const checks = await lookup.getUrlChecks(urls);
  return new Map([...checks].map(([url, check]) => [url, { status: check.status, mediaType: check.mediaType }]));
}
