import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpAuthenticator, parseChallenges } from '../../../src/sparql/remote/http-auth.js';

describe('answering HTTP authentication challenges', () => {
  it("reads Virtuoso's Digest challenge and a Basic one in the same header", () => {
    const header =
      'Digest realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="8fa7f6949041ac3c4ffc397c8d3ed441", opaque="5ebe2294ecd0e0f08eab7690d2a6ee69", stale="false", qop="auth", algorithm="MD5", Basic realm="x \\"y\\""';
    expect(parseChallenges(header)).toEqual([
      {
        scheme: 'digest',
        params: { realm: 'SPARQL', domain: '/sparql-graph-crud-auth', nonce: '8fa7f6949041ac3c4ffc397c8d3ed441', opaque: '5ebe2294ecd0e0f08eab7690d2a6ee69', stale: 'false', qop: 'auth', algorithm: 'MD5' },
      },
      { scheme: 'basic', params: { realm: 'x "y"' } },
    ]);
  });

  it('computes the Digest response of RFC 2617 §3.5 (qop=auth, MD5)', () => {
    const auth = new HttpAuthenticator({ user: 'Mufasa', password: 'Circle Of Life' });
    expect(auth.accept('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')).toBe(true);
    const header = auth.authorization('GET', new URL('http://www.nowhere.org/dir/index.html'))!;
    const fields = Object.fromEntries([...header.slice('Digest '.length).matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)].map((m) => [m[1], m[3] ?? m[2]]));
    expect(fields).toMatchObject({ username: 'Mufasa', realm: 'testrealm@host.com', uri: '/dir/index.html', qop: 'auth', nc: '00000001', opaque: '5ccc069c403ebaf9f0171e9517f40e41' });
    // The RFC's response for its cnonce "0a4f113b"; ours draws a random cnonce, so recompute with it.
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    const ha2 = md5('GET:/dir/index.html');
    expect(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:${ha2}`)).toBe('6629fae49393a05397450978507c4ef1');
    expect(fields.response).toBe(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:${fields.cnonce}:auth:${ha2}`));
    // The next request counts the nonce on.
    expect(auth.authorization('GET', new URL('http://www.nowhere.org/dir/index.html'))).toMatch(/nc=00000002/);
  });

  it('answers Basic when that is all the server asks for, and nothing it does not know', () => {
    const auth = new HttpAuthenticator({ user: 'dba', password: 'æøå:1' });
    expect(auth.authorization('GET', new URL('http://h/'))).toBeUndefined();
    expect(auth.accept('Negotiate')).toBe(false);
    expect(auth.accept('Basic realm="SPARQL"')).toBe(true);
    expect(auth.authorization('GET', new URL('http://h/'))).toBe(`Basic ${Buffer.from('dba:æøå:1').toString('base64')}`);
  });
});
