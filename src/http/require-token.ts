import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';

/**
 * Public endpoints are read-only; every write needs `Authorization: Bearer <ADMIN_TOKEN>`.
 * Compared in constant time (on hashes, so the length does not leak either).
 */
export function requireToken(token: string): RequestHandler {
  const expected = createHash('sha256').update(token).digest();
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return next(new UnauthorizedError('This endpoint changes the catalog and needs a token: send "Authorization: Bearer <token>".'));
    const given = createHash('sha256').update(m[1]!).digest();
    if (!timingSafeEqual(given, expected)) return next(new ForbiddenError('The token is not valid for this catalog.'));
    next();
  };
}
