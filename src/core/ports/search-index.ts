import type { StoredRecord } from '../catalog-record.js';
import type { UrlCheck } from '../url-check.js';
import type { ResourceKind } from '../resource-kind.js';
import type { RelationSummary } from './relations-index.js';

/**
 * The search index: a projection of the published records into search documents, with full-text
 * search (Norwegian first), facets with exact counts, suggestions and paged facet values.
 * Rebuildable from the store at any time. Adapters: embedded SQLite FTS5 (src/search/sqlite, default)
 * and Meilisearch (src/search/meilisearch).
 */

/** Languages of titles and descriptions in answers. Text tagged `no` or untagged counts as Norwegian. */
export const SEARCH_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

/**
 * Names of the value facets (filtered and counted by value). The set is open: the facets shared by
 * every kind are named here, and each kind's search module adds its own by augmenting this interface
 * (see src/search/kinds/dcat/dcat-facets.ts), next to the FacetDefinition that says which kinds
 * they apply to. The port itself knows no kind's facets.
 */
export interface SearchFacetNames {
  type: true;
  publisher: true;
  orgPath: true;
  /** `true` for records of reference-data sources (harvested SKOS schemes), `false` for every other record. */
  referenceData: true;
}
export type ValueFacet = Extract<keyof SearchFacetNames, string>;
/** Value facets, and `modified` (date ranges; filtered with modifiedFrom/modifiedTo). */
export type SearchFacet = ValueFacet | 'modified';

/** A facet: its name, the kinds of resource it applies to, and how it is filtered. */
export interface FacetDefinition {
  readonly name: SearchFacet;
  /** The kinds whose documents have this facet; a search shows a facet when it applies to a kind searched. */
  readonly kinds: readonly ResourceKind[];
  /** Values are paths (`/STAT/912660680`, `familie-og-barn/barnehage`): every ancestor path is a value too. */
  readonly hierarchical: boolean;
  /**
   * `values`: filtered by value (OR within the facet); `date-range`: counted in MODIFIED_RANGES, filtered by
   * dates; `period`: the resource's validity period, counted and filtered by PERIOD_STATES on the day the
   * search is answered (a period that has ended is `expired` the day after, with no re-indexing).
   */
  readonly filter: 'values' | 'date-range' | 'period';
  /**
   * The values the facet can have, when they are a closed set (quality bands, access kinds): a filter on
   * another value is refused, naming them, rather than answered with nothing. Open (any value) when absent.
   */
  readonly values?: readonly string[];
}

/** The facets of a search over some kinds (every kind when `kinds` is empty), in definition order. */
export function facetsForKinds(facets: readonly FacetDefinition[], kinds: readonly string[] | undefined): FacetDefinition[] {
  if (kinds === undefined || kinds.length === 0) return [...facets];
  return facets.filter((f) => f.kinds.some((k) => kinds.includes(k)));
}

/** The filter value that selects documents without any value for a facet (the "missing" bucket). */
export const MISSING_VALUE = '__missing__';

/** Date-range buckets of the `modified` facet, counted back from now (a document is in every range it falls in). */
export const MODIFIED_RANGES = [
  { key: 'last7days', days: 7 },
  { key: 'last30days', days: 30 },
  { key: 'last365days', days: 365 },
] as const;
/** The bucket of documents modified more than a year ago. */
export const MODIFIED_OLDER = 'older';

/**
 * Where a validity period stands on the day a search is answered (UTC): `current` (started and not
 * ended; an open start or end counts as started or not ended), `expired` (ended before that day) or
 * `future` (starts after it).
 */
export const PERIOD_STATES = ['current', 'expired', 'future'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

/**
 * The state of a period (epoch ms of its first and last day, ±Infinity when open) on the day that
 * starts at `today` (epoch ms of 00:00 UTC).
 */
export function periodState(from: number, to: number, today: number): PeriodState {
  if (to < today) return 'expired';
  if (from > today) return 'future';
  return 'current';
}

/**
 * Sort orders. `quality`: by the metadata quality score of datasets and data services (MQA points out of 435; a
 * data service's out of its 310, scaled to 435), best first
 * when descending; records without a score (every other kind) come last either way, ties by id
 * order of the index (as for dates).
 */
export const SEARCH_SORT_FIELDS = ['relevance', 'modified', 'firstHarvested', 'title', 'quality'] as const;
export type SearchSortField = (typeof SEARCH_SORT_FIELDS)[number];

export interface SearchSort {
  readonly field: SearchSortField;
  readonly direction: 'asc' | 'desc';
}

/** Largest page size and deepest result reachable by paging (page × size + size). */
export const MAX_PAGE_SIZE = 100;
export const MAX_RESULT_WINDOW = 100_000;

/**
 * Filters: values within one facet are alternatives (OR), different facets must all hold (AND).
 * Unknown values simply match nothing; `MISSING_VALUE` selects documents without a value. A `period`
 * facet (`validity`) is filtered by PERIOD_STATES the same way.
 */
export type SearchFilters = {
  readonly [F in ValueFacet]?: readonly string[];
} & {
  /** Inclusive bounds on `modified`, as ISO 8601 instants (the caller expands plain dates). */
  readonly modifiedFrom?: string;
  readonly modifiedTo?: string;
  /** Original resource IRIs (data.norge.no's `uri` filter). */
  readonly uri?: readonly string[];
  /** IRIs the resource is related to through any relation (servesDataset, inSeries, conformsTo, …). */
  readonly relations?: readonly string[];
};

export interface SearchQuery {
  /** Free text; empty means everything. Any string is accepted (it is analysed, never parsed as syntax). */
  readonly q: string;
  readonly filters: SearchFilters;
  readonly sort: SearchSort;
  /** 0-based page number (as data.norge.no). */
  readonly page: number;
  /** 1 … MAX_PAGE_SIZE. */
  readonly size: number;
  readonly lang: SearchLanguage;
  /** How many values each facet lists in the answer (the rest through facetValues); default 50. */
  readonly facetSize?: number;
}

/** A value of a facet with the number of matching documents. */
export interface FacetBucket {
  readonly key: string;
  /** Label in the requested language (with fallback), when one is known. */
  readonly label: string | null;
  readonly count: number;
  /** For hierarchical facets: the parent path, null at the top. */
  readonly parent?: string | null;
}

export interface FacetCounts {
  /** Values with at least one matching document, most frequent first, at most facetSize of them. */
  readonly buckets: readonly FacetBucket[];
  /** Matching documents without any value for this facet. */
  readonly missing: number;
  /** How many distinct values the facet has for this search (buckets may show fewer; see `more`). */
  readonly distinct: number;
  /** True when `buckets` does not list every value: page through facetValues for the rest. */
  readonly more: boolean;
}

/** Quality bands of the `quality` facet, best first (src/core/quality-score.ts). */
export interface SearchHitQuality {
  readonly score: number;
  readonly maxScore: number;
  readonly band: string;
}

export interface SearchHitPublisher {
  readonly id: string | null;
  readonly name: string | null;
  readonly orgPath: string | null;
}

/**
 * A hit: the fields every kind has, and the fields its kind adds (for datasets and data services:
 * themes, losThemes, formats, accessRights, openData; see src/search/kinds/) under their own names.
 */
export interface SearchHit {
  /** Record id (UUID v3 of the IRI). */
  readonly id: string;
  /** The resource's original IRI. */
  readonly iri: string;
  readonly type: ResourceKind;
  readonly title: string | null;
  readonly description: string | null;
  /** The language the title was taken from (after fallback), or null for text without a known language. */
  readonly language: SearchLanguage | null;
  /** The language the description was taken from (after fallback: it may differ from the title's), or null. */
  readonly descriptionLanguage: SearchLanguage | null;
  /** HTML-escaped text with the matched words wrapped in `<mark>…</mark>`; absent without a text query. */
  readonly highlight: { readonly title?: string; readonly description?: string };
  readonly publisher: SearchHitPublisher | null;
  /** The resource's dct:issued and dct:modified, when it has them. */
  readonly issued: string | null;
  readonly modified: string | null;
  /** First harvest of the record. */
  readonly firstHarvested: string;
  readonly catalog: { readonly id: string; readonly title: string | null } | null;
  /** SHACL outcome of the record. */
  readonly validation: 'conforms' | 'has-violations' | 'not-validated';
  /**
   * The resource's relations per relation type (src/rdf/relation-types.ts), each direction counted by the
   * kind of record at the other end (`external` when the catalog holds none): `servesDataset.incoming['data-service']`
   * is "served by N data services", `subject.incoming.dataset` "the concept of N datasets". Empty when it has none.
   */
  readonly relationCounts: RelationSummary;
  /** Relevance score (higher is better); 0 when sorted otherwise or without text. */
  readonly score: number;
  /**
   * A dataset's or data service's metadata quality (data.norge.no's MQA: points out of `maxScore`, 435 for a
   * dataset and 310 for a data service, and its band: excellent, good, sufficient or poor, the values of the
   * `quality` facet); null for other kinds.
   */
  readonly quality: SearchHitQuality | null;
  /** Fields of the hit's kind (JSON values). */
  readonly [field: string]: unknown;
}

export interface SearchResponse {
  /** Exact number of matching documents. */
  readonly total: number;
  readonly page: number;
  readonly size: number;
  readonly hits: readonly SearchHit[];
  /** The facets that apply to the kinds searched (the `type` filter; every kind without one). */
  readonly facets: Readonly<Partial<Record<SearchFacet, FacetCounts>>>;
}

export interface Suggestion {
  /** The suggested text (a title or a publisher name) in the requested language. */
  readonly text: string;
  readonly kind: 'title' | 'publisher';
  /** Record id and type for titles; the organisation number for publishers. */
  readonly id: string;
  readonly type?: ResourceKind;
}

export interface SuggestOptions {
  readonly size: number;
  readonly lang: SearchLanguage;
}

export interface FacetValuesRequest {
  readonly facet: SearchFacet;
  /** The search the counts are for (text and filters, as in SearchQuery). */
  readonly q: string;
  readonly filters: SearchFilters;
  /** Search within the facet's values: matches keys and labels (case and diacritics folded). */
  readonly valueQuery?: string;
  readonly page: number;
  readonly size: number;
  readonly lang: SearchLanguage;
}

export interface FacetValuesResponse {
  readonly facet: SearchFacet;
  /** Number of values (with at least one matching document) that match valueQuery. */
  readonly total: number;
  readonly page: number;
  readonly size: number;
  readonly buckets: readonly FacetBucket[];
  /** Matching documents without a value for the facet. */
  readonly missing: number;
}

/** What the projector hands the index for one published record. */
export interface SearchRecordInput {
  /** A published record (others are removed from the index instead). */
  readonly record: StoredRecord;
  /** The record of its catalog (title, publisher), when there is one. */
  readonly catalog?: StoredRecord;
  /** Organisation number of the harvest source's publisher (used when the graph names none). */
  readonly sourcePublisher: string;
  /**
   * Organisation paths from the organisation register (the parent chain up to the sector), by
   * organisation number: the publisher's path in the `orgPath` facet. A publisher not in it gets the
   * bundled snapshot's path, or `/ANNET/{number}`.
   */
  readonly organisationPaths?: Readonly<Record<string, string>>;
  /**
   * The record's relations by type, direction and kind of the other end, from the relations index:
   * the hit's `relationCounts` and the facets that need the other records (`hasApi`). Absent: none known.
   */
  readonly relations?: RelationSummary;
  /** True when the record comes from a reference-data source (src/core/reference-data.ts); false when left out. */
  readonly referenceData?: boolean;
  /**
   * The URL checker's HTTP status (0: no answer) and claimed media type per access or download URL (a data
   * service's endpoint URL), for the quality score (the accessibility metrics and formatMatch); absent or without a URL:
   * those metrics are not measured.
   */
  readonly urlStatuses?: ReadonlyMap<string, Pick<UrlCheck, 'status' | 'mediaType'>>;
}

export interface SearchIndex {
  /** The facets this index counts and filters, with the kinds each applies to. */
  readonly facets: readonly FacetDefinition[];
  /** Adds or replaces documents; idempotent (upserting the same input twice changes nothing). */
  upsert(inputs: readonly SearchRecordInput[]): Promise<void>;
  /** Removes documents by record id; ids not in the index are ignored. */
  remove(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  search(query: SearchQuery): Promise<SearchResponse>;
  suggest(q: string, options: SuggestOptions): Promise<Suggestion[]>;
  /** One facet's values, paged and searchable, for facets longer than the answer lists. */
  facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse>;
  /** Ids of every indexed document, sorted: lets a caller compare the index with the store. */
  ids(): Promise<string[]>;
  count(): Promise<number>;
  /**
   * Brings what the index derives from its documents on its own time (the embedded index's postings of common words)
   * up to date now. A process that rebuilds and exits (`datakatalog reindex`) asks for it; an index that derives
   * nothing later has no such method.
   */
  settle?(): Promise<void>;
  close(): Promise<void>;
}
