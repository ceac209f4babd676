import express, { type Router } from 'express';
import { BadRequestError, UnsupportedMediaTypeError } from '../../core/errors.js';
import type { Validator } from '../../core/ports/validator.js';
import { parseRdf, RdfParseError } from '../../rdf/parse.js';
import { chooseSyntax } from '../../rdf/syntax.js';
import { tripleToNTriples } from '../../rdf/ntriples.js';
import { excerpt } from '../echo.js';

export interface ValidateRoutesDeps {
  readonly validator: Validator;
  readonly defaultProfile: string;
  readonly maxBytes: number;
}

/**
 * Validate before publishing: `POST /api/validate?profile=dcat-ap-no-2` with an RDF document as the body
 * (Turtle, RDF/XML, JSON-LD, N-Triples, TriG, N-Quads; Content-Type says which). Answers the SHACL report
 * in plain words (nb and en). Public and read-only: nothing is stored.
 * `GET /api/validate/profiles` lists the profiles.
 */
export function createValidateRouter(deps: ValidateRoutesDeps): Router {
  const router = express.Router();

  router.get('/api/validate/profiles', (_req, res) => {
    res.json({ default: deps.defaultProfile, profiles: deps.validator.profiles });
  });

  router.post('/api/validate', express.raw({ type: () => true, limit: deps.maxBytes }), async (req, res) => {
    const profile = typeof req.query.profile === 'string' ? req.query.profile : deps.defaultProfile;
    if (!deps.validator.profiles.some((p) => p.id === profile)) {
      throw new BadRequestError(`Unknown profile "${excerpt(profile)}". Use one of: ${deps.validator.profiles.map((p) => p.id).join(', ')}.`);
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (body.length === 0) throw new BadRequestError('Send the RDF document to validate as the request body, with its Content-Type (e.g. text/turtle).');
    const contentType = req.get('content-type');
    const choice = chooseSyntax({ ...(contentType !== undefined ? { contentType } : {}), head: body.subarray(0, 2048).toString('utf8') });
    if (!choice.ok) throw new UnsupportedMediaTypeError(`The body could not be read as RDF: ${choice.reason}.`);
    const lines: string[] = [];
    try {
      await parseRdf(body, { syntax: choice.syntax, baseIri: 'urn:datakatalog:validate:', blankNodePrefix: 'b', onQuad: (q) => lines.push(tripleToNTriples(q)) });
    } catch (error) {
      if (error instanceof RdfParseError) {
        throw new BadRequestError(`The document (${choice.description}) is not valid: ${error.message}`, {
          ...(error.line !== undefined ? { line: error.line } : {}),
        });
      }
      throw error;
    }
    const report = await deps.validator.validate({ ntriples: lines.join('\n') + '\n', profile });
    res.json({ triples: lines.length, ...report });
  });

  return router;
}
