import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS } from '../../../harvesters/dcat-ap-no/index.js';
import { DCAT_AP_NO_VOCABULARY } from '../../../harvesters/dcat-ap-no/record-vocabulary.js';
import type { DocumentFetcher, SplitContext, SplitResult } from '../../../src/core/ports/harvester.js';
import { parseRdf } from '../../../src/rdf/parse.js';
import { rdfSourceReader } from '../../../src/rdf/reading/rdf-source-reader.js';
import { splitRecords } from '../../../src/rdf/records/split-records.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';
import { expectIsomorphic } from '../../support/isomorphism-oracle.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { generateCatalog } from '../../support/synthetic-catalog.js';

const context: SplitContext = {
  sourceId: 'source-1',
  sourceName: 'https://cycles.example.no/dcat.ttl',
  publisher: '974760673',
  baseUrl: 'https://data.example.no',
  documents: offlineDocuments,
};
const options = { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS };
const FIXTURE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'shared-cycles-two-catalogs.ttl'));

/** The document as the harvest reads it: the catalog's parser (its own term factory), one trimmed subject index. */
async function readAsHarvested(body: Buffer): Promise<SubjectIndex> {
  const documents: DocumentFetcher = {
    entryUrl: '/catalog.ttl',
    local: true,
    fetch: () => Promise.resolve({ kind: 'document', url: '/catalog.ttl', finalUrl: 'https://cycles.example.no/dcat.ttl', body, contentType: 'text/turtle' }),
    remember: () => undefined,
    samePayload: () => Promise.resolve(false),
  };
  const read = await rdfSourceReader.read(documents);
  if (read.kind !== 'read') throw new Error('the document was not read');
  return read.payload;
}

/** The same document through n3's own parser and terms, as graphs were held before the compact terms. */
function readWithN3Terms(body: Buffer): SubjectIndex {
  return new SubjectIndex().addAll(new Parser({ format: 'text/turtle', baseIRI: 'https://cycles.example.no/dcat.ttl' }).parse(body.toString('utf8')));
}

function turtleOf(datasets: number): Buffer {
  return Buffer.from(generateCatalog({ datasets, baseUrl: 'http://127.0.0.1', publishers: 5 }).page(1));
}

async function expectSameSplit(actual: SplitResult, expected: SplitResult): Promise<void> {
  expect(actual.records.map((r) => [r.iri, r.kind, r.catalogIri])).toEqual(expected.records.map((r) => [r.iri, r.kind, r.catalogIri]));
  expect(actual.problems).toEqual(expected.problems);
  for (let i = 0; i < expected.records.length; i++) await expectIsomorphic(actual.records[i]!.quads, expected.records[i]!.quads, { message: expected.records[i]!.iri });
}

describe('The parsed graph a harvest holds (compact terms, trimmed lists)', () => {
  it('splits into the records of the same document read with n3 own terms: shared blank nodes, a cycle, a dataset in two catalogs', async () => {
    const ours = splitRecords(await readAsHarvested(FIXTURE), context, DCAT_AP_NO_VOCABULARY, options);
    const n3 = splitRecords(readWithN3Terms(FIXTURE), context, DCAT_AP_NO_VOCABULARY, options);
    expect(ours.records.map((r) => r.iri)).toEqual(
      expect.arrayContaining(['https://cycles.example.no/shared-dataset', 'https://cycles.example.no/ring', 'https://cycles.example.no/by-identifier']),
    );
    // The shared contact point is copied into both datasets that link it; the ring's two nodes stay two.
    const skolems = (iri: string): number => new Set(ours.records.find((r) => r.iri === iri)!.quads.filter((q) => q.subject.value.includes('/.well-known/skolem/')).map((q) => q.subject.value)).size;
    expect(skolems('https://cycles.example.no/ring')).toBe(2);
    expect(skolems('https://cycles.example.no/by-identifier')).toBe(1);
    await expectSameSplit(ours, n3);
  });

  it('gives every literal the same id, value, language and datatype as n3 own terms', async () => {
    const literals = (quads: Iterable<Quad>): string[] =>
      [...quads].filter((q) => q.object.termType === 'Literal').map((q) => JSON.stringify([q.object.value, (q.object as { id?: string }).id, q.object.termType === 'Literal' ? [q.object.language, q.object.datatype.value] : []]));
    const ours: Quad[] = [];
    await parseRdf(FIXTURE, { syntax: 'turtle', baseIri: 'https://cycles.example.no/dcat.ttl', onQuad: (q) => ours.push(q) });
    const n3 = new Parser({ format: 'text/turtle' }).parse(FIXTURE.toString('utf8'));
    expect(literals(ours).length).toBeGreaterThan(10);
    expect(literals(ours).sort()).toEqual(literals(n3).sort());
  });

  it('shares one term among equal short literals of a parse, and keeps unequal ones apart', async () => {
    const objects: Quad['object'][] = [];
    const text = '<https://a.example/1> <https://a.example/p> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> , "vei"@nb , "vei"@nn , "vei" .\n' +
      '<https://a.example/2> <https://a.example/p> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> , "vei"@nb , "vei"@nn , "vei" .\n';
    await parseRdf(Buffer.from(text), { syntax: 'turtle', baseIri: 'https://a.example/', onQuad: (q) => objects.push(q.object) });
    expect(objects).toHaveLength(8);
    for (let i = 0; i < 4; i++) expect(objects[i + 4]).toBe(objects[i]);
    expect(new Set(objects).size).toBe(4);
  });

  it("puts a record's own triples in it as the quads the graph holds, not as copies", async () => {
    const graph = await readAsHarvested(FIXTURE);
    const own = graph.bySubject(graph.subjectsOfType('http://www.w3.org/ns/dcat#Dataset').find((t) => t.value === 'https://cycles.example.no/shared-dataset')!);
    const record = splitRecords(graph, context, DCAT_AP_NO_VOCABULARY, options).records.find((r) => r.iri === 'https://cycles.example.no/shared-dataset')!;
    const iriOnly = own.filter((q) => q.object.termType !== 'BlankNode');
    expect(iriOnly.length).toBeGreaterThan(5);
    for (const q of iriOnly) expect(record.quads).toContain(q);
  });

  it('holds a parsed 2 000-dataset catalog in at most 5 KB of heap per dataset (about 28 triples, 1.6 KB of Turtle each)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Made in a function of its own, so that the generated text (a string twice the Turtle's size) is
    // garbage before the heap is measured, not left on this function's stack.
    const body = turtleOf(2_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    const graph = await readAsHarvested(body);
    gc();
    const perDataset = (process.memoryUsage().heapUsed - before) / 2_000;
    expect(graph.size).toBeGreaterThan(50_000);
    // n3's own literal terms, lists with room to grow and copied own triples held about 6 KB per dataset; the compact ones about 4.3 (in this test's process).
    expect(perDataset).toBeLessThan(5_000);
  });
});
