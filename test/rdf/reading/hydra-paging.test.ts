import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { HYDRA, RDF } from '../../../src/rdf/namespaces.js';
import { NextPageFinder } from '../../../src/rdf/reading/hydra-paging.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';

const { namedNode, quad } = DataFactory;

describe('the next page of a Hydra-paged source', () => {
  it('is the hydra:next of the collection view, not of another subject', () => {
    const graph = new SubjectIndex();
    const finder = new NextPageFinder();
    for (const q of [
      quad(namedNode('https://x.no/other'), namedNode(HYDRA.next), namedNode('https://x.no/wrong')),
      quad(namedNode('https://x.no/view'), namedNode(RDF.type), namedNode(HYDRA.PartialCollectionView)),
      quad(namedNode('https://x.no/view'), namedNode(HYDRA.next), namedNode('https://x.no/page2')),
    ]) {
      graph.add(q);
      finder.observe(q);
    }
    expect(finder.next(graph)).toBe('https://x.no/page2');
  });

  it('looks at a subject with 200 000 next links once, not once per link', () => {
    const graph = new SubjectIndex();
    const finder = new NextPageFinder();
    const add = (q: Quad): void => {
      graph.add(q);
      finder.observe(q);
    };
    for (let i = 0; i < 200_000; i++) add(quad(namedNode('https://x.no/untyped'), namedNode(HYDRA.next), namedNode(`https://x.no/p${i}`)));
    add(quad(namedNode('https://x.no/view'), namedNode(RDF.type), namedNode(HYDRA.PartialCollectionView)));
    add(quad(namedNode('https://x.no/view'), namedNode(HYDRA.next), namedNode('https://x.no/page2')));
    expect(finder.next(graph)).toBe('https://x.no/page2');
  });
});
