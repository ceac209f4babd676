import type { ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { LangMap } from './lang-map.js';

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
 * What the search index knows of one record: display fields, the texts to analyse, and the facet keys
 * (hierarchical facets hold every ancestor path too; a facet without values holds MISSING_VALUE).
 * Built from the record's graph by buildSearchDocument; the same document feeds every adapter.
 */
export interface SearchDocument {
  readonly id: string;
  readonly iri: string;
  readonly kind: ResourceKind;
  readonly title: LangMap;
  readonly description: LangMap;
  readonly texts: {
    readonly titles: readonly TaggedText[];
    readonly alternativeTitles: readonly TaggedText[];
    readonly keywords: readonly TaggedText[];
    readonly descriptions: readonly TaggedText[];
    /** Publisher names, catalog title, theme, format and place labels: found, weighted low. */
    readonly related: readonly TaggedText[];
  };
  readonly publisher: DocumentPublisher | null;
  readonly catalog: { readonly id: string; readonly title: LangMap } | null;
  readonly themes: readonly string[];
  readonly losThemes: readonly string[];
  readonly formats: readonly string[];
  readonly accessRights: string | null;
  readonly licences: readonly string[];
  readonly openData: boolean;
  readonly provenance: string | null;
  readonly spatial: readonly string[];
  readonly temporal: readonly { readonly start: string | null; readonly end: string | null }[];
  /** The resource's dct:issued and dct:modified (ISO 8601), when valid. */
  readonly issued: string | null;
  readonly modified: string | null;
  /** The record's first harvest and last change. */
  readonly firstHarvested: string;
  readonly lastChanged: string;
  /** IRIs the resource points to through relations (servesDataset, conformsTo, subject, inSeries, …). */
  readonly relations: readonly string[];
  readonly validation: 'conforms' | 'has-violations' | 'not-validated';
  readonly facets: Readonly<Record<ValueFacet, readonly string[]>>;
  /** Labels of facet keys known from the document or the vocabularies, by `${facet}\u0000${key}`. */
  readonly labels: Readonly<Record<string, LangMap>>;
}

export const labelKey = (facet: string, key: string): string => `${facet}\u0000${key}`;
