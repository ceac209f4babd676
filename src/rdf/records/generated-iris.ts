import { sourceUri } from '../catalog-record.js';
import { uuidV3 } from '../uuid-v3.js';

/**
 * IRIs the harvesters mint, all under the harvest source's own URI `{baseUrl}/sources/{sourceId}`:
 * - `…/catalog`: the generated catalog listing the source's resources that no catalog lists;
 * - `…/resources/{uuid v3 of the dct:identifier}`: a blank-node resource whose dct:identifier is a plain
 *   string. Stable as long as the source and the identifier are.
 */
export function generatedCatalogIri(baseUrl: string, sourceId: string): string {
  return `${sourceUri(baseUrl, sourceId)}/catalog`;
}

export function identifiedResourceIri(baseUrl: string, sourceId: string, identifier: string): string {
  return `${sourceUri(baseUrl, sourceId)}/resources/${uuidV3(identifier)}`;
}
