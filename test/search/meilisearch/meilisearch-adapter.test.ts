import { describe, expect, it } from 'vitest';
import { MISSING_VALUE } from '../../../src/core/ports/search-index.js';
import { VALUE_FACETS } from '../../../src/search/kinds/registry.js';
import { ServiceUnavailableError } from '../../../src/core/errors.js';
import { analyzeQuery } from '../../../src/search/analysis/query-analysis.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { andFilter, filterExpression, filterLiteral } from '../../../src/search/meilisearch/filter-expression.js';
import { meilisearchDocumentOf, meilisearchQueryText } from '../../../src/search/meilisearch/meilisearch-document.js';
import { MeilisearchIndex } from '../../../src/search/meilisearch/meilisearch-index.js';
import { MAX_TOTAL_HITS, MAX_VALUES_PER_FACET, meilisearchSettings, SEARCHABLE_ATTRIBUTES } from '../../../src/search/meilisearch/meilisearch-settings.js';
import { meilisearchSort } from '../../../src/search/meilisearch/search-plan.js';
import { recordQuality } from '../../../src/rdf/record-quality.js';
import { contractInputs, contractVocabulary } from '../../contract/search-index.contract.js';

/** Reads the string literals of a Meilisearch filter expression back (backslash escapes undone). */
function literalsOf(expression: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < expression.length; i++) {
    if (expression[i] !== '"') continue;
    let value = '';
    for (i++; i < expression.length && expression[i] !== '"'; i++) value += expression[i] === '\\' ? expression[++i] : expression[i];
    out.push(value);
  }
  return out;
}

describe('Meilisearch adapter (without a server)', () => {
  it('configures searchable attributes in ranking order, every facet filterable, and nothing cut', () => {
    const s = meilisearchSettings();
    expect(s.searchableAttributes).toEqual([...SEARCHABLE_ATTRIBUTES]);
    expect(s.searchableAttributes?.[0]).toBe('title_terms');
    expect(s.filterableAttributes).toEqual(expect.arrayContaining([...VALUE_FACETS, 'modified', 'validFrom', 'validTo', 'iri', 'relations']));
    expect(s.sortableAttributes).toEqual(expect.arrayContaining(['modified', 'firstHarvested', 'qualityScore', 'sort_nb', 'sort_nn', 'sort_en']));
    expect(s.filterableAttributes).toContain('quality');
    expect(s.faceting?.maxValuesPerFacet).toBe(MAX_VALUES_PER_FACET);
    expect(s.pagination?.maxTotalHits).toBe(MAX_TOTAL_HITS);
    expect(s.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 255 } });
    expect(s.rankingRules?.indexOf('attribute')).toBeLessThan(s.rankingRules!.indexOf('exactness'));
  });

  it('translates filters: OR within a facet, AND across facets, dates as numbers', () => {
    expect(filterExpression({})).toBeUndefined();
    expect(filterExpression({ theme: ['ENVI', 'AGRI'], accessRights: ['PUBLIC'] })).toBe('(theme IN ["ENVI", "AGRI"]) AND (accessRights IN ["PUBLIC"])');
    expect(filterExpression({ modifiedFrom: '2025-01-01', modifiedTo: '2025-01-31' })).toBe(
      `(modified >= ${Date.parse('2025-01-01T00:00:00Z')}) AND (modified <= ${Date.parse('2025-01-31T00:00:00Z') + 86_399_999})`,
    );
    expect(filterExpression({ theme: ['ENVI'], format: ['CSV'] }, 'theme')).toBe('(format IN ["CSV"])');
    expect(filterExpression({ modifiedFrom: '2025-01-01', theme: ['ENVI'] }, 'modified')).toBe('(theme IN ["ENVI"])');
    expect(filterExpression({ uri: ['https://x.org/a'], relations: ['https://x.org/b'] })).toBe('(iri IN ["https://x.org/a"]) AND (relations IN ["https://x.org/b"])');
    expect(filterExpression({ theme: [MISSING_VALUE] })).toBe(`(theme IN ["${MISSING_VALUE}"])`);
    // Validity states on the day of the search (00:00 UTC), from the period's bounds; an unknown state selects nothing.
    const noon = Date.parse('2025-06-01T12:00:00Z');
    const day = Date.parse('2025-06-01T00:00:00Z');
    expect(filterExpression({ validity: ['expired', 'current'] }, undefined, noon)).toBe(`((validTo < ${day}) OR (validFrom <= ${day} AND validTo >= ${day}))`);
    expect(filterExpression({ validity: ['future'], theme: ['ENVI'] }, 'validity', noon)).toBe('(theme IN ["ENVI"])');
    expect(filterExpression({ validity: ['someday'] }, undefined, noon)).toBe('(validFrom NOT EXISTS AND validFrom EXISTS)');
    expect(andFilter(undefined, 'a = 1')).toBe('a = 1');
    expect(andFilter('a = 1', 'b = 2')).toBe('(a = 1) AND (b = 2)');
  });

  it('keeps hostile values one quoted literal', () => {
    const hostile = ['a" OR type = "x', 'back\\slash', '\\"', 'x] OR publisher EXISTS', "it's", 'new\nline', '"', '\\', '(', 'ENVI"]) OR (1 = 1'];
    for (const value of hostile) {
      expect(literalsOf(filterLiteral(value))).toEqual([value]);
      const expression = filterExpression({ publisher: [value, 'plain'] })!;
      expect(literalsOf(expression)).toEqual([value, 'plain']);
      // Outside the literals only our own syntax remains.
      expect(expression.replace(/"(?:[^"\\]|\\.)*"/g, '""')).toBe('(publisher IN ["", ""])');
    }
  });

  it('maps a search document: analysed text fields, facet arrays with the missing value, sortable keys', () => {
    const input = contractInputs.find((i) => i.record.iri === 'https://example.org/snoskred')!;
    const doc = buildSearchDocument(input, contractVocabulary);
    const m = meilisearchDocumentOf(doc);
    expect(m.id).toBe(doc.id);
    expect(m.title_terms.split(' ')).toEqual(expect.arrayContaining(['snøskredvarsel', 'snoskredvarsel', 'avalanch']));
    expect(m.theme).toEqual(['ENVI']);
    expect(m.licence).toEqual(['NLOD_2_0']);
    expect(m.orgPath).toEqual(['/STAT', '/STAT/972417858', '/STAT/972417858/971040238']);
    expect(m.openData).toEqual(['true']);
    expect(m.modified).toBe(Date.parse('2025-05-28T00:00:00Z'));
    expect(JSON.parse(m.doc)).toMatchObject({ id: doc.id, iri: doc.iri, title: doc.title, hit: { themes: ['ENVI'] } });
    const markup = meilisearchDocumentOf(buildSearchDocument(contractInputs.find((i) => i.record.iri === 'https://example.org/markup')!, contractVocabulary));
    expect(markup.theme).toEqual([MISSING_VALUE]);
    expect(markup.modified).toBeNull();
  });

  it("stores a dataset's or data service's quality band as the quality facet and its score (a service's on the scale of 435) as the sortable qualityScore; other kinds have neither", () => {
    const input = contractInputs.find((i) => i.record.iri === 'https://example.org/snoskred')!;
    const m = meilisearchDocumentOf(buildSearchDocument(input, contractVocabulary));
    const quality = recordQuality(input.record)!;
    expect(m.qualityScore).toBe(quality.score);
    expect(m.quality).toEqual([quality.band]);
    const serviceInput = contractInputs.find((i) => i.record.kind === 'data-service')!;
    const service = meilisearchDocumentOf(buildSearchDocument(serviceInput, contractVocabulary));
    const serviceQuality = recordQuality(serviceInput.record)!;
    expect(service.qualityScore).toBe(Math.round((serviceQuality.score * 435) / 310));
    expect(service.quality).toEqual([serviceQuality.band]);
    const series = meilisearchDocumentOf(buildSearchDocument(contractInputs.find((i) => i.record.kind === 'dataset-series')!, contractVocabulary));
    expect('qualityScore' in series).toBe(false);
    expect(series.quality).toBeUndefined();
    const base = { q: '', filters: {}, page: 0, size: 10, lang: 'nb' } as const;
    expect(meilisearchSort({ ...base, sort: { field: 'quality', direction: 'desc' } })).toEqual(['qualityScore:desc']);
    expect(meilisearchSort({ ...base, sort: { field: 'quality', direction: 'asc' } })).toEqual(['qualityScore:asc']);
  });

  it('sends the analysed query (stems, without stopwords)', () => {
    expect(meilisearchQueryText(analyzeQuery('Barnehagene i Oslo'))).toBe('barnehag oslo');
    expect(meilisearchQueryText(analyzeQuery('"OR" NOT *'))).toBe('not');
  });

  it('reports an unreachable server as a 503 naming it', async () => {
    const index = new MeilisearchIndex({ url: 'http://127.0.0.1:9', indexUid: 'test', vocabulary: contractVocabulary });
    const error = await index.count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toMatch(/Meilisearch at http:\/\/127\.0\.0\.1:9/);
    await index.close();
  });
});
