import express, { type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import type { AccessControl } from '../../core/ports/access-control.js';
import type { Logger } from '../../core/ports/logger.js';
import { isRole } from '../../core/principal.js';
import { parseLifetime } from '../../core/lifetime.js';
import { authenticated, principalOf } from '../access/write-access.js';

export interface AccessRoutesDeps {
  readonly access: AccessControl;
  readonly logger: Logger;
  readonly baseUrl: string;
}

/**
 * API tokens and the audit log, for system administrators only:
 *
 *   POST   /api/tokens        {role: admin|org-admin, organisation?, name?, expires?: "90d"|"never"} → 201 {token, …}: the token is shown once
 *   GET    /api/tokens        every token (never the token itself nor its hash), with its last use
 *   DELETE /api/tokens/:id    revoke → 200 with the revoked token
 *   GET    /api/audit         the audit log of writes, newest first (?limit=, ?before=<seq>)
 */
export function createAccessRouter(deps: AccessRoutesDeps): Router {
  const router = express.Router();
  const auth = authenticated(deps.access, deps.logger);
  const admin: express.RequestHandler = (_req, res, next) => {
    deps.access.requireAdmin(principalOf(res));
    next();
  };

  router.post('/api/tokens', auth, admin, express.json({ limit: '8kb' }), async (req, res) => {
    const body = req.body as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('Send the token as a JSON object: {"role": "org-admin", "organisation": "974760673", "name": "…"}.');
    const { role, organisation, name, expires } = body as Record<string, unknown>;
    const problems: string[] = [];
    if (!isRole(role)) problems.push('role must be "admin" or "org-admin".');
    if (organisation !== undefined && typeof organisation !== 'string') problems.push('organisation must be an organisation number (text).');
    if (name !== undefined && typeof name !== 'string') problems.push('name must be a text.');
    let lifetime: number | undefined | null = null;
    if (expires !== undefined) {
      lifetime = typeof expires === 'string' ? parseLifetime(expires) : null;
      if (lifetime === null) problems.push('expires must be a duration like "90d", "12h" or "never".');
    }
    if (problems.length > 0) throw new BadRequestError(problems.join(' '), { problems });
    const { token, view } = await deps.access.createToken(
      {
        role: role as 'admin' | 'org-admin',
        ...(typeof organisation === 'string' ? { organisation } : {}),
        ...(typeof name === 'string' ? { name } : {}),
        ...(lifetime !== null && lifetime !== undefined ? { expiresInMs: lifetime } : {}),
      },
      principalOf(res).actor,
    );
    res.status(201).location(`${deps.baseUrl}/api/tokens/${view.id}`).setHeader('Cache-Control', 'no-store').json({ ...view, token });
  });

  router.get('/api/tokens', auth, admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store').json({ tokens: await deps.access.listTokens() });
  });

  router.delete('/api/tokens/:id', auth, admin, async (req, res) => {
    res.json(await deps.access.revokeToken(String(req.params.id)));
  });

  router.get('/api/audit', auth, admin, async (req, res) => {
    const limit = wholeNumber(req.query.limit, 'limit', 100, 1, 1000);
    const before = req.query.before === undefined ? undefined : wholeNumber(req.query.before, 'before', 0, 1, Number.MAX_SAFE_INTEGER);
    res.setHeader('Cache-Control', 'no-store').json({ entries: await deps.access.auditLog({ limit, ...(before !== undefined ? { beforeSeq: before } : {}) }) });
  });

  return router;
}

function wholeNumber(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value) || Number(value) < min || Number(value) > max) throw new BadRequestError(`${name} must be a whole number from ${min} to ${max}.`);
  return Number(value);
}
