import type { Settings } from 'meilisearch';
import { VALUE_FACETS } from '../kinds/registry.js';

/** Searchable attributes in ranking order (title before keywords before description before related labels). */
export const SEARCHABLE_ATTRIBUTES = ['title_terms', 'keyword_terms', 'description_terms', 'related_terms'] as const;

/** Facet values per facet Meilisearch may return: far above any real facet, so no facet is cut. */
export const MAX_VALUES_PER_FACET = 100_000;
/** Hits Meilisearch counts exactly (with page/hitsPerPage it reports exhaustive totals up to this). */
export const MAX_TOTAL_HITS = 10_000_000;

/**
 * The index settings: our analysed text fields searchable in ranking order, every facet filterable,
 * dates, quality scores and title keys sortable, facet lists and totals not cut, one typo from five letters (two
 * typos never), and ranking rules with attribute order before exactness (the title boost).
 */
export function meilisearchSettings(): Settings {
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...VALUE_FACETS, 'modified', 'validFrom', 'validTo', 'iri', 'relations'],
    sortableAttributes: ['modified', 'firstHarvested', 'qualityScore', 'sort_nb', 'sort_nn', 'sort_en'],
    displayedAttributes: ['id', 'doc'],
    rankingRules: ['words', 'typo', 'attribute', 'proximity', 'exactness', 'sort'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 255 } },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // Our analysis already removed stopwords and stemmed; Meilisearch must not drop more.
    stopWords: [],
  };
}
