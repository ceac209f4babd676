import { MAX_QUALITY_SCORE, QUALITY_DIMENSIONS, QUALITY_METRICS, dimensionIri, metricIri, type QualityDimension, type QualityMetric } from './quality-metrics.js';

/**
 * A measured value, as the MQA measures it: a boolean (the property is there, the value is from the
 * vocabulary, …) or an HTTP status code (URL checks). Anything else counts as not acceptable.
 */
export type MeasurementValue = boolean | number | string;

/** The measurements of one resource (a dataset or a distribution), by metric name. */
export type Measurements = ReadonlyMap<string, MeasurementValue>;

/** What is scored: a dataset's own measurements and those of each of its distributions. */
export interface Assessment {
  readonly dataset: { readonly id: string; readonly measurements: Measurements };
  readonly distributions: readonly { readonly id: string; readonly measurements: Measurements }[];
}

export interface MetricScore {
  /** The metric's IRI. */
  readonly id: string;
  readonly score: number;
  /** Whether the metric was measured at all (a false measurement is scored, with 0). */
  readonly is_scored: boolean;
  readonly max_score: number;
}

export interface DimensionScore {
  readonly id: string;
  readonly metrics: readonly MetricScore[];
  readonly score: number;
  readonly max_score: number;
}

export interface ResourceScore {
  readonly id: string;
  readonly dimensions: readonly DimensionScore[];
  readonly score: number;
  readonly max_score: number;
}

/** The scores of a dataset and of its distributions, in the form of FDK's scoring service. */
export interface QualityScores {
  readonly dataset: ResourceScore;
  readonly distributions: readonly ResourceScore[];
}

/** A measurement is worth its metric's points when true, or a 2xx status code. */
export function acceptable(value: MeasurementValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 200 && value < 300;
  return false;
}

type ByDimension = readonly { readonly dimension: QualityDimension; readonly metrics: readonly QualityMetric[] }[];

/** A metric set's metrics per dimension, each dimension's by name (the order of FDK's scores); cached per set. */
const byDimensionCache = new WeakMap<readonly QualityMetric[], ByDimension>();
function byDimensionOf(metrics: readonly QualityMetric[]): ByDimension {
  let cached = byDimensionCache.get(metrics);
  if (cached === undefined) {
    cached = QUALITY_DIMENSIONS.map((dimension) => ({
      dimension,
      metrics: metrics.filter((metric) => metric.dimension === dimension).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }));
    byDimensionCache.set(metrics, cached);
  }
  return cached;
}

/** A metric's points as an optional number: undefined when not measured (so it loses to any measured one). */
type Points = number | undefined;

function pointsOf(metric: QualityMetric, measurements: Measurements): Points {
  const value = measurements.get(metric.name);
  if (value === undefined) return undefined;
  return acceptable(value) ? metric.trueScore : 0;
}

function resourceScore(id: string, byDimension: ByDimension, points: (metric: QualityMetric) => Points): ResourceScore {
  const dimensions = byDimension.map(({ dimension, metrics }) => {
    const scored = metrics.map((metric) => {
      const p = points(metric);
      return { id: metricIri(metric), score: p ?? 0, is_scored: p !== undefined, max_score: metric.trueScore };
    });
    return { id: dimensionIri(dimension), metrics: scored, score: sum(scored), max_score: metrics.reduce((s, metric) => s + metric.trueScore, 0) };
  });
  return { id, dimensions, score: sum(dimensions), max_score: dimensions.reduce((s, d) => s + d.max_score, 0) };
}

const sum = (items: readonly { readonly score: number }[]): number => items.reduce((s, item) => s + item.score, 0);

/** The larger of two optional points, a measured value beating an unmeasured one. */
function better(a: Points, b: Points): Points {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/**
 * Scores an assessment as FDK's scoring service does: each resource gets its metrics' points (a true
 * or 2xx measurement its metric's points, a false one 0, a missing one is not scored); the dataset's
 * score is that of the best of its distributions merged with the dataset's own measurements (each metric
 * the better of the two), or its own when it has no distribution. Ties go to the later distribution in
 * the order given (as FDK's max_by_key does); scoring the same assessment twice gives the same scores.
 * `metrics`: the metrics scored (the 25 of the MQA for a dataset; the ones that apply for a data
 * service, src/core/data-service-quality-metrics.ts); a resource's max_score is their sum.
 */
export function scoreAssessment(assessment: Assessment, metrics: readonly QualityMetric[] = QUALITY_METRICS): QualityScores {
  const byDimension = byDimensionOf(metrics);
  const own = (metric: QualityMetric): Points => pointsOf(metric, assessment.dataset.measurements);
  const distributions = assessment.distributions.map((d) => resourceScore(d.id, byDimension, (metric) => pointsOf(metric, d.measurements)));
  let best: ResourceScore | undefined;
  for (const d of assessment.distributions) {
    const merged = resourceScore(assessment.dataset.id, byDimension, (metric) => better(pointsOf(metric, d.measurements), own(metric)));
    if (best === undefined || merged.score >= best.score) best = merged;
  }
  return { dataset: best ?? resourceScore(assessment.dataset.id, byDimension, own), distributions };
}

/** The quality bands of a score out of 435: data.europa.eu's MQA bands (out of 405) scaled to 435. */
export const QUALITY_BANDS = ['excellent', 'good', 'sufficient', 'poor'] as const;
export type QualityBand = (typeof QUALITY_BANDS)[number];

/** Lowest score of each band out of `max`: 351, 221 and 121 of data.europa.eu's 405, scaled to `max` and rounded up. */
export function bandFloors(max: number): Readonly<Record<Exclude<QualityBand, 'poor'>, number>> {
  return Object.freeze({ excellent: Math.ceil((351 * max) / 405), good: Math.ceil((221 * max) / 405), sufficient: Math.ceil((121 * max) / 405) });
}

/** The band floors out of 435 (a dataset's score). */
export const BAND_FLOORS: Readonly<Record<Exclude<QualityBand, 'poor'>, number>> = bandFloors(MAX_QUALITY_SCORE);

/** The band of a score out of `max` (435 for a dataset; a data service's maximum for one, so its bands are the same shares). */
export function qualityBand(score: number, max: number = MAX_QUALITY_SCORE): QualityBand {
  const floors = max === MAX_QUALITY_SCORE ? BAND_FLOORS : bandFloors(max);
  if (score >= floors.excellent) return 'excellent';
  if (score >= floors.good) return 'good';
  if (score >= floors.sufficient) return 'sufficient';
  return 'poor';
}
