import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS, splitSkosApNo } from '../../harvesters/skos-ap-no/index.js';
import { DEMO_DIR } from '../../src/demo/demo-sources.js';
import { describeConcept } from '../../src/rdf/concept-description.js';
import { conceptOutline } from '../../src/rdf/concept-outline.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { SubjectIndex } from '../../src/rdf/subject-index.js';

const context = { sourceId: 'concepts', sourceName: 'https://concepts.example.no/catalog.ttl', publisher: '974761076', baseUrl: 'http://localhost:8080' };

/** The canonical graphs the harvester stores for the concepts of a Turtle document (skolemised), by IRI. */
function conceptGraphs(turtle: string): Map<string, string> {
  const split = splitSkosApNo(new SubjectIndex().addAll(new Parser({ format: 'text/turtle' }).parse(turtle)), context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS });
  return new Map(split.records.filter((r) => r.kind === 'concept').map((r) => [r.iri, canonicalNTriples(r.quads)]));
}

describe('conceptOutline: a linked concept’s preferred terms and parents, from the lines that say them', () => {
  it('reads what describeConcept reads of every demo concept: preferred terms, generic and partitive parents with their criteria', () => {
    const graphs = conceptGraphs(readFileSync(path.join(DEMO_DIR, 'skatteetaten-begreper.ttl'), 'utf8'));
    expect(graphs.size).toBeGreaterThan(3);
    let withParents = 0;
    for (const [iri, graph] of graphs) {
      const whole = describeConcept(new Parser({ format: 'N-Triples' }).parse(graph), iri);
      const outline = conceptOutline(graph, iri);
      expect(outline.labels, iri).toEqual(whole.labels.filter((l) => l.role === 'prefLabel'));
      expect(outline.genericParents, iri).toEqual(whole.genericParents);
      expect(outline.partitiveParents, iri).toEqual(whole.partitiveParents);
      if (whole.genericParents.length + whole.partitiveParents.length > 0) withParents++;
    }
    expect(withParents).toBeGreaterThan(0);
  });

  it('reads a concept of 50 000 hidden terms by its few lines', () => {
    const hidden = Array.from({ length: 50_000 }, (_, i) => `"skjult ${i}"@nb`).join(', ');
    const graphs = conceptGraphs(`@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
      <https://x.no/c> a skos:Concept ; skosxl:prefLabel [ a skosxl:Label ; skosxl:literalForm "begrep"@nb ] ; skos:broader <https://x.no/p> ; skos:hiddenLabel ${hidden} .`);
    const outline = conceptOutline(graphs.get('https://x.no/c')!, 'https://x.no/c');
    expect(outline.labels).toEqual([{ role: 'prefLabel', value: 'begrep', lang: 'nb' }]);
    expect(outline.genericParents.map((l) => l.iri)).toEqual(['https://x.no/p']);
  });
});
