import type { LabelRole } from '../concept-label.js';

/**
 * Term lookup for editors and form autocompletion (`GET /api/concepts/lookup`): exact and prefix
 * matches on every term of every published concept (preferred, admitted and deprecated terms, all
 * languages), answered from memory. A projection of the store like the search index; the adapter is
 * src/search/lookup/.
 */
export interface ConceptLookupIndex {
  /** Replaces the terms of these concepts (idempotent). */
  upsert(concepts: readonly LookupConcept[]): void;
  /** Takes these record ids out (ids it does not hold are ignored). */
  remove(recordIds: readonly string[]): void;
  clear(): void;
  /** How many concepts it holds. */
  readonly size: number;
  lookup(query: ConceptLookupQuery): ConceptLookupAnswer;
}

/** One concept as the lookup holds it. */
export interface LookupConcept {
  /** Record id (UUID v3 of the IRI). */
  readonly id: string;
  readonly iri: string;
  readonly terms: readonly LookupTerm[];
  /** Harvested from a `skos` source (reference data) rather than a concept catalog. */
  readonly referenceData: boolean;
}

export interface LookupTerm {
  readonly value: string;
  /** Language tag as published (`nb`, `nn`, `en`, … or `''`). */
  readonly lang: string;
  readonly role: LabelRole;
}

export interface ConceptLookupQuery {
  /** The text typed so far; 1–200 characters after trimming. */
  readonly term: string;
  /** Only terms in this language (`nb`, `nn`, `en`, …); all languages when absent. */
  readonly lang?: string;
  /** At most this many concepts (1–50). */
  readonly limit: number;
  /** Which concepts: catalog concepts only (default), reference data only, or both. */
  readonly referenceData?: boolean | 'any';
}

export interface ConceptLookupHit {
  readonly id: string;
  readonly iri: string;
  /** The term that matched (the best one of the concept: exact before prefix, preferred before admitted before deprecated). */
  readonly matched: LookupTerm;
  readonly match: 'exact' | 'prefix';
  /** The concept's preferred terms by language. */
  readonly prefLabel: Readonly<Record<string, string>>;
  readonly referenceData: boolean;
}

export interface ConceptLookupAnswer {
  readonly hits: readonly ConceptLookupHit[];
}
