// Golden tests against data.norge.no's own harvester fixtures (fdk-dataset-harvester and
// fdk-dataservice-harvester, see ../shared/corpus/fdk/MANIFEST.md): each input payload
// (harvest_response*.ttl) is split and every record compared, by isomorphism, with the graphs FDK stores
// for it. Skolem IRIs are turned back into blank nodes on both sides. The only differences subtracted
// are the ones listed in harvesters/dcat-ap-no/README.md ("Deliberate differences from data.norge.no"):
//   D1 FDK's stored graphs carry FDK's dcat:CatalogRecord descriptions (our pipeline adds its own);
//   D2 FDK's dataset/service graphs carry a trimmed copy of the listing catalog (a record of ours never
//      holds another record's triples) — checked to be nothing but a copy of our catalog record's triples;
//   D3 FDK's catalog graphs hold the catalog plus the full graphs of its members; ours hold the catalog
//      and links — so FDK's catalog graph is compared with our catalog record united with our records of
//      the resources it lists;
//   D4 resources no catalog lists: FDK leaves them out, we put them in a generated catalog;
//   D5 skolem uuids are computed differently (compared after deskolemising).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS, generatedCatalogIri } from '../../../harvesters/dcat-ap-no/index.js';
import { splitDcatApNo } from '../../../harvesters/dcat-ap-no/split.js';
import type { SplitContext, SplitResult } from '../../../src/core/ports/harvester.js';
import { DCAT } from '../../../src/rdf/namespaces.js';
import { deskolemise, diffGraphs, isIsomorphic } from '../../../src/rdf/isomorphism.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { dedupe, minus, parseTurtle, sourceGraph, triplesOf, withoutCatalogRecords } from './support/graph-compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../../shared/corpus/fdk/harvester-tests');
const present = existsSync(path.join(corpus, 'dataset-harvester')) && existsSync(path.join(corpus, 'dataservice-harvester'));
if (!present) console.warn(`FDK golden tests skipped: the FDK corpus is not at ${corpus} (it lives outside the repository).`);

const context: SplitContext = { sourceId: 'fdk-fixture', sourceName: 'https://testdirektoratet.no/harvest', publisher: '974760673', baseUrl: 'http://localhost:8080', documents: offlineDocuments };

function read(dir: string, file: string): Quad[] {
  return parseTurtle(readFileSync(path.join(corpus, dir, file), 'utf8'));
}

function split(dir: string, file: string): SplitResult {
  return splitDcatApNo(sourceGraph(read(dir, file)), context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS });
}

function quadsOf(result: SplitResult, iri: string): readonly Quad[] {
  const record = result.records.find((r) => r.iri === iri);
  if (!record) throw new Error(`no record for <${iri}>; records: ${result.records.map((r) => r.iri).join(', ')}`);
  return record.quads;
}

function expectIsomorphic(actual: readonly Quad[], expected: readonly Quad[]): void {
  const a = dedupe(deskolemise(actual));
  const e = dedupe(deskolemise(expected));
  if (!isIsomorphic(a, e)) {
    const { onlyInA, onlyInB } = diffGraphs(a, e);
    expect.fail(`graphs differ\nonly in ours:\n  ${onlyInA.join('\n  ')}\nonly in FDK's:\n  ${onlyInB.join('\n  ')}`);
  }
}

/** A resource record against FDK's stored graph of it (D1; D2 when `listedBy` is given). */
function expectResource(result: SplitResult, iri: string, dir: string, file: string, listedBy?: string): void {
  let expected = withoutCatalogRecords(read(dir, file));
  if (listedBy !== undefined) {
    const copy = triplesOf(expected, listedBy);
    expect(copy.length, `${file} holds a copy of <${listedBy}>`).toBeGreaterThan(0);
    expect(minus(copy, quadsOf(result, listedBy)), 'the copy in FDK holds nothing our catalog record lacks').toEqual([]);
    expected = minus(expected, copy);
  }
  expectIsomorphic(quadsOf(result, iri), expected);
}

/** FDK's catalog graph against our catalog record united with the records of what it lists (D1, D3). */
function expectCatalog(result: SplitResult, catalogIri: string, dir: string, file: string): void {
  const union = [...quadsOf(result, catalogIri), ...result.records.filter((r) => r.catalogIri === catalogIri).flatMap((r) => r.quads)];
  expectIsomorphic(union, withoutCatalogRecords(read(dir, file)));
}

const T = 'https://testdirektoratet.no/model/';

describe.skipIf(!present)('golden: fdk-dataset-harvester fixtures', () => {
  const dir = 'dataset-harvester';

  describe('harvest_response_0.ttl (dataset with blank contact point, period and nested access service)', () => {
    const result = present ? split(dir, 'harvest_response_0.ttl') : ({ records: [], problems: [] } as SplitResult);
    const dataset = `${T}dataset/0`;
    const catalog = `${T}dataset-catalog/0`;

    it('cuts one catalog and one dataset, listed by it', () => {
      expect(result.records.map((r) => [r.kind, r.iri, r.catalogIri])).toEqual([
        ['catalog', catalog, null],
        ['dataset', dataset, catalog],
      ]);
    });

    it('matches parsed_dataset_0.ttl exactly', () => expectResource(result, dataset, dir, 'parsed_dataset_0.ttl'));
    it('matches dataset_0.ttl (D1, D2)', () => expectResource(result, dataset, dir, 'dataset_0.ttl', catalog));
    it('matches catalog_0.ttl (D1, D3)', () => expectCatalog(result, catalog, dir, 'catalog_0.ttl'));
    it('matches catalog_0_no_records.ttl (D3)', () => expectCatalog(result, catalog, dir, 'catalog_0_no_records.ttl'));

    it('reports the blank-node dataset and catalog FDK filters silently ("Is filtered")', () => {
      expect(result.problems).toHaveLength(2);
      expect(result.problems.every((p) => p.kind === 'skipped')).toBe(true);
      expect(result.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(/blank-node dcat:Catalog \(titled "Is filtered"\).*cannot be given a stable identity; give it an IRI/),
        expect.stringMatching(new RegExp(`blank-node dcat:Dataset \\(titled "Is filtered", listed by <${catalog}>\\).*give it an IRI`)),
      ]);
    });
  });

  describe('harvest_response_1.ttl (blank distributions, IRI contact point and period)', () => {
    const result = present ? split(dir, 'harvest_response_1.ttl') : ({ records: [], problems: [] } as SplitResult);
    const dataset = `${T}dataset/1`;
    // catalog_1*.ttl describe an older payload (distribution IRIs `…/dataset/1/distribution/1`) that
    // harvest_response_1.ttl no longer has, so they are not this input's expectation.
    it('matches parsed_dataset_1.ttl exactly', () => expectResource(result, dataset, dir, 'parsed_dataset_1.ttl'));
    it('matches dataset_1.ttl (D1, D2)', () => expectResource(result, dataset, dir, 'dataset_1.ttl', `${T}dataset-catalog/1`));
    it('reports nothing', () => expect(result.problems).toEqual([]));
  });

  describe('harvest_response_3.ttl (many blank nodes, shared agent, identical annotation bodies)', () => {
    const result = present ? split(dir, 'harvest_response_3.ttl') : ({ records: [], problems: [] } as SplitResult);
    it('matches parsed_catalog_3.ttl (D3)', () => expectCatalog(result, 'http://dataset-catalogue:8080/catalogs/910244132', dir, 'parsed_catalog_3.ttl'));
    it('copies the publisher agent into both datasets that link it', () => {
      const agent = 'https://data.brreg.no/enhetsregisteret/api/enheter/910258028';
      const holders = result.records.filter((r) => r.quads.some((q) => q.subject.value === agent)).map((r) => r.iri);
      expect(holders).toHaveLength(2);
    });
    it('reports nothing', () => expect(result.problems).toEqual([]));
  });

  describe('harvest_response_4.ttl (a dataset series and datasets in it)', () => {
    const result = present ? split(dir, 'harvest_response_4.ttl') : ({ records: [], problems: [] } as SplitResult);
    const ex = 'http://example.org/';
    const generated = generatedCatalogIri(context.baseUrl, context.sourceId);

    it('matches parsed_dataset_series.ttl exactly', () => expectResource(result, `${ex}budget`, dir, 'parsed_dataset_series.ttl'));
    it('matches dataset_series.ttl (D1, D2)', () => expectResource(result, `${ex}budget`, dir, 'dataset_series.ttl', `${ex}EUCatalog`));
    it('matches parsed_catalog_with_series.ttl (D3)', () => expectCatalog(result, `${ex}EUCatalog`, dir, 'parsed_catalog_with_series.ttl'));
    it('matches catalog_with_series.ttl (D1, D3)', () => expectCatalog(result, `${ex}EUCatalog`, dir, 'catalog_with_series.ttl'));

    it('puts the datasets no catalog lists in the generated catalog (D4)', () => {
      expect(result.records.map((r) => [r.kind, r.iri, r.catalogIri])).toEqual([
        ['catalog', `${ex}EUCatalog`, null],
        ['catalog', generated, null],
        ['dataset-series', `${ex}budget`, `${ex}EUCatalog`],
        ['dataset', `${ex}budget-2018`, generated],
        ['dataset', `${ex}budget-2019`, generated],
        ['dataset', `${ex}budget-2020`, generated],
      ]);
      const listed = quadsOf(result, generated).filter((q) => q.predicate.value === DCAT.dataset).map((q) => q.object.value);
      expect(listed.sort()).toEqual([`${ex}budget-2018`, `${ex}budget-2019`, `${ex}budget-2020`]);
    });
  });

  describe('nested_blank_nodes.ttl (identical nested blank-node subtrees)', () => {
    const result = present ? split(dir, 'nested_blank_nodes.ttl') : ({ records: [], problems: [] } as SplitResult);
    const dataset = 'https://test.no/catalogs/910258028/datasets/nested';
    it('matches nested_blank_nodes_serialized.ttl (D2)', () => expectResource(result, dataset, dir, 'nested_blank_nodes_serialized.ttl', 'https://test.no/catalog'));
    it('merges the three identical legal resources into one node, as FDK', () => {
      const implemented = new Set(quadsOf(result, dataset).filter((q) => q.predicate.value === 'http://purl.org/vocab/cpsv#implements').map((q) => q.object.value));
      expect(implemented.size).toBe(1);
    });
  });
});

describe.skipIf(!present)('golden: fdk-dataservice-harvester fixtures', () => {
  const dir = 'dataservice-harvester';
  for (const n of [0, 1]) {
    describe(`${n === 0 ? 'harvest_response.ttl' : 'harvest_response_1.ttl'}`, () => {
      const result = present ? split(dir, n === 0 ? 'harvest_response.ttl' : 'harvest_response_1.ttl') : ({ records: [], problems: [] } as SplitResult);
      const service = `${T}dataservice/${n}`;
      const catalog = `${T}dataservice-catalogs/${n}`;
      it('cuts one catalog and one data service, listed by it', () => {
        expect(result.records.map((r) => [r.kind, r.iri, r.catalogIri])).toEqual([
          ['catalog', catalog, null],
          ['data-service', service, catalog],
        ]);
      });
      it(`matches parsed_dataservice_${n}.ttl exactly`, () => expectResource(result, service, dir, `parsed_dataservice_${n}.ttl`));
      it(`matches dataservice_${n}.ttl (D1, D2)`, () => expectResource(result, service, dir, `dataservice_${n}.ttl`, catalog));
      it(`matches catalog_${n}.ttl (D1, D3)`, () => expectCatalog(result, catalog, dir, `catalog_${n}.ttl`));
      it(`matches catalog_${n}_no_records.ttl (D3)`, () => expectCatalog(result, catalog, dir, `catalog_${n}_no_records.ttl`));
      it(n === 0 ? 'reports the blank-node service and catalog FDK filters silently' : 'reports nothing', () => {
        expect(result.problems.map((p) => p.kind)).toEqual(n === 0 ? ['skipped', 'skipped'] : []);
      });
    });
  }
});
