import express, { type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import type { DocumentValidator } from '../../core/ports/validator.js';
import { UnknownProfileError } from '../../core/validation-profiles.js';
import { excerpt } from '../echo.js';
import { abortWhenClientLeaves, validateSentDocument } from '../validate-document-input.js';

export interface ValidateRoutesDeps {
  readonly validator: DocumentValidator;
  readonly defaultProfile: string;
  readonly maxBytes: number;
  /** The most findings an answer gives (default MAX_API_RESULTS). */
  readonly maxResults?: number;
}

/** The most findings `POST /api/validate` sends; past them, `resultsLeftOut` says how many more there were. */
export const MAX_API_RESULTS = 10_000;

/**
 * Validate before publishing: `POST /api/validate?profile=dcat-ap-no-2` with an RDF document as the body
 * (Turtle, RDF/XML, JSON-LD, N-Triples, TriG, N-Quads; Content-Type says which). Answers the SHACL report
 * in plain words (nb and en). Public and read-only: nothing is stored.
 * `GET /api/validate/profiles` lists the profiles.
 *
 * Bounded: the body in bytes (413), the document in triples (413), the time per document (503), the
 * documents validated and waiting at once (503 with Retry-After). Parsing and validation run in the
 * validator's own worker threads, never on this thread and never in the harvest's; a document whose
 * client goes away is stopped.
 */
export function createValidateRouter(deps: ValidateRoutesDeps): Router {
  const router = express.Router();

  router.get('/api/validate/profiles', (_req, res) => {
    res.json({ default: deps.defaultProfile, profiles: deps.validator.profiles });
  });

  router.post('/api/validate', express.raw({ type: () => true, limit: deps.maxBytes }), async (req, res) => {
    const profile = typeof req.query.profile === 'string' ? req.query.profile : deps.defaultProfile;
    if (!deps.validator.profiles.some((p) => p.id === profile)) {
      throw new UnknownProfileError(excerpt(profile), deps.validator.profiles.map((p) => p.id));
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (body.length === 0) throw new BadRequestError('Send the RDF document to validate as the request body, with its Content-Type (e.g. text/turtle).');
    const contentType = req.get('content-type');
    const client = abortWhenClientLeaves(res);
    try {
      const { triples, report } = await validateSentDocument(deps.validator, { body, hints: contentType !== undefined ? { contentType } : {}, profile, signal: client.signal });
      // At most MAX_API_RESULTS findings are sent (the counts are of all): 240 000 made 131 MB of JSON.
      const maxResults = deps.maxResults ?? MAX_API_RESULTS;
      const leftOut = Math.max(0, report.results.length - maxResults);
      res.json({ triples, ...report, results: leftOut > 0 ? report.results.slice(0, maxResults) : report.results, ...(leftOut > 0 ? { resultsLeftOut: leftOut } : {}) });
    } catch (error) {
      if (client.signal.aborted) return;
      throw error;
    } finally {
      client.release();
    }
  });

  return router;
}
