import type { EnvReader } from './env-reader.js';

/** The organisation register (Enhetsregisteret's open API). */
export interface OrganisationsConfig {
  /** The API's base URL; undefined (`off`) asks nobody: the store's cache and the bundled snapshot only. */
  readonly registerUrl: string | undefined;
  readonly cacheTtlMs: number;
  readonly timeoutMs: number;
}

export function readOrganisationsConfig(r: EnvReader): OrganisationsConfig {
  const raw = r.str('ORGANISATION_REGISTER_URL', 'https://data.brreg.no/enhetsregisteret/api');
  return {
    registerUrl: raw.toLowerCase() === 'off' ? undefined : r.httpUrl('ORGANISATION_REGISTER_URL', raw.replace(/\/+$/, '')),
    cacheTtlMs: r.duration('ORGANISATION_CACHE_TTL', 7 * 86_400_000),
    timeoutMs: r.duration('ORGANISATION_REGISTER_TIMEOUT', 5_000),
  };
}
