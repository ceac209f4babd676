// The MQA score reproduces data.norge.no's scoring service: FDK's own test fixtures (assessment graph in,
// scores JSON out) give exactly the same scores. Reads ../shared/corpus/fdk/mqa.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { MAX_QUALITY_SCORE, QUALITY_DIMENSIONS, QUALITY_METRICS } from '../../src/core/quality-metrics.js';
import { BAND_FLOORS, qualityBand, scoreAssessment, type ResourceScore } from '../../src/core/quality-score.js';
import { assessmentFromGraph, measureDataset } from '../../src/rdf/quality-assessment.js';

const mqa = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/fdk/mqa');
const vocabulary = path.resolve(mqa, '../vocabularies/mqa-scoring-service');
const available = existsSync(path.join(mqa, 'scoring-service/new_dataset/scores.json'));
if (!available) console.warn(`Skipping the MQA fixture tests: ${mqa} is absent.`);

/** Distribution order is not part of FDK's answer (it comes from a hash map); everything else is compared as is. */
const byId = (scores: readonly ResourceScore[]): ResourceScore[] => [...scores].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('the MQA metrics', () => {
  it('are the 25 scored metrics of data.norge.no, 435 points over five dimensions', () => {
    expect(QUALITY_METRICS).toHaveLength(25);
    expect(MAX_QUALITY_SCORE).toBe(435);
    const perDimension = Object.fromEntries(QUALITY_DIMENSIONS.map((d) => [d, QUALITY_METRICS.filter((m) => m.dimension === d).reduce((s, m) => s + m.trueScore, 0)]));
    expect(perDimension).toEqual({ accessibility: 100, contextuality: 20, findability: 100, interoperability: 140, reusability: 75 });
  });

  it.skipIf(!available)('have the points of the scoring service\'s own score values, metric by metric', () => {
    const quads = new Parser().parse(readFileSync(path.join(vocabulary, 'dcatno-mqa-vocabulary-default-score-values.ttl'), 'utf8'));
    const official = new Map(quads.filter((q) => q.predicate.value.endsWith('#trueScore')).map((q) => [q.subject.value.split('#')[1]!, Number(q.object.value)]));
    expect(new Map(QUALITY_METRICS.map((m) => [m.name, m.trueScore]))).toEqual(official);
  });

  it('puts a score in a band', () => {
    expect([qualityBand(435), qualityBand(BAND_FLOORS.excellent), qualityBand(BAND_FLOORS.excellent - 1), qualityBand(BAND_FLOORS.good - 1), qualityBand(BAND_FLOORS.sufficient - 1), qualityBand(0)]).toEqual([
      'excellent', 'excellent', 'good', 'sufficient', 'poor', 'poor',
    ]);
  });
});

describe.skipIf(!available)('scores of the MQA fixtures of FDK\'s scoring service', () => {
  it.each(['new_dataset', 'second_half_of_dataset'])('%s: the assessment graph gives exactly the expected scores', (name) => {
    const graph = new Parser().parse(readFileSync(path.join(mqa, 'scoring-service', name, 'assessment.ttl'), 'utf8'));
    const expected = JSON.parse(readFileSync(path.join(mqa, 'scoring-service', name, 'scores.json'), 'utf8')) as { dataset: ResourceScore; distributions: ResourceScore[] };
    const scores = scoreAssessment(assessmentFromGraph(graph));
    expect(scores.dataset).toEqual(expected.dataset);
    expect(byId(scores.distributions)).toEqual(byId(expected.distributions));
  });

  it('gives the same scores for the same assessment, whatever the order of its distributions when they do not tie', () => {
    const graph = new Parser().parse(readFileSync(path.join(mqa, 'scoring-service/second_half_of_dataset/assessment.ttl'), 'utf8'));
    const assessment = assessmentFromGraph(graph);
    const reversed = { ...assessment, distributions: [...assessment.distributions].reverse() };
    expect(scoreAssessment(reversed).dataset).toEqual(scoreAssessment(assessment).dataset);
    expect(scoreAssessment(assessment).dataset.score).toBe(70);
  });
});

describe.skipIf(!available)('measurements from a dataset record, as FDK\'s property checker makes them', () => {
  it('gives the property checker\'s measurements on its own fixture, metric by metric', () => {
    const record = new Parser().parse(readFileSync(path.join(mqa, 'property-checker/dataset_event.ttl'), 'utf8'));
    const expected = assessmentFromGraph(new Parser().parse(readFileSync(path.join(mqa, 'property-checker/mqa_event.ttl'), 'utf8')));
    const dataset = 'https://registrering.fellesdatakatalog.digdir.no/catalogs/971277882/datasets/29a2bf37-5867-4c90-bc74-5a8c4e118572';
    const ours = measureDataset(record, dataset);
    expect(Object.fromEntries(ours.dataset.measurements)).toEqual(Object.fromEntries(expected.dataset.measurements));
    expect(ours.distributions.map((d) => [d.id, Object.fromEntries(d.measurements)])).toEqual(expected.distributions.map((d) => [d.id, Object.fromEntries(d.measurements)]));
    expect(ours.dataset.measurements.size).toBe(10);
    expect(ours.distributions[0]!.measurements.size).toBe(12);
  });
});
