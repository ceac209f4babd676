import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS, dcatApNoHarvester } from '../../../harvesters/dcat-ap-no/index.js';
import { DCAT_AP_NO_VOCABULARY } from '../../../harvesters/dcat-ap-no/record-vocabulary.js';
import type { SplitContext, SplitResult } from '../../../src/core/ports/harvester.js';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { splitRecords, splitRecordsInSlices } from '../../../src/rdf/records/split-records.js';
import { SLICE_WORK, WorkSlices } from '../../../src/rdf/records/work-slices.js';
import { SubjectIndex } from '../../../src/rdf/subject-index.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { generateCatalog } from '../../support/synthetic-catalog.js';
import { countingLoopTurns } from '../../support/loop-turns.js';

const context: SplitContext = {
  sourceId: 'source-1',
  sourceName: 'https://agency.example.no/dcat.ttl',
  publisher: '974760673',
  baseUrl: 'https://data.example.no',
  documents: offlineDocuments,
};
const options = { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS };

/** A synthetic catalog of `datasets` datasets (about 27 triples each, publishers, contact points, distributions) as one graph. */
function catalogGraph(datasets: number): SubjectIndex {
  const text = generateCatalog({ datasets, baseUrl: 'http://127.0.0.1', publishers: 5 }).page(1);
  return new SubjectIndex().addAll(new Parser({ format: 'text/turtle' }).parse(text));
}

function comparable(result: SplitResult): { records: [string, string, string | null][]; problems: SplitResult['problems'] } {
  return { records: result.records.map((r) => [r.iri, canonicalNTriples(r.quads), r.catalogIri]), problems: result.problems };
}

/** WorkSlices that counts the slices it ends. */
class CountedSlices extends WorkSlices {
  ended = 0;
  override spend(units = 1): boolean {
    const end = super.spend(units);
    if (end) this.ended++;
    return end;
  }
}

describe('Splitting in slices that give the event loop a turn', () => {
  const graph = catalogGraph(300);

  it('gives exactly the records and problems of the one-pass split', async () => {
    const once = splitRecords(graph, context, DCAT_AP_NO_VOCABULARY, options);
    const sliced = await splitRecordsInSlices(graph, context, DCAT_AP_NO_VOCABULARY, options, new WorkSlices(100));
    expect(once.records.length).toBeGreaterThan(300);
    expect(comparable(sliced)).toEqual(comparable(once));
  });

  it('lets an immediate and a timer run between slices, once per slice, while it splits', async () => {
    const slices = new CountedSlices(500);
    let splitting = true;
    let timerFiredWhileSplitting = false;
    setTimeout(() => (timerFiredWhileSplitting = splitting), 0);
    const { turns } = await countingLoopTurns(async () => {
      await splitRecordsInSlices(graph, context, DCAT_AP_NO_VOCABULARY, options, slices);
      splitting = false;
    });
    // 300 datasets of about 27 triples are cut and skolemised: well over 16 000 units of work.
    expect(slices.ended).toBeGreaterThanOrEqual(30);
    // Every slice ends with a turn of the event loop, so the other work ran about once per slice.
    expect(turns).toBeGreaterThanOrEqual(slices.ended - 1);
    expect(timerFiredWhileSplitting).toBe(true);
  });

  it('runs on for its fair share of the wait when its turn came back only after a crowded loop (30 ms of other work each turn)', async () => {
    // 2 000 datasets: a split of more than one fair share of a 30 ms wait.
    const large = catalogGraph(2000);
    const slices = new CountedSlices(500);
    let splitting = true;
    let crowdedTurns = 0;
    // Other work that holds the loop 30 ms at every turn, as requests do under load.
    const crowd = (): void => {
      crowdedTurns++;
      for (const until = performance.now() + 30; performance.now() < until; );
      if (splitting) setImmediate(crowd);
    };
    setImmediate(crowd);
    const sliced = await splitRecordsInSlices(large, context, DCAT_AP_NO_VOCABULARY, options, slices);
    splitting = false;
    expect(comparable(sliced)).toEqual(comparable(splitRecords(large, context, DCAT_AP_NO_VOCABULARY, options)));
    expect(slices.ended).toBeGreaterThanOrEqual(200);
    // A turn per slice would let the crowd run once per slice; a fair share of each 30 ms wait is several slices.
    expect(crowdedTurns).toBeLessThan(slices.ended / 2);
    expect(crowdedTurns).toBeGreaterThanOrEqual(2);
  });

  it('bounds the work between two turns by the slice size (the default slice too)', async () => {
    // The whole-source work of 300 datasets spans several default slices: the harvest path never runs it in one pass.
    const slices = new CountedSlices();
    expect(slices.size).toBe(SLICE_WORK);
    await splitRecordsInSlices(graph, context, DCAT_AP_NO_VOCABULARY, options, slices);
    expect(slices.ended).toBeGreaterThanOrEqual(2);
  });

  it('stops between slices when the harvest is stopped, with the stop reason', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort(new Error('the service is shutting down')));
    await expect(splitRecordsInSlices(graph, { ...context, signal: controller.signal }, DCAT_AP_NO_VOCABULARY, options, new WorkSlices(500))).rejects.toThrow(
      'the service is shutting down',
    );
  });

  it('is what the DCAT-AP-NO harvester runs: a timer fires while it splits a large source', async () => {
    let splitting = true;
    let fired = false;
    setTimeout(() => (fired = splitting), 0);
    const result = await dcatApNoHarvester.split(graph, context);
    splitting = false;
    expect(result.records.length).toBeGreaterThan(300);
    expect(fired).toBe(true);
  });

  it('refuses a slice of no work', () => {
    expect(() => new WorkSlices(0)).toThrow(RangeError);
  });
});
