import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchDocument, type FetchOutcome, type FetchPolicy } from '../../../src/harvest/fetch/fetcher.js';
import { installTripwire, type Tripwire } from './support/loopback-tripwire.js';
import { fetchFailure } from './support/guarded-test-servers.js';
import { startHttpServer, testPolicy, type TestServer } from './support/test-server.js';

let tripwire: Tripwire;
let server: TestServer;
/** Path → [status, Location]; anything else answers 200 with its path. */
let routes: Record<string, [number, string | undefined]> = {};

beforeAll(async () => {
  tripwire = installTripwire();
  server = await startHttpServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route === undefined) {
      res.end(`document at ${req.url}`);
      return;
    }
    const [status, location] = route;
    res.writeHead(status, location === undefined ? {} : { location });
    res.end('moved');
  });
});
afterAll(async () => {
  await server.close();
  tripwire.uninstall();
});
afterEach(() => {
  routes = {};
  const blocked = [...tripwire.blocked];
  tripwire.reset();
  expect(blocked, 'connections the tripwire had to stop').toEqual([]);
});

function fetchPath(path: string, overrides: Partial<FetchPolicy> = {}, request: { etag?: string } = {}): Promise<FetchOutcome> {
  return fetchDocument({ url: `${server.origin}${path}`, accept: 'text/turtle', ...request }, testPolicy({ allowedHosts: [server.hostPort], ...overrides }));
}

const failure = fetchFailure;

describe('following redirects', () => {
  it.each([301, 302, 303, 307, 308])('follows %i and reports the final URL', async (status) => {
    routes = { '/old': [status, '/new'] };
    const outcome = await fetchPath('/old');
    expect(outcome).toMatchObject({ kind: 'ok', url: `${server.origin}/new`, body: Buffer.from('document at /new') });
    expect(server.paths.slice(-2)).toEqual(['/old', '/new']);
  });

  it('follows a chain, resolving relative and absolute Locations', async () => {
    routes = { '/a/start': [301, 'next'], '/a/next': [302, '../b/then?x=1'], '/b/then?x=1': [307, `${server.origin}/final`] };
    const outcome = await fetchPath('/a/start');
    expect(outcome).toMatchObject({ kind: 'ok', url: `${server.origin}/final` });
  });

  it('sends the conditional headers on every hop and reports not-modified at the final URL', async () => {
    const conditional = await startHttpServer((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else res.writeHead(req.headers['if-none-match'] === '"e"' ? 304 : 200).end();
    });
    try {
      const outcome = await fetchDocument({ url: `${conditional.origin}/old`, accept: '*/*', etag: '"e"' }, testPolicy({ allowedHosts: [conditional.hostPort] }));
      expect(outcome).toEqual({ kind: 'not-modified', url: `${conditional.origin}/new` });
    } finally {
      await conditional.close();
    }
  });

  it('closes each redirect response (one connection per hop, none left open)', async () => {
    routes = { '/1': [302, '/2'], '/2': [302, '/3'] };
    const before = server.connections;
    await fetchPath('/1');
    expect(server.connections - before).toBe(3);
    await server.waitForClosed(server.connections);
  });
});

describe('redirect limits and loops', () => {
  it('detects a loop and shows it', async () => {
    routes = { '/a': [302, '/b'], '/b': [302, '/a'] };
    const error = await failure(fetchPath('/a'));
    expect(error.reason).toBe('redirect-loop');
    expect(error.message).toBe(`Redirect loop: ${server.origin}/a → ${server.origin}/b → ${server.origin}/a.`);
    expect(error.redirects).toEqual([`${server.origin}/a`, `${server.origin}/b`, `${server.origin}/a`]);
  });

  it('detects a page that redirects to itself', async () => {
    routes = { '/self': [301, '/self#top'] };
    const error = await failure(fetchPath('/self'));
    expect(error.message).toBe(`Redirect loop: ${server.origin}/self → ${server.origin}/self.`);
  });

  it('stops after maxRedirects', async () => {
    routes = { '/1': [302, '/2'], '/2': [302, '/3'], '/3': [302, '/4'] };
    const error = await failure(fetchPath('/1', { maxRedirects: 2 }));
    expect(error).toMatchObject({ reason: 'too-many-redirects', limit: 2 });
    expect(error.message).toBe(`More than 2 redirects: ${server.origin}/1 → ${server.origin}/2 → ${server.origin}/3 → ${server.origin}/4.`);
    expect(server.paths.filter((p) => p === '/4')).toEqual([]);
  });

  it('follows exactly maxRedirects', async () => {
    routes = { '/1': [302, '/2'], '/2': [302, '/3'] };
    expect(await fetchPath('/1', { maxRedirects: 2 })).toMatchObject({ kind: 'ok', url: `${server.origin}/3` });
  });

  it('follows none with maxRedirects 0', async () => {
    routes = { '/1': [301, '/2'] };
    const error = await failure(fetchPath('/1', { maxRedirects: 0 }));
    expect(error.message).toBe(`More than 0 redirects: ${server.origin}/1 → ${server.origin}/2.`);
  });
});

describe('bad redirects', () => {
  it.each(['file:///etc/passwd', 'ftp://example.org/x', 'data:text/plain,hi', 'gopher://example.org/', 'javascript:alert(1)'])('refuses a redirect to %s', async (location) => {
    routes = { '/go': [302, location] };
    const error = await failure(fetchPath('/go'));
    expect(error.reason).toBe('unsupported-scheme');
    expect(error.url).toBe(`${server.origin}/go`);
    expect(error.message).toMatch(new RegExp(`^Refused the redirect from ${server.origin.replace(/\./g, '\\.')}/go to .+: only http and https URLs are fetched, not "[a-z]+:"\\.$`));
  });

  it('refuses a redirect without a Location', async () => {
    routes = { '/nowhere': [302, undefined] };
    const error = await failure(fetchPath('/nowhere'));
    expect(error).toMatchObject({ reason: 'bad-redirect', status: 302 });
    expect(error.message).toBe(`HTTP 302 from ${server.origin}/nowhere redirects without a Location header.`);
  });

  it('refuses a redirect to something that is not a URL', async () => {
    routes = { '/broken': [301, 'http://[::g]/'] };
    const error = await failure(fetchPath('/broken'));
    expect(error.reason).toBe('bad-redirect');
    expect(error.message).toBe(`${server.origin}/broken redirects to "http://[::g]/", which is not a valid URL.`);
  });

  it('refuses a redirect to a URL with credentials', async () => {
    routes = { '/cred': [301, 'https://admin:hunter2@catalog.example/'] };
    const error = await failure(fetchPath('/cred'));
    expect(error.reason).toBe('credentials-in-url');
  });

  it('refuses a redirect to a URL longer than 2 048 bytes, naming its length, and follows one of 2 048', async () => {
    const long = `/${'a'.repeat(2047 - server.origin.length)}`; // with the origin, 2 048 bytes
    routes = { '/too-long': [301, `${long}b`], '/just-fits': [301, long] };
    const error = await failure(fetchPath('/too-long'));
    expect(error).toMatchObject({ reason: 'url-too-long', url: `${server.origin}/too-long` });
    expect(error.message).toMatch(/^Refused the redirect from .*: the URL is 2049 bytes long, and the catalog fetches URLs of at most 2048 bytes/);
    expect((await fetchPath('/just-fits')).url).toBe(`${server.origin}${long}`);
  });

  it('treats 300 Multiple Choices as an error, not a redirect', async () => {
    routes = { '/multi': [300, '/elsewhere'] };
    const error = await failure(fetchPath('/multi'));
    expect(error).toMatchObject({ reason: 'http-status', status: 300 });
  });
});
