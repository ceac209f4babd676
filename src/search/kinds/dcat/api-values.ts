import type { LangMap } from '../../../core/lang-map.js';
import { DCAT, DCT, DK_API, OPENAPI_SPEC_BASE } from '../../../rdf/namespaces.js';
import type { RecordGraph } from '../../../rdf/record-graph.js';
import type { DocumentLabels } from '../../document/document-labels.js';
import type { SearchVocabulary } from '../../vocabulary/search-vocabulary.js';
import { trimTrailing } from '../../../rdf/trim-trailing.js';

/** The access kinds of vocab/openapi.ttl by IRI, as facet values (their `skos:notation`). */
const ACCESS_CODES: ReadonlyMap<string, string> = new Map([
  [DK_API.NoAuthentication, 'none'],
  [DK_API.ApiKey, 'api-key'],
  [DK_API.HttpBasic, 'http-basic'],
  [DK_API.HttpBearer, 'http-bearer'],
  [DK_API.HttpAuthentication, 'http-other'],
  [DK_API.OAuth2, 'oauth2'],
  [DK_API.OpenIdConnect, 'openid-connect'],
  [DK_API.MutualTls, 'mutual-tls'],
]);

/** The `apiAccess` facet's values. */
export const API_ACCESS_CODES: readonly string[] = [...ACCESS_CODES.values()];

/** What a data service's hit says of its API (beside DCAT's hit fields). */
export interface ApiHitFields {
  /** `dcat:endpointURL`s, then every other server the description lists (`dk:serverURL`), without repeats (a final `/` aside). */
  readonly endpointURLs: readonly string[];
  /** How many operations its OpenAPI description has (0 when none was read). */
  readonly operations: number;
  /** It names an endpoint description (`dcat:endpointDescription`). */
  readonly endpointDescription: boolean;
}

/**
 * A data service's API facets and hit fields: how it is accessed (`apiAccess`: the access kinds of its
 * security schemes, `none` when some operation needs no credentials), the OpenAPI version of its
 * description (`openApiVersion`: `2.0`, `3.0`, `3.1`, from the `dct:conformsTo` the harvest adds), its
 * endpoint URLs, its number of operations and whether it names a description.
 */
export function apiValues(graph: RecordGraph, s: string, vocab: SearchVocabulary, labels: DocumentLabels): { access: string[]; versions: string[]; hit: ApiHitFields } {
  // Sets while collecting: a hostile record may repeat thousands of values.
  const access = new Set<string>();
  for (const iri of graph.iris(s, DK_API.access)) {
    const code = ACCESS_CODES.get(iri);
    if (code === undefined || access.has(code)) continue;
    access.add(code);
    labels.add('apiAccess', code, vocab.label(iri));
  }
  const versions = new Set<string>();
  for (const iri of graph.iris(s, DCT.conformsTo)) {
    if (!iri.startsWith(OPENAPI_SPEC_BASE)) continue;
    const version = /^(\d+)\.(\d+)/.exec(iri.slice(OPENAPI_SPEC_BASE.length));
    if (version === null) continue;
    const code = `${version[1]}.${version[2]}`;
    if (versions.has(code)) continue;
    versions.add(code);
    labels.add('openApiVersion', code, versionLabel(code), false);
  }
  // The agency's endpoint URL and the document's server often differ only by a final slash: one of them is shown.
  const seen = new Set<string>();
  const endpointURLs = [...graph.iris(s, DCAT.endpointURL), ...graph.iris(s, DK_API.serverURL)].filter((url) => {
    const key = trimTrailing(url, '/');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const hit: ApiHitFields = { endpointURLs, operations: graph.iris(s, DK_API.operation).length, endpointDescription: graph.iris(s, DCAT.endpointDescription).length > 0 };
  return { access: [...access], versions: [...versions], hit };
}

function versionLabel(code: string): LangMap {
  const name = code === '2.0' ? 'Swagger 2.0' : `OpenAPI ${code}`;
  return { nb: name, nn: name, en: name };
}
