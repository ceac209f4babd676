import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/harvest/fetch/fetch-error.js';
import { fetchDocument } from '../../../src/harvest/fetch/fetcher.js';
import type { HostResolver, ResolvedAddress } from '../../../src/harvest/fetch/guarded-lookup.js';
import { guardedTestServers } from './support/guarded-test-servers.js';
import { testPolicy } from './support/test-server.js';

// Every refusal below must happen before a connection is attempted: the tripwire records every
// connect() (and blocks anything but loopback, so a bug here can never send traffic elsewhere).
const guarded = guardedTestServers();
const { serve } = guarded;

function resolverFor(table: Record<string, readonly string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<readonly ResolvedAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

async function refusal(url: string, options: { allowedHosts?: string[]; resolve?: HostResolver } = {}): Promise<FetchError> {
  const error: unknown = await fetchDocument({ url, accept: 'text/turtle' }, testPolicy({ allowedHosts: options.allowedHosts ?? [] }), {
    ...(options.resolve === undefined ? {} : { resolve: options.resolve }),
  }).then(
    (outcome) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('IP literals are refused before connecting', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://127.8.9.10:8080/', '127.8.9.10, a loopback address (127.0.0.0/8)'],
    ['http://[::1]/', '::1, a loopback address (::1/128)'],
    ['http://10.0.0.1/', '10.0.0.1, a private address (10.0.0.0/8)'],
    ['http://172.16.5.4/', '172.16.5.4, a private address (172.16.0.0/12)'],
    ['http://192.168.1.1/', '192.168.1.1, a private address (192.168.0.0/16)'],
    ['http://[fc00::1]/', 'fc00::1, a private address (fc00::/7)'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254, a private address (fc00::/7)'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254, a link-local address, the cloud metadata service (169.254.0.0/16)'],
    ['http://[fe80::1]/', 'fe80::1, a link-local address (fe80::/10)'],
    ['http://0.0.0.0/', '0.0.0.0, an unspecified ("this network") address (0.0.0.0/8)'],
    ['http://[::]/', '::, an unspecified ("this network") address (::/128)'],
    ['http://100.64.0.1/', '100.64.0.1, a carrier-grade NAT (shared) address (100.64.0.0/10)'],
    ['http://224.0.0.1/', '224.0.0.1, a multicast address (224.0.0.0/4)'],
    ['http://[ff02::1]/', 'ff02::1, a multicast address (ff00::/8)'],
    ['http://255.255.255.255/', '255.255.255.255, the broadcast address (255.255.255.255/32)'],
    ['http://240.0.0.1/', '240.0.0.1, a reserved address (240.0.0.0/4)'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1, the IPv4-mapped form of 127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe, the IPv4-mapped form of 169.254.169.254, a link-local address (169.254.0.0/16)'],
    ['http://[64:ff9b::10.0.0.1]/', '64:ff9b::a00:1, the NAT64 form of 10.0.0.1, a private address (10.0.0.0/8)'],
    ['http://[64:ff9b:1::a00:1]/', '64:ff9b:1::a00:1, a reserved address (64:ff9b:1::/48)'],
    ['http://[2002:7f00:1::1]/', '2002:7f00:1::1, the 6to4 form of 127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://2130706433/', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://0x7f.1/', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://017700000001/', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://0x7f000001/', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['http://169.254.43518/', '169.254.169.254, a link-local address, the cloud metadata service (169.254.0.0/16)'],
    ['https://0/', '0.0.0.0, an unspecified ("this network") address (0.0.0.0/8)'],
  ])('%s', async (url, description) => {
    const error = await refusal(url);
    expect(error.reason).toBe('forbidden-address');
    expect(error.message).toContain(`its host is ${description}.`);
    expect(error.message).toContain('Add the host to the allowed hosts');
    expect(guarded.tripwire().attempts).toEqual([]);
  });

  it('refuses a loopback server that is really there, without connecting to it', async () => {
    const server = await serve((_req, res) => res.end('internal secrets'));
    const error = await refusal(`${server.origin}/admin`);
    expect(error.reason).toBe('forbidden-address');
    expect(server.connections).toBe(0);
  });

  it('refuses zone ids (the URL parser rejects them)', async () => {
    const error = await refusal('http://[fe80::1%25eth0]/');
    expect(error.reason).toBe('invalid-url');
  });

  it('refuses hosts that end in a number but are not IPv4', async () => {
    expect((await refusal('http://1.2.3.4.5/')).reason).toBe('invalid-url');
    expect((await refusal('http://256.0.0.1/')).reason).toBe('invalid-url');
  });
});

describe('localhost names are refused by name', () => {
  it.each(['http://localhost/', 'http://LOCALHOST:8080/', 'http://localhost./', 'http://api.localhost/'])('%s', async (url) => {
    const resolve = resolverFor({});
    const error = await refusal(url, { resolve });
    expect(error.reason).toBe('forbidden-address');
    expect(error.message).toMatch(/is a loopback name/);
    expect(resolve.calls).toEqual([]);
    expect(guarded.tripwire().attempts).toEqual([]);
  });
});

describe('names are judged by the addresses they resolve to', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1, a private address (10.0.0.0/8)'],
    ['127.0.0.1', '127.0.0.1, a loopback address (127.0.0.0/8)'],
    ['169.254.169.254', '169.254.169.254, a link-local address, the cloud metadata service (169.254.0.0/16)'],
    ['::1', '::1, a loopback address (::1/128)'],
    ['::ffff:10.1.2.3', '::ffff:a01:203, the IPv4-mapped form of 10.1.2.3, a private address (10.0.0.0/8)'],
    ['fd00::5', 'fd00::5, a private address (fc00::/7)'],
    ['100.100.100.200', '100.100.100.200, a carrier-grade NAT (shared) address (100.64.0.0/10)'],
  ])('evil.example → %s is refused', async (address, description) => {
    const resolve = resolverFor({ 'evil.example': [address] });
    const error = await refusal('http://evil.example/catalog.ttl', { resolve });
    expect(error.reason).toBe('forbidden-address');
    expect(error.message).toBe(
      `Refused to fetch http://evil.example/catalog.ttl: host evil.example resolves to ${description}. Add the host to the allowed hosts to harvest from it.`,
    );
    expect(resolve.calls).toEqual(['evil.example']);
    expect(guarded.tripwire().blocked).toEqual([]);
  });

  it('refuses a name with ANY non-public address among public ones', async () => {
    const resolve = resolverFor({ 'mixed.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '10.0.0.7'] });
    const error = await refusal('https://mixed.example/', { resolve });
    expect(error.reason).toBe('forbidden-address');
    expect(error.message).toContain('10.0.0.7, a private address');
    expect(guarded.tripwire().blocked).toEqual([]); // nothing was connected, not even the public addresses
  });

  it('reports names that do not resolve', async () => {
    const error = await refusal('http://nowhere.example/', { resolve: resolverFor({}) });
    expect(error).toMatchObject({ reason: 'dns', message: 'Could not resolve host nowhere.example (ENOTFOUND) for http://nowhere.example/.' });
  });

  it('resolves once per connection and connects to exactly the checked address (no DNS rebinding window)', async () => {
    // A rebinding resolver: a harmless answer the first time, loopback ever after. A fetcher that
    // resolved once to check and again to connect would end up at the loopback server.
    const server = await serve((_req, res) => res.end('internal secrets'));
    const calls: string[] = [];
    const rebinding: HostResolver = async (hostname) => {
      calls.push(hostname);
      return [{ address: calls.length === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    };
    const error = await refusal(`http://rebind.example:${server.port}/`, { resolve: rebinding });
    expect(calls).toEqual(['rebind.example']);
    expect(server.connections).toBe(0);
    // The only connection ever attempted went to the checked public address (which the test
    // tripwire then stopped, as it stops anything that leaves this machine).
    expect(guarded.tripwire().blocked).toEqual(['93.184.215.14']);
    expect(error.reason).toBe('network');
    guarded.tripwire().reset();
  });
});

describe('allowed hosts are exempt', () => {
  it('fetches from an allowed host:port even on loopback', async () => {
    const server = await serve((_req, res) => res.end('harvest me'));
    const outcome = await fetchDocument({ url: `${server.origin}/c.ttl`, accept: '*/*' }, testPolicy({ allowedHosts: [server.hostPort] }));
    expect(outcome).toMatchObject({ kind: 'ok', body: Buffer.from('harvest me') });
  });

  it('fetches from an allowed host on any port when the entry has none', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const outcome = await fetchDocument({ url: `${server.origin}/`, accept: '*/*' }, testPolicy({ allowedHosts: ['127.0.0.1'] }));
    expect(outcome.kind).toBe('ok');
  });

  it('does not exempt another port of an allowed host', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const error = await refusal(`${server.origin}/`, { allowedHosts: [`127.0.0.1:${server.port === 1 ? 2 : 1}`] });
    expect(error.reason).toBe('forbidden-address');
    expect(server.connections).toBe(0);
  });

  it('lets an allowed name resolve to a private address, and connects to the address it resolved', async () => {
    const server = await serve((_req, res) => res.end('internal catalog'));
    const resolve = resolverFor({ 'catalog.internal': ['127.0.0.1'] });
    const outcome = await fetchDocument({ url: `http://catalog.internal:${server.port}/`, accept: '*/*' }, testPolicy({ allowedHosts: ['catalog.internal'] }), { resolve });
    expect(outcome).toMatchObject({ kind: 'ok', body: Buffer.from('internal catalog') });
    expect(server.requests[0]?.host).toBe(`catalog.internal:${server.port}`);
    expect(resolve.calls).toEqual(['catalog.internal']);
  });

  it('exempts localhost only when listed', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const resolve = resolverFor({ localhost: ['127.0.0.1'] });
    const outcome = await fetchDocument({ url: `http://localhost:${server.port}/`, accept: '*/*' }, testPolicy({ allowedHosts: [`localhost:${server.port}`] }), { resolve });
    expect(outcome.kind).toBe('ok');
  });
});

describe('redirects are checked hop by hop', () => {
  it('refuses a redirect from an allowed host to the metadata service', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end());
    const error = await refusal(`${server.origin}/`, { allowedHosts: [server.hostPort] });
    expect(error).toMatchObject({ reason: 'forbidden-address', url: 'http://169.254.169.254/latest/meta-data/iam/' });
    expect(guarded.tripwire().attempts).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('refuses a redirect to another (not allowed) port on loopback', async () => {
    const internal = await serve((_req, res) => res.end('internal secrets'));
    const server = await serve((_req, res) => res.writeHead(307, { location: `${internal.origin}/admin` }).end());
    const error = await refusal(`${server.origin}/`, { allowedHosts: [server.hostPort] });
    expect(error.reason).toBe('forbidden-address');
    expect(internal.connections).toBe(0);
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const server = await serve((_req, res) => res.writeHead(301, { location: 'http://evil.example/' }).end());
    const resolve = resolverFor({ 'evil.example': ['192.168.0.10'] });
    const error = await refusal(`${server.origin}/`, { allowedHosts: [server.hostPort], resolve });
    expect(error.message).toContain('host evil.example resolves to 192.168.0.10, a private address');
  });

  it('refuses a redirect to an odd IPv4 notation of loopback', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: 'http://0x7f.1/' }).end());
    const error = await refusal(`${server.origin}/`, { allowedHosts: [server.hostPort] });
    expect(error).toMatchObject({ reason: 'forbidden-address', url: 'http://127.0.0.1/' });
  });
});
