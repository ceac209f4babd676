import type { StoredRecord } from '../core/catalog-record.js';
import { parseRecordNTriples } from './canonical-ntriples-reader.js';
import { qualityFixes, type QualityFix } from '../core/quality-fixes.js';
import { qualityBand, scoreAssessment, type QualityBand, type QualityScores } from '../core/quality-score.js';
import { measureDataset, type UrlStatuses } from './quality-assessment.js';

/** A dataset record's quality: its MQA scores, band and the fixes that gain the most. */
export interface RecordQuality {
  readonly scores: QualityScores;
  readonly score: number;
  readonly band: QualityBand;
  readonly fixes: readonly QualityFix[];
}

/**
 * The quality of a published dataset record, computed from what the store holds (its graph and its
 * validation report) and, when given, the URL checker's results: the same record always gets the same
 * score. Undefined for records of other kinds (the MQA scores datasets).
 */
export function recordQuality(record: Pick<StoredRecord, 'kind' | 'iri' | 'graph' | 'validation'>, urlStatuses?: UrlStatuses): RecordQuality | undefined {
  const scores = recordScores(record, urlStatuses);
  if (scores === undefined) return undefined;
  return { scores, score: scores.dataset.score, band: qualityBand(scores.dataset.score), fixes: qualityFixes(scores.dataset) };
}

/** A dataset record's score and band alone (what search needs), without the fixes (which cost more than the scoring). */
export function recordScore(record: Pick<StoredRecord, 'kind' | 'iri' | 'graph' | 'validation'>, urlStatuses?: UrlStatuses): Pick<RecordQuality, 'score' | 'band'> | undefined {
  const scores = recordScores(record, urlStatuses);
  return scores === undefined ? undefined : { score: scores.dataset.score, band: qualityBand(scores.dataset.score) };
}

/** A dataset record's scores (what its DQV measurement states), without the fixes. */
export function recordScores(record: Pick<StoredRecord, 'kind' | 'iri' | 'graph' | 'validation'>, urlStatuses?: UrlStatuses): QualityScores | undefined {
  if (record.kind !== 'dataset') return undefined;
  const quads = parseRecordNTriples(record.graph);
  return scoreAssessment(
    measureDataset(quads, record.iri, { ...(record.validation !== undefined ? { validation: record.validation } : {}), ...(urlStatuses !== undefined ? { urlStatuses } : {}) }),
  );
}
