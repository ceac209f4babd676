import type { Quad, Quad_Graph, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { isIsomorphic } from '../../src/rdf/isomorphism.js';
import { canonicalLines, expectIsomorphic } from './isomorphism-oracle.js';
import { shuffled } from './shuffled.js';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const p = namedNode('http://ex/p');
const next = namedNode('http://ex/next');

const same = async (a: Quad[], b: Quad[]): Promise<boolean> => JSON.stringify(await canonicalLines(a)) === JSON.stringify(await canonicalLines(b));
const ring = (labels: string[]): Quad[] => labels.map((l, i) => quad(blankNode(l), next, blankNode(labels[(i + 1) % labels.length]!)));

describe('the isomorphism oracle (rdf-canonize, RDFC-1.0)', () => {
  it('finds graphs that differ only in blank-node labels, quad order and duplicates isomorphic', async () => {
    const a = [quad(namedNode('http://ex/d'), p, blankNode('x')), quad(blankNode('x'), p, literal('Kari', 'nb')), quad(blankNode('x'), p, blankNode('x'), namedNode('http://ex/g'))];
    const b = [quad(blankNode('y'), p, blankNode('y'), namedNode('http://ex/g')), quad(blankNode('y'), p, literal('Kari', 'nb')), quad(namedNode('http://ex/d'), p, blankNode('y'))];
    await expectIsomorphic(a, [...b, b[0]!]);
  });

  it('tells apart what differs in a language tag, a datatype, a graph name or the shape of blank nodes', async () => {
    const s = namedNode('http://ex/s');
    expect(await same([quad(s, p, literal('1', 'nb'))], [quad(s, p, literal('1', 'nn'))])).toBe(false);
    expect(await same([quad(s, p, literal('1'))], [quad(s, p, literal('1', namedNode('http://www.w3.org/2001/XMLSchema#integer')))])).toBe(false);
    expect(await same([quad(s, p, s, namedNode('http://ex/g'))], [quad(s, p, s, defaultGraph())])).toBe(false);
    // One 6-cycle is not two 3-cycles, though every node looks alike locally.
    expect(await same(ring(['a', 'b', 'c', 'd', 'e', 'f']), [...ring(['a', 'b', 'c']), ...ring(['d', 'e', 'f'])])).toBe(false);
    expect(await same(ring(['a', 'b', 'c', 'd', 'e', 'f']), ring(['u', 'v', 'w', 'x', 'y', 'z']))).toBe(true);
  });

  it('refuses to call two empty graphs proof of anything unless told they may be empty', async () => {
    await expect(expectIsomorphic([], [])).rejects.toThrow();
    await expectIsomorphic([], [], { mayBeEmpty: true });
  });

  it('agrees with the project’s own isomorphism (src/rdf/isomorphism.ts) on random graphs, relabelled and mutated', async () => {
    let seed = 424242;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const subjects = (prefix: string): Quad_Subject[] => [namedNode('http://ex/a'), namedNode('http://ex/b'), ...['0', '1', '2', '3'].map((i) => blankNode(`${prefix}${i}`))];
    const graphs: Quad_Graph[] = [defaultGraph(), namedNode('http://ex/g')];
    const outcomes = { isomorphic: 0, different: 0 };
    for (let round = 0; round < 120; round++) {
      const terms = subjects('a');
      const a: Quad[] = Array.from({ length: 2 + rnd(8) }, () =>
        quad(terms[rnd(terms.length)]!, rnd(2) === 0 ? p : next, (rnd(4) === 0 ? literal(String(rnd(3))) : terms[rnd(terms.length)]!) as Quad_Object, graphs[rnd(2)]!),
      );
      // The same graph with other blank-node labels, in another order …
      const rename = (t: Quad['subject'] | Quad['object']): Quad_Object => (t.termType === 'BlankNode' ? blankNode(`z${t.value}`) : t) as Quad_Object;
      const b = shuffled(a.map((q) => quad(rename(q.subject) as Quad_Subject, q.predicate, rename(q.object), q.graph)), round + 1);
      // … and with one object changed, which mostly (not always) gives a graph that is not isomorphic.
      const c = [...b];
      const i = rnd(c.length);
      c[i] = quad(c[i]!.subject, c[i]!.predicate, terms[rnd(terms.length)]! as Quad_Object, c[i]!.graph);
      for (const other of [b, c]) {
        const oracle = await same(a, other);
        expect({ round, ours: isIsomorphic(a, other) }).toEqual({ round, ours: oracle });
        outcomes[oracle ? 'isomorphic' : 'different']++;
      }
    }
    // Both answers were exercised, so the agreement above means something.
    expect(outcomes.isomorphic).toBeGreaterThan(120);
    expect(outcomes.different).toBeGreaterThan(30);
  });
});
