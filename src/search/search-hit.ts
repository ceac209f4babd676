import type { RelationSummary } from '../core/ports/relations-index.js';
import type { SearchHit, SearchHitQuality, SearchLanguage } from '../core/ports/search-index.js';
import { MAX_QUALITY_SCORE } from '../core/quality-metrics.js';
import { analysisLanguageOf } from './analysis/text-language.js';
import { pick, pickText, type LangMap, type LangSlot } from '../core/lang-map.js';
import type { SearchDocument } from './document/search-document.js';
import { clipAtWord } from '../core/clip-text.js';
import { highlightText, SNIPPET_SCAN_CHARS, snippet, type Highlighter } from './highlight.js';
import { mapperOf } from './kinds/registry.js';

const languageOfSlot = (slot: LangSlot): SearchLanguage | null => (slot === 'nb' || slot === 'nn' || slot === 'en' ? slot : null);
const tagOfSlot = (slot: LangSlot): string => (slot === 'no' ? 'no' : slot === 'other' ? 'und' : slot);

/** What an index stores of a document to answer with it: the shared hit fields in every language, and the kind's (`hit`). */
export type HitDocument = Pick<
  SearchDocument,
  'id' | 'iri' | 'kind' | 'title' | 'description' | 'publisher' | 'catalog' | 'issued' | 'modified' | 'firstHarvested' | 'validation' | 'hit'
>;

/**
 * How much of a description a hit gives, in characters (cut at a word, with an ellipsis): the record has
 * the whole. 20 hits of descriptions of 2.24 MB made an answer of 45 MB.
 */
export const HIT_DESCRIPTION_CHARS = 2_000;

/** What an index stores to answer with: descriptions only as far as a snippet looks for a match (SNIPPET_SCAN_CHARS). */
export function hitDocumentOf(doc: SearchDocument): HitDocument {
  const { id, iri, kind, title, description, publisher, catalog, issued, modified, firstHarvested, validation, hit } = doc;
  return { id, iri, kind, title, description: clipEach(description, SNIPPET_SCAN_CHARS), publisher, catalog, issued, modified, firstHarvested, validation, hit };
}

function clipEach(map: LangMap, length: number): LangMap {
  if (Object.values(map).every((text: string | undefined) => text === undefined || text.length <= length)) return map;
  const clipped: LangMap = {};
  for (const [slot, text] of Object.entries(map) as [LangSlot, string | undefined][]) if (text !== undefined) clipped[slot] = clipAtWord(text, length);
  return clipped;
}

/**
 * A hit for a document, in the requested language, with highlights when there is a text query: the
 * shared fields, and the kind's fields (its mapper's `hitFields`, or the stored ones as they are).
 */
export function searchHit(doc: HitDocument, lang: SearchLanguage, highlighter: Highlighter | null, score: number): SearchHit {
  const { relationCounts, quality, ...stored } = (doc.hit ?? {}) as { relationCounts?: RelationSummary; quality?: Omit<SearchHitQuality, 'maxScore'> & { maxScore?: number } } & Record<string, unknown>;
  const mapper = mapperOf(doc.kind);
  const kindFields = mapper?.hitFields === undefined ? stored : mapper.hitFields(stored, { lang, highlighter });
  const title = pick(doc.title, lang);
  const description = pick(doc.description, lang);
  const highlight: { title?: string; description?: string } = {};
  if (highlighter !== null) {
    const t = title === null ? null : highlightText(highlighter, title.text, analysisLanguageOf(tagOfSlot(title.slot)));
    if (t !== null) highlight.title = t;
    const d = description === null ? null : snippet(highlighter, description.text, analysisLanguageOf(tagOfSlot(description.slot)));
    if (d !== null) highlight.description = d;
  }
  return {
    id: doc.id,
    iri: doc.iri,
    type: doc.kind,
    title: title?.text ?? null,
    description: description === null ? null : clipAtWord(description.text, HIT_DESCRIPTION_CHARS),
    language: title === null ? null : languageOfSlot(title.slot),
    descriptionLanguage: description === null ? null : languageOfSlot(description.slot),
    highlight,
    publisher: doc.publisher === null ? null : { id: doc.publisher.id, name: pickText(doc.publisher.name, lang), orgPath: doc.publisher.orgPath },
    ...kindFields,
    issued: doc.issued ?? null,
    modified: doc.modified,
    firstHarvested: doc.firstHarvested,
    validation: doc.validation ?? 'not-validated',
    catalog: doc.catalog === null ? null : { id: doc.catalog.id, title: pickText(doc.catalog.title, lang) },
    relationCounts: relationCounts ?? {},
    quality: quality === undefined ? null : { score: quality.score, maxScore: quality.maxScore ?? MAX_QUALITY_SCORE, band: quality.band },
    score: Math.round(score * 1000) / 1000,
  };
}
