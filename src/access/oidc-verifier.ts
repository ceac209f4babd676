import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError, ServiceUnavailableError, TokenExpiredError } from '../core/errors.js';
import { isValidOrganisationNumber } from '../core/organisation-number.js';
import type { Principal } from '../core/principal.js';

export interface OidcSettings {
  /** The issuer (`iss`) tokens must name, e.g. `https://maskinporten.no/`. */
  readonly issuer: string;
  /** The issuer's JWKS; discovered from `{issuer}/.well-known/openid-configuration` when absent. */
  readonly jwksUrl?: string;
  /** The audience (`aud`) tokens must name, when set. */
  readonly audience?: string;
  /** A scope the token must carry (`scope`, space separated, or `scp`). */
  readonly requiredScope: string;
  /** The claim naming the organisation: `{ "ID": "0192:<orgnr>" }`, `"0192:<orgnr>"` or `"<orgnr>"`. */
  readonly organisationClaim: string;
  /** Accepted signature algorithms. */
  readonly algorithms: readonly string[];
  /** Time limit of fetching the discovery document and the JWKS. */
  readonly timeoutMs: number;
}

/** The ISO 6523 ICD of Norwegian organisation numbers (Enhetsregisteret), as Maskinporten's `consumer.ID` carries it. */
const NORWEGIAN_ORGNR_ICD = '0192';

/**
 * Checks JWT access tokens from one OAuth 2 / OpenID Connect issuer with `jose`: the signature
 * against the issuer's JWKS (fetched and cached by jose, refreshed when an unknown key id appears),
 * `iss`, `exp`/`nbf` (with 30 s of clock tolerance), `aud` when configured, the required scope, and
 * the organisation claim. The holder becomes an organisation administrator of that organisation.
 */
export class OidcVerifier {
  #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  #discovering: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Principal> {
    const jwks = await this.#keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: this.settings.issuer,
        ...(this.settings.audience !== undefined ? { audience: this.settings.audience } : {}),
        algorithms: [...this.settings.algorithms],
        clockTolerance: 30,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenExpiredError('The access token has expired; get a new one from the issuer.');
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(`The access token was refused: ${describeJoseError(error)}.`);
      throw new ServiceUnavailableError(`The access token cannot be checked now: the issuer's keys could not be read (${(error as Error).message}).`, { retryAfter: 30 });
    }
    const scopes = scopesOf(payload);
    if (!scopes.includes(this.settings.requiredScope)) {
      throw new InvalidTokenError(`The access token does not carry the scope ${this.settings.requiredScope} that writes to this catalog need.`);
    }
    const organisation = organisationOf(payload[this.settings.organisationClaim]);
    if (organisation === null) {
      throw new InvalidTokenError(`The access token's ${this.settings.organisationClaim} claim does not name an organisation (expected an ID like "${NORWEGIAN_ORGNR_ICD}:<organisation number>").`);
    }
    const subject = typeof payload.sub === 'string' ? payload.sub : typeof payload.client_id === 'string' ? payload.client_id : 'unknown';
    return { role: 'org-admin', organisation, actor: `jwt:${subject}` };
  }

  async #keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.#jwks !== undefined) return this.#jwks;
    this.#discovering ??= this.#discover().finally(() => (this.#discovering = undefined));
    this.#jwks = await this.#discovering;
    return this.#jwks;
  }

  async #discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const options = { timeoutDuration: this.settings.timeoutMs, cooldownDuration: 30_000 };
    if (this.settings.jwksUrl !== undefined) return createRemoteJWKSet(new URL(this.settings.jwksUrl), options);
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let jwksUri: unknown;
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.settings.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      jwksUri = ((await res.json()) as Record<string, unknown>).jwks_uri;
    } catch (error) {
      throw new ServiceUnavailableError(`The access token cannot be checked now: the issuer's discovery document ${url} could not be read (${(error as Error).message}).`, { retryAfter: 30 });
    }
    if (typeof jwksUri !== 'string') throw new ServiceUnavailableError(`The access token cannot be checked: ${url} names no jwks_uri.`);
    return createRemoteJWKSet(new URL(jwksUri), options);
  }
}

function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  if (typeof payload.scp === 'string') return payload.scp.split(/\s+/);
  return [];
}

/** `{ "authority": "iso6523-actorid-upis", "ID": "0192:910753614" }`, `"0192:910753614"` or `"910753614"` → `910753614`. */
export function organisationOf(claim: unknown): string | null {
  const id = typeof claim === 'string' ? claim : claim !== null && typeof claim === 'object' && typeof (claim as Record<string, unknown>).ID === 'string' ? ((claim as Record<string, unknown>).ID as string) : null;
  if (id === null) return null;
  const m = new RegExp(`^(?:${NORWEGIAN_ORGNR_ICD}:)?(\\d{9})$`).exec(id.trim());
  return m !== null && isValidOrganisationNumber(m[1]!) ? m[1]! : null;
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `its ${error.claim} claim is not accepted (${error.reason})`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "it is not signed with a key of the issuer's JWKS";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its signature algorithm is not accepted';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return `the issuer's keys could not be read (${error.code})`;
  return `${error.code}`;
}
