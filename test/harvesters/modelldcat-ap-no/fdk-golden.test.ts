// Golden tests against data.norge.no's own information-model harvester fixtures
// (../shared/corpus/fdk/harvester-tests/informationmodel-harvester): each input payload
// (harvest_response_N.ttl) is split and every model record compared, by isomorphism, with the graph FDK
// stores for it (no_meta_model_N.ttl: without FDK's catalog records), and FDK's catalog graph
// (no_meta_catalog_N.ttl) with our catalog record united with the records of the models it lists.
// Skolem IRIs are turned back into blank nodes. The differences subtracted are the ones listed in
// harvesters/modelldcat-ap-no/README.md:
//   M1 an element two models name is copied into both by FDK; we copy it into the model that owns it
//      and link it from the other: FDK's extra triples are checked to be exactly those of elements our
//      record of another model holds;
//   M2 blank-node models and catalogs ("Is filtered"): FDK drops them silently, we report them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MODEL_QUADS, splitModelldcatApNo } from '../../../harvesters/modelldcat-ap-no/index.js';
import type { SplitResult } from '../../../src/core/ports/harvester.js';
import { deskolemise, diffGraphs, isIsomorphic } from '../../../src/rdf/isomorphism.js';
import { dedupe, minus, parseTurtle, sourceGraph, withoutCatalogRecords } from '../dcat-ap-no/support/graph-compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../../../../shared/corpus/fdk/harvester-tests/informationmodel-harvester');
const present = existsSync(dir);
if (!present) console.warn(`ModellDCAT-AP-NO golden tests skipped: the FDK corpus is not at ${dir}.`);

const context = { sourceId: 'fdk-fixture', sourceName: 'https://testdirektoratet.no/models', publisher: '991825827', baseUrl: 'http://localhost:8080' };
const MODEL_CLASS = 'https://data.norge.no/vocabulary/modelldcatno#InformationModel';

const read = (file: string): Quad[] => parseTurtle(readFileSync(path.join(dir, file), 'utf8'));
const split = (file: string): SplitResult => splitModelldcatApNo(sourceGraph(read(file)), context, { maxRecordQuads: DEFAULT_MAX_MODEL_QUADS });

function expectIsomorphic(actual: readonly Quad[], expected: readonly Quad[]): void {
  const a = dedupe(deskolemise(actual));
  const e = dedupe(deskolemise(expected));
  if (!isIsomorphic(a, e)) {
    const { onlyInA, onlyInB } = diffGraphs(a, e);
    expect.fail(`graphs differ\nonly in ours:\n  ${onlyInA.join('\n  ')}\nonly in FDK's:\n  ${onlyInB.join('\n  ')}`);
  }
}

/** Our record of the model FDK's file describes, against FDK's file (M1 subtracted and checked). */
function expectModel(result: SplitResult, file: string): void {
  let expected = withoutCatalogRecords(read(file));
  const iri = expected.find((q) => q.object.value === MODEL_CLASS)!.subject.value;
  const record = result.records.find((r) => r.iri === iri);
  expect(record, `a record of <${iri}>`).toBeDefined();
  const others = result.records.filter((r) => r.kind === 'information-model' && r.iri !== iri).flatMap((r) => r.quads);
  const copies = minus(expected, minus(expected, others)).filter((q) => q.subject.termType === 'NamedNode' && q.subject.value !== iri && !record!.quads.some((o) => o.subject.value === q.subject.value));
  expected = minus(expected, copies);
  expectIsomorphic(record!.quads, expected);
}

describe.skipIf(!present)('golden: fdk informationmodel-harvester fixtures', () => {
  it('harvest_response_0.ttl: the model Person og Enhet, and the two blank-node resources reported (M2)', () => {
    const result = split('harvest_response_0.ttl');
    expect(result.records.map((r) => r.kind)).toEqual(['catalog', 'information-model']);
    expectModel(result, 'no_meta_model_0.ttl');
    expect(result.problems.filter((p) => p.kind === 'skipped').map((p) => p.message)).toEqual([
      expect.stringContaining('blank-node dcat:Catalog (titled "Is filtered")'),
      expect.stringContaining('blank-node modelldcatno:InformationModel (titled "Is filtered"'),
    ]);
  });

  it('harvest_response_1.ttl: the address model', () => {
    const result = split('harvest_response_1.ttl');
    expectModel(result, 'no_meta_model_1.ttl');
  });

  it('harvest_response_2.ttl: two models, the first naming elements the second owns (M1)', () => {
    const result = split('harvest_response_2.ttl');
    expect(result.records.filter((r) => r.kind === 'information-model')).toHaveLength(2);
    expectModel(result, 'no_meta_model_2.ttl');
    expectModel(result, 'no_meta_model_3.ttl');
  });

  it('FDK catalog graphs equal our catalog record united with the records of the models it lists', () => {
    for (const [input, expected] of [['harvest_response_0.ttl', 'no_meta_catalog_0.ttl'], ['harvest_response_2.ttl', 'no_meta_catalog_2.ttl']] as const) {
      const result = split(input);
      const catalog = result.records.find((r) => r.kind === 'catalog')!;
      const union = [...catalog.quads, ...result.records.filter((r) => r.catalogIri === catalog.iri).flatMap((r) => r.quads)];
      expectIsomorphic(union, withoutCatalogRecords(read(expected)));
    }
  });
});
