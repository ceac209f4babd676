import type { Request, RequestHandler, Response } from 'express';
import { outcomeOf } from '../../core/audit-entry.js';
import type { AccessControl } from '../../core/ports/access-control.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Principal } from '../../core/principal.js';
import { requestIdOf } from '../request-context.js';

/** Query parameters that say what a write did (kept in the audit log's action); nothing else of the query is kept. */
const AUDITED_PARAMETERS = ['dryRun', 'wait'];

/** The principal `authenticated` put on the response. Only call it behind `authenticated`. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (principal === undefined) throw new Error('principalOf called on a route without the authenticated middleware');
  return principal;
}

/**
 * The gate of every write route: authenticates the bearer token (401 problems naming the cause) and
 * puts the principal on the response for the route to authorise against the publisher it touches.
 * Every write (not GET or HEAD: the admin's reads of tokens and the log are not logged) that presented a
 * token is written to the audit log when its answer has been sent,
 * with the actor, the action, the status and the outcome (and the problem's detail when refused or
 * failed). A request without any Authorization header is not logged (it cannot have changed anything).
 */
export function authenticated(access: AccessControl, logger: Logger): RequestHandler {
  return async (req, res, next) => {
    if (req.get('authorization') !== undefined && req.method !== 'GET' && req.method !== 'HEAD') res.once('finish', () => recordWrite(access, logger, req, res));
    res.locals.principal = await access.authenticate(req.get('authorization'));
    next();
  };
}

function recordWrite(access: AccessControl, logger: Logger, req: Request, res: Response): void {
  const principal = res.locals.principal as Principal | undefined;
  const detail = res.locals.problemDetail as string | undefined;
  const requestId = requestIdOf(res);
  const query = new URLSearchParams();
  for (const name of AUDITED_PARAMETERS) {
    const value = req.query[name];
    if (typeof value === 'string') query.set(name, value.slice(0, 20));
  }
  const action = `${req.method} ${req.baseUrl}${req.path}${query.size > 0 ? `?${query}` : ''}`.slice(0, 300);
  access
    .audit({
      at: new Date().toISOString(),
      actor: principal?.actor ?? 'anonymous',
      ...(principal !== undefined ? { role: principal.role } : {}),
      ...(principal?.organisation !== undefined ? { organisation: principal.organisation } : {}),
      action,
      status: res.statusCode,
      outcome: outcomeOf(res.statusCode),
      ...(detail !== undefined && res.statusCode >= 400 ? { detail: detail.slice(0, 500) } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    })
    .catch((error: unknown) => logger.error({ err: error, requestId, action }, 'the audit log entry could not be written'));
}
