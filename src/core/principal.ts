/**
 * Who is asking, once a request's token has been checked.
 *
 * - `admin`: a system administrator: may do everything (the ADMIN_TOKEN, an admin API token).
 * - `org-admin`: an organisation administrator: may manage the sources, runs and records of one
 *   organisation and its sub-units (an org-admin API token, or an access token from the configured
 *   OpenID Connect issuer naming the organisation in its consumer claim), nothing else.
 */
export const ROLES = ['admin', 'org-admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly role: Role;
  /** The organisation number an org-admin acts for; absent for a system admin. */
  readonly organisation?: string;
  /** Who, as the audit log names it: `admin-token`, `token:{id}`, `jwt:{subject}`. */
  readonly actor: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
