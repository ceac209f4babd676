import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { createDcatApNoHarvester } from '../../harvesters/dcat-ap-no/index.js';
import { createHarvesters } from '../../harvesters/registry.js';
import type { Harvester, HarvestedRecord, SourceGraph, SplitResult } from '../../src/core/ports/harvester.js';
import { HARVESTER_CASES } from '../contract/harvester-cases.js';
import { CONTRACT, harvesterContract } from '../contract/harvester.contract.js';

const harvesters = createHarvesters();

describe('the harvester registry', () => {
  it('has a contract case for every registered harvester', () => {
    expect(HARVESTER_CASES.map((c) => c.kind).sort()).toEqual([...harvesters.keys()].sort());
  });
});

for (const testCase of HARVESTER_CASES) {
  const harvester = harvesters.get(testCase.kind);
  if (harvester === undefined) continue; // reported by the registry test above
  harvesterContract(harvester, testCase);
}

describe('the harvester contract catches a harvester that breaks it', () => {
  const dcat = HARVESTER_CASES.find((c) => c.kind === 'dcat-ap-no')!;
  const edge = dcat.fixtures[0]!;
  const { namedNode, blankNode, quad } = DataFactory;

  /** The DCAT-AP-NO harvester with its split result bent by `bend`. */
  function broken(bend: (result: SplitResult, graph: SourceGraph) => SplitResult): Harvester {
    const real = createDcatApNoHarvester();
    return { ...real, split: async (graph: SourceGraph, context) => bend(await real.split(graph, context), graph) };
  }
  const withRecords = (result: SplitResult, records: HarvestedRecord[]): SplitResult => ({ ...result, records });
  const check = (property: string, harvester: Harvester): Promise<string[]> => CONTRACT[property]!(harvester, edge, dcat.recordClasses);

  it('the real harvester breaks none of its properties on the edge cases', async () => {
    for (const property of Object.keys(CONTRACT)) expect(await check(property, createDcatApNoHarvester()), property).toEqual([]);
  });

  it('a blank node left in a record', async () => {
    const leaky = broken((r) => withRecords(r, r.records.map((rec, i) => (i === 0 ? { ...rec, quads: [...rec.quads, quad(namedNode(rec.iri), namedNode('https://x.example/p'), blankNode('b'))] } : rec))));
    expect(await check('puts no blank node in any record', leaky)).toEqual([expect.stringMatching(/holds a blank node/)]);
  });

  it('records that depend on the order of the input', async () => {
    const orderly = broken((r, graph) => {
      const first = [...graph.subjects()][0]!;
      return withRecords(r, r.records.map((rec, i) => (i === 0 ? { ...rec, quads: [...rec.quads, quad(namedNode(rec.iri), namedNode('https://x.example/first'), namedNode(first.termType === 'NamedNode' ? first.value : 'https://x.example/blank'))] } : rec)));
    });
    expect((await check('gives the same records and IRIs for the same input in any order', orderly)).length).toBeGreaterThan(0);
  });

  it('a resource dropped silently', async () => {
    const dropping = broken((r) => withRecords(r, r.records.filter((rec) => rec.iri !== 'https://edge.example.no/api')));
    expect(await check('reports every resource it leaves out as a problem', dropping)).toEqual(['<https://edge.example.no/api> is neither a record nor named by a problem']);
    const quiet = broken((r) => ({ ...r, problems: r.problems.filter((p) => p.kind !== 'skipped') }));
    expect(await check('reports every resource it leaves out as a problem', quiet)).toEqual([expect.stringMatching(/without identity, but 0 skipped/)]);
  });

  it("another record's triples copied into a record", async () => {
    const copying = broken((r) => withRecords(r, r.records.map((rec, i) => (i === 0 ? { ...rec, quads: [...rec.quads, ...r.records[1]!.quads.filter((q) => q.subject.value === r.records[1]!.iri)] } : rec))));
    expect((await check("keeps each record's own triples out of every other record", copying))[0]).toMatch(/holds a triple of the record of/);
  });

  it('a record of the wrong kind', async () => {
    const mislabelled = broken((r) => withRecords(r, r.records.map((rec) => (rec.iri === 'https://edge.example.no/api' ? { ...rec, kind: 'dataset' } : rec))));
    expect(await check('gives each record the kind of its class', mislabelled)).toEqual(['<https://edge.example.no/api> is a dataset record, but its class makes it a data-service']);
  });
});
