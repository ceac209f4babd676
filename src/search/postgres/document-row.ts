import type { SearchDocument } from '../document/search-document.js';
import { hitDocumentOf } from '../search-hit.js';
import { periodBounds } from '../facet-buckets.js';
import { indexRowOf } from '../sqlite/index-row.js';
import { VALUE_FACETS } from '../kinds/registry.js';
import { withoutNul } from '../../postgres/text.js';

/** Separates a facet's name from its value in `facet_values` (neither ever holds it). */
export const FACET_SEPARATOR = '\u0001';

export const facetValueKey = (facet: string, value: string): string => `${facet}${FACET_SEPARATOR}${value}`;


/** The columns of one search document, as the upsert statement's arrays take them. */
export interface DocumentRow {
  readonly id: string;
  readonly iri: string;
  readonly kind: string;
  /** Texts per weight tier: A titles and alternative titles, B keywords, C descriptions, D related labels. */
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly titleNorm: string;
  readonly sortNb: string;
  readonly sortNn: string;
  readonly sortEn: string;
  readonly modified: number | null;
  readonly firstHarvested: number;
  /** The validity period's first and last day (epoch ms, ±OPEN_PERIOD_END where open); null for kinds without one. */
  readonly validFrom: number | null;
  readonly validTo: number | null;
  /** A dataset's quality score (MQA points); null for other kinds. */
  readonly quality: number | null;
  /** Postgres array literal of the facet values (`facet` U+0001 `value`). */
  readonly facetValues: string[];
  readonly relations: string[];
  readonly doc: string;
}

/** The farthest instant JavaScript dates know: an open end of a validity period. */
export const OPEN_PERIOD_END = 8.64e15;

const joined = (texts: readonly { text: string }[]): string => withoutNul(texts.map((t) => t.text).join('\n'));

export function documentRowOf(doc: SearchDocument): DocumentRow {
  const row = indexRowOf(doc);
  const facetValues: string[] = [];
  for (const facet of VALUE_FACETS) for (const value of doc.facets[facet] ?? []) facetValues.push(withoutNul(facetValueKey(facet, value)));
  const [from, to] = doc.validity === null ? [null, null] : periodBounds(doc.validity);
  return {
    id: doc.id,
    iri: withoutNul(doc.iri),
    kind: doc.kind,
    a: joined([...doc.texts.titles, ...doc.texts.alternativeTitles]),
    b: joined(doc.texts.keywords),
    c: joined(doc.texts.descriptions),
    d: joined(doc.texts.related),
    titleNorm: withoutNul(row.titleNorm),
    sortNb: withoutNul(row.sortNb),
    sortNn: withoutNul(row.sortNn),
    sortEn: withoutNul(row.sortEn),
    modified: row.modified !== null && Number.isFinite(row.modified) ? row.modified : null,
    firstHarvested: Number.isFinite(row.firstHarvested) ? row.firstHarvested : 0,
    validFrom: from === null ? null : Math.max(from, -OPEN_PERIOD_END),
    validTo: to === null ? null : Math.min(to, OPEN_PERIOD_END),
    quality: doc.quality,
    facetValues,
    relations: doc.relations.map(withoutNul),
    // JSON escapes U+0000 as \u0000, which text keeps (jsonb would refuse it).
    doc: JSON.stringify(hitDocumentOf(doc)),
  };
}
