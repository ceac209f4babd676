import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { blankNodeColours, deskolemise, diffGraphs, isIsomorphic, isSkolemIri } from '../../src/rdf/isomorphism.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { SeededRandom } from '../support/seeded-random.js';

const { namedNode, blankNode, literal, quad } = DataFactory;
const turtle = (text: string, prefix = 'x'): Promise<Quad[]> =>
  parseRdfToArray(`@prefix ex: <http://ex/> .\n${text}`, { syntax: 'trig', baseIri: 'http://ex/', blankNodePrefix: prefix });

/** A directed cycle of n blank nodes linked by ex:next. */
function cycle(n: number, label: string): string {
  return Array.from({ length: n }, (_, i) => `_:${label}${i} ex:next _:${label}${(i + 1) % n} .`).join('\n');
}

describe('isIsomorphic', () => {
  it('equal ground graphs are isomorphic, in any order, duplicates ignored', async () => {
    const a = await turtle('ex:a ex:p "1", "2" ; ex:q ex:b .');
    const b = [...a].reverse();
    expect(isIsomorphic(a, [...b, b[0]!])).toBe(true);
  });

  it('ground graphs differing in one literal are not', async () => {
    expect(isIsomorphic(await turtle('ex:a ex:p "1" .'), await turtle('ex:a ex:p "2" .'))).toBe(false);
    expect(isIsomorphic(await turtle('ex:a ex:p "1"@nb .'), await turtle('ex:a ex:p "1"@nn .'))).toBe(false);
    expect(isIsomorphic(await turtle('ex:a ex:p "1" .'), await turtle('ex:a ex:p 1 .'))).toBe(false);
  });

  it('renaming blank nodes keeps a graph isomorphic', async () => {
    const a = await turtle('ex:d ex:contact [ ex:name "Kari" ; ex:mail <mailto:k@x.no> ] ; ex:period [ ex:start "2020" ] .', 'one');
    const b = await turtle('_:p ex:start "2020" . _:c ex:mail <mailto:k@x.no> ; ex:name "Kari" . ex:d ex:period _:p ; ex:contact _:c .', 'two');
    expect(isIsomorphic(a, b)).toBe(true);
  });

  it('a blank node is not a named node, and two blank nodes are not one', async () => {
    expect(isIsomorphic(await turtle('ex:a ex:p [] .'), await turtle('ex:a ex:p ex:b .'))).toBe(false);
    expect(isIsomorphic(await turtle('ex:a ex:p _:x . ex:b ex:p _:x .'), await turtle('ex:a ex:p _:x . ex:b ex:p _:y .'))).toBe(false);
  });

  it('swapped values between two blank nodes are detected', async () => {
    const a = await turtle('ex:d ex:c [ ex:name "A" ; ex:mail "a@x" ] , [ ex:name "B" ; ex:mail "b@x" ] .');
    const b = await turtle('ex:d ex:c [ ex:name "A" ; ex:mail "b@x" ] , [ ex:name "B" ; ex:mail "a@x" ] .');
    expect(isIsomorphic(a, b)).toBe(false);
  });

  it('needs backtracking for symmetric graphs: two 3-cycles equal two 3-cycles', async () => {
    const a = await turtle(`${cycle(3, 'a')}\n${cycle(3, 'b')}`);
    const b = await turtle(`${cycle(3, 'p')}\n${cycle(3, 'q')}`, 'y');
    expect(isIsomorphic(a, b)).toBe(true);
  });

  it('tells two 3-cycles from one 6-cycle, which colour refinement alone cannot', async () => {
    // Every node has one ex:next in and one out in both graphs: refinement gives all six the same colour.
    const twoTriangles = await turtle(`${cycle(3, 'a')}\n${cycle(3, 'b')}`);
    const hexagon = await turtle(cycle(6, 'h'));
    const colours = blankNodeColours(twoTriangles);
    expect(new Set(colours.values()).size).toBe(1);
    expect(new Set(blankNodeColours(hexagon).values())).toEqual(new Set(colours.values()));
    expect(isIsomorphic(twoTriangles, hexagon)).toBe(false);
    expect(isIsomorphic(hexagon, twoTriangles)).toBe(false);
  });

  it('handles larger symmetric structures: a 4×4 grid of blank nodes, relabelled and shuffled', async () => {
    const grid = (label: string) => {
      const lines: string[] = [];
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 4; c++) {
          if (c < 3) lines.push(`_:${label}${r}_${c} ex:right _:${label}${r}_${c + 1} .`);
          if (r < 3) lines.push(`_:${label}${r}_${c} ex:down _:${label}${r + 1}_${c} .`);
        }
      return lines;
    };
    const a = await turtle(grid('g').join('\n'));
    const b = await turtle(grid('k').reverse().join('\n'), 'other');
    expect(isIsomorphic(a, b)).toBe(true);
    const broken = await turtle(grid('k').slice(1).concat('_:k3_3 ex:right _:k0_0 .').join('\n'));
    expect(isIsomorphic(a, broken)).toBe(false);
  });

  it('matches many interchangeable blank nodes (identical children of one node)', () => {
    const children = (label: string, odd?: number) =>
      Array.from({ length: 1000 }, (_, i) => [
        quad(namedNode('http://ex/catalog'), namedNode('http://ex/part'), blankNode(`${label}${i}`)),
        quad(blankNode(`${label}${i}`), namedNode('http://ex/name'), literal(i === odd ? 'different' : 'same')),
      ]).flat();
    expect(isIsomorphic(children('a'), children('b').reverse())).toBe(true);
    expect(isIsomorphic(children('a'), children('b', 500))).toBe(false);
  });

  it('compares graph names, blank ones included', () => {
    const t = [namedNode('http://a'), namedNode('http://p'), literal('x')] as const;
    expect(isIsomorphic([quad(...t, namedNode('http://g1'))], [quad(...t, namedNode('http://g2'))])).toBe(false);
    expect(isIsomorphic([quad(...t, blankNode('g1'))], [quad(...t, blankNode('zz'))])).toBe(true);
    expect(isIsomorphic([quad(...t)], [quad(...t, blankNode('g'))])).toBe(false);
  });

  it('empty graphs are isomorphic to each other only', async () => {
    expect(isIsomorphic([], [])).toBe(true);
    expect(isIsomorphic([], await turtle('ex:a ex:p [] .'))).toBe(false);
  });
});

describe('isIsomorphic agrees with brute force on random small graphs', () => {
  /** A seeded generator, so a failure can be replayed. */
  function random(seed: number): () => number {
    const generator = new SeededRandom(seed);
    return () => generator.next();
  }
  type Edge = [number, number, number]; // subject blank, predicate, object (blank index, or -1 for a literal)

  function randomGraph(rnd: () => number, nodes: number, edges: number): Edge[] {
    return Array.from({ length: edges }, () => [Math.floor(rnd() * nodes), Math.floor(rnd() * 2), rnd() < 0.2 ? -1 : Math.floor(rnd() * nodes)] as Edge);
  }
  const toQuads = (edges: Edge[], label: string, order: number[]): Quad[] =>
    edges.map(([s, p, o]) =>
      quad(blankNode(`${label}${order[s]}`), namedNode(`http://ex/p${p}`), o < 0 ? literal('v') : blankNode(`${label}${order[o]}`)),
    );
  const key = (edges: Edge[]) => new Set(edges.map((e) => e.join(',')));
  function bruteForce(a: Edge[], b: Edge[], nodes: number): boolean {
    const target = key(b);
    const ka = key(a);
    if (ka.size !== target.size) return false;
    const perm = Array.from({ length: nodes }, (_, i) => i);
    const permute = (k: number): boolean => {
      if (k === nodes) return [...ka].every((e) => {
        const [s, p, o] = e.split(',').map(Number) as Edge;
        return target.has([perm[s], p, o < 0 ? -1 : perm[o]].join(','));
      });
      for (let i = k; i < nodes; i++) {
        [perm[k], perm[i]] = [perm[i]!, perm[k]!];
        if (permute(k + 1)) return true;
        [perm[k], perm[i]] = [perm[i]!, perm[k]!];
      }
      return false;
    };
    return permute(0);
  }
  const usesAll = (edges: Edge[], nodes: number) => new Set(edges.flatMap(([s, , o]) => (o < 0 ? [s] : [s, o]))).size === nodes;

  it('a relabelled, shuffled copy is always isomorphic', () => {
    const rnd = random(42);
    for (let round = 0; round < 150; round++) {
      const nodes = 2 + Math.floor(rnd() * 5);
      const g = randomGraph(rnd, nodes, nodes + Math.floor(rnd() * 6));
      const order = Array.from({ length: nodes }, (_, i) => i).sort(() => rnd() - 0.5);
      const identity = Array.from({ length: nodes }, (_, i) => i);
      const shuffled = toQuads(g, 'q', order).sort(() => rnd() - 0.5);
      expect(isIsomorphic(toQuads(g, 'p', identity), shuffled)).toBe(true);
    }
  });

  it('any two random graphs: same answer as trying every bijection', () => {
    const rnd = random(7);
    let agreeTrue = 0;
    let checked = 0;
    for (let round = 0; round < 400; round++) {
      const nodes = 2 + Math.floor(rnd() * 4);
      const edges = nodes + Math.floor(rnd() * 3);
      const a = randomGraph(rnd, nodes, edges);
      // Half the time b is a mutated copy of a (near misses), otherwise independent.
      const b: Edge[] = rnd() < 0.5 ? a.map((e, i) => (i === 0 ? ([e[0], 1 - e[1], e[2]] as Edge) : e)) : randomGraph(rnd, nodes, edges);
      if (!usesAll(a, nodes) || !usesAll(b, nodes)) continue; // blank nodes exist only through their quads
      const identity = Array.from({ length: nodes }, (_, i) => i);
      const expected = bruteForce(a, b, nodes);
      expect(isIsomorphic(toQuads(a, 'a', identity), toQuads(b, 'b', identity))).toBe(expected);
      checked++;
      if (expected) agreeTrue++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(agreeTrue).toBeGreaterThan(0);
  });
});

describe('diffGraphs', () => {
  it('is empty for isomorphic graphs', async () => {
    expect(diffGraphs(await turtle('ex:a ex:p [ ex:q 1 ] .', 'a'), await turtle('ex:a ex:p [ ex:q 1 ] .', 'b'))).toEqual({ onlyInA: [], onlyInB: [] });
  });

  it('shows the differing lines as N-Triples, blank nodes labelled by content, not by parser', async () => {
    const a = await turtle('ex:d ex:title "Vann"@nb ; ex:contact [ ex:name "Kari" ] ; ex:period [ ex:start "2020" ] .', 'first');
    const b = await turtle('ex:d ex:title "Vann"@nn ; ex:contact [ ex:name "Kari" ] ; ex:period [ ex:start "2020" ] .', 'second');
    const diff = diffGraphs(a, b);
    expect(diff.onlyInA).toEqual(['<http://ex/d> <http://ex/title> "Vann"@nb .']);
    expect(diff.onlyInB).toEqual(['<http://ex/d> <http://ex/title> "Vann"@nn .']);
  });

  it('shows a changed blank node and the line that points at it', async () => {
    const a = await turtle('ex:d ex:contact [ ex:name "Kari" ] ; ex:period [ ex:start "2020" ] .', 'first');
    const b = await turtle('ex:d ex:contact [ ex:name "Ola" ] ; ex:period [ ex:start "2020" ] .', 'second');
    const diff = diffGraphs(a, b);
    expect(diff.onlyInA).toHaveLength(2);
    expect(diff.onlyInA.some((l) => /^_:c\w+ <http:\/\/ex\/name> "Kari" \.$/.test(l))).toBe(true);
    expect(diff.onlyInA.some((l) => /^<http:\/\/ex\/d> <http:\/\/ex\/contact> _:c\w+ \.$/.test(l))).toBe(true);
    expect(diff.onlyInB.some((l) => l.endsWith('"Ola" .'))).toBe(true);
    expect(diff.onlyInA.concat(diff.onlyInB).some((l) => l.includes('period'))).toBe(false);
  });

  it('writes graph names as the fourth term', () => {
    const diff = diffGraphs([quad(namedNode('http://a'), namedNode('http://p'), literal('x'), namedNode('http://g'))], []);
    expect(diff.onlyInA).toEqual(['<http://a> <http://p> "x" <http://g> .']);
  });
});

describe('deskolemise', () => {
  it('recognises skolem IRIs', () => {
    expect(isSkolemIri('https://data.eksempel.no/datasets/1/.well-known/skolem/abc')).toBe(true);
    expect(isSkolemIri('https://data.eksempel.no/datasets/1')).toBe(false);
  });

  it('makes graphs that differ only in skolem IRIs isomorphic, and keeps real differences', async () => {
    const one = await turtle(
      `ex:d ex:contact <http://ex/d/.well-known/skolem/aaa> . <http://ex/d/.well-known/skolem/aaa> ex:name "Kari" ; ex:knows <http://ex/d/.well-known/skolem/bbb> .
       <http://ex/d/.well-known/skolem/bbb> ex:name "Ola" .`,
    );
    const two = await turtle(
      `ex:d ex:contact <http://ex/d/.well-known/skolem/111> . <http://ex/d/.well-known/skolem/111> ex:name "Kari" ; ex:knows <http://ex/d/.well-known/skolem/222> .
       <http://ex/d/.well-known/skolem/222> ex:name "Ola" .`,
    );
    expect(isIsomorphic(one, two)).toBe(false);
    expect(isIsomorphic(deskolemise(one), deskolemise(two))).toBe(true);
    const different = await turtle(
      `ex:d ex:contact <http://ex/d/.well-known/skolem/111> . <http://ex/d/.well-known/skolem/111> ex:name "Ola" ; ex:knows <http://ex/d/.well-known/skolem/222> .
       <http://ex/d/.well-known/skolem/222> ex:name "Kari" .`,
    );
    expect(isIsomorphic(deskolemise(one), deskolemise(different))).toBe(false);
  });

  it('turns the same IRI into the same blank node, in subject, object and graph position, and leaves other terms alone', () => {
    const sk = namedNode('http://ex/.well-known/skolem/1');
    const out = deskolemise([quad(sk, namedNode('http://ex/p'), sk, sk), quad(namedNode('http://ex/a'), namedNode('http://ex/p'), literal('x'))]);
    expect(out[0]!.subject.termType).toBe('BlankNode');
    expect(out[0]!.subject.equals(out[0]!.object)).toBe(true);
    expect(out[0]!.graph.equals(out[0]!.subject)).toBe(true);
    expect(out[1]!.subject.value).toBe('http://ex/a');
  });

  it('takes a custom test for skolem IRIs', () => {
    const out = deskolemise([quad(namedNode('urn:bnode:7'), namedNode('http://ex/p'), literal('x'))], (iri) => iri.startsWith('urn:bnode:'));
    expect(out[0]!.subject.termType).toBe('BlankNode');
  });
});
