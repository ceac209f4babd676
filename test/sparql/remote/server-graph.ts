import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { expect } from 'vitest';
import type { Store } from '../../../src/core/ports/store.js';
import type { SparqlIndex } from '../../../src/core/ports/sparql-index.js';
import { recordGraph } from '../../../src/projection/sparql-projection.js';
import { diffGraphs, isIsomorphic } from '../../../src/rdf/isomorphism.js';
import { parseRdfToArray } from '../../../src/rdf/parse.js';
import { readJsonResults } from '../../../src/sparql/results/solutions.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/**
 * The three rewrites Virtuoso 7.2 makes to literals on the way in, applied to both sides so that everything
 * else is compared exactly: it writes xsd:decimal in canonical form ("10.50" → "10.5", the same value), it
 * writes an xsd:dateTime's fraction of a second as milliseconds and leaves out a zero one ("17.000Z" → "17Z",
 * "17.5+01:00" → "17.500+01:00", the same value), and it turns an xsd:duration into a number of seconds
 * ("PT15M" → "900.0", openlink/virtuoso-opensource#936, open), which loses the value's form: such triples are
 * compared by presence only (remote-projection.test.ts pins the last two).
 */
export function virtuosoForms(quads: Quad[]): Quad[] {
  return quads.map((q) => {
    if (q.object.termType !== 'Literal') return q;
    const datatype = q.object.datatype.value;
    if (datatype === `${XSD}decimal`) return DataFactory.quad(q.subject, q.predicate, DataFactory.literal(String(Number(q.object.value)), q.object.datatype), q.graph);
    if (datatype === `${XSD}dateTime`) return DataFactory.quad(q.subject, q.predicate, DataFactory.literal(virtuosoDateTime(q.object.value), q.object.datatype), q.graph);
    if (datatype === `${XSD}duration`) return DataFactory.quad(q.subject, q.predicate, DataFactory.literal('(a duration)', q.object.datatype), q.graph);
    return q;
  });
}

/** An xsd:dateTime as Virtuoso writes it: the fraction of a second in milliseconds, none when it is zero. */
export function virtuosoDateTime(value: string): string {
  return value.replace(/\.(\d+)(?=(Z|[+-]\d\d:\d\d)?$)/, (_, fraction: string) => (/^0+$/.test(fraction) ? '' : `.${fraction.padEnd(3, '0').slice(0, 3)}`));
}

/**
 * Every published record's graph in the server (read through `index`) against the store's, and no other
 * graph of the catalog (under `baseUrl/`) there. Returns the number of graphs compared. URL checks must be
 * off (the graphs are built here without their results).
 */
export async function expectServerEqualsStore(store: Store, index: SparqlIndex, baseUrl: string): Promise<number> {
  const expected = new Map<string, string>();
  for await (const page of store.publishedRecords()) for (const r of page) {
    const g = recordGraph(r, baseUrl);
    expected.set(g.graph, g.ntriples!);
  }
  const listed = await index.query({
    query: `SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${baseUrl}/")) }`,
    form: 'SELECT',
    mediaType: 'application/sparql-results+json',
    timeoutMs: 20_000,
  });
  const results = readJsonResults(listed.body);
  const graphs = results.kind === 'bindings' ? results.bindings.map((b) => b.g!.value) : [];
  expect(graphs.sort()).toEqual([...expected.keys()].sort());
  for (const [graph, ntriples] of expected) {
    const result = await index.query({ query: `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } }`, form: 'CONSTRUCT', mediaType: 'application/n-triples', timeoutMs: 20_000 });
    const inServer = virtuosoForms(await parseRdfToArray(result.body, { syntax: 'n-triples', baseIri: baseUrl }));
    const inStore = virtuosoForms(await parseRdfToArray(ntriples, { syntax: 'n-triples', baseIri: baseUrl }));
    expect(inServer.length, graph).toBeGreaterThan(0);
    expect(isIsomorphic(inServer, inStore), `${graph}: ${JSON.stringify(diffGraphs(inServer, inStore))}`).toBe(true);
  }
  return expected.size;
}
