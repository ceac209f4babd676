import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { environment } from '../../src/validation/shacl-engine.js';

type Namespace = ((local?: string) => { value: string; termType: string; equals: (t: unknown) => boolean }) & Record<string, { value: string; termType: string; equals: (t: unknown) => boolean }>;
const namespaceOf = (base: string): Namespace => (environment as unknown as { namespace: (base: string) => Namespace }).namespace(base);

/**
 * The SHACL engine's RDF/JS environment builds each namespace once: the library's graph pointers ask
 * for the rdf and xsd namespaces every time one is made (hundreds of times per record), and get the
 * same builder and the same terms, equal to the ones a new builder makes.
 */
describe('the validation environment', () => {
  const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

  it('gives the same namespace for the same base each time', () => {
    // Compared as references: the namespace is a proxy that makes a term of any property read (expect would read some).
    expect(namespaceOf(RDF) === namespaceOf(RDF)).toBe(true);
    expect(namespaceOf(RDF) === namespaceOf('http://www.w3.org/2001/XMLSchema#')).toBe(false);
  });

  it('makes the IRI of a local name as a property, as a call and from a template, each term once', () => {
    const rdf = namespaceOf(RDF);
    expect(rdf.first!.termType).toBe('NamedNode');
    expect(rdf.first!.equals(DataFactory.namedNode(`${RDF}first`))).toBe(true);
    expect(rdf('rest').value).toBe(`${RDF}rest`);
    expect((rdf as unknown as (t: TemplateStringsArray) => { value: string })`nil`.value).toBe(`${RDF}nil`);
    expect(rdf('').value).toBe(RDF);
    expect(rdf().value).toBe(RDF);
    expect(rdf.first).toBe(rdf('first'));
    expect(rdf.first).toBe(rdf.first);
    // As in @rdfjs/namespace, a function's own property names are terms too.
    const own = rdf as unknown as Record<'name' | 'length', { value: string }>;
    expect(own.name.value).toBe(`${RDF}name`);
    expect(own.length.value).toBe(`${RDF}length`);
  });

  it('still makes right terms past the ones it keeps', () => {
    const ns = namespaceOf('http://example.org/many#');
    const made = Array.from({ length: 200 }, (_, i) => ns[`t${i}`]!);
    made.forEach((term, i) => expect(term.value).toBe(`http://example.org/many#t${i}`));
    expect(ns.t199!.equals(made[199])).toBe(true);
  });
});
