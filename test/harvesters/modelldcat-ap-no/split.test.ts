import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MODEL_QUADS, splitModelldcatApNo } from '../../../harvesters/modelldcat-ap-no/index.js';
import type { SplitResult } from '../../../src/core/ports/harvester.js';
import { DEMO_DIR } from '../../../src/demo/demo-sources.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';

const context = { sourceId: 'models', sourceUrl: 'https://models.example.no/catalog.ttl', publisher: '991825827', baseUrl: 'http://localhost:8080' };

function split(file: string): SplitResult {
  const quads = new Parser({ format: 'text/turtle' }).parse(readFileSync(file, 'utf8'));
  return splitModelldcatApNo(new SubjectIndex().addAll(quads), context, { maxRecordQuads: DEFAULT_MAX_MODEL_QUADS });
}

const subjectsOf = (result: SplitResult, iri: string): Set<string> => new Set(result.records.find((r) => r.iri === iri)!.quads.map((q) => q.subject.value));
const edge = split(path.join(import.meta.dirname, 'fixtures/models-edge-cases.ttl'));
const A = 'https://models.example.no/a';
const B = 'https://models.example.no/b';

describe('splitting ModellDCAT-AP-NO', () => {
  it('makes one record per model catalog and information model, with the catalog that lists it', () => {
    expect(edge.records.map((r) => [r.kind, r.iri, r.catalogIri])).toEqual([
      ['catalog', 'http://localhost:8080/sources/models/catalog', null],
      ['catalog', 'https://models.example.no/catalog', null],
      ['information-model', A, 'https://models.example.no/catalog'],
      ['information-model', B, 'https://models.example.no/catalog'],
      ['information-model', 'https://models.example.no/loose', 'http://localhost:8080/sources/models/catalog'],
    ]);
  });

  it('holds the model’s elements, properties, code elements and notes', () => {
    expect(subjectsOf(edge, A)).toEqual(new Set([A, ...['Person', 'navn', 'kjonn', 'Kjonn', 'mann', 'kvinne', 'merknad', 'Ansatt', 'erPerson', 'rundt'].map((l) => `${A}#${l}`)]));
  });

  it('links an element another model owns, never copies it', () => {
    expect(subjectsOf(edge, B)).toEqual(new Set([B, `${B}#Kunde`, `${B}#person`]));
    const quads = edge.records.find((r) => r.iri === B)!.quads;
    expect(quads.some((q) => q.predicate.value.endsWith('#containsModelElement') && q.object.value === `${A}#Person`)).toBe(true);
    expect(quads.some((q) => q.predicate.value.endsWith('#hasObjectType') && q.object.value === `${A}#Person`)).toBe(true);
  });

  it('walks a cycle of specialisations once', () => {
    const quads = edge.records.find((r) => r.iri === A)!.quads;
    const lines = quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('reports a model without identity, and notes nothing as left out that a model holds', () => {
    expect(edge.problems.filter((p) => p.kind === 'skipped').map((p) => p.message)).toEqual([expect.stringContaining('blank-node modelldcatno:InformationModel (titled "Uten IRI"')]);
    expect(edge.problems.some((p) => p.message.includes('#mann'))).toBe(false);
  });

  it('splits the demo model catalog: two models, the second linking the first one’s Enhet', () => {
    const demo = split(path.join(DEMO_DIR, 'digdir-modeller.ttl'));
    expect(demo.records.map((r) => r.iri)).toEqual(['https://data.norge.no/modeller/katalog', 'https://data.norge.no/modeller/enhet', 'https://data.norge.no/modeller/reelle-rettighetshavere']);
    expect(demo.problems).toEqual([]);
    expect(subjectsOf(demo, 'https://data.norge.no/modeller/reelle-rettighetshavere').has('https://data.norge.no/modeller/enhet#Enhet')).toBe(false);
    expect(subjectsOf(demo, 'https://data.norge.no/modeller/enhet').has('https://data.norge.no/modeller/enhet#AS')).toBe(true);
  });
});
