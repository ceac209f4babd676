import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** Opaque tags of an If-None-Match header (`*` stays `*`), weak prefixes dropped for weak comparison. */
function entityTags(header: string): string[] {
  const tags: string[] = [];
  for (const m of header.matchAll(/\*|(?:W\/)?"[^"]*"/g)) tags.push(m[0].replace(/^W\//, ''));
  return tags;
}

/**
 * Whether a GET/HEAD can be answered 304 Not Modified (RFC 9110 §13.2.2): If-None-Match, when
 * present, decides by weak comparison with the current ETag; otherwise If-Modified-Since against
 * Last-Modified. A request `Cache-Control: no-cache` is a directive for caches and does not stop an
 * origin server from validating (unlike express's `req.fresh`, which a reloading browser defeats).
 */
export function isNotModified(req: Request, current: { etag: string; lastModified?: string }): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const ifNoneMatch = req.get('If-None-Match');
  if (ifNoneMatch !== undefined) {
    const tags = entityTags(ifNoneMatch);
    const mine = current.etag.replace(/^W\//, '');
    return tags.includes('*') || tags.includes(mine);
  }
  const ifModifiedSince = req.get('If-Modified-Since');
  if (ifModifiedSince === undefined || current.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(current.lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/** A strong ETag of a representation's text (or of what it is made from): 27 characters of its SHA-256. */
export function contentEtag(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/**
 * Sets a representation's validators (ETag, and Last-Modified when known) and, when the request's
 * conditions hold (isNotModified), answers 304 and returns true: the caller then sends nothing more.
 */
export function answeredNotModified(req: Request, res: Response, validators: { etag: string; lastModified?: string | undefined }): boolean {
  res.setHeader('ETag', validators.etag);
  if (validators.lastModified !== undefined) res.setHeader('Last-Modified', validators.lastModified);
  if (!isNotModified(req, { etag: validators.etag, ...(validators.lastModified !== undefined ? { lastModified: validators.lastModified } : {}) })) return false;
  res.status(304).end();
  return true;
}
