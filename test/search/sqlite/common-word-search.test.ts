// A query with a word most documents have ("frarådd 7", where every concept has a hidden term
// "frarådd N"): the SQLite index looks up only the documents it scores in that word's rows, and leaves
// out compound parts that can match nothing but the word itself. Neither may change what matches or
// how it ranks.
import { describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../../src/core/ports/search-index.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { contractVocabulary } from '../../contract/search-index.contract.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const PREFIXES = '@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix c: <https://begrep.example.no/c/> .';

/** Concepts `from`..`to` (exclusive), each with a preferred term and the hidden term "frarådd N"; `extra` adds concepts as Turtle. */
function concepts(from: number, to: number, extra = ''): string {
  const lines = [PREFIXES];
  for (let i = from; i < to; i++) lines.push(`c:${i} a skos:Concept ; skos:prefLabel "begrep nummer ${i}"@nb ; skos:hiddenLabel "frarådd ${i}"@nb .`);
  return `${lines.join('\n')}\n${extra}`;
}

const query = (q: string): SearchQuery => ({ q, filters: { type: ['concept'] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 20, lang: 'nb' });

async function indexOf(turtle: string): Promise<SqliteSearchIndex> {
  const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
  await index.upsert(recordsFromTurtle(turtle));
  return index;
}

describe('SQLite search: a word most documents have', () => {
  it('scores the one concept that matches alike whether 3 or 300 concepts have the common word', async () => {
    // With 3, the word's rows are read whole; with 300, more than 40 rows per scored document, only the scored concept is looked up.
    const few = await indexOf(concepts(0, 3));
    const many = await indexOf(concepts(0, 300));
    const a = await few.search(query('frarådd 2'));
    const b = await many.search(query('frarådd 2'));
    expect(a.total).toBe(1);
    expect(b.total).toBe(1);
    expect(b.hits.map((h) => [h.iri, h['matchedTerm']])).toEqual([['https://begrep.example.no/c/2', a.hits[0]!['matchedTerm']]]);
    expect(b.hits[0]!.score).toBe(a.hits[0]!.score);
    await few.close();
    await many.close();
  });

  it('still finds compounds that begin or end with the word, and only leaves the compound parts out when none exists', async () => {
    const compounds = concepts(0, 3, [
      'c:first a skos:Concept ; skos:prefLabel "fraråddtermer"@nb .',
      'c:last a skos:Concept ; skos:prefLabel "sterktfrarådd"@nb .',
    ].join('\n'));
    const withCompounds = await indexOf(compounds);
    const found = (await withCompounds.search(query('frarådd'))).hits.map((h) => h.iri.replace('https://begrep.example.no/c/', ''));
    expect(found.slice(0, 3).sort()).toEqual(['0', '1', '2']);
    expect(found.slice(3).sort()).toEqual(['first', 'last']);

    const without = await indexOf(concepts(0, 3));
    expect((await without.search(query('frarådd'))).hits.map((h) => h.iri.replace('https://begrep.example.no/c/', '')).sort()).toEqual(['0', '1', '2']);
    await withCompounds.close();
    await without.close();
  });
});

describe('SQLite search: which matches count as strict (every word without typos or compound parts)', () => {
  const DATASETS = `
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix d: <https://data.example.no/d/> .
    d:tema a dcat:Dataset ; dct:title "Målestasjoner"@nb ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> .
    d:sammensatt a dcat:Dataset ; dct:title "Miljøstasjoner i Oslo"@nb .
    d:begge a dcat:Dataset ; dct:title "Miljøstasjoner"@nb ; dct:description "stasjoner i Oslo"@nb ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> .
    d:streng a dcat:Dataset ; dct:title "Målinger"@nb ; dct:description "data fra Oslo"@nb ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> .
    d:løs a dcat:Dataset ; dct:title "Oslo miljøstasjoner"@nb .
  `;
  const ranked = async (q: string): Promise<string[]> => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
    await index.upsert(recordsFromTurtle(DATASETS));
    const hits = (await index.search({ ...query(q), filters: {} })).hits.map((h) => h.iri.replace('https://data.example.no/d/', ''));
    await index.close();
    return hits;
  };

  it('counts a word found only in the related labels (a theme named "Miljø") as strict, above a compound in the title', async () => {
    const hits = await ranked('miljø');
    expect(hits.slice(0, 3).sort()).toEqual(['begge', 'streng', 'tema']);
    expect(hits.slice(3).sort()).toEqual(['løs', 'sammensatt']);
  });

  it('needs every word: one word found only as a compound part leaves the match loose, however well the other scores', async () => {
    // "løs" has "oslo" in its title (10 points a word) and "miljø" only as a compound part: it ranks below "streng",
    // which has "oslo" only in its description (1) but "miljø" as a whole word (the theme's label).
    for (const q of ['miljø oslo', 'oslo miljø']) {
      const hits = await ranked(q);
      expect(hits.slice(0, 2), q).toEqual(['begge', 'streng']);
      expect(hits.slice(2).sort(), q).toEqual(['løs', 'sammensatt']);
    }
  });
});
