import { describe, expect, it } from 'vitest';
import { negotiate, parseAccept } from '../../src/core/content-negotiation.js';

const RDF = ['text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples'];

describe('negotiate (RFC 9110 §12.5.1)', () => {
  it('gives the first offer when there is no Accept header or an empty one', () => {
    expect(negotiate(undefined, RDF)).toBe('text/turtle');
    expect(negotiate('', RDF)).toBe('text/turtle');
    expect(negotiate('  ', RDF)).toBe('text/turtle');
  });

  it('picks the exact type asked for, whatever its case and parameters', () => {
    expect(negotiate('application/ld+json', RDF)).toBe('application/ld+json');
    expect(negotiate('Application/RDF+XML', RDF)).toBe('application/rdf+xml');
    expect(negotiate('application/n-triples; charset=utf-8', ['application/n-triples; charset=utf-8'])).toBe('application/n-triples; charset=utf-8');
  });

  it('weighs by q', () => {
    expect(negotiate('text/turtle;q=0.5, application/ld+json;q=0.9', RDF)).toBe('application/ld+json');
    expect(negotiate('text/turtle; q=0.5, application/ld+json', RDF)).toBe('application/ld+json');
    expect(negotiate('application/ld+json;q=0.001, text/turtle;q=0.002', RDF)).toBe('text/turtle');
  });

  it('treats q=0 as "not acceptable"', () => {
    expect(negotiate('text/turtle;q=0', ['text/turtle'])).toBeUndefined();
    expect(negotiate('*/*, text/turtle;q=0', RDF)).toBe('application/ld+json');
  });

  it('lets the most specific range decide, even when a wildcard has a higher q', () => {
    expect(negotiate('text/*;q=1, text/turtle;q=0.2, application/ld+json;q=0.5', RDF)).toBe('application/ld+json');
    expect(negotiate('*/*;q=0.9, application/*;q=0.1', RDF)).toBe('text/turtle');
  });

  it('matches wildcards', () => {
    expect(negotiate('application/*', RDF)).toBe('application/ld+json');
    expect(negotiate('*/*', RDF)).toBe('text/turtle');
    expect(negotiate('image/*', RDF)).toBeUndefined();
  });

  it('breaks ties by specificity, then by the client’s order, then by the server’s', () => {
    expect(negotiate('*/*, application/rdf+xml', RDF)).toBe('application/rdf+xml');
    expect(negotiate('application/rdf+xml, application/ld+json', RDF)).toBe('application/rdf+xml');
    expect(negotiate('application/ld+json, application/rdf+xml', RDF)).toBe('application/ld+json');
    expect(negotiate('application/*', ['application/rdf+xml', 'application/ld+json'])).toBe('application/rdf+xml');
  });

  it('answers a browser with what it asks for', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    expect(negotiate(browser, ['text/turtle', 'text/html'])).toBe('text/html');
    expect(negotiate(browser, RDF)).toBe('text/turtle');
  });

  it('requires the parameters a range names', () => {
    const offers = ['application/ld+json', 'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"'];
    expect(negotiate('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', offers)).toBe(offers[1]);
    expect(negotiate('application/ld+json;profile="http://www.w3.org/ns/json-ld#flattened"', offers)).toBeUndefined();
  });

  it('ignores malformed ranges and keeps the good ones', () => {
    expect(negotiate('garbage, text/turtle', RDF)).toBe('text/turtle');
    expect(negotiate('*/turtle, application/ld+json', RDF)).toBe('application/ld+json');
    expect(negotiate('text/turtle;q=2, application/ld+json', RDF)).toBe('application/ld+json');
    expect(negotiate('text/turtle;q=abc', RDF)).toBeUndefined();
    expect(negotiate(',,,', RDF)).toBeUndefined();
  });

  it('does not split on commas inside quoted parameters', () => {
    const ranges = parseAccept('application/ld+json;profile="a,b";q=0.5, text/turtle');
    expect(ranges.map((r) => [r.type, r.subtype, r.params.get('profile'), r.q])).toEqual([
      ['application', 'ld+json', 'a,b', 0.5],
      ['text', 'turtle', undefined, 1],
    ]);
  });

  it('takes parameters after q as extensions, not as part of the media type', () => {
    expect(negotiate('text/turtle;q=0.5;foo=bar', ['text/turtle'])).toBe('text/turtle');
  });

  it('returns undefined when nothing is offered', () => {
    expect(negotiate('*/*', [])).toBeUndefined();
  });
});
