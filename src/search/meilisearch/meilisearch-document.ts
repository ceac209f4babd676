import { type ValueFacet } from '../../core/ports/search-index.js';
import type { QueryAnalysis } from '../analysis/query-analysis.js';
import type { SearchDocument } from '../document/search-document.js';
import { hitDocumentOf } from '../search-hit.js';
import { indexRowOf } from '../sqlite/index-row.js';
import { periodBounds } from '../facet-buckets.js';
import { OPEN_PERIOD_END } from './filter-expression.js';
import { VALUE_FACETS } from '../kinds/registry.js';

/** The document Meilisearch stores for a search document. */
export type MeilisearchDocument = {
  readonly id: string;
  readonly title_terms: string;
  readonly keyword_terms: string;
  readonly description_terms: string;
  readonly related_terms: string;
  readonly modified: number | null;
  readonly firstHarvested: number;
  readonly sort_nb: string;
  readonly sort_nn: string;
  readonly sort_en: string;
  readonly iri: string;
  readonly relations: readonly string[];
  /** The validity period's first and last day (epoch ms; ±OPEN_PERIOD_END where open), for kinds with one. */
  readonly validFrom?: number;
  readonly validTo?: number;
  /** A dataset's quality score (MQA points; `quality` is its band, a facet); absent for other kinds (so they sort last either way). */
  readonly qualityScore?: number;
  /** The hit fields of the search document as JSON (HitDocument). */
  readonly doc: string;
} & { readonly [F in ValueFacet]?: readonly string[] };

/**
 * Maps a search document to Meilisearch: the searchable text is our own analysis (Norwegian and
 * English stems, forms without æ/ø/å), so both adapters find the same words; facets are arrays
 * (hierarchies with every ancestor path, MISSING_VALUE for none).
 */
export function meilisearchDocumentOf(doc: SearchDocument): MeilisearchDocument {
  const row = indexRowOf(doc);
  const facets: Partial<Record<ValueFacet, readonly string[]>> = {};
  for (const facet of VALUE_FACETS) {
    const values = doc.facets[facet];
    if (values !== undefined) facets[facet] = values;
  }
  return {
    id: doc.id,
    title_terms: row.title,
    keyword_terms: row.kw,
    description_terms: row.descr,
    related_terms: row.extra,
    modified: row.modified,
    firstHarvested: row.firstHarvested,
    sort_nb: row.sortNb,
    sort_nn: row.sortNn,
    sort_en: row.sortEn,
    iri: doc.iri,
    relations: doc.relations,
    doc: JSON.stringify(hitDocumentOf(doc)),
    ...periodFields(doc),
    ...(doc.quality !== null ? { qualityScore: doc.quality } : {}),
    ...facets,
  };
}

function periodFields(doc: SearchDocument): { validFrom?: number; validTo?: number } {
  if (doc.validity === null) return {};
  const [from, to] = periodBounds(doc.validity);
  return { validFrom: Math.max(from, -OPEN_PERIOD_END), validTo: Math.min(to, OPEN_PERIOD_END) };
}

/** The query Meilisearch gets: each word's Norwegian stem (the form the analysed fields hold). */
export function meilisearchQueryText(analysis: QueryAnalysis): string {
  return analysis.words.map((w) => w.exact[0] ?? w.word).join(' ');
}
