import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { MeilisearchIndex } from '../../../src/search/meilisearch/meilisearch-index.js';
import { contractVocabulary, searchIndexContract } from '../../contract/search-index.contract.js';

const url = process.env.MEILISEARCH_URL;

if (url === undefined || url === '') {
  describe('SearchIndex contract: MeilisearchIndex', () => {
    it.skip('needs a Meilisearch server: set MEILISEARCH_URL (and MEILISEARCH_KEY) to run the contract suite against it', () => {});
  });
  console.warn('Skipping the Meilisearch contract suite: MEILISEARCH_URL is not set.');
} else {
  searchIndexContract('MeilisearchIndex', {
    async create(now) {
      const key = process.env.MEILISEARCH_KEY;
      const index = new MeilisearchIndex({ url, ...(key ? { apiKey: key } : {}), indexUid: `contract-${randomUUID()}`, vocabulary: contractVocabulary, now });
      await index.clear();
      return index;
    },
    async destroy(index) {
      await (index as MeilisearchIndex).drop();
      await index.close();
    },
  });
}
