import type { Request, Response } from 'express';
import type { JSX } from 'preact';
import { contentEtag, isNotModified } from '../../conditional-get.js';
import { renderDocument } from './render-document.js';

/** Where a portal page may load from: only this origin (styles, scripts, images in the CSS as data: URLs). */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface SendOptions {
  readonly status?: number;
  /** A stricter or looser policy for one page (the SPARQL editor). */
  readonly csp?: string;
  /** Answer 304 when the client has this very page (off for error pages). Default true for 200. */
  readonly etag?: boolean;
}

/**
 * Renders a page and sends it: `text/html`, the page's content security policy, `Vary` on what chose
 * the language and the representation, and a strong ETag of the bytes (a repeated visit to an
 * unchanged page is a 304 without a body).
 */
export function sendPage(req: Request, res: Response, page: JSX.Element, options: SendOptions = {}): void {
  const html = renderDocument(page);
  const status = options.status ?? 200;
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', options.csp ?? PAGE_CSP);
  res.setHeader('Vary', 'Accept, Accept-Language, Cookie');
  if (status === 200 && options.etag !== false) {
    const etag = contentEtag(html);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (isNotModified(req, { etag })) {
      res.status(304).end();
      return;
    }
  } else {
    res.setHeader('Cache-Control', 'no-store');
  }
  res.send(html);
}
