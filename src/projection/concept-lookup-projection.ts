import type { ResourceKind } from '../core/resource-kind.js';
import type { StoredRecord } from '../core/catalog-record.js';
import type { ConceptLookupIndex, LookupConcept } from '../core/ports/concept-lookup.js';
import type { Store } from '../core/ports/store.js';
import { isReferenceDataSourceKind } from '../core/reference-data.js';
import { conceptTermsFromCanonical } from '../rdf/concept-terms.js';
import type { ProjectedRecord, Projection } from './projection.js';

/**
 * Keeps the concept term lookup in step with the store: every published concept with its terms;
 * anything else (another kind, quarantined, removed) out. Volatile: the lookup lives in memory and is
 * rebuilt from the store at start (reading terms is a line scan of each stored graph).
 */
export class ConceptLookupProjection implements Projection {
  readonly name = 'concept-lookup';
  readonly persistent = false;
  /** Only concepts: a rebuild never reads the datasets. */
  readonly kinds: readonly ResourceKind[] = ['concept'];
  readonly #referenceSources = new Map<string, boolean>();

  constructor(
    private readonly index: ConceptLookupIndex,
    private readonly store: Store,
  ) {}

  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    const gone: string[] = [];
    const concepts: LookupConcept[] = [];
    for (const c of changes) {
      if (c.record?.status === 'published' && c.record.kind === 'concept') concepts.push(await this.#concept(c.record));
      else gone.push(c.id);
    }
    if (gone.length > 0) this.index.remove(gone);
    if (concepts.length > 0) this.index.upsert(concepts);
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    this.#referenceSources.clear();
    this.index.clear();
    for await (const page of published) {
      const concepts: LookupConcept[] = [];
      for (const r of page) if (r.kind === 'concept') concepts.push(await this.#concept(r));
      if (concepts.length > 0) this.index.upsert(concepts);
    }
  }

  async #concept(record: StoredRecord): Promise<LookupConcept> {
    return { id: record.id, iri: record.iri, terms: conceptTermsFromCanonical(record.graph, record.iri), referenceData: await this.#isReference(record.sourceId) };
  }

  async #isReference(sourceId: string): Promise<boolean> {
    let reference = this.#referenceSources.get(sourceId);
    if (reference === undefined) {
      const source = await this.store.getSource(sourceId);
      reference = source !== undefined && isReferenceDataSourceKind(source.kind);
      this.#referenceSources.set(sourceId, reference);
    }
    return reference;
  }
}
