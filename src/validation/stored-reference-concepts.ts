import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { Store } from '../core/ports/store.js';
import { isReferenceDataSourceKind } from '../core/reference-data.js';
import { conceptSchemesFromCanonical } from '../rdf/concept-schemes.js';

/**
 * The harvested reference concepts a catalog's store holds, as the running service hands them to its
 * validators (the reference-labels projection): every published concept of a reference-data source
 * (kind `skos`) that is in a scheme, with its schemes. For validating with the catalog's vocabularies
 * outside the service (`datakatalog validate --catalog`).
 */
export async function storedReferenceConcepts(store: Pick<Store, 'listSources' | 'publishedRecords'>): Promise<HarvestedConcept[]> {
  const reference = new Set((await store.listSources()).filter((s) => isReferenceDataSourceKind(s.kind)).map((s) => s.id));
  const concepts: HarvestedConcept[] = [];
  if (reference.size === 0) return concepts;
  for await (const page of store.publishedRecords(500, ['concept'])) {
    for (const record of page) {
      if (!reference.has(record.sourceId)) continue;
      const schemes = conceptSchemesFromCanonical(record.graph, record.iri);
      if (schemes.length > 0) concepts.push({ iri: record.iri, schemes });
    }
  }
  return concepts;
}
