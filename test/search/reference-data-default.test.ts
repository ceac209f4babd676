import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../src/core/ports/search-index.js';
import { ReferenceDataDefault } from '../../src/search/reference-data-default.js';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.js';
import { CONTRACT_NOW, conceptInputs, contractInputs, contractVocabulary } from '../contract/search-index.contract.js';

const ECON = 'http://publications.europa.eu/resource/authority/data-theme/ECON';
const query = (q: string, filters: SearchQuery['filters'] = {}): SearchQuery => ({ q, filters, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 100, lang: 'nb' });

describe('reference data in searches (ReferenceDataDefault over an index)', () => {
  let inner: SqliteSearchIndex;
  let index: ReferenceDataDefault;
  beforeEach(async () => {
    inner = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    index = new ReferenceDataDefault(inner);
    await index.upsert([...contractInputs, ...conceptInputs]);
  });
  afterEach(async () => {
    await index.close();
  });

  it('is left out of a search that does not ask for it, and its count is still shown in the referenceData facet', async () => {
    const all = await index.search(query(''));
    expect(all.total).toBe(contractInputs.length + conceptInputs.length - 1);
    expect(all.hits.map((h) => h.iri)).not.toContain(ECON);
    expect(all.facets.referenceData!.buckets.map((b) => [b.key, b.count])).toEqual([['false', all.total], ['true', 1]]);
    expect((await index.search(query('økonomi og finans'))).hits.map((h) => h.iri)).not.toContain(ECON);
    expect((await inner.search(query(''))).total).toBe(contractInputs.length + conceptInputs.length);
  });

  it('is shown with referenceData=true, and together with everything else with both values', async () => {
    expect((await index.search(query('', { referenceData: ['true'] }))).hits.map((h) => h.iri)).toEqual([ECON]);
    expect((await index.search(query('', { referenceData: ['true', 'false'] }))).total).toBe(contractInputs.length + conceptInputs.length);
  });

  it('is left out of facet values too unless asked for', async () => {
    const types = await index.facetValues({ facet: 'type', q: '', filters: {}, page: 0, size: 50, lang: 'nb' });
    expect(types.buckets.find((b) => b.key === 'concept')!.count).toBe(conceptInputs.length - 1);
    const reference = await index.facetValues({ facet: 'type', q: '', filters: { referenceData: ['true'] }, page: 0, size: 50, lang: 'nb' });
    expect(reference.buckets.map((b) => [b.key, b.count])).toEqual([['concept', 1]]);
  });
});
