/**
 * A concept of harvested reference data (a published concept of a `skos` source) as validation's
 * vocabulary rules see it: its IRI and the concept schemes it is in (`skos:inScheme`).
 */
export interface HarvestedConcept {
  readonly iri: string;
  readonly schemes: readonly string[];
}

/**
 * Takes the concepts of every reference-data source the catalog holds, whole, each time they change
 * (a harvest or re-harvest of such a source): the validators add the ones that extend a controlled
 * vocabulary to their background (src/validation/harvested-layer.ts), so workers see new terms, and
 * stop seeing removed ones, without a restart.
 */
export interface HarvestedVocabularySink {
  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void;
}

/**
 * Hands the latest harvested concepts to every sink, also to one added later (a validator started
 * after the projection read the store gets what it read). src/main.ts wires the projection to it.
 */
export class HarvestedVocabularyHub implements HarvestedVocabularySink {
  #latest: readonly HarvestedConcept[] = [];
  readonly #sinks = new Set<HarvestedVocabularySink>();

  get concepts(): readonly HarvestedConcept[] {
    return this.#latest;
  }

  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void {
    this.#latest = concepts;
    for (const sink of this.#sinks) sink.useHarvestedConcepts(concepts);
  }

  /** Adds a sink and gives it what is known now; the returned function removes it. */
  add(sink: HarvestedVocabularySink): () => void {
    this.#sinks.add(sink);
    if (this.#latest.length > 0) sink.useHarvestedConcepts(this.#latest);
    return () => this.#sinks.delete(sink);
  }
}
