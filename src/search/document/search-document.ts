import type { ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { LangMap } from '../../core/lang-map.js';

/** A text with its language tag ('' when untagged). */
export interface TaggedText {
  readonly text: string;
  readonly language: string;
}

export interface DocumentPublisher {
  /** Organisation number, when one is known. */
  readonly id: string | null;
  readonly iri: string | null;
  readonly name: LangMap;
  readonly orgPath: string | null;
}

/**
 * The weight tiers of searchable text, best first. Every adapter ranks by tier (the embedded index:
 * a title match 10, a keyword 5, a description 1, related labels lowest; whole-title, title-start and
 * phrase boosts read the titles and alternative titles). A kind puts its own texts in the tier that
 * fits: alternative labels with the alternative titles, operation summaries or element names as
 * keywords or descriptions.
 */
export const TEXT_TIERS = ['titles', 'alternativeTitles', 'keywords', 'descriptions', 'related'] as const;
export type TextTier = (typeof TEXT_TIERS)[number];

/**
 * What the search index knows of one record. The shared part (id, kind, IRI, title and description
 * per language, publisher, catalog, dates, validation status, relations, texts by weight tier) is
 * built for every kind; the kind's mapper (src/search/kinds/) adds texts, the values and labels of
 * its facets, and the fields its hits carry (`hit`). Facets hold only the facets that apply to the
 * kind (hierarchical facets hold every ancestor path too; an applicable facet without values holds
 * MISSING_VALUE). The same document feeds every adapter.
 */
export interface SearchDocument {
  readonly id: string;
  readonly iri: string;
  readonly kind: ResourceKind;
  readonly title: LangMap;
  readonly description: LangMap;
  readonly texts: Readonly<Record<TextTier, readonly TaggedText[]>>;
  readonly publisher: DocumentPublisher | null;
  readonly catalog: { readonly id: string; readonly title: LangMap } | null;
  /** The resource's dct:issued and dct:modified (ISO 8601), when valid. */
  readonly issued: string | null;
  readonly modified: string | null;
  /** The record's first harvest and last change. */
  readonly firstHarvested: string;
  readonly lastChanged: string;
  /** IRIs the resource points to through relations (servesDataset, conformsTo, subject, inSeries, …). */
  readonly relations: readonly string[];
  readonly validation: 'conforms' | 'has-violations' | 'not-validated';
  /**
   * The resource's validity period (first and last day, `YYYY-MM-DD`; null for an open end) when its
   * kind has one (the `period` facet `validity`: concepts); null for the other kinds.
   */
  readonly validity: ValidityPeriod | null;
  /** A dataset's or data service's MQA score on the scale of 435 (a service's 310 scaled to it; src/rdf/record-quality.ts): the `quality` sort; null for other kinds. */
  readonly quality: number | null;
  /** Values of the facets that apply to the kind (no key for the others). */
  readonly facets: Readonly<Partial<Record<ValueFacet, readonly string[]>>>;
  /** Labels of facet keys known from the document or the vocabularies, by `labelKey(facet, key)` (a Map: a record keyed by such strings cost V8 a new hidden class per key). */
  readonly labels: ReadonlyMap<string, LangMap>;
  /** The fields the kind's hits carry (JSON values), as its mapper gave them. */
  readonly hit: Readonly<Record<string, unknown>>;
}

/** A validity period: first and last day (`YYYY-MM-DD`), null where it is open. */
export interface ValidityPeriod {
  readonly from: string | null;
  readonly to: string | null;
}

export const labelKey = (facet: string, key: string): string => `${facet}\u0000${key}`;
