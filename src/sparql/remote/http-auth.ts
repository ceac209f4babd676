import { createHash, randomBytes } from 'node:crypto';

/** User name and password for a server that asks for HTTP authentication. */
export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** A parsed `WWW-Authenticate` challenge. */
export interface Challenge {
  readonly scheme: 'basic' | 'digest';
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The challenges of a `WWW-Authenticate` header (RFC 7235 §4.1): a scheme name followed by
 * comma-separated `name=value` or `name="quoted value"` pairs; several challenges may share one header.
 * Only Basic and Digest are kept.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const token = /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*(=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?\s*,?/gy;
  let current: { scheme: string; params: Record<string, string> } | undefined;
  let m: RegExpExecArray | null;
  while (token.lastIndex < header.length && (m = token.exec(header)) !== null) {
    if (m[0].length === 0) break;
    const name = m[1]!;
    if (m[2] === undefined) {
      // A bare token starts a new challenge (a scheme), unless a token68 follows (Basic's realm-less form is ignored).
      if (current !== undefined) push(current);
      current = { scheme: name.toLowerCase(), params: {} };
    } else if (current !== undefined) {
      current.params[name.toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
    }
  }
  if (current !== undefined) push(current);
  return out;

  function push(c: { scheme: string; params: Record<string, string> }): void {
    if (c.scheme === 'basic' || c.scheme === 'digest') out.push({ scheme: c.scheme, params: c.params });
  }
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Answers challenges for one server: Basic, or Digest (RFC 7616: MD5 or SHA-256, `qop=auth` or the
 * RFC 2069 form without qop). After the first challenge the answer is sent with every request
 * (a fresh nonce count each time), so only the first request and a stale nonce cost a round trip.
 */
export class HttpAuthenticator {
  #challenge: Challenge | undefined;
  #nonceCount = 0;

  constructor(private readonly credentials: Credentials) {}

  /** Takes the server's challenge from a 401; false when it names no scheme this client answers. */
  accept(header: string | null): boolean {
    if (header === null) return false;
    const challenges = parseChallenges(header);
    // Digest never sends the password; prefer it when both are offered.
    const chosen = challenges.find((c) => c.scheme === 'digest' && /^(md5|sha-256)?$/i.test(c.params.algorithm ?? '')) ?? challenges.find((c) => c.scheme === 'basic');
    if (chosen === undefined) return false;
    this.#challenge = chosen;
    this.#nonceCount = 0;
    return true;
  }

  /** The Authorization header for a request, or undefined before any challenge was accepted. */
  authorization(method: string, url: URL): string | undefined {
    const challenge = this.#challenge;
    if (challenge === undefined) return undefined;
    const { user, password } = this.credentials;
    if (challenge.scheme === 'basic') return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    const p = challenge.params;
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase();
    const hash = algorithm === 'SHA-256' ? sha256 : md5;
    const realm = p.realm ?? '';
    const nonce = p.nonce ?? '';
    const uri = url.pathname + url.search;
    const ha1 = hash(`${user}:${realm}:${password}`);
    const ha2 = hash(`${method.toUpperCase()}:${uri}`);
    const qops = (p.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
    const fields: string[] = [`username="${quote(user)}"`, `realm="${quote(realm)}"`, `nonce="${quote(nonce)}"`, `uri="${quote(uri)}"`, `algorithm=${algorithm}`];
    if (qops.includes('auth')) {
      const nc = (++this.#nonceCount).toString(16).padStart(8, '0');
      const cnonce = randomBytes(12).toString('hex');
      fields.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`, `response="${hash(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`);
    } else {
      fields.push(`response="${hash(`${ha1}:${nonce}:${ha2}`)}"`);
    }
    if (p.opaque !== undefined) fields.push(`opaque="${quote(p.opaque)}"`);
    return `Digest ${fields.join(', ')}`;
  }
}

function quote(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
