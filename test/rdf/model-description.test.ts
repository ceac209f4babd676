import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MODEL_QUADS, splitModelldcatApNo } from '../../harvesters/modelldcat-ap-no/index.js';
import { DEMO_DIR } from '../../src/demo/demo-sources.js';
import { describeModel, MAX_NOTE_TEXTS, multiplicityOf, type ModelElement, type ModelProperty } from '../../src/rdf/model-description.js';
import { MODELLDCATNO } from '../../src/rdf/namespaces.js';
import { SubjectIndex } from '../../src/rdf/subject-index.js';

const context = { sourceId: 'models', sourceName: 'https://models.example.no/catalog.ttl', publisher: '991825827', baseUrl: 'http://localhost:8080' };

/** The record graphs the harvester makes of a model catalog (what the portal reads), by resource IRI. */
function recordGraphs(file: string): Map<string, readonly Quad[]> {
  const quads = new Parser({ format: 'text/turtle' }).parse(readFileSync(file, 'utf8'));
  const split = splitModelldcatApNo(new SubjectIndex().addAll(quads), context, { maxRecordQuads: DEFAULT_MAX_MODEL_QUADS });
  return new Map(split.records.map((r) => [r.iri, r.quads]));
}

const demo = recordGraphs(path.join(DEMO_DIR, 'digdir-modeller.ttl'));
const edge = recordGraphs(path.join(import.meta.dirname, '../harvesters/modelldcat-ap-no/fixtures/models-edge-cases.ttl'));
const ENHET = 'https://data.norge.no/modeller/enhet';
const RRH = 'https://data.norge.no/modeller/reelle-rettighetshavere';
const A = 'https://models.example.no/a';

const element = (elements: readonly ModelElement[], iri: string): ModelElement => {
  const found = elements.find((e) => e.iri === iri);
  if (found === undefined) throw new Error(`no element ${iri}`);
  return found;
};

describe('describeModel (ModellDCAT-AP-NO record graphs)', () => {
  const enhet = describeModel(demo.get(ENHET)!, ENHET);

  it('reads the elements by kind: root object types, object types, simple types, code lists', () => {
    expect(enhet.elements.map((e) => [e.kind, e.iri.slice(ENHET.length)])).toEqual([
      ['root-object-type', '#Enhet'],
      ['object-type', '#Adresse'],
      ['simple-type', '#Organisasjonsnummer'],
      ['simple-type', '#Tekst'],
      ['code-list', '#Organisasjonsform'],
    ]);
    expect(enhet.reusedElements).toEqual([]);
  });

  it('reads an object type’s attributes and roles with multiplicity, type and the concept each means', () => {
    const props = element(enhet.elements, `${ENHET}#Enhet`).properties;
    expect(props.map((p) => [p.kind, p.titles.find((t) => t.lang === 'nb')?.value, multiplicityOf(p)])).toEqual([
      ['attribute', 'organisasjonsnummer', '1'],
      ['attribute', 'navn', '1'],
      ['attribute', 'organisasjonsform', '1'],
      ['attribute', 'næringskode', '0..3'],
      ['role', 'forretningsadresse', '0..1'],
      ['attribute', 'daglig leders fødselsnummer', '0..1'],
    ]);
    const orgnr = props[0]!;
    expect(orgnr.types).toEqual([{ predicate: MODELLDCATNO.hasSimpleType, iri: `${ENHET}#Organisasjonsnummer` }]);
    expect(orgnr.subjects).toEqual(['https://data.brreg.no/begrep/organisasjonsnummer']);
    expect(props[2]!.types).toEqual([{ predicate: MODELLDCATNO.hasValueFrom, iri: `${ENHET}#Organisasjonsform` }]);
    expect(props[4]!.types).toEqual([{ predicate: MODELLDCATNO.hasObjectType, iri: `${ENHET}#Adresse` }]);
    expect(element(enhet.elements, `${ENHET}#Enhet`).subjects).toEqual(['https://data.brreg.no/begrep/enhet']);
  });

  it('reads a code list’s values (ordered by notation) and a simple type’s restrictions', () => {
    const codes = element(enhet.elements, `${ENHET}#Organisasjonsform`).codes;
    expect(codes.map((c) => [c.notations, c.labels.find((l) => l.lang === 'en')?.value, c.subjects])).toEqual([
      [['ANS'], 'General partnership', ['https://data.brreg.no/begrep/ansvarlig-selskap']],
      [['AS'], 'Private limited company', ['https://data.brreg.no/begrep/aksjeselskap']],
      [['ENK'], 'Sole proprietorship', ['https://data.brreg.no/begrep/enkeltpersonforetak']],
    ]);
    expect(element(enhet.elements, `${ENHET}#Organisasjonsnummer`).restrictions).toEqual([
      { facet: 'pattern', value: '^[0-9]{9}$' },
      { facet: 'length', value: '9' },
    ]);
    expect(element(enhet.elements, `${ENHET}#Tekst`).typeDefinitionReference).toBe('http://www.w3.org/2001/XMLSchema#string');
  });

  it('names an element another model owns as reused, and still follows a role to it', () => {
    const rrh = describeModel(demo.get(RRH)!, RRH);
    expect(rrh.reusedElements).toEqual([`${ENHET}#Enhet`]);
    expect(rrh.elements.map((e) => e.iri)).toEqual([`${RRH}#ReellRettighetshaver`, `${RRH}#Fodselsnummer`]);
    const role = element(rrh.elements, `${RRH}#ReellRettighetshaver`).properties.find((p) => p.kind === 'role')!;
    expect(role.types).toEqual([{ predicate: MODELLDCATNO.hasObjectType, iri: `${ENHET}#Enhet` }]);
    expect(multiplicityOf(role)).toBe('1..*');
  });

  it('attaches notes to what they annotate and reads specialisations in a cycle once', () => {
    const a = describeModel(edge.get(A)!, A);
    const person = element(a.elements, `${A}#Person`);
    const kjonn = person.properties.find((p) => p.iri === `${A}#kjonn`)!;
    expect(kjonn.notes).toEqual([{ value: 'Kjønn etter folkeregisteret.', lang: 'nb' }]);
    expect(multiplicityOf(person.properties.find((p) => p.iri === `${A}#navn`)!)).toBe('0..1');
    expect(person.properties.find((p) => p.iri === `${A}#rundt`)).toMatchObject({ kind: 'specialization', types: [{ predicate: MODELLDCATNO.hasGeneralConcept, iri: `${A}#Ansatt` }] });
    expect(element(a.elements, `${A}#Ansatt`).properties.map((p) => p.kind)).toEqual(['specialization']);
    expect(element(a.elements, `${A}#Kjonn`).codes.map((c) => c.notations[0])).toEqual(['K', 'M']);
  });

  it('gives no multiplicity when neither bound is given', () => {
    expect(multiplicityOf({ minOccurs: null, maxOccurs: null })).toBeNull();
    expect(multiplicityOf({ minOccurs: '2', maxOccurs: null })).toBe('2..*');
  });

  it('reads a choice once per path and never inside itself, and at most 2 000 alternatives in all (ten choices each offering all ten)', () => {
    const M = 'https://models.example.no/m';
    const choices = Array.from({ length: 10 }, (_, i) => `${M}#choice${i}`);
    const ttl = `@prefix m: <${MODELLDCATNO.$base}> . @prefix dct: <http://purl.org/dc/terms/> .
      <${M}> a m:InformationModel ; dct:title "M"@nb ; m:containsModelElement <${M}#e> .
      <${M}#e> a m:ObjectType ; m:hasProperty <${choices[0]}> .
      ${choices.map((c) => `<${c}> a m:Choice ; m:hasSome ${choices.map((o) => `<${o}>`).join(', ')} .`).join('\n')}`;
    const model = describeModel(new Parser({ format: 'text/turtle' }).parse(ttl), M);
    let count = 0;
    const walk = (p: ModelProperty, path: readonly string[]): void => {
      expect(path).not.toContain(p.iri);
      for (const a of p.alternatives) {
        count++;
        walk(a, [...path, p.iri]);
      }
    };
    const top = model.elements.find((e) => e.iri === `${M}#e`)!.properties[0]!;
    expect(top.alternatives.map((a) => a.iri)).toEqual(choices.slice(1));
    walk(top, []);
    expect(count).toBe(2_000);
  });

  it('reads a property that 2 000 elements share once, and shares one note of 5 000 texts among its 5 000 targets, keeping MAX_NOTE_TEXTS', () => {
    const M = 'https://models.example.no/m';
    const elements = Array.from({ length: 2_000 }, (_, i) => `<${M}#E${i}> a m:ObjectType ; dct:title "E${i}"@nb ; m:hasProperty <${M}#delt> .`).join('\n');
    const targets = Array.from({ length: 5_000 }, (_, i) => `<${M}#E${i % 2_000}>`).join(', ');
    const texts = Array.from({ length: 5_000 }, (_, i) => `"merknad ${i}"@nb`).join(', ');
    const quads = new Parser({ format: 'text/turtle' }).parse(`@prefix m: <https://data.norge.no/vocabulary/modelldcatno#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${M}> a m:InformationModel ; dct:title "M"@nb .
      ${elements}
      <${M}#delt> a m:Attribute ; dct:title "delt"@nb ; dct:description ${Array.from({ length: 3_000 }, (_, i) => `"beskrivelse ${i}"@nb`).join(', ')} .
      <${M}#note> a m:Note ; m:propertyNote ${texts} ; m:annotates ${targets} .`);
    const model = describeModel(quads, M);
    expect(model.elements).toHaveLength(2_000);
    const shared = model.elements[0]!.properties[0]!;
    expect(model.elements.every((e) => e.properties.length === 1 && e.properties[0] === shared)).toBe(true);
    expect(shared.descriptions).toHaveLength(3_000);
    const notes = model.elements[0]!.notes;
    expect(notes.map((n) => n.value)).toEqual(Array.from({ length: MAX_NOTE_TEXTS }, (_, i) => `merknad ${i}`));
    expect(model.elements.every((e) => e.notes === notes)).toBe(true);
  });
});
