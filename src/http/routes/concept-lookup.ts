import express, { type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import type { ConceptLookupIndex, ConceptLookupQuery } from '../../core/ports/concept-lookup.js';
import { recordUri } from '../../rdf/catalog-record.js';

export interface ConceptLookupRouterDeps {
  readonly index: ConceptLookupIndex;
  /** Public base URL (no trailing slash): hits carry their record URI `{baseUrl}/concepts/{id}`. */
  readonly baseUrl: string;
}

export const MAX_TERM_LENGTH = 200;
export const DEFAULT_LOOKUP_LIMIT = 10;
export const MAX_LOOKUP_LIMIT = 50;
const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/;

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** The lookup query of `?term=&lang=&limit=&referenceData=`; a BadRequestError naming the parameter otherwise. */
export function lookupQueryFromParameters(params: URLSearchParams): ConceptLookupQuery {
  for (const name of ['term', 'lang', 'limit', 'referenceData']) {
    if (params.getAll(name).length > 1) throw new BadRequestError(`Give ${name} once (it was given ${params.getAll(name).length} times).`);
  }
  for (const name of params.keys()) {
    if (!['term', 'lang', 'limit', 'referenceData'].includes(name)) throw new BadRequestError(`Unknown parameter "${clip(name)}": the lookup takes term, lang, limit and referenceData.`);
  }
  const term = (params.get('term') ?? '').trim();
  if (term === '') throw new BadRequestError('term is missing: give the text typed so far, for example term=inntekt.');
  if (term.length > MAX_TERM_LENGTH) throw new BadRequestError(`term is ${term.length} characters long; at most ${MAX_TERM_LENGTH} are looked up.`);
  const lang = params.get('lang') ?? undefined;
  if (lang !== undefined && !LANGUAGE_TAG.test(lang)) throw new BadRequestError(`lang="${clip(lang)}" is not a language tag: use nb, nn, en or another BCP 47 tag.`);
  const limitText = params.get('limit');
  let limit = DEFAULT_LOOKUP_LIMIT;
  if (limitText !== null) {
    if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LOOKUP_LIMIT) {
      throw new BadRequestError(`limit="${clip(limitText)}" is not a whole number from 1 to ${MAX_LOOKUP_LIMIT}.`);
    }
    limit = Number(limitText);
  }
  const reference = params.get('referenceData');
  let referenceData: ConceptLookupQuery['referenceData'] = false;
  if (reference !== null) {
    if (reference === 'true') referenceData = true;
    else if (reference === 'false') referenceData = false;
    else if (reference === 'any') referenceData = 'any';
    else throw new BadRequestError(`referenceData="${clip(reference)}" must be true (reference data only), false (concept catalogs only, the default) or any.`);
  }
  return { term, limit, referenceData, ...(lang !== undefined ? { lang: lang.toLowerCase() } : {}) };
}

/**
 * `GET /api/concepts/lookup?term=&lang=&limit=&referenceData=`: concepts with a term (preferred,
 * admitted or deprecated, in any language or in `lang`) equal to or starting with `term`, for editors
 * and form autocompletion. Exact matches first, then completions in alphabetical order; each hit says
 * which term matched.
 */
export function conceptLookupRouter(deps: ConceptLookupRouterDeps): Router {
  const router = express.Router();
  router.get('/api/concepts/lookup', (req, res) => {
    const query = lookupQueryFromParameters(new URL(req.originalUrl, 'http://localhost').searchParams);
    const { hits } = deps.index.lookup(query);
    res.set('Cache-Control', 'no-cache');
    res.json({
      term: query.term,
      lang: query.lang ?? null,
      hits: hits.map((h) => ({
        uri: recordUri(deps.baseUrl, 'concept', h.id),
        id: h.id,
        iri: h.iri,
        prefLabel: h.prefLabel,
        matched: { term: h.matched.value, lang: h.matched.lang, type: h.matched.role },
        match: h.match,
        referenceData: h.referenceData,
      })),
    });
  });
  return router;
}
