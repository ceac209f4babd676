import type { RequestHandler } from 'express';

/**
 * Headers every response carries: no content sniffing, no framing, no referrer leaks, and a strict
 * content security policy (the API serves data, not pages; the one HTML page relaxes it itself).
 * The framework is never named (`X-Powered-By` is disabled in createApp).
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
