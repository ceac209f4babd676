import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/** A loopback OpenID Connect issuer: its discovery document, its JWKS, and tokens it signs (Maskinporten-shaped claims). */
export interface FixtureIssuer {
  readonly issuer: string;
  /** Signs an access token; `expiresIn` in seconds (negative: already expired). */
  sign(claims: JWTPayload, options?: { expiresIn?: number; kid?: string; issuer?: string }): Promise<string>;
  /** Signs with a key the JWKS does not publish. */
  signWithForeignKey(claims: JWTPayload): Promise<string>;
  requests(path: string): number;
  close(): Promise<void>;
}

export async function startFixtureIssuer(): Promise<FixtureIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const counts = new Map<string, number>();
  let issuer = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwk`, token_endpoint: `${issuer}/token` }));
    } else if (path === '/jwk') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signWith = (key: CryptoKey, kid: string, claims: JWTPayload, options: { expiresIn?: number; issuer?: string } = {}) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 120))
      .sign(key);
  return {
    get issuer() {
      return issuer;
    },
    sign: (claims, options = {}) => signWith(privateKey, options.kid ?? 'key-1', claims, options),
    signWithForeignKey: (claims) => signWith(foreign.privateKey, 'key-1', claims),
    requests: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The claims of a Maskinporten access token for an organisation. */
export function maskinportenClaims(orgnr: string, scope = 'datakatalog:write'): JWTPayload {
  return { scope, consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${orgnr}` }, client_id: `client-of-${orgnr}`, client_amr: 'private_key_jwt', token_type: 'Bearer' };
}
