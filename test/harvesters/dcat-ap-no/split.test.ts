import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { createDcatApNoHarvester, DEFAULT_MAX_RECORD_QUADS, dcatApNoHarvester, generatedCatalogIri, identifiedResourceIri } from '../../../harvesters/dcat-ap-no/index.js';
import { splitDcatApNo } from '../../../harvesters/dcat-ap-no/split.js';
import type { SplitContext, SplitResult } from '../../../src/core/ports/harvester.js';
import { DCAT, DCT, DK, RDF, SKOLEM_PATH, organisationIri } from '../../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { uuidV3 } from '../../../src/rdf/uuid-v3.js';
import { deskolemise } from '../../../src/rdf/isomorphism.js';
import { parseTurtle, sourceGraph } from './support/graph-compare.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { expectIsomorphic } from '../../support/isomorphism-oracle.js';
import { shuffled } from '../../support/shuffled.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(here, 'fixtures', name), 'utf8');

const context: SplitContext = {
  sourceId: 'source-1',
  sourceName: 'https://agency.example.no/dcat.ttl',
  publisher: '974760673',
  baseUrl: 'https://data.example.no',
  documents: offlineDocuments,
};
const EX = 'https://agency.example.no/';
const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix ex: <${EX}> .\n`;

function split(turtle: string, blankNodePrefix = 'b', maxRecordQuads = DEFAULT_MAX_RECORD_QUADS): SplitResult {
  return splitDcatApNo(sourceGraph(parseTurtle(turtle, blankNodePrefix)), context, { maxRecordQuads });
}

function quadsOf(result: SplitResult, iri: string): readonly Quad[] {
  const record = result.records.find((r) => r.iri === iri);
  if (!record) throw new Error(`no record for <${iri}>; records: ${result.records.map((r) => r.iri).join(', ')}`);
  return record.quads;
}

const subjects = (quads: readonly Quad[]): Set<string> => new Set(quads.map((q) => q.subject.value));
const has = (quads: readonly Quad[], s: string, p: string, o: string): boolean =>
  quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
const noBlankNodes = (quads: readonly Quad[]): boolean => quads.every((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode');


describe('the DCAT-AP-NO harvester', () => {
  it('is the dcat-ap-no kind and asks for Turtle first', () => {
    expect(dcatApNoHarvester.kind).toBe('dcat-ap-no');
    expect(dcatApNoHarvester.accept.startsWith('text/turtle')).toBe(true);
  });

  it('refuses a record cap that is not a positive whole number', () => {
    expect(() => createDcatApNoHarvester({ maxRecordQuads: 0 })).toThrow(/maxRecordQuads must be a whole number of at least 1/);
  });

  it('gives nothing and reports nothing for an empty payload', () => {
    expect(split('')).toEqual({ records: [], problems: [] });
  });

  describe('splitting a catalog', () => {
    const result = split(fixture('agency-catalog.ttl'));

    it('makes one record per catalog, dataset, dataset series and data service, catalogs first', () => {
      expect(result.records.map((r) => [r.kind, r.iri])).toEqual([
        ['catalog', `${EX}catalog`],
        ['catalog', `${EX}sub-catalog`],
        ['dataset-series', `${EX}air-series`],
        ['dataset', `${EX}air-quality`],
        ['dataset', `${EX}noise`],
        ['data-service', `${EX}air-api`],
      ]);
      expect(result.problems).toEqual([]);
      for (const r of result.records) expect(noBlankNodes(r.quads)).toBe(true);
    });

    it('treats a node typed both dcat:Dataset and dcat:DatasetSeries as a series', () => {
      expect(result.records.find((r) => r.iri === `${EX}air-series`)?.kind).toBe('dataset-series');
    });

    it('gives each resource the catalog that lists it; with two, the smallest IRI; sub-catalogs their parent', () => {
      const catalogOf = Object.fromEntries(result.records.map((r) => [r.iri, r.catalogIri]));
      expect(catalogOf).toEqual({
        [`${EX}catalog`]: null,
        [`${EX}sub-catalog`]: `${EX}catalog`,
        [`${EX}air-series`]: `${EX}catalog`,
        [`${EX}air-quality`]: `${EX}catalog`,
        [`${EX}noise`]: `${EX}catalog`, // listed by catalog and sub-catalog
        [`${EX}air-api`]: `${EX}catalog`,
      });
    });

    it('keeps a catalog to its own triples and the non-record nodes they reach: members are links', () => {
      const catalog = quadsOf(result, `${EX}catalog`);
      expect(subjects(catalog)).toEqual(new Set([`${EX}catalog`, `${EX}agency`]));
      expect(has(catalog, `${EX}catalog`, DCAT.dataset, `${EX}air-quality`)).toBe(true);
      expect(has(catalog, `${EX}catalog`, DCAT.catalog, `${EX}sub-catalog`)).toBe(true);
    });

    it('holds a dataset with its distributions, contact point, period and nested blank nodes, skolemised under its IRI', () => {
      const dataset = quadsOf(result, `${EX}air-quality`);
      const skolems = [...subjects(dataset)].filter((s) => s.includes(SKOLEM_PATH));
      expect(skolems).toHaveLength(4); // contact point, its address, period, blank distribution
      expect(skolems.every((s) => s.startsWith(`${EX}air-quality${SKOLEM_PATH}`))).toBe(true);
      expect(subjects(dataset)).toEqual(new Set([`${EX}air-quality`, `${EX}air-csv`, `${EX}agency`, ...skolems]));
      const input = parseTurtle(fixture('agency-catalog.ttl'));
      const address = input.find((q) => q.predicate.value === 'http://www.w3.org/2006/vcard/ns#locality')!;
      expect(dataset.some((q) => q.predicate.value === address.predicate.value && q.object.value === 'Oslo')).toBe(true);
    });

    it('keeps dcat:inSeries and dcat:accessService as links to the series and the service', () => {
      const dataset = quadsOf(result, `${EX}air-quality`);
      expect(has(dataset, `${EX}air-quality`, DCAT.inSeries, `${EX}air-series`)).toBe(true);
      expect(subjects(dataset).has(`${EX}air-series`)).toBe(false);
      expect(dataset.some((q) => q.predicate.value === DCAT.accessService && q.object.value === `${EX}air-api`)).toBe(true);
      expect(subjects(dataset).has(`${EX}air-api`)).toBe(false);
    });

    it('keeps dcat:servesDataset as a link', () => {
      const service = quadsOf(result, `${EX}air-api`);
      expect(has(service, `${EX}air-api`, DCAT.servesDataset, `${EX}air-quality`)).toBe(true);
      expect(subjects(service)).toEqual(new Set([`${EX}air-api`]));
    });

    it("copies a distribution two datasets link into both (a distribution is not a record)", () => {
      for (const d of ['air-quality', 'noise']) {
        expect(has(quadsOf(result, `${EX}${d}`), `${EX}air-csv`, DCT.title, 'CSV')).toBe(true);
      }
      expect(result.records.some((r) => r.iri === `${EX}air-csv`)).toBe(false);
    });

    it('copies a shared non-record node (the publisher) into every record that links it', () => {
      const holders = result.records.filter((r) => subjects(r.quads).has(`${EX}agency`)).map((r) => r.iri);
      expect(holders).toEqual([`${EX}catalog`, `${EX}air-quality`, `${EX}noise`]);
    });
  });

  it('cuts identical records whatever the blank node labels and triple order', () => {
    const text = fixture('agency-catalog.ttl');
    const canonical = (r: SplitResult): string[] => r.records.map((x) => `${x.kind} ${x.iri} ${x.catalogIri}\n${canonicalNTriples(x.quads)}`);
    const first = canonical(split(text, 'first'));
    for (const seed of [1, 2, 3]) {
      const graph = sourceGraph(shuffled(parseTurtle(text, `other${seed}`), seed));
      expect(canonical(splitDcatApNo(graph, context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS }))).toEqual(first);
    }
  });

  it('skolemises a blank node two records share into each record under its own IRI', () => {
    const result = split(`${PREFIXES}ex:a a dcat:Dataset ; dcat:contactPoint _:c . ex:b a dcat:Dataset ; dcat:contactPoint _:c .
      _:c vcard:fn "Felles" .`);
    const contactOf = (iri: string): string => quadsOf(result, iri).find((q) => q.predicate.value === DCAT.contactPoint)!.object.value;
    expect(contactOf(`${EX}a`).startsWith(`${EX}a${SKOLEM_PATH}`)).toBe(true);
    expect(contactOf(`${EX}b`).startsWith(`${EX}b${SKOLEM_PATH}`)).toBe(true);
    expect(contactOf(`${EX}a`).slice(`${EX}a`.length)).toBe(contactOf(`${EX}b`).slice(`${EX}b`.length));
  });

  it('keeps a blank-node cycle inside a record a cycle', async () => {
    const text = `${PREFIXES}ex:d a dcat:Dataset ; ex:rel _:x . _:x ex:next _:y ; ex:v "1" . _:y ex:next _:x ; ex:v "1" .`;
    const result = split(text);
    const record = quadsOf(result, `${EX}d`);
    expect(noBlankNodes(record)).toBe(true);
    await expectIsomorphic(deskolemise(record), parseTurtle(text));
    expect(canonicalNTriples(quadsOf(split(text, 'again'), `${EX}d`))).toBe(canonicalNTriples(record));
  });

  it('follows links through cycles of IRI nodes without looping', () => {
    const result = split(`${PREFIXES}ex:d a dcat:Dataset ; ex:rel ex:n1 . ex:n1 ex:rel ex:n2 . ex:n2 ex:rel ex:n1 , ex:d .`);
    expect(subjects(quadsOf(result, `${EX}d`))).toEqual(new Set([`${EX}d`, `${EX}n1`, `${EX}n2`]));
  });

  it('does not follow rdf:type into a description of the class', () => {
    const result = split(`${PREFIXES}ex:d a dcat:Dataset , ex:Special . ex:Special ex:label "a class" .`);
    expect(subjects(quadsOf(result, `${EX}d`))).toEqual(new Set([`${EX}d`]));
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining(`<${EX}Special>`)]);
  });

  describe('resources no catalog lists', () => {
    const result = split(`${PREFIXES}ex:d1 a dcat:Dataset . ex:s1 a dcat:DataService . ex:z a dcat:DatasetSeries .
      ex:cat a dcat:Catalog ; dcat:dataset ex:d2 . ex:d2 a dcat:Dataset .`);
    const generated = generatedCatalogIri(context.baseUrl, context.sourceId);

    it('go into a generated catalog of the source', () => {
      expect(generated).toBe('https://data.example.no/sources/source-1/catalog');
      const catalogOf = Object.fromEntries(result.records.map((r) => [r.iri, r.catalogIri]));
      expect(catalogOf).toEqual({ [`${EX}cat`]: null, [generated]: null, [`${EX}z`]: generated, [`${EX}d1`]: generated, [`${EX}d2`]: `${EX}cat`, [`${EX}s1`]: generated });
    });

    it('which says it was generated, is identified by its IRI, is published by the source publisher, and lists them', () => {
      const record = result.records.find((r) => r.iri === generated)!;
      expect(record.kind).toBe('catalog');
      const q = record.quads;
      expect(has(q, generated, RDF.type, DCAT.Catalog)).toBe(true);
      expect(has(q, generated, DCT.publisher, organisationIri('974760673'))).toBe(true);
      expect(organisationIri('974760673')).toBe('https://data.brreg.no/enhetsregisteret/api/enheter/974760673');
      expect(has(q, generated, DK.generatedCatalog, 'true')).toBe(true);
      // DCAT-AP-NO asks every catalog for exactly one identifier.
      expect(q.filter((x) => x.subject.value === generated && x.predicate.value === DCT.identifier).map((x) => x.object.value)).toEqual([generated]);
      expect(q.filter((x) => x.predicate.value === DCT.title).map((x) => x.object.value)).toEqual([
        'Generert katalog for https://agency.example.no/dcat.ttl',
        'Generated catalog for https://agency.example.no/dcat.ttl',
      ]);
      expect(q.filter((x) => x.predicate.value === DCAT.dataset).map((x) => x.object.value).sort()).toEqual([`${EX}d1`, `${EX}z`]);
      expect(q.filter((x) => x.predicate.value === DCAT.service).map((x) => x.object.value)).toEqual([`${EX}s1`]);
    });

    it('is not generated when every resource is in a catalog', () => {
      expect(split(`${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset ex:d . ex:d a dcat:Dataset .`).records.map((r) => r.iri)).toEqual([`${EX}cat`, `${EX}d`]);
    });
  });

  describe('blank-node resources', () => {
    it('take an absolute-IRI dct:identifier as their IRI, merging with what that IRI says', () => {
      const result = split(`${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset [ a dcat:Dataset ; dct:identifier "${EX}ds/7" ; dct:title "Sju"@nb ] .
        <${EX}ds/7> dct:description "Beskrivelse"@nb .`);
      expect(result.problems).toEqual([]);
      const record = quadsOf(result, `${EX}ds/7`);
      expect(has(record, `${EX}ds/7`, DCT.title, 'Sju')).toBe(true);
      expect(has(record, `${EX}ds/7`, DCT.description, 'Beskrivelse')).toBe(true);
      expect(has(quadsOf(result, `${EX}cat`), `${EX}cat`, DCAT.dataset, `${EX}ds/7`)).toBe(true);
      expect(result.records.find((r) => r.iri === `${EX}ds/7`)?.catalogIri).toBe(`${EX}cat`);
    });

    it('with a plain-string dct:identifier get {baseUrl}/sources/{sourceId}/resources/{uuid v3 of it}', () => {
      const result = split(`${PREFIXES}ex:cat a dcat:Catalog ; dcat:service [ a dcat:DataService ; dct:identifier "api-42" ; dcat:contactPoint [ vcard:fn "K" ] ] .`);
      const iri = `https://data.example.no/sources/source-1/resources/${uuidV3('api-42')}`;
      expect(identifiedResourceIri(context.baseUrl, context.sourceId, 'api-42')).toBe(iri);
      const record = result.records.find((r) => r.iri === iri)!;
      expect(record).toMatchObject({ kind: 'data-service', catalogIri: `${EX}cat` });
      expect(noBlankNodes(record.quads)).toBe(true);
      expect(record.quads.some((q) => q.object.value.startsWith(`${iri}${SKOLEM_PATH}`))).toBe(true);
      expect(has(quadsOf(result, `${EX}cat`), `${EX}cat`, DCAT.service, iri)).toBe(true);
    });

    it('without identifier are left out with a problem naming them, and so is the link to them', () => {
      const result = split(`${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset ex:d , [ a dcat:Dataset ; dct:title "Uten id"@nb ; dcat:distribution [ dct:title "x" ] ] .
        ex:d a dcat:Dataset .`);
      expect(result.records.map((r) => r.iri)).toEqual([`${EX}cat`, `${EX}d`]);
      expect(quadsOf(result, `${EX}cat`).filter((q) => q.predicate.value === DCAT.dataset).map((q) => q.object.value)).toEqual([`${EX}d`]);
      expect(result.problems).toEqual([
        {
          kind: 'skipped',
          message: `Left out a blank-node dcat:Dataset (titled "Uten id", listed by <${EX}cat>): a dcat:Dataset without IRI or dct:identifier cannot be given a stable identity; give it an IRI.`,
        },
      ]);
    });
  });

  describe("the publisher's own dcat:CatalogRecord descriptions", () => {
    const result = split(`${PREFIXES}ex:cat a dcat:Catalog ; dct:title "K"@nb ; dcat:record ex:rec1 .
      ex:rec1 a dcat:CatalogRecord ; foaf:primaryTopic ex:d ; dct:modified "2024-01-01" .
      ex:d a dcat:Dataset ; foaf:isPrimaryTopicOf ex:rec1 .`);

    it('are not records, and no record holds them or links to them', () => {
      expect(result.records.map((r) => r.iri)).toEqual([`${EX}cat`, `${EX}d`]);
      for (const r of result.records) {
        expect(r.quads.some((q) => q.subject.value === `${EX}rec1` || q.object.value === `${EX}rec1`)).toBe(false);
      }
    });

    it('still tell which catalog lists a resource (dcat:record → foaf:primaryTopic)', () => {
      expect(result.records.find((r) => r.iri === `${EX}d`)?.catalogIri).toBe(`${EX}cat`);
    });

    it('are reported once, as a note (not a skipped resource)', () => {
      expect(result.problems).toEqual([
        {
          kind: 'note',
          message:
            'Left out 1 dcat:CatalogRecord description(s) of the publisher and 2 link(s) to them: the catalog writes its own catalog records (their foaf:primaryTopic was used to find which catalog lists which resource).',
        },
      ]);
    });
  });

  it('does not report Hydra paging controls as unreached nodes', () => {
    const result = split(
      `${PREFIXES}ex:d a dcat:Dataset . ex:page1 a <http://www.w3.org/ns/hydra/core#PartialCollectionView> ; <http://www.w3.org/ns/hydra/core#next> ex:page2 .`,
    );
    expect(result.problems).toEqual([]);
  });

  it('notes the nodes no record reaches, naming them', () => {
    const result = split(`${PREFIXES}ex:d a dcat:Dataset . ex:orphan ex:p [ ex:q "x" ] . _:lonely ex:p "y" .`);
    expect(result.problems).toEqual([
      {
        kind: 'note',
        message: `Left out 3 node(s) described in the payload that no catalog, dataset, dataset series or data service links to: <${EX}orphan>, 2 blank node(s).`,
      },
    ]);
  });

  describe('records that together copy more than the payload may make', () => {
    const shared = 'ex:shared ex:p 1 , 2 , 3 , 4 .';
    const datasets = [1, 2, 3].map((i) => `ex:d${i} a dcat:Dataset ; dct:title "D${i}"@nb ; dct:relation ex:shared .`).join('\n');
    const result = splitDcatApNo(sourceGraph(parseTurtle(`${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset ex:d1 , ex:d2 , ex:d3 .\n${datasets}\n${shared}`, 'b')), context, {
      maxRecordQuads: DEFAULT_MAX_RECORD_QUADS,
      maxCopiedQuads: 9,
    });

    it('keeps the records cut first (in IRI order) while what they copy fits, each whole', () => {
      expect(result.records.map((r) => r.iri)).toEqual([`${EX}cat`, `${EX}d1`, `${EX}d2`]);
      expect(quadsOf(result, `${EX}d1`).filter((q) => q.subject.value === `${EX}shared`)).toHaveLength(4);
    });

    it('leaves out the one that would copy past it, saying why and what to do', () => {
      expect(result.problems).toEqual([
        {
          kind: 'skipped',
          resource: `${EX}d3`,
          message: expect.stringMatching(/^Left out the dcat:Dataset <[^>]+d3>: the records before it \(in IRI order\) copy or walk 8 triples .* past 9, all that this payload of 17 triples may copy\. .*publish large shared descriptions separately/),
        },
      ]);
    });

    it('is by default four times the payload, at least 200 000: a small document linking one large node from every dataset makes no more', () => {
      const many = 60;
      const big = `ex:shared ${Array.from({ length: 5_000 }, (_, i) => `ex:p${i} ${i}`).join(' ; ')} .`;
      const list = Array.from({ length: many }, (_, i) => `ex:d${i}`);
      const text = `${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset ${list.join(' , ')} .\n${list.map((d) => `${d} a dcat:Dataset ; dct:title "D"@nb ; dct:relation ex:shared .`).join('\n')}\n${big}`;
      const out = split(text);
      const copied = out.records.reduce((n, r) => n + r.quads.filter((q) => q.subject.value === `${EX}shared`).length, 0);
      expect(copied).toBeLessThanOrEqual(200_000);
      expect(copied).toBe(40 * 5_000);
      expect(out.problems.filter((p) => p.kind === 'skipped')).toHaveLength(many - 40);
    });
  });

  it('counts what records left out over the cap walked: datasets linking one node just over it each fail at once once the walks spend the budget', () => {
    const big = `ex:shared ${Array.from({ length: 60 }, (_, i) => `ex:p${i} ${i}`).join(' ; ')} .`;
    const list = Array.from({ length: 20 }, (_, i) => `ex:d${String(i).padStart(2, '0')}`);
    const text = `${PREFIXES}ex:cat a dcat:Catalog ; dcat:dataset ${list.join(' , ')} .\n${list.map((d) => `${d} a dcat:Dataset ; dct:title "D"@nb ; dct:relation ex:shared .`).join('\n')}\n${big}`;
    const out = splitDcatApNo(sourceGraph(parseTurtle(text, 'b')), context, { maxRecordQuads: 50, maxCopiedQuads: 200 });
    const reasons = out.problems.filter((p) => p.kind === 'skipped').map((p) => (p.message.includes('more than 50 triples') ? 'too-large' : 'copies-spent'));
    // Four walks of 51 quads spend the 200: the rest stop at their first quad.
    expect(reasons).toEqual([...Array<string>(3).fill('too-large'), ...Array<string>(17).fill('copies-spent')]);
  });

  describe('a record over the triple cap', () => {
    const result = split(
      `${PREFIXES}ex:big a dcat:Catalog ; dcat:dataset ex:d ; ex:p ex:n1 . ex:n1 ex:p ex:n2 . ex:n2 ex:p ex:n3 . ex:n3 ex:p ex:n4 . ex:n4 ex:p ex:n5 . ex:n5 ex:p ex:n6 . ex:n6 ex:p ex:n7 .
      ex:d a dcat:Dataset ; dct:title "Liten"@nb ; ex:a 1 , 2 , 3 , 4 , 5 , 6 , 7 .`,
      'b',
      5,
    );

    it('is left out with a problem naming it and the cap', () => {
      expect(result.problems).toEqual([
        {
          kind: 'skipped',
          resource: `${EX}big`,
          message: expect.stringContaining(`Left out the dcat:Catalog <${EX}big>: the nodes it links to, recursively, describe more than 5 triples`),
        },
      ]);
    });

    it('counts only the copied closure: own triples are never capped', () => {
      expect(quadsOf(result, `${EX}d`)).toHaveLength(9);
    });

    it('and what it listed moves to the generated catalog', () => {
      expect(result.records.map((r) => [r.iri, r.catalogIri])).toEqual([
        [generatedCatalogIri(context.baseUrl, context.sourceId), null],
        [`${EX}d`, generatedCatalogIri(context.baseUrl, context.sourceId)],
      ]);
    });
  });
});
