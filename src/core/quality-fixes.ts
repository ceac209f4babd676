import { MQA_BASE, QUALITY_METRICS, type QualityDimension, type QualityFixText, type QualityMetric } from './quality-metrics.js';
import type { ResourceScore } from './quality-score.js';

/** One thing a publisher can do to a record, and the points it gains. */
export interface QualityFix {
  /** The metric's local name, e.g. `knownLicense`. */
  readonly metric: string;
  readonly dimension: QualityDimension;
  /** The property to add or change (prefixed name). */
  readonly property: string;
  readonly fix: QualityFixText;
  /** Points the record gains when the metric is met. */
  readonly gain: number;
  /** Whether the catalog measures the metric today (URL checks and validation may not have run). */
  readonly measured: boolean;
}

/**
 * The metrics a dataset's score misses, each with its fix and the points it would gain, the biggest
 * gain first (then by metric name, so the order is stable). A metric the catalog does not measure
 * (file syntax) is left out: no fix of the record changes it; so is a format match not measured yet.
 */
const byIriCache = new WeakMap<readonly QualityMetric[], ReadonlyMap<string, QualityMetric>>();
function byIri(metrics: readonly QualityMetric[]): ReadonlyMap<string, QualityMetric> {
  let map = byIriCache.get(metrics);
  if (map === undefined) byIriCache.set(metrics, (map = new Map(metrics.map((m) => [MQA_BASE + m.name, m]))));
  return map;
}

/** `metrics`: the metric set the score was made with (its fixes' words and properties): a dataset's by default. */
export function qualityFixes(score: ResourceScore, metrics: readonly QualityMetric[] = QUALITY_METRICS): QualityFix[] {
  const BY_IRI = byIri(metrics);
  const fixes: QualityFix[] = [];
  for (const dimension of score.dimensions) {
    for (const metric of dimension.metrics) {
      const gain = metric.max_score - metric.score;
      if (gain <= 0) continue;
      const definition = BY_IRI.get(metric.id);
      if (definition === undefined || definition.source === 'not-measured' || (definition.fixOnlyWhenMeasured && !metric.is_scored)) continue;
      fixes.push({ metric: definition.name, dimension: definition.dimension, property: definition.property, fix: definition.fix, gain, measured: metric.is_scored });
    }
  }
  return fixes.sort((a, b) => b.gain - a.gain || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}
