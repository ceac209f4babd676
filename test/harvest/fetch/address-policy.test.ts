import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  classifyHost,
  describeAddress,
  formatIpv6,
  parseIpv4,
  parseIpv6,
  type AddressCategory,
} from '../../../src/harvest/fetch/address-policy.js';
import { effectivePort, isHostAllowed, parseAllowedHost } from '../../../src/harvest/fetch/allowed-hosts.js';

function category(address: string): AddressCategory | undefined {
  return classifyAddress(address)?.category;
}

describe('IPv4 classification', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ] as const)('%s is %s', (address, expected) => {
    expect(category(address)).toBe(expected);
  });

  it.each(['1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '169.253.255.255', '192.167.255.255', '198.17.255.255', '223.255.255.255', '151.101.1.1'])(
    '%s is public (the edges of the special blocks are outside them)',
    (address) => {
      expect(category(address)).toBe('public');
    },
  );

  it('names the block that decided', () => {
    expect(classifyAddress('172.20.1.1')).toMatchObject({ version: 4, block: '172.16.0.0/12', address: '172.20.1.1' });
    expect(classifyAddress('255.255.255.255')?.block).toBe('255.255.255.255/32'); // the longest prefix wins over 240/4
  });
});

describe('IPv4 notations (WHATWG URL host parser)', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7F.0.0.1', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['10.1', '10.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['169.254.43518', '169.254.169.254'],
    ['127.0.0.1.', '127.0.0.1'],
  ])('%s is %s', (text, dotted) => {
    const value = parseIpv4(text);
    expect(value).not.toBeNull();
    expect(classifyAddress(text)?.address).toBe(dotted);
  });

  it('agrees with the URL parser on every notation', () => {
    for (const host of ['2130706433', '0x7f.1', '017700000001', '127.1', '0177.0.0.1', '169.254.43518']) {
      const viaUrl = new URL(`http://${host}/`).hostname;
      expect(classifyAddress(host)?.address).toBe(viaUrl);
    }
  });

  it.each(['256.1.1.1', '1.2.3.4.5', '1.2.3.256', '4294967296', '08.1.1.1', '0x1g.1', '1..1', '', '1.2.3.4..'])('%s is not IPv4', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe('IPv6 parsing', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'], // the longest zero run is compressed
    ['1:0:0:2:3:4:5:6', '1::2:3:4:5:6'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'], // a single zero group is not compressed
    ['::ffff:127.0.0.1', '::ffff:7f00:1'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['[::1]', '::1'],
  ])('%s reads as %s', (text, canonical) => {
    const parsed = parseIpv6(text);
    expect(parsed).not.toBeNull();
    expect(formatIpv6(parsed!.value)).toBe(canonical);
  });

  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', ':::', ':1::', '1::2:', '12345::', '::g', '1:2:3:4:5:6:7:1.2.3.4', '::01.2.3.4', '::1.2.3', '::256.1.1.1', 'fe80::1%', '1:2:3:4:5:6:7:8::', ''])(
    '%s is not IPv6',
    (text) => {
      expect(parseIpv6(text)).toBeNull();
    },
  );

  it('keeps a zone id apart from the address', () => {
    expect(parseIpv6('fe80::1%eth0')).toEqual({ value: parseIpv6('fe80::1')!.value, zone: 'eth0' });
  });
});

describe('IPv6 classification', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::2', 'reserved'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'], // Teredo
    ['2001:2::1', 'reserved'], // benchmarking, inside the IETF block 2001::/23
    ['100::1', 'reserved'], // discard-only
    ['64:ff9b:1::a00:1', 'reserved'], // local-use NAT64
    ['5f00::1', 'reserved'],
    ['4000::1', 'reserved'], // unallocated, outside 2000::/3
    ['e000::1', 'reserved'],
  ] as const)('%s is %s', (address, expected) => {
    expect(category(address)).toBe(expected);
  });

  it.each(['2001:4860:4860::8888', '2606:4700:4700::1111', '2a00:1450:400f:80d::200e', '2001:200::1', '3ffe::1'])('%s is public', (address) => {
    expect(category(address)).toBe('public');
  });

  describe('forms that embed an IPv4 address are judged by that address', () => {
    it.each([
      ['::ffff:127.0.0.1', 'loopback', 'IPv4-mapped'],
      ['::ffff:7f00:1', 'loopback', 'IPv4-mapped'],
      ['::ffff:10.0.0.1', 'private', 'IPv4-mapped'],
      ['::ffff:169.254.169.254', 'link-local', 'IPv4-mapped'],
      ['::ffff:0:127.0.0.1', 'loopback', 'IPv4-translated'],
      ['64:ff9b::127.0.0.1', 'loopback', 'NAT64'],
      ['64:ff9b::a9fe:a9fe', 'link-local', 'NAT64'],
      ['2002:7f00:1::', 'loopback', '6to4'],
      ['2002:c0a8:101::1', 'private', '6to4'],
      ['::ffff:8.8.8.8', 'public', 'IPv4-mapped'],
      ['64:ff9b::8.8.8.8', 'public', 'NAT64'],
      ['2002:808:808::1', 'public', '6to4'],
    ] as const)('%s is %s (%s)', (address, expected, form) => {
      const c = classifyAddress(address)!;
      expect(c.category).toBe(expected);
      expect(c.embedded?.form).toBe(form);
    });

    it('refuses the deprecated IPv4-compatible form whatever it embeds', () => {
      expect(classifyAddress('::8.8.8.8')).toMatchObject({ category: 'reserved', embedded: { form: 'IPv4-compatible' } });
      expect(classifyAddress('::127.0.0.1')?.category).toBe('reserved');
    });
  });

  it('never treats an address with a zone id as public', () => {
    expect(classifyAddress('fe80::1%eth0')).toMatchObject({ category: 'link-local', zone: 'eth0' });
    expect(classifyAddress('2001:4860::1%eth0')).toMatchObject({ category: 'link-local', zone: 'eth0' });
  });
});

describe('describeAddress', () => {
  it('says what the address is and which block decided', () => {
    expect(describeAddress(classifyAddress('10.1.2.3')!)).toBe('10.1.2.3, a private address (10.0.0.0/8)');
    expect(describeAddress(classifyAddress('169.254.169.254')!)).toBe('169.254.169.254, a link-local address, the cloud metadata service (169.254.0.0/16)');
  });

  it('explains embedded forms', () => {
    expect(describeAddress(classifyAddress('::ffff:127.0.0.1')!)).toBe('::ffff:7f00:1, the IPv4-mapped form of 127.0.0.1, a loopback address (127.0.0.0/8)');
    expect(describeAddress(classifyAddress('::127.0.0.1')!)).toBe('::7f00:1, a reserved address (::/96) (the IPv4-compatible form of 127.0.0.1)');
  });

  it('mentions zone ids', () => {
    expect(describeAddress(classifyAddress('fe80::1%eth0')!)).toBe('fe80::1%eth0, a link-local address scoped to an interface (fe80::/10)');
  });
});

describe('classifyHost', () => {
  it('classifies IP literals in any notation, as URL.hostname gives them or raw', () => {
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '017700000001', '[::1]', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]']) {
      const verdict = classifyHost(host);
      expect(verdict.kind, host).toBe('ip');
      if (verdict.kind === 'ip') expect(verdict.classification.category, host).toBe('loopback');
    }
  });

  it('treats localhost names as loopback by name (RFC 6761)', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'a.b.localhost.']) expect(classifyHost(host).kind, host).toBe('localhost');
  });

  it('leaves other names to resolution', () => {
    for (const host of ['data.norge.no', 'localhost.example.org', 'mylocalhost', 'x1', '1x.example', 'example.0x']) {
      expect(classifyHost(host).kind, host).toBe(host === 'example.0x' ? 'invalid' : 'name');
    }
  });

  it('refuses hosts that end in a number but are not valid IPv4', () => {
    for (const host of ['256.1.1.1', '1.2.3.4.5', 'example.123', '08.1.1.1']) expect(classifyHost(host).kind, host).toBe('invalid');
    expect(classifyHost('[::g]').kind).toBe('invalid');
  });
});

describe('allowed hosts', () => {
  it('parses host, host:port and IPv6 entries, normalised as URL hosts', () => {
    expect(parseAllowedHost('Catalog.Example.')).toEqual({ host: 'catalog.example' });
    expect(parseAllowedHost('catalog.example:8443')).toEqual({ host: 'catalog.example', port: 8443 });
    expect(parseAllowedHost('127.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseAllowedHost('[::1]:8080')).toEqual({ host: '[::1]', port: 8080 });
    expect(parseAllowedHost('[::1]')).toEqual({ host: '[::1]' });
    expect(parseAllowedHost('::1')).toEqual({ host: '[::1]' });
    expect(parseAllowedHost('catalog.example:80')).toEqual({ host: 'catalog.example', port: 80 }); // the default port is kept
  });

  it('rejects entries that are not hosts', () => {
    for (const entry of ['', 'http://x/', 'a b', 'x:99999', 'x:0', 'user@x', 'x/path', '[::g]']) {
      expect(() => parseAllowedHost(entry), entry).toThrow(RangeError);
    }
  });

  it('matches the exact host, on any port or on the one given', () => {
    const allowed = ['catalog.example', '127.0.0.1:8080', '[::1]:443'].map(parseAllowedHost);
    expect(isHostAllowed(new URL('https://catalog.example/x'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://catalog.example:9999/x'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://catalog.example./x'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://sub.catalog.example/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('http://127.0.0.1:8080/'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://2130706433:8080/'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://127.0.0.1:8081/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('http://127.0.0.1/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('https://[::1]/'), allowed)).toBe(true); // 443 is https' default port
    expect(isHostAllowed(new URL('http://[::1]/'), allowed)).toBe(false);
  });

  it('knows default ports', () => {
    expect(effectivePort(new URL('http://x/'))).toBe(80);
    expect(effectivePort(new URL('https://x/'))).toBe(443);
    expect(effectivePort(new URL('https://x:8443/'))).toBe(8443);
  });
});
