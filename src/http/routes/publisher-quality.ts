import express, { type Router } from 'express';
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import { organisationNumberProblem } from '../../core/organisation-number.js';
import type { Store } from '../../core/ports/store.js';
import { MAX_QUALITY_SCORE, QUALITY_DIMENSIONS, QUALITY_METRICS, dimensionIri, type QualityFixText } from '../../core/quality-metrics.js';
import { QUALITY_BANDS, type QualityBand } from '../../core/quality-score.js';
import { urlCheckPassed, type UrlCheck } from '../../core/url-check.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { recordUrls } from '../../rdf/distribution-urls.js';
import { parseRecordNTriples } from '../../rdf/canonical-ntriples-reader.js';
import { formatMismatches, type FormatComparison } from '../../rdf/quality-assessment.js';
import { metricIri } from '../../core/quality-metrics.js';
import { isScoredKind, recordQuality } from '../../rdf/record-quality.js';
import { DATA_SERVICE_QUALITY_METRICS, MAX_DATA_SERVICE_QUALITY_SCORE } from '../../core/data-service-quality-metrics.js';
import { excerpt } from '../echo.js';

export interface PublisherQualityRouterOptions {
  readonly store: Store;
  readonly baseUrl: string;
}

/** How many fixes the publisher page lists. */
export const PUBLISHER_TOP_FIXES = 10;
/** How many failing URLs the publisher page lists (`failingUrlCount` counts them all). */
export const PUBLISHER_FAILING_URLS = 100;

interface FailingUrl {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL' | 'endpointURL';
  readonly status: number;
  readonly error: string | null;
  readonly mediaType: string | null;
  readonly checkedAt: string;
  readonly record: string;
}

/** A URL whose server answered with another media type than its distribution declares. */
type FormatMismatch = Omit<FormatComparison, 'matches'> & { readonly record: string };

interface FixTotal {
  /** The kind of record the fix is for (`dataset`, `data-service`): its words speak of that kind. */
  readonly kind: string;
  readonly metric: string;
  readonly dimension: string;
  readonly property: string;
  readonly fix: QualityFixText;
  gain: number;
  records: number;
  readonly examples: string[];
}

/**
 * A publisher's quality page:
 *
 *   GET /api/publishers/{orgnr}/quality
 *     → { publisher, datasets, averageScore, maxScore, dimensions: [{ id, average, max }],
 *         bands: { excellent, good, sufficient, poor },
 *         dataServices: { count, averageScore, maxScore, dimensions: [{ id, name, average, max }], bands },
 *         topFixes: [{ kind, metric, dimension, property, fix: { nb, nn, en },
 *         gain, records, examples }], urlsChecked, failingUrlCount,
 *         failingUrls: [{ url, property, status, error, mediaType, checkedAt, record }],
 *         formatMismatchCount, formatMismatches: [{ url, property, declared, mediaType, record }] }
 *
 * Over the published datasets of the harvest sources registered for the organisation number: their MQA
 * scores (computed from each record as the SPARQL graph publishes them), the average per dimension, how
 * many fall in each band, and the ten fixes that gain the most points summed over all of them (with up
 * to three record URIs each). The data services are scored on the metrics that apply to them (out of
 * 310) and summed up apart (`dataServices`); their fixes compete with the datasets' in `topFixes`
 * (each fix names its kind). The accessibility metrics use the URL checker's results; the access and
 * download URLs (and services' endpoint URLs) whose last check got no 2xx answer are listed (the first hundred, by record), and so are
 * the URLs whose answer's media type is not the format their distribution declares (formatMatch missed;
 * the first hundred). 404 when no source is registered for the organisation.
 */
export function publisherQualityRouter(options: PublisherQualityRouterOptions): Router {
  const router = express.Router();
  router.get('/api/publishers/:orgnr/quality', async (req, res) => {
    const orgnr = String(req.params.orgnr);
    const problem = organisationNumberProblem(orgnr);
    if (problem !== null) throw new BadRequestError(problem, { orgnr: excerpt(orgnr) });
    const sources = (await options.store.listSources()).filter((s) => s.publisher === orgnr);
    if (sources.length === 0) throw new NotFoundError(`No harvest source is registered for the organisation ${orgnr}.`);
    const dimensionTotals = new Map<string, number>(QUALITY_DIMENSIONS.map((d) => [dimensionIri(d), 0]));
    const bands: Record<QualityBand, number> = Object.fromEntries(QUALITY_BANDS.map((b) => [b, 0])) as Record<QualityBand, number>;
    const fixes = new Map<string, FixTotal>();
    let datasets = 0;
    let total = 0;
    const services = { count: 0, total: 0, dimensions: new Map<string, number>(QUALITY_DIMENSIONS.map((d) => [dimensionIri(d), 0])), bands: Object.fromEntries(QUALITY_BANDS.map((b) => [b, 0])) as Record<QualityBand, number> };
    let urlsChecked = 0;
    let failingUrlCount = 0;
    const failingUrls: FailingUrl[] = [];
    let formatMismatchCount = 0;
    const mismatches: FormatMismatch[] = [];
    const FORMAT_MATCH = metricIri('formatMatch');
    for (const source of sources) {
      for (const state of (await options.store.recordStatesOfSource(source.id)).values()) {
        if (!isScoredKind(state.kind) || state.status !== 'published') continue;
        const record = await options.store.getRecord(state.id);
        if (record === undefined) continue;
        const urls = recordUrls(record);
        const checks = urls.length === 0 ? new Map<string, UrlCheck>() : await options.store.getUrlChecks(urls.map((u) => u.url));
        const quality = recordQuality(record, checks);
        if (quality === undefined) continue;
        for (const u of urls) {
          const check = checks.get(u.url);
          if (check === undefined) continue;
          urlsChecked++;
          if (urlCheckPassed(check)) continue;
          failingUrlCount++;
          if (failingUrls.length < PUBLISHER_FAILING_URLS) {
            failingUrls.push({ url: u.url, property: u.property, status: check.status, error: check.error, mediaType: check.mediaType, checkedAt: check.checkedAt, record: recordUri(options.baseUrl, record.kind, record.id) });
          }
        }
        // The URLs behind a missed formatMatch (on any distribution), read again from the graph only then.
        const formatMissed = quality.scores.distributions.some((d) => d.dimensions.some((dim) => dim.metrics.some((m) => m.id === FORMAT_MATCH && m.is_scored && m.score === 0)));
        if (formatMissed) {
          for (const m of formatMismatches(parseRecordNTriples(record.graph), record.iri, checks)) {
            formatMismatchCount++;
            if (mismatches.length < PUBLISHER_FAILING_URLS) {
              mismatches.push({ url: m.url, property: m.property, declared: m.declared, mediaType: m.mediaType, record: recordUri(options.baseUrl, record.kind, record.id) });
            }
          }
        }
        if (record.kind === 'dataset') {
          datasets++;
          total += quality.score;
          bands[quality.band]++;
          for (const d of quality.scores.dataset.dimensions) dimensionTotals.set(d.id, (dimensionTotals.get(d.id) ?? 0) + d.score);
        } else {
          services.count++;
          services.total += quality.score;
          services.bands[quality.band]++;
          for (const d of quality.scores.dataset.dimensions) services.dimensions.set(d.id, (services.dimensions.get(d.id) ?? 0) + d.score);
        }
        for (const f of quality.fixes) {
          const key = `${record.kind} ${f.metric}`;
          let t = fixes.get(key);
          if (t === undefined) fixes.set(key, (t = { kind: record.kind, metric: f.metric, dimension: f.dimension, property: f.property, fix: f.fix, gain: 0, records: 0, examples: [] }));
          t.gain += f.gain;
          t.records++;
          if (t.examples.length < 3) t.examples.push(recordUri(options.baseUrl, record.kind, record.id));
        }
      }
    }
    const averageOf = (sum: number, count: number): number => (count === 0 ? 0 : Math.round((sum / count) * 10) / 10);
    const average = (sum: number): number => averageOf(sum, datasets);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({
      publisher: orgnr,
      datasets,
      averageScore: average(total),
      maxScore: MAX_QUALITY_SCORE,
      dimensions: QUALITY_DIMENSIONS.map((d) => ({
        id: dimensionIri(d),
        name: d,
        average: average(dimensionTotals.get(dimensionIri(d)) ?? 0),
        max: QUALITY_METRICS.filter((m) => m.dimension === d).reduce((s, m) => s + m.trueScore, 0),
      })),
      bands,
      dataServices: {
        count: services.count,
        averageScore: averageOf(services.total, services.count),
        maxScore: MAX_DATA_SERVICE_QUALITY_SCORE,
        dimensions: QUALITY_DIMENSIONS.map((d) => ({
          id: dimensionIri(d),
          name: d,
          average: averageOf(services.dimensions.get(dimensionIri(d)) ?? 0, services.count),
          max: DATA_SERVICE_QUALITY_METRICS.filter((m) => m.dimension === d).reduce((s, m) => s + m.trueScore, 0),
        })),
        bands: services.bands,
      },
      topFixes: [...fixes.values()].sort((a, b) => b.gain - a.gain || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.kind < b.kind ? -1 : 1)).slice(0, PUBLISHER_TOP_FIXES),
      urlsChecked,
      failingUrlCount,
      failingUrls,
      formatMismatchCount,
      formatMismatches: mismatches,
    });
  });
  return router;
}
