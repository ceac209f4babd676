import type { ResourceKind } from '../core/resource-kind.js';
import type { StoredRecord } from '../core/catalog-record.js';
import { isEmptyLangMap, langMapOf, type LangMap } from '../core/lang-map.js';
import type { HarvestedConcept, HarvestedVocabularySink } from '../core/ports/harvested-vocabulary.js';
import type { Store } from '../core/ports/store.js';
import { isReferenceDataSourceKind } from '../core/reference-data.js';
import type { TermLabels } from '../core/term-labels.js';
import { conceptSchemesFromCanonical } from '../rdf/concept-schemes.js';
import { conceptTermsFromCanonical } from '../rdf/concept-terms.js';
import type { ProjectedRecord, Projection } from './projection.js';

/** The name of a reference-data source's labels in TermLabels. */
export const harvestedLabelsName = (sourceId: string): string => `harvested:${sourceId}`;

/**
 * Harvested reference data as the catalog's labels: the preferred terms of every published concept of
 * a reference-data source (kind `skos`: EU themes, file types, LOS, …) become one LabelSource per
 * source in TermLabels (`harvested:{source id}`), winning language by language over the bundled vocab/
 * files. When they change, `onChange` is told (main asks the projector to re-read the search index's
 * records, whose facet labels came from the old ones). The same concepts with their schemes go, whole,
 * to `vocabulary` whenever a reference source's concepts change (validation's vocabulary rules: see
 * src/validation/harvested-layer.ts). Volatile: rebuilt from the store at start.
 *
 * Both are published once per pass over the change log (`settled`), not per batch: each publication
 * merges every label and hands validation every concept, so per batch a reference source of 32 000
 * concepts cost 16 publications of all of them (5.5 s, growing with the square of the source).
 */
export class ReferenceLabelsProjection implements Projection {
  readonly name = 'reference-labels';
  readonly persistent = false;
  /** Only concepts: a rebuild never reads the datasets. */
  readonly kinds: readonly ResourceKind[] = ['concept'];
  /** Per reference source: record id → the concept's IRI and labels. */
  readonly #bySource = new Map<string, Map<string, { readonly iri: string; readonly label: LangMap; readonly schemes: readonly string[] }>>();
  readonly #sourceOfRecord = new Map<string, string>();
  readonly #referenceSources = new Map<string, boolean>();
  /** Reference sources whose concepts changed since the last publication. */
  readonly #touched = new Set<string>();

  constructor(
    private readonly labels: TermLabels,
    private readonly store: Store,
    private readonly onChange: () => void = () => undefined,
    private readonly vocabulary?: HarvestedVocabularySink,
  ) {}

  async apply(changes: readonly ProjectedRecord[]): Promise<void> {
    for (const c of changes) {
      const known = this.#sourceOfRecord.get(c.id);
      if (known !== undefined) {
        this.#bySource.get(known)?.delete(c.id);
        this.#sourceOfRecord.delete(c.id);
        this.#touched.add(known);
      }
      if (c.record !== undefined && (await this.#add(c.record))) this.#touched.add(c.record.sourceId);
    }
  }

  /** Publishes the labels and concepts of the sources changed since the last time: the Projector calls it at the end of each pass. */
  settled(): Promise<void> {
    if (this.#touched.size === 0) return Promise.resolve();
    const before = this.labels.fingerprint;
    for (const sourceId of this.#touched) this.#publish(sourceId);
    this.#touched.clear();
    this.#publishVocabulary();
    if (this.labels.fingerprint !== before) this.onChange();
    return Promise.resolve();
  }

  async rebuild(published: AsyncIterable<readonly StoredRecord[]>): Promise<void> {
    for (const sourceId of this.#bySource.keys()) this.labels.remove(harvestedLabelsName(sourceId));
    this.#bySource.clear();
    this.#sourceOfRecord.clear();
    this.#referenceSources.clear();
    this.#touched.clear();
    for await (const page of published) for (const r of page) await this.#add(r);
    for (const sourceId of this.#bySource.keys()) this.#publish(sourceId);
    this.#publishVocabulary();
  }

  /** Keeps a published reference concept's labels and schemes; false for anything else. */
  async #add(record: StoredRecord): Promise<boolean> {
    if (record.status !== 'published' || record.kind !== 'concept' || !(await this.#isReference(record.sourceId))) return false;
    const terms = conceptTermsFromCanonical(record.graph, record.iri).filter((t) => t.role === 'prefLabel');
    const label = langMapOf(terms.map((t) => ({ value: t.value, language: t.lang })));
    const schemes = conceptSchemesFromCanonical(record.graph, record.iri);
    if (isEmptyLangMap(label) && schemes.length === 0) return false;
    let concepts = this.#bySource.get(record.sourceId);
    if (concepts === undefined) this.#bySource.set(record.sourceId, (concepts = new Map()));
    concepts.set(record.id, { iri: record.iri, label, schemes });
    this.#sourceOfRecord.set(record.id, record.sourceId);
    return true;
  }

  #publish(sourceId: string): void {
    const concepts = this.#bySource.get(sourceId);
    if (concepts === undefined || concepts.size === 0) {
      this.#bySource.delete(sourceId);
      this.labels.remove(harvestedLabelsName(sourceId));
      return;
    }
    const entries = [...concepts.values()].filter((c) => !isEmptyLangMap(c.label)).map((c) => [c.iri, c.label] as const);
    if (entries.length === 0) this.labels.remove(harvestedLabelsName(sourceId));
    else this.labels.use({ name: harvestedLabelsName(sourceId), entries: () => entries });
  }

  /** Every reference concept with a scheme, of every source, to the vocabulary sink. */
  #publishVocabulary(): void {
    if (this.vocabulary === undefined) return;
    const concepts: HarvestedConcept[] = [];
    for (const bySource of this.#bySource.values()) for (const c of bySource.values()) if (c.schemes.length > 0) concepts.push({ iri: c.iri, schemes: c.schemes });
    this.vocabulary.useHarvestedConcepts(concepts);
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
