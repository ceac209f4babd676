import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../../src/demo/demo-sources.js';
import { describeConcept } from '../../src/rdf/concept-description.js';
import { conceptTermsFromCanonical } from '../../src/rdf/concept-terms.js';
import { SKOS } from '../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { skolemise } from '../../src/rdf/skolemise.js';

const { namedNode, literal, quad } = DataFactory;

describe('conceptTermsFromCanonical', () => {
  for (const file of ['skatteetaten-begreper.ttl', 'brreg-begreper.ttl']) {
    it(`reads the same terms as describeConcept from every concept of ${file}`, () => {
      const quads = skolemise(new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(DEMO_DIR, file), 'utf8')), 'https://example.org/record');
      const canonical = canonicalNTriples(quads);
      const concepts = quads.filter((q) => q.object.value === SKOS.Concept).map((q) => q.subject.value);
      expect(concepts.length).toBeGreaterThanOrEqual(10);
      for (const iri of concepts) {
        const fast = conceptTermsFromCanonical(canonical, iri);
        expect(fast.length, iri).toBeGreaterThanOrEqual(3);
        const sort = (ts: readonly { role: string; lang: string; value: string }[]) => ts.map((t) => `${t.role} ${t.lang} ${t.value}`).sort();
        expect(sort(fast)).toEqual(sort(describeConcept(quads, iri).labels));
      }
    });
  }

  it('unescapes quotes, backslashes and line breaks, keeps language tags, ignores other subjects', () => {
    const c = namedNode('https://example.org/c');
    const text = canonicalNTriples([
      quad(c, namedNode(SKOS.prefLabel), literal('«sitat» "med" \\ og\nlinjeskift', 'nb')),
      quad(c, namedNode(SKOS.altLabel), literal('uten språk')),
      quad(namedNode('https://example.org/other'), namedNode(SKOS.prefLabel), literal('annen', 'nb')),
    ]);
    expect(conceptTermsFromCanonical(text, c.value)).toEqual([
      { value: 'uten språk', lang: '', role: 'altLabel' },
      { value: '«sitat» "med" \\ og\nlinjeskift', lang: 'nb', role: 'prefLabel' },
    ]);
  });
});
