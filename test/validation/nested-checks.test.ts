import type { Quad, Term } from '@rdfjs/types';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import defaultEnvironment from 'rdf-validate-shacl/src/defaultEnv.js';
import { describe, expect, it } from 'vitest';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';

/**
 * The engine answers nested checks (sh:or, sh:and, sh:not, sh:xone, qualified value shapes) without
 * building the library's thrown-away engines and reports. These shapes fail and pass each kind of
 * nested check, with validators that fail by `false`, by a message and by result objects, and
 * the engine's results must be exactly the unmodified library's.
 */
const SHAPES = `
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <http://example.org/> .

ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property ex:OrShape, ex:NotShape, ex:QualifiedShape, ex:XoneShape, ex:AndShape, ex:DeepOrShape .

ex:OrShape sh:path ex:p ; sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:Kind ] ) .
ex:NotShape sh:path ex:q ; sh:not [ sh:property [ sh:path ex:r ; sh:minCount 1 ] ] .
ex:QualifiedShape sh:path ex:s ; sh:qualifiedMinCount 1 ;
  sh:qualifiedValueShape [ sh:closed true ; sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:name ] ] .
ex:XoneShape sh:path ex:t ; sh:xone (
  [ sh:property [ sh:path ex:label ; sh:uniqueLang true ; sh:minCount 1 ] ]
  [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] ) .
ex:AndShape sh:path ex:u ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:node ex:Named ] ) .
ex:Named sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern "^[A-Z]" ] .
ex:DeepOrShape sh:path ex:v ; sh:or ( [ sh:or ( [ sh:hasValue ex:one ] [ sh:hasValue ex:two ] ) ] [ sh:node ex:Named ] ) .
`;

const DATA = `
@prefix ex: <http://example.org/> .

ex:k1 a ex:Kind .
ex:good a ex:Thing ;
  ex:p 5, ex:k1 ;
  ex:q ex:noR ;
  ex:s ex:closed ;
  ex:t ex:labelled ;
  ex:u ex:namedWell ;
  ex:v ex:one, ex:namedWell .
ex:closed a ex:Kind ; ex:name "x" .
ex:labelled ex:label "a"@nb, "b"@en .
ex:namedWell ex:name "Good" .

ex:bad a ex:Thing ;
  ex:p "five", ex:notKind ;
  ex:q ex:hasR ;
  ex:s ex:open ;
  ex:t ex:both, ex:neither, ex:twice ;
  ex:u "literal", ex:namedBadly, ex:nameless ;
  ex:v ex:three, ex:namedBadly .
ex:hasR ex:r 1 .
ex:open ex:name "y" ; ex:other 2 .
ex:both ex:label "a"@nb ; ex:code "c" .
ex:twice ex:label "a"@nb, "b"@nb .
ex:namedBadly ex:name "lower" .
`;

const parse = (text: string): Quad[] => new Parser().parse(text);

const termId = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

/** The unmodified library's results, as the parts the engine reports. */
async function libraryResults(shapes: Quad[], data: Quad[]): Promise<string[]> {
  const validator = new SHACLValidator(defaultEnvironment.dataset(shapes), { factory: defaultEnvironment });
  const report = await validator.validate(defaultEnvironment.dataset(data));
  return report.results
    .map((r) => [r.focusNode ? termId(r.focusNode) : '', r.path?.termType === 'NamedNode' ? r.path.value : '', r.value ? termId(r.value) : '', r.sourceShape?.termType === 'NamedNode' ? r.sourceShape.value : '', r.sourceConstraintComponent?.value ?? ''].join(' | '))
    .sort();
}

describe('nested checks', () => {
  it('give exactly the results of the unmodified library, failing and passing every kind of nested check', async () => {
    const shapes = parse(SHAPES);
    const data = parse(DATA);
    const engine = new ShaclEngine('test', shapes, new IndexedDataset());
    const report = await engine.validate(data);
    const ours = report.results.map((r) => [r.focusNode, r.path ?? '', r.value ?? '', r.sourceShape ?? '', r.constraint ?? ''].join(' | ')).sort();
    expect(ours).toEqual(await libraryResults(shapes, data));

    // Not vacuous: every kind of nested check fails on ex:bad's values and passes on ex:good's.
    const SH = 'http://www.w3.org/ns/shacl#';
    const failed = (component: string): string[] => report.results.filter((r) => r.constraint === SH + component).map((r) => `${r.focusNode} ${r.value ?? ''}`);
    expect(failed('OrConstraintComponent').sort()).toEqual(
      ['five', 'http://example.org/notKind', 'http://example.org/three', 'http://example.org/namedBadly'].map((v) => `http://example.org/bad ${v}`).sort(),
    );
    expect(failed('NotConstraintComponent')).toEqual(['http://example.org/bad http://example.org/hasR']);
    expect(failed('QualifiedMinCountConstraintComponent')).toEqual(['http://example.org/bad ']);
    expect(failed('XoneConstraintComponent').sort()).toEqual(['http://example.org/bad http://example.org/both', 'http://example.org/bad http://example.org/neither', 'http://example.org/bad http://example.org/twice'].sort());
    expect(failed('AndConstraintComponent').sort()).toEqual(['http://example.org/bad literal', 'http://example.org/bad http://example.org/namedBadly', 'http://example.org/bad http://example.org/nameless'].sort());
    expect(report.results.some((r) => r.focusNode === 'http://example.org/good')).toBe(false);
  });
});
