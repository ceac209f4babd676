import { describe, expect, it } from 'vitest';
import { JSON_LD_FORMS, negotiate, normaliseAccept } from '../../src/http/media-negotiation.js';

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
    expect(negotiate('text/turtle;q=abc', RDF)).toBeUndefined();
    expect(negotiate(',,,', RDF)).toBeUndefined();
  });

  it('does not split on commas inside quoted parameters', () => {
    expect(normaliseAccept('text/x-a;foo="a,b";q=0.5, text/turtle')).toBe('text/x-a;foo="a,b";q=0.5, text/turtle');
  });

  it('takes parameters after q as extensions, not as part of the media type', () => {
    expect(negotiate('text/turtle;q=0.5;foo=bar', ['text/turtle'])).toBe('text/turtle');
  });

  it('ignores charset=utf-8 on any type and any charset on JSON types: everything is sent as UTF-8', () => {
    // our own Content-Type, sent back to us, was a 406 before
    expect(negotiate('text/turtle;charset=utf-8', RDF)).toBe('text/turtle');
    expect(negotiate('text/turtle; charset="UTF-8"', RDF)).toBe('text/turtle');
    expect(negotiate('application/sparql-results+json;charset=utf-8', ['application/sparql-results+json'])).toBe('application/sparql-results+json');
    expect(negotiate('application/ld+json; charset=iso-8859-1', RDF)).toBe('application/ld+json');
  });

  it('keeps another charset on a text type, which nothing we send matches', () => {
    expect(negotiate('text/csv;charset=iso-8859-1', ['text/csv'])).toBeUndefined();
    expect(negotiate('text/csv;charset=iso-8859-1, text/turtle;q=0.1', ['text/csv', 'text/turtle'])).toBe('text/turtle');
  });

  describe('JSON-LD profiles', () => {
    const plain = 'application/ld+json';
    const forms = Object.values(JSON_LD_FORMS).map((iri) => `application/ld+json;profile="${iri}"`);
    const offers = [plain, ...forms];

    it('picks the offer of the form the profile names', () => {
      for (const [i, iri] of Object.values(JSON_LD_FORMS).entries()) {
        expect(negotiate(`application/ld+json;profile="${iri}"`, offers)).toBe(forms[i]);
        expect(negotiate(`application/ld+json; profile=${iri}`, offers)).toBe(forms[i]);
      }
    });

    it('reads a profile list: flattened with compacted is flattened', () => {
      expect(negotiate(`application/ld+json;profile="${JSON_LD_FORMS.flattened} ${JSON_LD_FORMS.compacted}"`, offers)).toBe(forms[2]);
    });

    it('answers a profile naming no form, or none, with the plain offer', () => {
      expect(negotiate('application/ld+json;profile="https://example.org/my-profile"', offers)).toBe(plain);
      expect(negotiate('application/ld+json', offers)).toBe(plain);
    });
  });

  it('returns undefined when nothing is offered', () => {
    expect(negotiate('*/*', [])).toBeUndefined();
  });
});
