import { afterAll, describe, expect, it } from 'vitest';
import type { LookupConcept } from '../../../src/core/ports/concept-lookup.js';
import { lookupKey } from '../../../src/search/lookup/lookup-key.js';
import { MemoryConceptLookup } from '../../../src/search/lookup/memory-concept-lookup.js';

const concept = (id: string, terms: [string, string, 'prefLabel' | 'altLabel' | 'hiddenLabel'][], referenceData = false): LookupConcept => ({
  id,
  iri: `https://example.org/${id}`,
  terms: terms.map(([value, lang, role]) => ({ value, lang, role })),
  referenceData,
});

describe('the concept term lookup', () => {
  const index = new MemoryConceptLookup();
  afterAll(() => index.close());
  index.upsert([
    concept('inntekt', [['inntekt', 'nb', 'prefLabel'], ['inntekt', 'nn', 'prefLabel'], ['income', 'en', 'prefLabel'], ['innkomst', 'nb', 'altLabel']]),
    concept('lonnsinntekt', [['lønnsinntekt', 'nb', 'prefLabel'], ['lønsinntekt', 'nn', 'prefLabel'], ['arbeidsinntekt', 'nb', 'altLabel'], ['gasje', 'nb', 'hiddenLabel']]),
    concept('innkreving', [['innkreving', 'nb', 'prefLabel'], ['innkrevjing', 'nn', 'prefLabel']]),
    concept('kapital', [['kapitalinntekt', 'nb', 'prefLabel'], ['inntekt av kapital', 'nb', 'altLabel']]),
    concept('theme-econ', [['Økonomi og finans', 'nb', 'prefLabel'], ['Economy and finance', 'en', 'prefLabel']], true),
  ]);

  it('finds an exact match first, then prefix matches in key order, each concept once with its best term', () => {
    const { hits } = index.lookup({ term: 'inntekt', limit: 10 });
    expect(hits.map((h) => [h.id, h.match, h.matched.value, h.matched.role])).toEqual([
      ['inntekt', 'exact', 'inntekt', 'prefLabel'],
      ['kapital', 'prefix', 'inntekt av kapital', 'altLabel'],
    ]);
    expect(hits[0]!.prefLabel).toEqual({ nb: 'inntekt', nn: 'inntekt', en: 'income' });
    expect(hits[0]!.iri).toBe('https://example.org/inntekt');
  });

  it('finds a concept by an admitted or a deprecated term and says which term matched', () => {
    expect(index.lookup({ term: 'gasje', limit: 5 }).hits.map((h) => [h.id, h.matched])).toEqual([['lonnsinntekt', { value: 'gasje', lang: 'nb', role: 'hiddenLabel' }]]);
    expect(index.lookup({ term: 'arbeids', limit: 5 }).hits.map((h) => [h.id, h.match, h.matched.role])).toEqual([['lonnsinntekt', 'prefix', 'altLabel']]);
  });

  it('ignores case, spacing and the way æ, ø and å are typed', () => {
    for (const typed of ['LØNNS', 'lonns', '  Lønns ']) expect(index.lookup({ term: typed, limit: 5 }).hits.map((h) => h.id)).toEqual(['lonnsinntekt']);
    expect(lookupKey('Årsregnskap  for Ærlig')).toBe('arsregnskap for aerlig');
  });

  it('keeps to one language when asked', () => {
    expect(index.lookup({ term: 'innkre', lang: 'nn', limit: 5 }).hits.map((h) => [h.id, h.matched.value])).toEqual([['innkreving', 'innkrevjing']]);
    expect(index.lookup({ term: 'inc', lang: 'nb', limit: 5 }).hits).toEqual([]);
  });

  it('leaves reference data out unless asked for it', () => {
    expect(index.lookup({ term: 'okonomi', limit: 5 }).hits).toEqual([]);
    expect(index.lookup({ term: 'okonomi', limit: 5, referenceData: true }).hits.map((h) => [h.id, h.referenceData])).toEqual([['theme-econ', true]]);
    expect(index.lookup({ term: 'e', limit: 5, referenceData: 'any' }).hits.map((h) => h.id)).toEqual(['theme-econ']);
  });

  it('replaces a concept on upsert and forgets it on remove', () => {
    const local = new MemoryConceptLookup();
    local.upsert([concept('a', [['alfa', 'nb', 'prefLabel']])]);
    local.upsert([concept('a', [['beta', 'nb', 'prefLabel']])]);
    expect(local.lookup({ term: 'alfa', limit: 5 }).hits).toEqual([]);
    expect(local.lookup({ term: 'beta', limit: 5 }).hits.map((h) => h.id)).toEqual(['a']);
    expect(local.size).toBe(1);
    local.remove(['a', 'never-there']);
    expect(local.size).toBe(0);
    expect(local.lookup({ term: 'beta', limit: 5 }).hits).toEqual([]);
    local.close();
  });

  it('agrees with a brute-force scan on many concepts sharing prefixes, limits respected', () => {
    const local = new MemoryConceptLookup();
    const all: LookupConcept[] = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const syllables = ['skatt', 'inn', 'tekt', 'lønn', 'ar', 'be', 'id', 'øko', 'nomi', 'å', 'reg', 'ister'];
    const word = () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join('');
    const roles = ['prefLabel', 'altLabel', 'hiddenLabel'] as const;
    for (let i = 0; i < 3000; i++) {
      all.push(concept(`c${i}`, Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, j) => [word(), ['nb', 'nn', 'en'][j % 3]!, roles[Math.min(j, 2)]!] as [string, string, (typeof roles)[number]]), rnd() < 0.1));
    }
    local.upsert(all);
    for (const term of ['s', 'skatt', 'inn', 'lonn', 'a', 'arbe', 'økonomi', 'zzz']) {
      const limit = 20;
      const { hits } = local.lookup({ term, limit });
      const key = lookupKey(term);
      // Oracle: every non-reference concept with a term whose key starts with the typed key.
      const matching = all.filter((c) => !c.referenceData && c.terms.some((t) => lookupKey(t.value).startsWith(key)));
      expect(hits.length).toBe(Math.min(limit, matching.length));
      for (const h of hits) {
        const c = all.find((x) => x.id === h.id)!;
        expect(lookupKey(h.matched.value).startsWith(key)).toBe(true);
        expect(c.terms.some((t) => t.value === h.matched.value && t.role === h.matched.role)).toBe(true);
        expect(h.match).toBe(lookupKey(h.matched.value) === key ? 'exact' : 'prefix');
      }
      const exact = matching.filter((c) => c.terms.some((t) => lookupKey(t.value) === key));
      expect(hits.filter((h) => h.match === 'exact').length).toBe(Math.min(limit, exact.length));
      // Prefix hits come in key order.
      const keys = hits.filter((h) => h.match === 'prefix').map((h) => lookupKey(h.matched.value));
      expect(keys).toEqual([...keys].sort());
    }
    local.close();
  });
});
