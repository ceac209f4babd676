import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TermLabels } from '../../../src/core/term-labels.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { labelKey } from '../../../src/search/document/search-document.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { searchVocabularyOf } from '../../../src/search/vocabulary/search-vocabulary.js';
import { loadBundledVocabularies } from '../../../src/vocabulary/bundled-vocabularies.js';
import { syntheticRecords } from '../fixtures/synthetic-records.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocabularies = loadBundledVocabularies(path.resolve(here, '../../../vocab'));
const THEME = 'http://publications.europa.eu/resource/authority/data-theme/';

describe('search reads the labels of vocabulary terms from TermLabels', () => {
  it('labels and searches facet values with labels added at runtime, and rebuilds what it built with the old ones', () => {
    const labels = new TermLabels([vocabularies.labels]);
    const vocabulary = searchVocabularyOf(vocabularies, labels);
    const input = syntheticRecords(900).find((i) => i.record.graph.includes(`${THEME}ENVI`))!;
    expect(buildSearchDocument(input, vocabulary).labels.get(labelKey('theme', 'ENVI'))).toEqual({ nb: 'Miljø', nn: 'Miljø', en: 'Environment' });
    const before = vocabulary.fingerprint;
    labels.use({ name: 'harvested:themes', entries: () => [[`${THEME}ENVI`, { nb: 'Klima og miljø' }]] });
    const doc = buildSearchDocument(input, vocabulary);
    expect(doc.labels.get(labelKey('theme', 'ENVI'))).toEqual({ nb: 'Klima og miljø', nn: 'Miljø', en: 'Environment' });
    expect(doc.texts.related.map((t) => t.text)).toContain('Klima og miljø');
    expect(vocabulary.labelOfKey('theme', 'ENVI')?.nb).toBe('Klima og miljø');
    expect(vocabulary.fingerprint).not.toBe(before);
  });

  it('gives the document worker of a large upsert the current labels', async () => {
    const labels = new TermLabels([vocabularies.labels]);
    labels.use({ name: 'harvested:themes', entries: () => [[`${THEME}ENVI`, { nb: 'Klima og miljø' }]] });
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: searchVocabularyOf(vocabularies, labels) });
    try {
      const inputs = syntheticRecords(900);
      await index.upsert(inputs); // above the worker threshold: built on the worker thread
      const r = await index.search({ q: '', filters: { theme: ['ENVI'] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 1, lang: 'nb', facetSize: 100 });
      expect(r.total).toBeGreaterThan(0);
      expect(r.facets.theme?.buckets.find((b) => b.key === 'ENVI')?.label).toBe('Klima og miljø');
      expect((await index.search({ q: 'klima', filters: { theme: ['ENVI'] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 1, lang: 'nb' })).total).toBe(r.total);
      // Upserting the same records again changes nothing: the worker's fingerprints are the main thread's.
      const ids = await index.ids();
      await index.upsert(inputs.slice(0, 10));
      expect(await index.ids()).toEqual(ids);
    } finally {
      await index.close();
    }
  });
});
