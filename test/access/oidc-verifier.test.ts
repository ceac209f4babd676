import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcVerifier, organisationOf } from '../../src/access/oidc-verifier.js';
import { InvalidTokenError, ServiceUnavailableError, TokenExpiredError } from '../../src/core/errors.js';
import { maskinportenClaims, startFixtureIssuer, type FixtureIssuer } from './support/fixture-issuer.js';

describe('JWT access tokens from the configured OpenID Connect issuer', () => {
  let issuer: FixtureIssuer;
  let verifier: OidcVerifier;
  beforeAll(async () => {
    issuer = await startFixtureIssuer();
    verifier = new OidcVerifier({ issuer: issuer.issuer, requiredScope: 'datakatalog:write', organisationClaim: 'consumer', algorithms: ['RS256'], timeoutMs: 5000 });
  });
  afterAll(() => issuer.close());

  it("makes the holder an admin of the organisation its consumer claim names, with keys found through the issuer's discovery document", async () => {
    const principal = await verifier.verify(await issuer.sign(maskinportenClaims('974760673')));
    expect(principal).toEqual({ role: 'org-admin', organisation: '974760673', actor: 'jwt:client-of-974760673' });
    expect(issuer.requests('/.well-known/openid-configuration')).toBe(1);
    expect(issuer.requests('/jwk')).toBe(1);
    await verifier.verify(await issuer.sign(maskinportenClaims('971040238')));
    expect(issuer.requests('/jwk')).toBe(1); // the key set is cached
  });

  it('refuses an expired token as expired', async () => {
    await expect(verifier.verify(await issuer.sign(maskinportenClaims('974760673'), { expiresIn: -3600 }))).rejects.toBeInstanceOf(TokenExpiredError);
  });

  it('refuses a token without the required scope, from another issuer, signed with another key, or naming no organisation', async () => {
    const cases: [Promise<string>, RegExp][] = [
      [issuer.sign(maskinportenClaims('974760673', 'other:scope')), /scope datakatalog:write/],
      [issuer.sign(maskinportenClaims('974760673'), { issuer: 'https://evil.example/' }), /iss claim/],
      [issuer.signWithForeignKey(maskinportenClaims('974760673')), /signature does not verify/],
      [issuer.sign({ ...maskinportenClaims('974760673'), consumer: { ID: '0192:123456789' } }), /consumer claim does not name an organisation/],
      [issuer.sign({ scope: 'datakatalog:write' }), /consumer claim/],
    ];
    for (const [token, message] of cases) {
      const error = await verifier.verify(await token).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('says the token cannot be checked now (503) when the issuer cannot be reached', async () => {
    const unreachable = new OidcVerifier({ issuer: 'http://127.0.0.1:9', requiredScope: 's', organisationClaim: 'consumer', algorithms: ['RS256'], timeoutMs: 2000 });
    await expect(unreachable.verify(await issuer.sign(maskinportenClaims('974760673')))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('reads the organisation claim in its usual shapes', () => {
    expect(organisationOf({ authority: 'iso6523-actorid-upis', ID: '0192:974760673' })).toBe('974760673');
    expect(organisationOf('0192:974760673')).toBe('974760673');
    expect(organisationOf('974760673')).toBe('974760673');
    expect(organisationOf('0088:974760673')).toBeNull();
    expect(organisationOf({ ID: 974760673 })).toBeNull();
    expect(organisationOf(undefined)).toBeNull();
  });
});
