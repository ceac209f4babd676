// The engine reads value nodes and shape lists straight from the graphs (src/validation/direct-reads.ts)
// and must still give exactly the unmodified library's results: on shapes that fail and pass each
// constraint it reads for, over every kind of path, and on every profile over every corpus graph.
// The corpus part reads ../shared/corpus.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import defaultEnvironment from 'rdf-validate-shacl/src/defaultEnv.js';
import { describe, expect, it } from 'vitest';
import { readValuesDirectly } from '../../src/validation/direct-reads.js';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { PROFILES } from '../../src/validation/profiles.js';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { fixture, registry } from './helpers.js';
import { filesBelow, parseRdfFile } from './support/agreement.js';

const SHAPES = `
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property ex:Sort, ex:Counted, ex:Sequence, ex:Inverse, ex:Alternative, ex:Languages, ex:OrShape, ex:XoneShape, ex:AndOverPath ;
  sh:or ( [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] [ sh:property [ sh:path ex:label ; sh:minCount 1 ] ] ) .
ex:Sort sh:path ex:sort ; sh:class ex:Kind .
ex:Counted sh:path ex:title ; sh:minCount 1 ; sh:maxCount 2 .
ex:Sequence sh:path ( ex:part ex:title ) ; sh:minCount 1 ; sh:maxCount 1 .
ex:Inverse sh:path [ sh:inversePath ex:partOf ] ; sh:maxCount 1 .
ex:Alternative sh:path [ sh:alternativePath ( ex:code ex:label ) ] ; sh:maxCount 2 .
ex:Languages sh:path ex:label ; sh:languageIn ( "nb" "en" ) .
ex:OrShape sh:path ex:kind ; sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:Kind ] ) .
ex:XoneShape sh:path ex:part ; sh:xone ( [ sh:property [ sh:path ex:title ; sh:minCount 1 ] ] [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] ) .
ex:AndOverPath sh:path ex:title ; sh:and ( [ sh:maxCount 1 ] [ sh:datatype xsd:string ] ) .

ex:LabelShape a sh:NodeShape ; sh:targetObjectsOf ex:label ; sh:languageIn ( "nn" ) ; sh:and ( [ sh:nodeKind sh:Literal ] ) ;
  sh:xone ( [ sh:minLength 3 ] [ sh:maxLength 1 ] ) .

# Focus nodes by every kind of target: instances of a class and the classes below it, of a shape that is a class itself, given nodes, subjects of a predicate.
ex:KindShape a sh:NodeShape ; sh:targetClass ex:Kind ; sh:targetNode ex:lonely ; sh:targetSubjectsOf ex:sort ;
  sh:property [ sh:path ex:code ; sh:minCount 1 ] .
ex:Part a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:title ; sh:maxCount 1 ] .
`;

const DATA = `
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:k1 a ex:Kind .
ex:SubKind rdfs:subClassOf ex:Kind .
ex:SubSubKind rdfs:subClassOf ex:SubKind .
ex:k2 a ex:SubKind .
ex:k3 a ex:SubSubKind ; ex:code "k" .
ex:good a ex:Thing ;
  ex:title "one" ;
  ex:part ex:p1 ;
  ex:code "c" ;
  ex:label "nb"@nb ;
  ex:kind 5, ex:k1 ;
  ex:sort ex:k1, ex:k3 .
ex:p1 a ex:Part ; ex:title "part" ; ex:partOf ex:good .

ex:bad a ex:Thing ;
  ex:title "one", "two", "three" ;
  ex:part ex:p2, ex:p3, ex:p4 ;
  ex:code "a", "b" ;
  ex:label "de"@de, "plain", "x"@en-GB, ex:notLiteral ;
  ex:kind "five", ex:notKind ;
  ex:sort ex:notKind, "k1" .
ex:p2 ex:title "a" ; ex:code "c" ; ex:partOf ex:bad .
ex:p3 a ex:Part ; ex:title "b", "c" ; ex:partOf ex:bad .
ex:p4 ex:partOf ex:bad .

ex:empty a ex:Thing .

# The same title of ex:good in two more graphs: a value node counts once, whatever graphs hold it.
ex:copy1 { ex:good ex:title "one" . }
ex:copy2 { ex:good ex:title "one" . }
`;

const parse = (text: string): Quad[] => new Parser().parse(text);
const termId = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
const SH = 'http://www.w3.org/ns/shacl#';

/** A validator of the shapes: the unmodified library, or one reading directly. */
function validatorOf(shapes: Iterable<Quad>, direct: boolean): SHACLValidator {
  const validator = new SHACLValidator(defaultEnvironment.dataset([...shapes]), { factory: defaultEnvironment });
  if (direct) readValuesDirectly(validator);
  return validator;
}

/** The validator's results over the data, every part of each. */
async function results(validator: SHACLValidator, data: Iterable<Quad>): Promise<string[]> {
  const report = await validator.validate(defaultEnvironment.dataset([...data]));
  const id = (t: Term | null | undefined): string => (t ? termId(t) : '');
  return report.results
    .map((r) => [id(r.focusNode), id(r.path), id(r.value), id(r.sourceShape), id(r.sourceConstraintComponent), id(r.severity), r.message.map((m) => m.value).join(' / ')].join(' | '))
    .sort();
}

describe('direct reads of value nodes and shape lists', () => {
  it('give exactly the results of the unmodified library, failing and passing each constraint they read for, over every kind of path', async () => {
    const shapes = parse(SHAPES);
    const data = parse(DATA);
    const direct = await results(validatorOf(shapes, true), data);
    expect(direct).toEqual(await results(validatorOf(shapes, false), data));

    // Not vacuous: each constraint fails on ex:bad (or ex:empty, or a part) and none on ex:good.
    const failed = (component: string): string[] =>
      [...new Set(direct.filter((r) => r.split(' | ')[4] === SH + component).map((r) => r.split(' | ')[0]!.replace('http://example.org/', '')))].sort();
    // ex:k2 is a focus node as an instance of a subclass, ex:lonely as a target node; ex:k3 and the subjects of ex:sort have a code.
    expect(failed('MinCountConstraintComponent')).toEqual(['empty', 'k1', 'k2', 'lonely']);
    // ex:p3 is a focus node of ex:Part, a shape that is a class.
    expect(failed('MaxCountConstraintComponent')).toEqual(['bad', 'p3']);
    // ex:k3 is an ex:Kind two subclasses down.
    expect(failed('ClassConstraintComponent')).toEqual(['bad']);
    // ex:bad's labels outside nb and en; every label outside nn (the label shape targets each label itself).
    expect(failed('LanguageInConstraintComponent')).toEqual(['bad', 'de', 'nb', 'notLiteral', 'plain', 'x']);
    expect(failed('OrConstraintComponent')).toEqual(['bad', 'empty']);
    expect(failed('XoneConstraintComponent')).toContain('bad');
    expect(failed('AndConstraintComponent')).toContain('bad');
    expect(direct.filter((r) => r.startsWith('http://example.org/good '))).toEqual([]);
  });

  it('give the engine the same answers: ShaclEngine, with its other shortcuts, reports what the unmodified library finds', async () => {
    const shapes = parse(SHAPES);
    const report = await new ShaclEngine('test', shapes, new IndexedDataset()).validate(parse(DATA));
    const parts = (r: string): string => r.split(' | ').filter((_, i) => i === 0 || i === 2 || i === 4).join(' | ');
    const ours = report.results.map((r) => [r.focusNode, r.value ?? '', r.constraint ?? ''].join(' | ')).sort();
    expect(ours).toEqual((await results(validatorOf(shapes, false), parse(DATA))).map(parts).sort());
  });

  it('judge a record that states a cycle of subclasses, where the library overflows its stack and fails the whole validation', async () => {
    const shapes = parse(`
      @prefix sh: <http://www.w3.org/ns/shacl#> .
      @prefix ex: <http://example.org/> .
      ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:class ex:A ] .
      ex:AShape a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .`);
    const data = parse(`
      @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      @prefix ex: <http://example.org/> .
      ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:C rdfs:subClassOf ex:A .
      ex:t a ex:Thing ; ex:p ex:inCycle, ex:outside .
      ex:inCycle a ex:C .
      ex:outside a ex:D .`);
    await expect(results(validatorOf(shapes, false), data)).rejects.toThrow(RangeError);

    const report = await new ShaclEngine('test', shapes, new IndexedDataset()).validate(data);
    const found = report.results.map((r) => `${r.focusNode} ${r.value ?? ''} ${r.constraint}`).sort();
    expect(found).toEqual([
      `http://example.org/inCycle  ${SH}MinCountConstraintComponent`, // an ex:A through the cycle, so a focus node of ex:AShape
      `http://example.org/t http://example.org/outside ${SH}ClassConstraintComponent`, // ex:D is no ex:A
    ]);
  });

  it('judge a record with a lattice of 60 subclasses, each below two others, walking each class once (2^30 paths)', async () => {
    const shapes = parse(`
      @prefix sh: <http://www.w3.org/ns/shacl#> .
      @prefix ex: <http://example.org/> .
      ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:class ex:A ] .`);
    let lattice = 'ex:a0 rdfs:subClassOf ex:A . ex:b0 rdfs:subClassOf ex:A .\n';
    for (let k = 1; k < 30; k++) for (const x of ['a', 'b']) lattice += `ex:${x}${k} rdfs:subClassOf ex:a${k - 1}, ex:b${k - 1} .\n`;
    const data = parse(`
      @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      @prefix ex: <http://example.org/> .
      ${lattice}
      ex:t a ex:Thing ; ex:p ex:deep, ex:outside .
      ex:deep a ex:b29 .
      ex:outside a ex:D .`);
    const report = await new ShaclEngine('test', shapes, new IndexedDataset()).validate(data);
    expect(report.results.map((r) => `${r.focusNode} ${r.value ?? ''}`)).toEqual(['http://example.org/t http://example.org/outside']);
  });
});

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
const available = existsSync(corpus);
if (!available) console.warn(`Skipping the corpus part of the direct-reads test: ${corpus} is absent.`);

describe.skipIf(!available)('direct reads over the corpus', () => {
  it("give the unmodified library's results for every profile on every RDF file of the corpus in Turtle and RDF/XML (up to 200 triples) and our fixtures", { timeout: 600_000 }, async () => {
    const graphs: { name: string; quads: Quad[] }[] = ['conforming-record.ttl', 'conforming-record-3.ttl', 'conforming-concept.ttl', 'conforming-dcat-ap-3.ttl'].map((name) => ({ name, quads: fixture(name) }));
    const seen = new Set<string>();
    for (const folder of ['fdk', 'dcat-ap']) {
      for (const file of filesBelow(path.join(corpus, folder))) {
        // Shapes files, and JSON-LD (its remote contexts are asked for over the network, which the tests do not have).
        if (file.includes(`${path.sep}shapes${path.sep}`) || /\.json(ld)?$/.test(file)) continue;
        let quads: Quad[];
        try {
          quads = await parseRdfFile(file);
        } catch {
          continue; // not RDF, or a deliberately broken test input
        }
        // The few larger files (random test data, query results) add time, not kinds of shape or path.
        if (quads.length > 200) continue;
        // Many harvester fixtures hold the same graph: each is compared once.
        const key = quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`).sort().join('\n');
        if (seen.has(key)) continue;
        seen.add(key);
        graphs.push({ name: path.relative(corpus, file), quads });
      }
    }
    expect(graphs.length).toBeGreaterThan(300);
    let compared = 0;
    const differing: string[] = [];
    for (const profile of PROFILES) {
      const shapes = [...registry.engine(profile.id).shapes];
      const [reading, library] = [validatorOf(shapes, true), validatorOf(shapes, false)];
      for (const { name, quads } of graphs) {
        const direct = await results(reading, quads);
        if (JSON.stringify(direct) !== JSON.stringify(await results(library, quads))) differing.push(`${profile.id}: ${name}`);
        compared += direct.length;
      }
    }
    expect(differing).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });
});
