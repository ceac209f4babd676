import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/harvest/fetch/fetch-error.js';
import { guardedLookup, type HostResolver } from '../../../src/harvest/fetch/guarded-lookup.js';

/** Calls a lookup the way net.connect does, with or without `all`. */
function lookup(fn: LookupFunction, hostname: string, options: { all?: boolean; family?: number } = {}): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => {
    fn(hostname, options, (err, address, family) => (err ? reject(err) : resolve(family === undefined ? { address } : { address, family })));
  });
}

const resolver =
  (answers: Record<string, string[]>): HostResolver =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const url = 'https://catalog.example/c.ttl';

describe('guardedLookup', () => {
  const answers = { 'catalog.example': ['2606:4700::6810:84e5', '104.16.132.229'] };

  it('hands every checked address to the socket when asked for all (happy eyeballs)', async () => {
    const fn = guardedLookup({ resolve: resolver(answers), url, exempt: false });
    expect(await lookup(fn, 'catalog.example', { all: true })).toEqual({
      address: [
        { address: '2606:4700::6810:84e5', family: 6 },
        { address: '104.16.132.229', family: 4 },
      ],
      family: undefined,
    });
  });

  it('hands the first address when asked for one, honouring the family', async () => {
    const fn = guardedLookup({ resolve: resolver(answers), url, exempt: false });
    expect(await lookup(fn, 'catalog.example')).toEqual({ address: '2606:4700::6810:84e5', family: 6 });
    expect(await lookup(fn, 'catalog.example', { family: 4 })).toEqual({ address: '104.16.132.229', family: 4 });
  });

  it('refuses the whole name when any address is not public', async () => {
    const fn = guardedLookup({ resolve: resolver({ 'mixed.example': ['104.16.132.229', '::1'] }), url, exempt: false });
    const error = await lookup(fn, 'mixed.example', { all: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ reason: 'forbidden-address', url });
    expect((error as Error).message).toContain('host mixed.example resolves to ::1, a loopback address (::1/128)');
  });

  it('lets an exempt (allowed) host resolve anywhere', async () => {
    const fn = guardedLookup({ resolve: resolver({ 'intranet.example': ['10.1.2.3'] }), url, exempt: true });
    expect(await lookup(fn, 'intranet.example')).toEqual({ address: '10.1.2.3', family: 4 });
  });

  it('reports resolver failures and empty or nonsensical answers as dns problems', async () => {
    const failing: HostResolver = async () => {
      throw Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' });
    };
    await expect(lookup(guardedLookup({ resolve: failing, url, exempt: false }), 'x.example')).rejects.toMatchObject({
      reason: 'dns',
      message: `Could not resolve host x.example (ETIMEOUT) for ${url}.`,
    });
    await expect(lookup(guardedLookup({ resolve: resolver({}), url, exempt: false }), 'x.example')).rejects.toMatchObject({ reason: 'dns' });
    await expect(lookup(guardedLookup({ resolve: resolver({ 'x.example': ['not-an-ip'] }), url, exempt: true }), 'x.example')).rejects.toMatchObject({ reason: 'dns' });
  });

  it('reports a name without an address of the requested family', async () => {
    const fn = guardedLookup({ resolve: resolver({ 'v4only.example': ['104.16.132.229'] }), url, exempt: false });
    await expect(lookup(fn, 'v4only.example', { family: 6 })).rejects.toMatchObject({ reason: 'dns', message: `Host v4only.example has no IPv6 address, for ${url}.` });
  });
});
