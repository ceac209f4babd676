import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { parseRdfToArray } from '../../../src/rdf/parse.js';
import { payloadKey } from '../../../src/rdf/reading/payload-key.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';
import { canonicalLines } from '../../support/isomorphism-oracle.js';
import { SeededRandom } from '../../support/seeded-random.js';
import { shuffled } from '../../support/shuffled.js';

const { namedNode, blankNode, literal, quad } = DataFactory;
const BASE = 'https://data.example.no/';
const parse = (text: string, blankNodePrefix = 'b'): Promise<Quad[]> =>
  parseRdfToArray(`@prefix dct: <http://purl.org/dc/terms/> .\n@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix ex: <${BASE}> .\n${text}`, { syntax: 'turtle', baseIri: BASE, blankNodePrefix });
const keyOf = (quads: readonly Quad[]): string | undefined => payloadKey(new SubjectIndex().addAll(quads));
/** Isomorphic by the independent oracle (RDFC-1.0 canonical forms, rdf-canonize). */
const isomorphic = async (a: readonly Quad[], b: readonly Quad[]): Promise<boolean> => JSON.stringify(await canonicalLines(a)) === JSON.stringify(await canonicalLines(b));
/** The same graph with every blank node labelled anew (`r` + its label), in another order. */
const relabelled = (quads: readonly Quad[], seed: number): Quad[] =>
  shuffled(quads.map((q) => quad(q.subject.termType === 'BlankNode' ? blankNode(`r${q.subject.value}`) : q.subject, q.predicate, q.object.termType === 'BlankNode' ? blankNode(`r${q.object.value}`) : q.object)), seed);

/** Expects equal keys exactly when the oracle finds the graphs isomorphic, and counts which it was. */
async function expectKeysAgree(a: readonly Quad[], b: readonly Quad[], label: string, tally: { same: number; different: number }): Promise<void> {
  const iso = await isomorphic(a, b);
  expect(keyOf(a) === keyOf(b), label).toBe(iso);
  if (iso) tally.same++;
  else tally.different++;
}

const CATALOG = `
ex:katalog a dcat:Catalog ; dct:title "Katalog"@nb ; dcat:dataset ex:luft, ex:sno .
ex:luft a dcat:Dataset ; dct:title "Luftkvalitet"@nb, "Air quality"@en ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ] ;
  dcat:contactPoint [ a <http://www.w3.org/2006/vcard/ns#Organization> ; <http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:post@example.no> ] .
ex:sno a dcat:Dataset ; dct:title "Snøskred"@nb ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ] ;
  dcat:distribution [ a dcat:Distribution ; dct:format "CSV" ; dcat:accessURL <https://data.example.no/sno.csv> ;
    dcat:checksum [ a <http://spdx.org/rdf/terms#Checksum> ; <http://spdx.org/rdf/terms#checksumValue> "ab12" ] ] .
`;

describe('the key of a parsed payload', () => {
  it('is the same for the same graph in another order with other blank node labels', async () => {
    const quads = await parse(CATALOG, 'first');
    const other = shuffled(await parse(CATALOG, 'second'), 7);
    expect(other.map((q) => q.subject.value)).not.toEqual(quads.map((q) => q.subject.value));
    expect(await isomorphic(quads, other)).toBe(true);
    const key = keyOf(quads);
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(keyOf(other)).toBe(key);
  });

  it('differs when a literal, a language, a datatype or an IRI differs, or a triple is added or left out', async () => {
    const key = keyOf(await parse(CATALOG));
    const variants = [
      CATALOG.replace('"Luftkvalitet"@nb', '"Luftkvalitet "@nb'),
      CATALOG.replace('"Luftkvalitet"@nb', '"Luftkvalitet"@nn'),
      CATALOG.replace('"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>', '"2020-01-01"'),
      CATALOG.replace('mailto:post@example.no', 'mailto:post@example.com'),
      CATALOG.replace('"ab12"', '"ab13"'),
      `${CATALOG}\nex:luft dct:identifier "luft" .`,
      CATALOG.replace(', "Air quality"@en', ''),
    ];
    const keys = variants.map(async (text) => keyOf(await parse(text)));
    for (const k of await Promise.all(keys)) {
      expect(k).toBeDefined();
      expect(k).not.toBe(key);
    }
    expect(new Set(await Promise.all(keys)).size).toBe(variants.length);
  });

  it('differs when blank nodes trade places (the same descriptions under other subjects)', async () => {
    const quads = await parse(CATALOG);
    const swapped = await parse(CATALOG.replace('"2020-01-01"', '"TMP"').replace('"2021-01-01"', '"2020-01-01"').replace('"TMP"', '"2021-01-01"'));
    expect(await isomorphic(quads, swapped)).toBe(false);
    expect(keyOf(swapped)).toBeDefined();
    expect(keyOf(swapped)).not.toBe(keyOf(quads));
  });

  it('tells nested blank nodes apart by where they hang (a checksum under one distribution or another)', async () => {
    const twoDistributions = (a: string, b: string): string => `
      ex:d dcat:distribution [ dct:format "CSV" ; dcat:checksum [ dct:identifier "${a}" ] ], [ dct:format "JSON" ; dcat:checksum [ dct:identifier "${b}" ] ] .`;
    const one = await parse(twoDistributions('x', 'y'));
    const other = await parse(twoDistributions('y', 'x'));
    expect(await isomorphic(one, other)).toBe(false);
    expect(keyOf(one)).toBeDefined();
    expect(keyOf(other)).toBeDefined();
    expect(keyOf(one)).not.toBe(keyOf(other));
    expect(keyOf(shuffled(await parse(twoDistributions('x', 'y'), 'z'), 3))).toBe(keyOf(one));
  });

  it('counts look-alike blank nodes under one subject: two equal periods are not one', async () => {
    const two = await parse('ex:d dct:temporal [ dcat:startDate "2020" ], [ dcat:startDate "2020" ] .');
    const one = await parse('ex:d dct:temporal [ dcat:startDate "2020" ] .');
    expect(keyOf(two)).toBeDefined();
    expect(keyOf(shuffled(await parse('ex:d dct:temporal [ dcat:startDate "2020" ], [ dcat:startDate "2020" ] .', 'other'), 5))).toBe(keyOf(two));
    expect(keyOf(one)).not.toBe(keyOf(two));
  });

  it('is undefined when blank nodes that two triples point to look alike, so the payload is split as a changed one', async () => {
    const shared = await parse('ex:a ex:p _:x, _:y . ex:b ex:p _:x, _:y . _:x ex:q "1" . _:y ex:q "1" .');
    expect(keyOf(shared)).toBeUndefined();
    // Told apart by what they say, they have a key.
    const apart = await parse('ex:a ex:p _:x, _:y . ex:b ex:p _:x, _:y . _:x ex:q "1" . _:y ex:q "2" .');
    expect(keyOf(apart)).toBeDefined();
    expect(keyOf(shuffled(await parse('ex:a ex:p _:x, _:y . ex:b ex:p _:x, _:y . _:x ex:q "1" . _:y ex:q "2" .', 'z'), 2))).toBe(keyOf(apart));
  });

  it('keys a chain of 50 000 nested blank nodes in one pass, and sees a change at its far end', () => {
    const p = namedNode(`${BASE}p`);
    const chain = (prefix: string, last: string): Quad[] => [
      quad(namedNode(`${BASE}d`), p, blankNode(`${prefix}0`)),
      ...Array.from({ length: 50_000 }, (_, i) => quad(blankNode(`${prefix}${i}`), p, blankNode(`${prefix}${i + 1}`))),
      quad(blankNode(`${prefix}50000`), p, literal(last)),
    ];
    const key = keyOf(chain('a', 'end'));
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(keyOf(shuffled(chain('b', 'end'), 9))).toBe(key);
    expect(keyOf(chain('a', 'other end'))).not.toBe(key);
  });

  it('gives up on a ring of 100 000 blank nodes rather than refine it round after round', () => {
    const p = namedNode(`${BASE}p`);
    const n = 100_000;
    const ring = Array.from({ length: n }, (_, i) => quad(blankNode(`r${i}`), p, blankNode(`r${(i + 1) % n}`)));
    ring.push(quad(namedNode(`${BASE}d`), p, blankNode('r0')));
    expect(keyOf(ring)).toBeUndefined();
  });

  it('agrees with the independent isomorphism oracle over random trees of blank nodes and their variants', async () => {
    const random = new SeededRandom(7);
    const predicates = ['p', 'q'].map((n) => namedNode(`${BASE}${n}`));
    const values = [literal('1'), literal('2'), literal('1', 'nb')];
    // Blank nodes each hung from an IRI or an earlier blank node, with few values, so that look-alikes are common.
    const randomTree = (prefix: string): Quad[] => {
      const parents: (ReturnType<typeof namedNode> | ReturnType<typeof blankNode>)[] = [namedNode(`${BASE}a`), namedNode(`${BASE}b`)];
      const quads: Quad[] = [];
      for (let i = 0; i < 6; i++) {
        const node = blankNode(`${prefix}${i}`);
        quads.push(quad(random.pick(parents), random.pick(predicates), node));
        if (random.next() < 0.7) quads.push(quad(node, random.pick(predicates), random.pick(values)));
        parents.push(node);
      }
      return quads;
    };
    const tally = { same: 0, different: 0 };
    for (let i = 0; i < 150; i++) {
      const a = randomTree('a');
      const other = relabelled(a, i + 1);
      // Half of the time the same graph relabelled and shuffled, otherwise with one literal changed.
      const literalAt = other.findIndex((q) => q.object.termType === 'Literal');
      const b = random.next() < 0.5 || literalAt < 0 ? other : other.map((q, k) => (k === literalAt ? quad(q.subject, q.predicate, random.pick(values)) : q));
      expect(keyOf(a), `graph ${i}`).toBeDefined();
      expect(keyOf(b), `graph ${i}`).toBeDefined();
      await expectKeysAgree(a, b, `graph ${i}`, tally);
    }
    expect(tally.same).toBeGreaterThan(20);
    expect(tally.different).toBeGreaterThan(20);
  });

  it('agrees with the independent isomorphism oracle over random small graphs and their variants', async () => {
    const random = new SeededRandom(2026);
    const iris = ['a', 'b', 'c'].map((n) => namedNode(`${BASE}${n}`));
    const predicates = ['p', 'q'].map((n) => namedNode(`${BASE}${n}`));
    const objects = [literal('1'), literal('1', 'nb'), literal('2'), ...iris];
    const randomGraph = (prefix: string): Quad[] => {
      const blanks = Array.from({ length: 3 }, (_, i) => blankNode(`${prefix}${i}`));
      return Array.from({ length: 7 }, () => quad(random.pick([...iris, ...blanks]), random.pick(predicates), random.pick([...objects, ...blanks])));
    };
    const tally = { same: 0, different: 0 };
    for (let i = 0; i < 150; i++) {
      const a = randomGraph('a');
      // Half of the time the same graph relabelled and shuffled, otherwise with one triple's object changed.
      const other = relabelled(a, i + 1);
      const b = random.next() < 0.5 ? other : other.map((q, k) => (k === 0 ? quad(q.subject, q.predicate, random.pick(objects)) : q));
      if (keyOf(a) === undefined || keyOf(b) === undefined) continue;
      // Duplicate triples are one triple in a graph, but the key counts them: the oracle sees the sets.
      if (new Set(a.map((q) => JSON.stringify(q))).size !== a.length || new Set(b.map((q) => JSON.stringify(q))).size !== b.length) continue;
      await expectKeysAgree(a, b, `graph ${i}`, tally);
    }
    expect(tally.same).toBeGreaterThan(20);
    expect(tally.different).toBeGreaterThan(20);
  });
});
