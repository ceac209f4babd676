import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './principal.js';

/**
 * An API token as the store keeps it: never the token itself, only the SHA-256 of it. The token is
 * shown once, when it is created. A token is 32 random bytes (base64url) after the prefix `dkt_`,
 * so a leaked one is recognisable in logs and secret scanners.
 */
export interface ApiToken {
  /** Public id (used to list and revoke it); not the token. */
  readonly id: string;
  readonly name?: string;
  readonly role: Role;
  /** The organisation of an org-admin token. */
  readonly organisation?: string;
  /** SHA-256 of the token, hex. */
  readonly hash: string;
  readonly createdAt: string;
  /** Who created it (the audit actor). */
  readonly createdBy: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly lastUsedAt?: string;
}

/** What is shown of a token: everything but its hash. */
export type ApiTokenView = Omit<ApiToken, 'hash'>;

export const TOKEN_PREFIX = 'dkt_';

export function newTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenView(token: ApiToken): ApiTokenView {
  const { hash: _hash, ...view } = token;
  return view;
}
