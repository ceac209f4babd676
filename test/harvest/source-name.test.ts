import { describe, expect, it } from 'vitest';
import { sourceNameOf } from '../../src/harvest/source-read.js';

describe('the name a source is given in what the catalog generates for it', () => {
  it('is its name, else its URL, and a local file only by its file name, never its path on this machine', () => {
    expect(sourceNameOf({ name: 'Kartverket — datasett', url: 'https://kartverket.no/katalog.ttl' })).toBe('Kartverket — datasett');
    expect(sourceNameOf({ url: 'https://kartverket.no/katalog.ttl' })).toBe('https://kartverket.no/katalog.ttl');
    expect(sourceNameOf({ name: '  ', url: 'HTTP://kartverket.no/k.ttl' })).toBe('HTTP://kartverket.no/k.ttl');
    expect(sourceNameOf({ url: '/srv/agency/export/katalog.ttl' })).toBe('katalog.ttl');
  });
});
