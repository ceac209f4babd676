import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MODEL_QUADS, splitModelldcatApNo } from '../../../harvesters/modelldcat-ap-no/index.js';
import type { SplitResult } from '../../../src/core/ports/harvester.js';
import { DEMO_DIR } from '../../../src/demo/demo-sources.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';

const context = { sourceId: 'models', sourceName: 'https://models.example.no/catalog.ttl', publisher: '991825827', baseUrl: 'http://localhost:8080' };

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

  it('holds a chain of 30 000 notes, each annotating the one before, in whatever IRI order (one look per note)', () => {
    const chain = (name: (i: number) => string): SplitResult => {
      let ttl = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix m: <https://data.norge.no/vocabulary/modelldcatno#> .
        <https://models.example.no/catalog> a dcat:Catalog ; dct:title "C"@nb ; m:model <${A}> .
        <${A}> a m:InformationModel ; dct:title "A"@nb ; m:containsModelElement <${A}#el> .
        <${A}#el> a m:ObjectType ; dct:title "El"@nb .
        <${name(0)}> a m:Note ; m:annotates <${A}#el> .\n`;
      for (let i = 1; i < 30_000; i++) ttl += `<${name(i)}> a m:Note ; m:annotates <${name(i - 1)}> .\n`;
      return splitModelldcatApNo(new SubjectIndex().addAll(new Parser({ format: 'text/turtle' }).parse(ttl)), context, { maxRecordQuads: DEFAULT_MAX_MODEL_QUADS });
    };
    // Against the IRI order every note is due only once the one it annotates is held: a pass per note before.
    const against = chain((i) => `${A}#note-${String(30_000 - i).padStart(6, '0')}`);
    const along = chain((i) => `${A}#note-${String(i).padStart(6, '0')}`);
    expect(subjectsOf(against, A).size).toBe(30_002);
    expect(subjectsOf(along, A).size).toBe(30_002);
    expect(against.problems).toEqual(along.problems);
  });

  it('splits the demo model catalog: two models, the second linking the first one’s Enhet', () => {
    const demo = split(path.join(DEMO_DIR, 'digdir-modeller.ttl'));
    expect(demo.records.map((r) => r.iri)).toEqual(['https://data.norge.no/modeller/katalog', 'https://data.norge.no/modeller/enhet', 'https://data.norge.no/modeller/reelle-rettighetshavere']);
    expect(demo.problems).toEqual([]);
    expect(subjectsOf(demo, 'https://data.norge.no/modeller/reelle-rettighetshavere').has('https://data.norge.no/modeller/enhet#Enhet')).toBe(false);
    expect(subjectsOf(demo, 'https://data.norge.no/modeller/enhet').has('https://data.norge.no/modeller/enhet#AS')).toBe(true);
  });
});
