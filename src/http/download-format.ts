import type { Request, Response } from 'express';
import { BadRequestError } from '../core/errors.js';
import { excerpt } from './echo.js';

/** `?format=` on a record URI: the RDF syntax to download. */
export const DOWNLOAD_TYPES: Readonly<Record<string, { readonly mediaType: string; readonly extension: string }>> = {
  turtle: { mediaType: 'text/turtle', extension: 'ttl' },
  jsonld: { mediaType: 'application/ld+json', extension: 'jsonld' },
  rdfxml: { mediaType: 'application/rdf+xml', extension: 'rdf' },
  ntriples: { mediaType: 'application/n-triples', extension: 'nt' },
};

/**
 * A record URI's `?format=` (the current record, or a past version with `?version=`): the request then
 * asks for that syntax whatever its Accept said, and the answer is a file named `{name}.{extension}`.
 * Nothing when the request names no format; a format that is none of DOWNLOAD_TYPES is a 400 naming them.
 */
export function applyDownloadFormat(req: Request, res: Response, format: string | undefined, name: string): boolean {
  if (format === undefined) return false;
  const download = DOWNLOAD_TYPES[format];
  if (download === undefined) throw new BadRequestError(`format="${excerpt(format, 20)}" is not a download format: use ${Object.keys(DOWNLOAD_TYPES).join(', ')}.`, { parameter: 'format' });
  req.headers.accept = download.mediaType;
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^0-9a-zA-Z.-]/g, '')}.${download.extension}"`);
  return true;
}
