import type { EnvReader } from './env-reader.js';

/** Who may write: the admin token, JWTs from one issuer, and the key that seals sources' secrets. */
export interface AccessSettings {
  /** Bearer token required by every write (registering sources, starting harvests). Generated into DATA_DIR when unset. */
  readonly adminToken: string | undefined;
  /** Who may write besides the ADMIN_TOKEN and the API tokens in the store. */
  readonly access: AccessConfig;
  /** SOURCE_SECRET_KEY: the AES-256 key that seals protected sources' authentication headers; undefined refuses such headers. */
  readonly sourceSecretKey: Buffer | undefined;
}

export interface AccessConfig {
  /** JWT access tokens from one OpenID Connect / OAuth 2 issuer (Maskinporten style); undefined accepts none. */
  readonly oidc:
    | {
        readonly issuer: string;
        readonly jwksUrl?: string;
        readonly audience?: string;
        readonly requiredScope: string;
        readonly organisationClaim: string;
        readonly algorithms: readonly string[];
      }
    | undefined;
}

const OIDC_DETAILS = ['OIDC_JWKS_URL', 'OIDC_AUDIENCE', 'OIDC_REQUIRED_SCOPE', 'OIDC_ORG_CLAIM', 'OIDC_ALGORITHMS'];

export function readAccessSettings(r: EnvReader): AccessSettings {
  return { adminToken: r.optional('ADMIN_TOKEN'), access: { oidc: readOidc(r) }, sourceSecretKey: readSecretKey(r) };
}

function readOidc(r: EnvReader): AccessConfig['oidc'] {
  const issuer = r.url('OIDC_ISSUER');
  const jwksUrl = r.url('OIDC_JWKS_URL');
  const audience = r.optional('OIDC_AUDIENCE');
  const algorithms = r.list('OIDC_ALGORITHMS').map((a) => (a.toUpperCase() === 'EDDSA' ? 'EdDSA' : a.toUpperCase()));
  const unsupported = algorithms.filter((a) => !/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(a));
  if (unsupported.length > 0) r.problems.push(`OIDC_ALGORITHMS names algorithms that are not asymmetric signatures: ${unsupported.join(', ')} (use RS256, PS256, ES256, EdDSA …).`);
  if (issuer === undefined) {
    for (const name of OIDC_DETAILS) {
      if (r.optional(name) !== undefined) r.problems.push(`${name} is set but OIDC_ISSUER is not: set the issuer whose access tokens are accepted.`);
    }
    return undefined;
  }
  return {
    issuer,
    ...(jwksUrl !== undefined ? { jwksUrl } : {}),
    ...(audience !== undefined ? { audience } : {}),
    requiredScope: r.str('OIDC_REQUIRED_SCOPE', 'datakatalog:write'),
    organisationClaim: r.str('OIDC_ORG_CLAIM', 'consumer'),
    algorithms: algorithms.length > 0 ? algorithms : ['RS256', 'PS256', 'ES256'],
  };
}

/** SOURCE_SECRET_KEY as 32 bytes: 64 hex digits, or base64/base64url of 32 bytes (`openssl rand -base64 32`). */
function readSecretKey(r: EnvReader): Buffer | undefined {
  const text = r.optional('SOURCE_SECRET_KEY');
  if (text === undefined) return undefined;
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  r.problems.push('SOURCE_SECRET_KEY is not a 256-bit key: give 64 hex digits or 32 bytes in base64 (openssl rand -base64 32).');
  return undefined;
}
