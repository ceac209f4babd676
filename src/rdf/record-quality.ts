import type { StoredRecord } from '../core/catalog-record.js';
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { DATA_SERVICE_QUALITY_METRICS } from '../core/data-service-quality-metrics.js';
import { QUALITY_METRICS, type QualityMetric } from '../core/quality-metrics.js';
import { qualityFixes, type QualityFix } from '../core/quality-fixes.js';
import { qualityBand, scoreAssessment, type QualityBand, type QualityScores } from '../core/quality-score.js';
import { XSD } from './namespaces.js';
import { measureDataServiceIn, measureDatasetIn, type MeasuredGraph, type UrlStatuses } from './quality-assessment.js';
import { recordGraphOf, type GraphObject, type RecordGraph } from './record-graph.js';

/** A scored record's quality: its MQA scores, band and the fixes that gain the most. */
export interface RecordQuality {
  readonly scores: QualityScores;
  readonly score: number;
  /** The most points a record of its kind can get: 435 for a dataset, 310 for a data service. */
  readonly maxScore: number;
  readonly band: QualityBand;
  readonly fixes: readonly QualityFix[];
}

type Scored = Pick<StoredRecord, 'kind' | 'iri' | 'graph' | 'validation'>;

/** The metrics scored for a record of this kind; undefined for kinds the MQA does not score. */
export function qualityMetricsOf(kind: StoredRecord['kind']): readonly QualityMetric[] | undefined {
  return kind === 'dataset' ? QUALITY_METRICS : kind === 'data-service' ? DATA_SERVICE_QUALITY_METRICS : undefined;
}

/** Whether records of this kind get a quality score (datasets and data services), so their URLs are checked. */
export const isScoredKind = (kind: StoredRecord['kind']): boolean => qualityMetricsOf(kind) !== undefined;

/**
 * The quality of a published dataset or data service record, computed from what the store holds (its
 * graph and its validation report) and, when given, the URL checker's results: the same record always
 * gets the same score. Undefined for records of other kinds.
 */
export function recordQuality(record: Scored, urlStatuses?: UrlStatuses): RecordQuality | undefined {
  const scores = recordScores(record, urlStatuses);
  if (scores === undefined) return undefined;
  const max = scores.dataset.max_score;
  return { scores, score: scores.dataset.score, maxScore: max, band: qualityBand(scores.dataset.score, max), fixes: qualityFixes(scores.dataset, qualityMetricsOf(record.kind)) };
}

/** A record's score, maximum and band alone (what search needs), without the fixes (which cost more than the scoring). */
export function recordScore(record: Scored, urlStatuses?: UrlStatuses): Pick<RecordQuality, 'score' | 'maxScore' | 'band'> | undefined {
  const scores = recordScores(record, urlStatuses);
  if (scores === undefined) return undefined;
  const max = scores.dataset.max_score;
  return { score: scores.dataset.score, maxScore: max, band: qualityBand(scores.dataset.score, max) };
}

/** A dataset's or data service's scores (what its DQV measurement states), without the fixes. `scores.dataset` is the record's resource. */
export function recordScores(record: Scored, urlStatuses?: UrlStatuses): QualityScores | undefined {
  if (record.kind !== 'dataset' && record.kind !== 'data-service') return undefined;
  // The record's graph as read for the other projections of the same row (src/rdf/record-graph.ts), not read again.
  const graph = new RecordGraphTerms(recordGraphOf(record));
  const options = { ...(record.validation !== undefined ? { validation: record.validation } : {}), ...(urlStatuses !== undefined ? { urlStatuses } : {}) };
  if (record.kind === 'data-service') return scoreAssessment(measureDataServiceIn(graph, record.iri, options), DATA_SERVICE_QUALITY_METRICS);
  return scoreAssessment(measureDatasetIn(graph, record.iri, options));
}

const { namedNode, blankNode, literal } = DataFactory;
const XSD_STRING = namedNode(XSD.string);

/** A RecordGraph seen as terms (what measuring a dataset or data service reads): the same objects in the same order as the graph's quads. */
class RecordGraphTerms implements MeasuredGraph {
  constructor(private readonly graph: RecordGraph) {}

  objects(subject: Term, predicate: string): Term[] {
    return this.graph.objects(keyOf(subject), predicate).map(termOf);
  }

  has(subject: Term, predicate: string): boolean {
    return this.graph.objects(keyOf(subject), predicate).length > 0;
  }
}

/** The RecordGraph's subject key: `_:label` for a blank node, the IRI otherwise. */
const keyOf = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

function termOf(o: GraphObject): Term {
  if (o.kind === 'iri') return o.value.startsWith('_:') ? blankNode(o.value.slice(2)) : namedNode(o.value);
  return literal(o.value, o.language !== '' ? o.language : o.datatype !== null ? namedNode(o.datatype) : XSD_STRING);
}
