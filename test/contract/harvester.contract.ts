import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import {
  DocumentReadError,
  type DocumentFetcher,
  type FetchedDocument,
  type Harvester,
  type SourceGraph,
  type SplitContext,
  type SplitResult,
} from '../../src/core/ports/harvester.js';
import { RDF } from '../../src/rdf/namespaces.js';
import { canonicalNTriples, tripleToNTriples } from '../../src/rdf/ntriples.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import type { RecordClasses } from '../../src/rdf/records/record-classes.js';
import { identifierIri } from '../../src/rdf/records/resource-identity.js';
import { chooseSyntax } from '../../src/rdf/syntax.js';
import { shuffled } from '../support/shuffled.js';

/**
 * # The harvester contract
 *
 * What every registered harvester does with every input, whatever its kind:
 * - no record holds a blank node;
 * - the same input in any order (triples, blank node labels, array items) gives the same records, IRIs included;
 * - every resource of the input that is not a record is reported as a problem;
 * - no record holds another record's own triples;
 * - a record's kind is the kind of its `rdf:type`.
 *
 * A harvester joins by adding a `HarvesterContractCase` (its kind, the record classes it produces and
 * its fixtures) to `HARVESTER_CASES` in `test/contract/harvester-cases.ts`. The harvester reads the
 * fixture documents with its own reader, from memory, and splits them with a `DocumentFetcher` that
 * serves the fixture's other documents (referenced documents included).
 */
export interface HarvesterContractCase {
  /** The source kind, as registered in harvesters/registry.ts. */
  readonly kind: string;
  /** The classes of the records it produces and their kinds (for "a record's kind matches its class"). */
  readonly recordClasses: RecordClasses;
  readonly fixtures: readonly ContractFixture[];
}

export interface ContractDocument {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface ContractFixture {
  readonly name: string;
  /** Where the source starts; it must be one of `documents`. */
  readonly entryUrl: string;
  /** Every document the harvester may fetch, by URL: the entry, its pages, the documents it references. */
  readonly documents: ReadonlyMap<string, ContractDocument>;
  /**
   * The same input in other orders. Every RDF document gets three automatically (its triples shuffled,
   * other blank node labels, as N-Triples); a harvester of another format lists its own here.
   */
  readonly reordered?: readonly ContractFixture[];
  /**
   * The resources the input describes, each of which must be a record or named by a problem. Read from
   * the payload when it is a `SourceGraph` (every instance of a record class); other formats list them.
   */
  readonly resources?: readonly ExpectedResource[];
  /** True for a fixture whose every resource is left out (a document without what a record needs): it gives no record, only problems. */
  readonly leavesAllOut?: boolean;
}

/** A resource of the input: its IRI, or a resource without identity that must be reported as skipped. */
export type ExpectedResource = { readonly iri: string } | { readonly unidentified: string };

const CONTEXT = { sourceId: 'contract-source', publisher: '974760673', baseUrl: 'https://katalog.example.no' } as const;

/** The contract for one harvester, over every fixture of its case. */
export function harvesterContract(harvester: Harvester, testCase: HarvesterContractCase): void {
  describe(`Harvester contract: ${testCase.kind}`, () => {
    it('is the registered harvester of its case, and its case has fixtures', () => {
      expect(harvester.kind).toBe(testCase.kind);
      expect(testCase.fixtures.length).toBeGreaterThan(0);
    });

    it('declares a validation profile for every kind it produces', () => {
      for (const kind of testCase.recordClasses.kinds) expect(harvester.profiles[kind]?.length ?? 0, `profiles of ${kind}`).toBeGreaterThan(0);
    });

    it('has at least one fixture that leaves a resource out, so the reporting of left-out resources is exercised', async () => {
      let leftOut = 0;
      for (const fixture of testCase.fixtures) {
        const { result, resources } = await harvestFixture(harvester, fixture, testCase.recordClasses);
        leftOut += resources.filter((r) => 'unidentified' in r || !result.records.some((rec) => rec.iri === r.iri)).length;
      }
      expect(leftOut).toBeGreaterThan(0);
    });

    for (const fixture of testCase.fixtures) {
      describe(fixture.name, () => {
        it(fixture.leavesAllOut === true ? 'gives no record, and says why' : 'gives records', async () => {
          const { result } = await harvestFixture(harvester, fixture, testCase.recordClasses);
          if (fixture.leavesAllOut === true) {
            expect(result.records).toEqual([]);
            expect(result.problems.length).toBeGreaterThan(0);
          } else {
            expect(result.records.length).toBeGreaterThan(0);
          }
        });
        for (const [property, check] of Object.entries(CONTRACT)) {
          it(property, async () => {
            expect(await check(harvester, fixture, testCase.recordClasses)).toEqual([]);
          });
        }
      });
    }
  });
}

/** One property of the contract: the ways a harvester breaks it on a fixture (none when it holds). */
export type ContractCheck = (harvester: Harvester, fixture: ContractFixture, classes: RecordClasses) => Promise<string[]>;

/** Reads a fixture with the harvester's reader and splits it, as the pipeline would (from memory). */
export async function harvestFixture(
  harvester: Harvester,
  fixture: ContractFixture,
  classes: RecordClasses,
): Promise<{ result: SplitResult; resources: readonly ExpectedResource[] }> {
  const documents = memoryDocuments(fixture);
  const read = await harvester.reader.read(documents);
  if (read.kind !== 'read') throw new Error(`${fixture.name}: the reader answered ${read.kind} to a first read`);
  const context: SplitContext = { ...CONTEXT, sourceName: fixture.entryUrl, documents };
  const result = await harvester.split(read.payload, context);
  const resources = fixture.resources ?? resourcesOfGraph(read.payload, classes, fixture.name);
  return { result, resources };
}

/** The properties, by the name the contract's tests carry. */
export const CONTRACT: Readonly<Record<string, ContractCheck>> = {
  async 'puts no blank node in any record'(harvester, fixture, classes) {
    const { result } = await harvestFixture(harvester, fixture, classes);
    const out: string[] = [];
    for (const record of result.records) {
      const blank = record.quads.find((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode');
      if (blank) out.push(`the record of <${record.iri}> holds a blank node: ${tripleToNTriples(blank)}`);
    }
    return out;
  },

  async 'gives the same records and IRIs for the same input in any order'(harvester, fixture, classes) {
    const first = canonical((await harvestFixture(harvester, fixture, classes)).result);
    const variants = [...(fixture.reordered ?? []), ...(await rdfReorderings(fixture))];
    if (variants.length === 0) return ['the fixture has no reordering (automatic for RDF documents; list them in `reordered` otherwise)'];
    const out: string[] = [];
    for (const variant of variants) {
      const other = canonical((await harvestFixture(harvester, variant, classes)).result);
      if (JSON.stringify(other) !== JSON.stringify(first)) out.push(`${variant.name} gives other records or problems than ${fixture.name}`);
    }
    return out;
  },

  async 'reports every resource it leaves out as a problem'(harvester, fixture, classes) {
    const { result, resources } = await harvestFixture(harvester, fixture, classes);
    const iris = new Set(result.records.map((r) => r.iri));
    const out: string[] = [];
    for (const resource of resources) {
      if ('unidentified' in resource || iris.has(resource.iri)) continue;
      const named = result.problems.some((p) => p.resource === resource.iri || p.message.includes(`<${resource.iri}>`));
      if (!named) out.push(`<${resource.iri}> is neither a record nor named by a problem`);
    }
    const unidentified = resources.filter((r) => 'unidentified' in r).length;
    const anonymousSkips = result.problems.filter((p) => p.kind === 'skipped' && p.resource === undefined).length;
    if (anonymousSkips < unidentified) out.push(`${unidentified} resource(s) without identity, but ${anonymousSkips} skipped problem(s) without a resource`);
    return out;
  },

  async "keeps each record's own triples out of every other record"(harvester, fixture, classes) {
    const { result } = await harvestFixture(harvester, fixture, classes);
    const recordIris = new Set(result.records.map((r) => r.iri));
    const out: string[] = [];
    for (const record of result.records) {
      const foreign = record.quads.find((q) => q.subject.value !== record.iri && recordIris.has(q.subject.value));
      if (foreign) out.push(`the record of <${record.iri}> holds a triple of the record of <${foreign.subject.value}>: ${tripleToNTriples(foreign)}`);
    }
    return out;
  },

  async 'gives each record the kind of its class'(harvester, fixture, classes) {
    const { result } = await harvestFixture(harvester, fixture, classes);
    const kindOfClass = new Map(classes.classes.map((c) => [c.classIri, c.kind]));
    const out: string[] = [];
    for (const record of result.records) {
      const kinds = record.quads
        .filter((q) => q.subject.value === record.iri && q.predicate.value === RDF.type && kindOfClass.has(q.object.value))
        .map((q) => kindOfClass.get(q.object.value)!);
      if (kinds.length === 0) out.push(`<${record.iri}> is typed with none of the record classes`);
      else if (record.kind !== classes.kindOf(kinds)) out.push(`<${record.iri}> is a ${record.kind} record, but its class makes it a ${classes.kindOf(kinds)}`);
    }
    return out;
  },
};

/** Serves a fixture's documents from memory: every request answers the document in full, unknown URLs fail as a 404 would. */
export function memoryDocuments(fixture: ContractFixture): DocumentFetcher {
  return {
    entryUrl: fixture.entryUrl,
    local: false,
    fetch(request): Promise<FetchedDocument> {
      const doc = fixture.documents.get(request.url);
      if (doc === undefined) return Promise.reject(new DocumentReadError('fetch', request.url, `HTTP 404 from ${request.url} (not a document of fixture ${fixture.name}).`));
      return Promise.resolve({ kind: 'document', url: request.url, finalUrl: request.url, body: doc.body, contentType: doc.contentType });
    },
    remember(): void {},
    // No last harvest to compare with: every read is split.
    samePayload: () => Promise.resolve(false),
  };
}

/** A fixture of RDF files (read from `dir`), served under `baseUrl`; the first file is the entry. */
export function rdfFixture(name: string, dir: string, files: readonly string[], baseUrl = 'https://data.example.no/'): ContractFixture {
  const documents = new Map<string, ContractDocument>();
  for (const file of files) {
    const body = readFileSync(path.join(dir, file));
    const choice = chooseSyntax({ url: file, head: body.subarray(0, 2048).toString('utf8') });
    if (!choice.ok) throw new Error(`${file}: ${choice.reason}`);
    documents.set(new URL(file, baseUrl).href, { body, contentType: MEDIA_TYPES[choice.syntax] });
  }
  return { name, entryUrl: new URL(files[0]!, baseUrl).href, documents };
}

const MEDIA_TYPES = {
  turtle: 'text/turtle',
  trig: 'application/trig',
  'n-triples': 'application/n-triples',
  'n-quads': 'application/n-quads',
  'rdf-xml': 'application/rdf+xml',
  'json-ld': 'application/ld+json',
} as const;

/** Three reorderings of a fixture whose documents are all RDF: triples shuffled, blank nodes relabelled, as N-Triples. */
async function rdfReorderings(fixture: ContractFixture): Promise<ContractFixture[]> {
  const parsed = new Map<string, Quad[]>();
  for (const [url, doc] of fixture.documents) {
    const choice = chooseSyntax({ contentType: doc.contentType, url, head: doc.body.subarray(0, 2048).toString('utf8') });
    if (!choice.ok) return [];
    // A document that is not RDF (JSON or YAML of another format) is not reordered automatically.
    const quads = await parseRdfToArray(doc.body, { syntax: choice.syntax, baseIri: url, blankNodePrefix: 'orig' }).catch(() => []);
    if (quads.length === 0) return [];
    parsed.set(url, quads);
  }
  return [7, 11, 13].map((seed) => {
    const documents = new Map<string, ContractDocument>();
    for (const [url, quads] of parsed) documents.set(url, { body: Buffer.from(reorderedNTriples(quads, seed)), contentType: 'application/n-triples' });
    return { ...fixture, name: `${fixture.name} (shuffled, seed ${seed})`, documents, reordered: [] };
  });
}

function reorderedNTriples(quads: readonly Quad[], seed: number): string {
  const relabel = new Map<string, string>();
  const term = <T extends Quad['subject'] | Quad['object']>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let label = relabel.get(t.value);
    if (label === undefined) relabel.set(t.value, (label = `s${seed}x${relabel.size}`));
    return DataFactory.blankNode(label) as unknown as T;
  };
  return shuffled(quads, seed)
    .map((q) => `${tripleToNTriples(DataFactory.quad(term(q.subject), q.predicate, term(q.object)))}\n`)
    .join('');
}

/** Every instance of a record class in a parsed RDF payload: by IRI, by the IRI its dct:identifier gives, or unidentified. */
function resourcesOfGraph(payload: unknown, classes: RecordClasses, name: string): ExpectedResource[] {
  if (!isSourceGraph(payload)) throw new Error(`${name}: the payload is not a SourceGraph, so the fixture must list its resources`);
  const out = new Map<string, ExpectedResource>();
  for (const { classIri } of classes.classes) {
    for (const term of payload.subjectsOfType(classIri)) {
      if (term.termType === 'NamedNode') out.set(term.value, { iri: term.value });
      else {
        const iri = identifierIri(payload.bySubject(term), CONTEXT);
        out.set(`_:${term.value}`, iri === null ? { unidentified: term.value } : { iri });
      }
    }
  }
  return [...out.values()];
}

function isSourceGraph(payload: unknown): payload is SourceGraph {
  return typeof payload === 'object' && payload !== null && 'subjectsOfType' in payload && 'bySubject' in payload;
}

/** A split result in a form that does not depend on the order records and problems came in. */
function canonical(result: SplitResult): { records: string[]; problemResources: string[] } {
  return {
    records: result.records.map((r) => `${r.kind} ${r.iri} ${r.catalogIri}\n${canonicalNTriples(r.quads)}`).sort(),
    problemResources: result.problems.map((p) => `${p.kind} ${p.resource ?? ''}`).sort(),
  };
}
