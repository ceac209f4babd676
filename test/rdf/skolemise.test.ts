import { describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { blankNodeIds, isSkolemIri, skolemIri, skolemise } from '../../src/rdf/skolemise.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { deskolemise } from '../../src/rdf/isomorphism.js';
import { parseTurtle } from '../harvesters/dcat-ap-no/support/graph-compare.js';
import { expectIsomorphic } from '../support/isomorphism-oracle.js';
import { shuffled } from '../support/shuffled.js';

const D = 'https://example.org/dataset/1';
const PREFIXES = `@prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix ex: <http://example.org/> .\n`;


const hasBlank = (quads: readonly Quad[]): boolean => quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode');
const skolems = (quads: readonly Quad[]): Set<string> =>
  new Set(quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && isSkolemIri(t.value)).map((t) => t.value));

describe('skolemise', () => {
  it('replaces every blank node by {resource IRI}/.well-known/skolem/{uuid v3}', () => {
    const out = skolemise(parseTurtle(`${PREFIXES}<${D}> dcat:contactPoint [ a vcard:Organization ; vcard:fn "Org" ] .`), D);
    expect(hasBlank(out)).toBe(false);
    const [iri] = [...skolems(out)];
    expect(iri).toMatch(/^https:\/\/example\.org\/dataset\/1\/\.well-known\/skolem\/[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(skolemIri(D, 'x')).toBe(`${D}/.well-known/skolem/x`);
  });

  it('gives the same IRIs whatever the parser labels and the triple order', () => {
    const text = `${PREFIXES}<${D}> dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019" ] ;
      dcat:contactPoint [ vcard:hasAddress [ vcard:locality "Oslo" ] ; vcard:fn "A" ] , [ vcard:fn "B" ] .`;
    const first = canonicalNTriples(skolemise(parseTurtle(text, 'x'), D));
    for (const seed of [1, 2, 3]) {
      const again = canonicalNTriples(skolemise(shuffled(parseTurtle(text, `y${seed}`), seed), D));
      expect(again).toBe(first);
    }
  });

  it('merges identical blank-node subtrees into one node, as data.norge.no does', () => {
    const out = skolemise(
      parseTurtle(`${PREFIXES}<${D}> ex:follows [ ex:implements [ ex:type [ ex:label "test" ] ] ] , [ ex:implements [ ex:type [ ex:label "test" ] ] ] .`),
      D,
    );
    expect(skolems(out).size).toBe(3);
    expect(out.filter((q) => q.predicate.value === 'http://example.org/follows')).toHaveLength(1);
  });

  it('tells apart nodes whose texts are anagrams of each other (unlike a sorted-characters hash)', () => {
    const out = skolemise(parseTurtle(`${PREFIXES}<${D}> ex:p [ ex:label "ab" ] , [ ex:label "ba" ] .`), D);
    expect(skolems(out).size).toBe(2);
  });

  it('changes a parent IRI when anything below it changes', () => {
    const ids = (label: string): string[] => {
      const quads = skolemise(parseTurtle(`${PREFIXES}<${D}> ex:p [ ex:q [ ex:r "${label}" ] ] .`), D);
      return quads.filter((q) => q.predicate.value === 'http://example.org/p').map((q) => q.object.value);
    };
    expect(ids('one')).not.toEqual(ids('two'));
  });

  it('keeps a graph without blank nodes as it is, each triple once', () => {
    const quads = parseTurtle(`${PREFIXES}<${D}> dct:title "T" . <${D}> dct:title "T" . <${D}> ex:x ex:y .`);
    expect(canonicalNTriples(skolemise(quads, D))).toBe(canonicalNTriples(quads));
    expect(skolemise(quads, D)).toHaveLength(2);
  });

  it('keeps a distinct empty blank node as one node (they say nothing, so they are the same)', () => {
    const ids = blankNodeIds(parseTurtle(`${PREFIXES}<${D}> ex:p _:a , _:b .`));
    expect(ids.get('b_a')).toBe(ids.get('b_b'));
  });

  describe('blank-node cycles', () => {
    const twoCycle = `${PREFIXES}<${D}> ex:p _:a . _:a ex:next _:b ; ex:v "x" . _:b ex:next _:a ; ex:v "x" .`;

    it('keeps a 2-cycle of identical nodes a 2-cycle (never collapsed into a self-loop)', async () => {
      const input = parseTurtle(twoCycle);
      const out = skolemise(input, D);
      expect(hasBlank(out)).toBe(false);
      expect(skolems(out).size).toBe(2);
      await expectIsomorphic(deskolemise(out), input);
    });

    it('is stable across labels and triple order', () => {
      const first = canonicalNTriples(skolemise(parseTurtle(twoCycle, 'p'), D));
      for (const seed of [5, 6, 7, 8]) expect(canonicalNTriples(skolemise(shuffled(parseTurtle(twoCycle, `q${seed}`), seed), D))).toBe(first);
    });

    it('handles a self-loop, a cycle with a tail, and a symmetric 3-cycle', async () => {
      const text = `${PREFIXES}<${D}> ex:self _:s ; ex:tail _:t ; ex:ring _:r1 .
        _:s ex:me _:s . _:t ex:into _:c1 . _:c1 ex:n _:c2 . _:c2 ex:n _:c1 ; ex:v 2 .
        _:r1 ex:n _:r2 . _:r2 ex:n _:r3 . _:r3 ex:n _:r1 .`;
      const input = parseTurtle(text);
      const out = skolemise(input, D);
      expect(hasBlank(out)).toBe(false);
      expect(skolems(out).size).toBe(7);
      await expectIsomorphic(deskolemise(out), input);
      for (const seed of [11, 12, 13]) expect(canonicalNTriples(skolemise(shuffled(parseTurtle(text, `z${seed}`), seed), D))).toBe(canonicalNTriples(out));
    });

    it('merges two identical separate cycles, like identical trees', () => {
      const out = skolemise(parseTurtle(`${PREFIXES}<${D}> ex:p _:a , _:c . _:a ex:n _:b . _:b ex:n _:a . _:c ex:n _:d . _:d ex:n _:c .`), D);
      expect(skolems(out).size).toBe(2);
    });
  });

  it('walks a 10 000-element RDF list (a long blank-node chain) without overflowing the stack', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `"${i}"`).join(' ');
    const out = skolemise(parseTurtle(`${PREFIXES}<${D}> ex:list ( ${items} ) .`), D);
    expect(hasBlank(out)).toBe(false);
    expect(skolems(out).size).toBe(10_000);
  });

  describe('bounds the refinement of cycles (a hostile source could make it run for hours)', () => {
    const chainAfterTwoCycle = (length: number): string =>
      `${PREFIXES}<${D}> ex:p _:a , _:c0 . _:a ex:n _:b . _:b ex:n _:a .\n${Array.from({ length }, (_, i) => `_:c${i} ex:n _:c${i + 1} .`).join('\n')}`;

    it('skolemises a 2-cycle beside a chain of 20 000 blank nodes, every node its own IRI', () => {
      const out = skolemise(parseTurtle(chainAfterTwoCycle(20_000)), D);
      expect(hasBlank(out)).toBe(false);
      expect(out).toHaveLength(20_004);
      expect(skolems(out).size).toBe(20_003);
    });

    it('skolemises a ring of 2 000 blank nodes hanging from the dataset, a ring still', () => {
      const ring = Array.from({ length: 2_000 }, (_, i) => `_:r${i} ex:n _:r${(i + 1) % 2_000} .`).join('\n');
      const out = skolemise(parseTurtle(`${PREFIXES}<${D}> ex:p _:r0 .\n${ring}`), D);
      expect(hasBlank(out)).toBe(false);
      expect(skolems(out).size).toBe(2_000);
      const next = new Map(out.filter((q) => isSkolemIri(q.subject.value)).map((q) => [q.subject.value, q.object.value]));
      let steps = 0;
      const start = [...next.keys()][0]!;
      for (let at = next.get(start)!; at !== start && steps < 2_001; at = next.get(at)!) steps++;
      expect(steps).toBe(1_999);
    });

    it('keeps a small cycle the same whatever the order, within the budget', () => {
      const text = chainAfterTwoCycle(100);
      const ids = (quads: readonly Quad[]): string[] => [...skolems(skolemise(quads, D))].sort();
      expect(ids(shuffled(parseTurtle(text), 4))).toEqual(ids(parseTurtle(text)));
    });
  });
});
