import type { ApiTokenView } from '../api-token.js';
import type { AuditEntry, NewAuditEntry } from '../audit-entry.js';
import type { Principal, Role } from '../principal.js';

export interface NewTokenRequest {
  readonly role: Role;
  /** Required for `org-admin`, refused for `admin`; must resolve in the organisation register. */
  readonly organisation?: string;
  readonly name?: string;
  /** Lifetime; undefined never expires. */
  readonly expiresInMs?: number;
}

/**
 * Who may write, and the record of what they wrote. Reading the catalog is public; every write
 * authenticates its bearer token (`authenticate`) and is authorised for the publisher it touches
 * (`authorise`) or for system administrators only (`requireAdmin`).
 * Adapter: src/access (API tokens in the store, ADMIN_TOKEN, JWT access tokens from one OIDC issuer).
 */
export interface AccessControl {
  /** The principal of an `Authorization` header value; throws a 401 error (UnauthorizedError or a subclass) naming the cause. */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** Throws NotPermittedError (403) unless the principal may manage the sources, runs and records of this publisher. */
  authorise(principal: Principal, publisher: string): Promise<void>;
  /** Throws NotPermittedError (403) unless the principal is a system administrator. */
  requireAdmin(principal: Principal): void;
  /** Creates a token; the token text is returned once and never kept (only its hash). */
  createToken(request: NewTokenRequest, createdBy: string): Promise<{ readonly token: string; readonly view: ApiTokenView }>;
  listTokens(): Promise<ApiTokenView[]>;
  /** Revokes a token (NotFoundError when there is none); revoking twice keeps the first date. */
  revokeToken(id: string): Promise<ApiTokenView>;
  /** Appends to the audit log of writes. */
  audit(entry: NewAuditEntry): Promise<void>;
  /** The audit log, newest first. */
  auditLog(filter: { limit: number; beforeSeq?: number }): Promise<AuditEntry[]>;
}
