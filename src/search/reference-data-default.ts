import type {
  FacetDefinition, FacetValuesRequest, FacetValuesResponse, SearchFilters, SearchIndex, SearchQuery, SearchRecordInput, SearchResponse, Suggestion, SuggestOptions,
} from '../core/ports/search-index.js';

/**
 * Reference data (concepts of harvested SKOS schemes: EU themes, LOS, code lists) is left out of a
 * search unless the search filters on `referenceData` (`referenceData=true` shows it, `true` and
 * `false` together show everything). Wraps any SearchIndex adapter, so the HTTP API, the portal and
 * every other caller search the same way; the adapters themselves stay plain.
 */
export class ReferenceDataDefault implements SearchIndex {
  /** The wrapped index's settle, when it has one (the CLI's reindex asks for it). */
  readonly settle?: () => Promise<void>;

  constructor(private readonly index: SearchIndex) {
    if (index.settle !== undefined) this.settle = () => index.settle!();
  }

  get facets(): readonly FacetDefinition[] {
    return this.index.facets;
  }

  search(query: SearchQuery): Promise<SearchResponse> {
    return this.index.search({ ...query, filters: withDefault(query.filters) });
  }

  facetValues(request: FacetValuesRequest): Promise<FacetValuesResponse> {
    return this.index.facetValues({ ...request, filters: withDefault(request.filters) });
  }

  upsert(inputs: readonly SearchRecordInput[]): Promise<void> {
    return this.index.upsert(inputs);
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.index.remove(ids);
  }

  clear(): Promise<void> {
    return this.index.clear();
  }

  suggest(q: string, options: SuggestOptions): Promise<Suggestion[]> {
    return this.index.suggest(q, options);
  }

  ids(): Promise<string[]> {
    return this.index.ids();
  }

  count(): Promise<number> {
    return this.index.count();
  }

  close(): Promise<void> {
    return this.index.close();
  }
}

/** The filters with `referenceData=false` added when they do not filter on reference data. */
export function withDefault(filters: SearchFilters): SearchFilters {
  return filters.referenceData === undefined || filters.referenceData.length === 0 ? { ...filters, referenceData: ['false'] } : filters;
}
