import express, { type Router } from 'express';
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import { organisationNumberProblem } from '../../core/organisation-number.js';
import type { PublisherQuality } from '../../core/ports/publisher-quality.js';
import { excerpt } from '../echo.js';

export interface PublisherQualityRouterOptions {
  readonly reports: PublisherQuality;
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
 * the first hundred). 404 when no source is registered for the organisation. The report is computed once
 * per state of the catalog (src/quality/publisher-quality-reports.ts).
 */
export function publisherQualityRouter(options: PublisherQualityRouterOptions): Router {
  const router = express.Router();
  router.get('/api/publishers/:orgnr/quality', async (req, res) => {
    const orgnr = String(req.params.orgnr);
    const problem = organisationNumberProblem(orgnr);
    if (problem !== null) throw new BadRequestError(problem, { orgnr: excerpt(orgnr) });
    const report = await options.reports.get(orgnr);
    if (report === undefined) throw new NotFoundError(`No harvest source is registered for the organisation ${orgnr}.`);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(report);
  });
  return router;
}
