import type { StoredRecord } from '../../core/catalog-record.js';
import type { LangMap } from '../../core/lang-map.js';
import type { FacetDefinition, SearchLanguage, ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import type { DocumentLabels } from '../document/document-labels.js';
import type { RecordGraph } from '../../rdf/record-graph.js';
import type { TaggedText, TextTier, ValidityPeriod } from '../document/search-document.js';
import type { Highlighter } from '../highlight.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';

/** What a mapper reads: the record, its graph, the resource's IRI in it, the vocabularies, and the document's labels so far. */
export interface MapperInput {
  readonly record: StoredRecord;
  readonly graph: RecordGraph;
  /** The resource's IRI (the subject to read in `graph`). */
  readonly subject: string;
  readonly vocabulary: SearchVocabulary;
  /** Add facet-value labels here (`labels.add(facet, key, label)`; searchable labels become related text). */
  readonly labels: DocumentLabels;
  /** The record's catalog (for a concept: the collection that lists it), when it has one. */
  readonly catalog?: { readonly id: string; readonly iri: string; readonly title: LangMap };
}

/** What a kind adds to the shared part of its documents. */
export interface KindFields {
  /** Extra searchable texts by weight tier (see TEXT_TIERS): alternative labels, operation summaries, element names, … */
  readonly texts?: Partial<Record<TextTier, readonly TaggedText[]>>;
  /**
   * Values of the kind's facets. Only facets declared (in `facets`) for this kind; an applicable facet
   * left out or empty gets MISSING_VALUE. Hierarchical facets list every ancestor path themselves.
   */
  readonly facets?: Partial<Record<ValueFacet, readonly string[]>>;
  /** The fields the kind's hits carry (JSON values; not the names of the shared hit fields). */
  readonly hit?: Readonly<Record<string, unknown>>;
  /** IRIs the resource relates to, beyond the shared relation predicates (the `relations` filter). */
  readonly relations?: readonly string[];
  /** The validity period, for kinds with the `validity` facet (open at both ends when the resource states none). */
  readonly validity?: ValidityPeriod;
}

/** What a hit is made for: the answer's language, and what the query matched (null without text). */
export interface HitContext {
  readonly lang: SearchLanguage;
  readonly highlighter: Highlighter | null;
}

/**
 * The search side of a kind of resource: which kinds it maps, the facets it declares (each with the
 * kinds it applies to), and how a record's graph becomes the kind's part of a search document.
 * Registered with one line in src/search/kinds/registry.ts.
 */
export interface KindMapper {
  /** A short name (used in the index's schema signature). */
  readonly name: string;
  readonly kinds: readonly ResourceKind[];
  /** Bump when the mapping changes: every index then rebuilds its documents. */
  readonly version: string;
  /** The value facets this mapper declares. A facet two mappers declare applies to the kinds of both. */
  readonly facets: readonly FacetDefinition[];
  map(input: MapperInput): KindFields;
  /**
   * The hit fields for an answer, from the stored `hit` fields (language-dependent texts, which
   * alternative label matched, …). Without it the stored fields are the hit's as they are.
   */
  hitFields?(stored: Readonly<Record<string, unknown>>, context: HitContext): Record<string, unknown>;
}
