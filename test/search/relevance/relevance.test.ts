import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';
import { RELEVANCE_QUERIES } from './queries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = 'https://relevance.example.no/';

describe('relevance (precision@5 over the relevance set)', () => {
  let index: SqliteSearchIndex;
  beforeAll(async () => {
    // Every one-word query is kept in memory after its first search (word-columns-cache.ts): the second pass below is answered from there.
    index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: loadSearchVocabulary(path.resolve(here, '../../../vocab')), wordCacheMinMatches: 1 });
    await index.upsert(recordsFromTurtle(readFileSync(path.join(here, 'fixtures/catalog.ttl'), 'utf8')));
  });
  afterAll(async () => {
    await index.close();
  });

  it(`keeps precision@5 at or above 0.9 over ${RELEVANCE_QUERIES.length} queries`, async () => {
    expect(RELEVANCE_QUERIES.length).toBeGreaterThanOrEqual(40);
    const rows: string[] = [];
    const byKind = new Map<string, number[]>();
    let sum = 0;
    for (const query of RELEVANCE_QUERIES) {
      const r = await index.search({ q: query.q, filters: query.filters ?? {}, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 5, lang: query.lang ?? 'nb' });
      const top = r.hits.map((h) => h.iri.replace(BASE, ''));
      const found = top.filter((t) => query.relevant.includes(t)).length;
      const precision = found / Math.min(5, query.relevant.length);
      sum += precision;
      byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), precision]);
      if (precision < 1) rows.push(`  ${precision.toFixed(2)}  ${JSON.stringify(query.q)} ${query.filters ? JSON.stringify(query.filters) : ''} → ${top.join(', ')}`);
    }
    const average = sum / RELEVANCE_QUERIES.length;
    const kinds = [...byKind].map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)} (${v.length})`).join(', ');
    console.log(`precision@5 = ${average.toFixed(3)} over ${RELEVANCE_QUERIES.length} queries — ${kinds}`);
    if (rows.length > 0) console.log(`below 1:\n${rows.join('\n')}`);
    expect(average).toBeGreaterThanOrEqual(0.9);
  });

  it('ranks alike when one-word queries are answered from memory the second time', async () => {
    const ranked = async (): Promise<string[][]> => {
      const out: string[][] = [];
      for (const query of RELEVANCE_QUERIES) {
        const r = await index.search({ q: query.q, filters: query.filters ?? {}, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 5, lang: query.lang ?? 'nb' });
        out.push(r.hits.map((h) => `${h.iri} ${h.score}`));
      }
      return out;
    };
    const first = await ranked();
    const before = index.cachedWords();
    expect(await ranked()).toEqual(first);
    expect(index.cachedWords().hits - before.hits).toBeGreaterThan(20);
  });
});
