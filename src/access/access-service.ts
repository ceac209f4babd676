import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { newTokenSecret, TOKEN_PREFIX, tokenHash, tokenView, type ApiToken, type ApiTokenView } from '../core/api-token.js';
import type { AuditEntry, NewAuditEntry } from '../core/audit-entry.js';
import { BadRequestError, InvalidTokenError, NotFoundError, NotPermittedError, TokenExpiredError, TokenRevokedError, UnauthorizedError } from '../core/errors.js';
import { isWithin } from '../core/organisation.js';
import type { AccessControl, NewTokenRequest } from '../core/ports/access-control.js';
import type { Logger } from '../core/ports/logger.js';
import type { OrganisationRegister } from '../core/ports/organisation-register.js';
import type { Store } from '../core/ports/store.js';
import type { Principal } from '../core/principal.js';
import type { OidcVerifier } from './oidc-verifier.js';

export interface AccessServiceDeps {
  readonly store: Store;
  readonly organisations: OrganisationRegister;
  /** The ADMIN_TOKEN (or the generated one): a system administrator's token that lives outside the store. */
  readonly adminToken?: string;
  /** Access tokens from the configured OpenID Connect issuer, when one is configured. */
  readonly oidc?: OidcVerifier;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** A token's last use is written at most this often (a busy client would otherwise write on every request). */
const TOUCH_EVERY_MS = 60_000;

/** The shape of a compact JWS: three base64url parts. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Tokens, roles and the audit log. Bearer tokens are, in this order: the ADMIN_TOKEN (system
 * admin), an API token the catalog issued (`dkt_…`, looked up by its SHA-256; its role and
 * organisation are the token's), or a JWT access token from the configured issuer (an organisation
 * admin of the organisation its claim names).
 */
export class AccessService implements AccessControl {
  readonly #adminHash: Buffer | undefined;
  readonly #now: () => Date;
  readonly #touched = new Map<string, number>();

  constructor(private readonly deps: AccessServiceDeps) {
    this.#adminHash = deps.adminToken === undefined ? undefined : createHash('sha256').update(deps.adminToken).digest();
    this.#now = deps.now ?? (() => new Date());
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (m === null) {
      throw new UnauthorizedError(
        authorization === undefined || authorization.trim() === ''
          ? 'This endpoint changes the catalog and needs a token: send "Authorization: Bearer <token>".'
          : 'The Authorization header is not a bearer token: send "Authorization: Bearer <token>".',
      );
    }
    const token = m[1]!;
    if (this.#adminHash !== undefined && timingSafeEqual(createHash('sha256').update(token).digest(), this.#adminHash)) return { role: 'admin', actor: 'admin-token' };
    if (token.startsWith(TOKEN_PREFIX)) return this.#apiToken(token);
    if (JWT_SHAPE.test(token)) {
      if (this.deps.oidc === undefined) throw new InvalidTokenError('The token looks like a JWT access token, but this catalog accepts none (no OIDC issuer is configured).');
      return this.deps.oidc.verify(token);
    }
    throw new InvalidTokenError('The token is not valid for this catalog.');
  }

  async #apiToken(token: string): Promise<Principal> {
    const stored = await this.deps.store.getTokenByHash(tokenHash(token));
    if (stored === undefined) throw new InvalidTokenError('The token is not valid for this catalog.');
    if (stored.revokedAt !== undefined) throw new TokenRevokedError(`The token ${stored.id} was revoked on ${stored.revokedAt}.`);
    const now = this.#now();
    if (stored.expiresAt !== undefined && Date.parse(stored.expiresAt) <= now.getTime()) throw new TokenExpiredError(`The token ${stored.id} expired on ${stored.expiresAt}.`);
    const last = this.#touched.get(stored.id) ?? 0;
    if (now.getTime() - last >= TOUCH_EVERY_MS) {
      this.#touched.set(stored.id, now.getTime());
      await this.deps.store.touchToken(stored.id, now.toISOString());
    }
    return { role: stored.role, ...(stored.organisation !== undefined ? { organisation: stored.organisation } : {}), actor: `token:${stored.id}` };
  }

  async authorise(principal: Principal, publisher: string): Promise<void> {
    if (principal.role === 'admin') return;
    const own = principal.organisation;
    if (own === undefined) throw new NotPermittedError('This token names no organisation, so it may not change any source.');
    if (own === publisher) return;
    let orgPath: string | undefined;
    try {
      orgPath = (await this.deps.organisations.resolve(publisher)).orgPath;
    } catch (error) {
      this.deps.logger.debug({ err: error, publisher }, 'publisher not resolved while authorising');
    }
    if (orgPath !== undefined && isWithin(orgPath, own)) return;
    throw new NotPermittedError(
      `This token manages organisation ${own} and its sub-units; the publisher ${publisher} is ${orgPath === undefined ? 'not known to be one of them' : `not one of them (its organisation path is ${orgPath})`}.`,
    );
  }

  requireAdmin(principal: Principal): void {
    if (principal.role !== 'admin') throw new NotPermittedError('Only a system administrator may do this.');
  }

  async createToken(request: NewTokenRequest, createdBy: string): Promise<{ token: string; view: ApiTokenView }> {
    const problems: string[] = [];
    if (request.role === 'org-admin' && request.organisation === undefined) problems.push('An org-admin token needs the organisation it manages (its organisation number).');
    if (request.role === 'admin' && request.organisation !== undefined) problems.push('A system admin token manages every organisation; give no organisation.');
    if (request.name !== undefined && (request.name.trim() === '' || request.name.length > 200 || /[\r\n]/.test(request.name))) problems.push('name must be a single line of 1 to 200 characters.');
    if (request.expiresInMs !== undefined && (!Number.isFinite(request.expiresInMs) || request.expiresInMs <= 0)) problems.push('The lifetime must be a positive duration (e.g. 90d).');
    if (problems.length > 0) throw new BadRequestError(problems.join(' '), { problems });
    // The organisation must be one the register knows (InvalidOrganisationNumberError / UnknownOrganisationError otherwise).
    const organisation = request.organisation === undefined ? undefined : (await this.deps.organisations.resolve(request.organisation)).organisationNumber;
    const token = newTokenSecret();
    const now = this.#now();
    const stored: ApiToken = {
      id: randomUUID(),
      ...(request.name !== undefined ? { name: request.name.trim() } : {}),
      role: request.role,
      ...(organisation !== undefined ? { organisation } : {}),
      hash: tokenHash(token),
      createdAt: now.toISOString(),
      createdBy,
      ...(request.expiresInMs !== undefined ? { expiresAt: new Date(now.getTime() + request.expiresInMs).toISOString() } : {}),
    };
    await this.deps.store.saveToken(stored);
    this.deps.logger.info({ tokenId: stored.id, role: stored.role, organisation, createdBy }, 'API token created');
    return { token, view: tokenView(stored) };
  }

  async listTokens(): Promise<ApiTokenView[]> {
    return (await this.deps.store.listTokens()).map(tokenView);
  }

  async revokeToken(id: string): Promise<ApiTokenView> {
    const revoked = await this.deps.store.revokeToken(id, this.#now().toISOString());
    if (revoked === undefined) throw new NotFoundError(`No API token with id ${id.slice(0, 80)}.`);
    return tokenView(revoked);
  }

  async audit(entry: NewAuditEntry): Promise<void> {
    await this.deps.store.appendAudit(entry);
  }

  auditLog(filter: { limit: number; beforeSeq?: number }): Promise<AuditEntry[]> {
    return this.deps.store.listAudit(filter);
  }
}
