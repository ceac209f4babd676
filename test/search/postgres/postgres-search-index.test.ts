import { afterAll, describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../../src/core/ports/search-index.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { PostgresSearchIndex } from '../../../src/search/postgres/postgres-search-index.js';
import { CONTRACT_NOW, contractInputs, contractVocabulary, searchIndexContract } from '../../contract/search-index.contract.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../../support/postgres.js';

const url = TEST_DATABASE_URL ?? '';
afterAll(dropTestSchemas);

describe.skipIf(TEST_DATABASE_URL === undefined)('PostgresSearchIndex', () => {
  searchIndexContract('PostgresSearchIndex', {
    async create(now) {
      return PostgresSearchIndex.open({ url, schema: freshSchema('s'), vocabulary: contractVocabulary, now });
    },
    async destroy(index: SearchIndex) {
      await index.close();
    },
  });

  const q = (text: string) => ({ q: text, filters: {}, sort: { field: 'relevance' as const, direction: 'desc' as const }, page: 0, size: 10, lang: 'nb' as const });

  it('keeps its documents across reopening, and two indexes on one schema see each other\'s writes', async () => {
    const schema = freshSchema('s');
    const a = await PostgresSearchIndex.open({ url, schema, vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    const b = await PostgresSearchIndex.open({ url, schema, vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    try {
      await a.upsert(contractInputs);
      expect(await b.count()).toBe(contractInputs.length);
      expect((await b.search(q('sjøkart'))).hits[0]?.title).toBe('Sjøkart');
      await b.remove([contractInputs[0]!.record.id]);
      expect(await a.count()).toBe(contractInputs.length - 1);
      expect(a.needsRebuild).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('indexes a record whose text holds U+0000 (which PostgreSQL text cannot), and finds it by its other words', async () => {
    const index = await PostgresSearchIndex.open({ url, schema: freshSchema('s'), vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    try {
      const [input] = recordsFromTurtle(
        '<https://example.org/nul> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Vann\\u0000kvalitet i elver"@nb ; <http://purl.org/dc/terms/keyword> "a\\u0000b"@nb .',
        { sourcePublisher: '971040238' },
      );
      expect(input!.record.graph).toContain('\u0000');
      await index.upsert([input!]);
      const [hit] = (await index.search(q('elver'))).hits;
      expect(hit).toMatchObject({ iri: 'https://example.org/nul', title: 'Vann\u0000kvalitet i elver' });
    } finally {
      await index.close();
    }
  });

  it("leaves out a record whose document PostgreSQL refuses (a description past tsvector's 1 MB), naming it, and indexes the rest of its batch", async () => {
    const warnings: { obj: unknown; msg: string | undefined }[] = [];
    const logger = { ...silentLogger, warn: (obj: object | string, msg?: string) => void warnings.push({ obj, msg }) };
    const index = await PostgresSearchIndex.open({ url, schema: freshSchema('s'), vocabulary: contractVocabulary, now: () => CONTRACT_NOW, logger });
    try {
      // 150 000 different words: more lexemes than one tsvector may hold.
      const words = Array.from({ length: 150_000 }, (_, i) => `ord${i.toString(36)}x`).join(' ');
      const inputs = recordsFromTurtle(
        `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <https://example.org/stor> a dcat:Dataset ; dct:title "Ordliste"@nb ; dct:description "${words}"@nb .
        <https://example.org/elver> a dcat:Dataset ; dct:title "Vannkvalitet i elver"@nb .
        <https://example.org/innsjoer> a dcat:Dataset ; dct:title "Vannkvalitet i innsjøer"@nb .`,
        { sourcePublisher: '971040238' },
      );
      await index.upsert(inputs.filter((i) => i.record.iri !== 'https://example.org/stor'));
      const stor = inputs.find((i) => i.record.iri === 'https://example.org/stor')!;
      // Its older version (indexed before the description grew) must not stay behind either.
      await index.upsert([{ ...stor, record: { ...stor.record, graph: stor.record.graph.replace(words, 'kort') } }]);
      expect(await index.count()).toBe(3);
      await index.upsert(inputs);
      expect((await index.search(q('vannkvalitet'))).total).toBe(2);
      expect(await index.ids()).toEqual([inputs[1]!.record.id, inputs[2]!.record.id].sort());
      expect(warnings).toEqual([{ obj: expect.objectContaining({ iri: 'https://example.org/stor', err: expect.stringMatching(/too long for tsvector/) }), msg: expect.stringMatching(/left out of the search index/) }]);
    } finally {
      await index.close();
    }
  });

  it('says it cannot reach the server, naming it without the password', async () => {
    const bad = new URL(url);
    bad.port = '1';
    const error = (await PostgresSearchIndex.open({ url: bad.toString(), schema: freshSchema('s'), vocabulary: contractVocabulary }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/cannot reach PostgreSQL at postgres:\/\/.*127\.0\.0\.1:1\//);
    if (bad.password !== '') expect(error.message).not.toContain(bad.password);
  });
});
