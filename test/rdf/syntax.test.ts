import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { negotiate } from '../../src/http/media-negotiation.js';
import { chooseSyntax, MEDIA_TYPES, RDF_ACCEPT, sniffSyntax, syntaxFromFileName, syntaxFromMediaType, type RdfSyntax } from '../../src/rdf/syntax.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const head = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8').slice(0, 4096);

describe('syntaxFromMediaType', () => {
  it.each([
    ['text/turtle', 'turtle'],
    ['text/turtle; charset=utf-8', 'turtle'],
    ['Text/Turtle;charset="UTF-8"', 'turtle'],
    ['application/x-turtle', 'turtle'],
    ['text/n3', 'turtle'],
    ['application/trig', 'trig'],
    ['application/n-triples', 'n-triples'],
    ['application/n-quads', 'n-quads'],
    ['application/rdf+xml', 'rdf-xml'],
    ['application/xml', 'rdf-xml'],
    ['text/xml; charset=iso-8859-1', 'rdf-xml'],
    ['application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded"', 'json-ld'],
    ['application/json', 'json-ld'],
  ] as const)('%s → %s', (type, syntax) => {
    expect(syntaxFromMediaType(type)).toBe(syntax);
  });

  it.each([undefined, '', 'text/plain', 'text/html', 'application/octet-stream', 'garbage'])('%s says nothing', (type) => {
    expect(syntaxFromMediaType(type)).toBeUndefined();
  });
});

describe('syntaxFromFileName', () => {
  it.each([
    ['catalog.ttl', 'turtle'],
    ['CATALOG.TTL', 'turtle'],
    ['data.trig', 'trig'],
    ['dump.nt', 'n-triples'],
    ['dump.nq', 'n-quads'],
    ['geonorge.rdf', 'rdf-xml'],
    ['vocab.owl', 'rdf-xml'],
    ['export.xml', 'rdf-xml'],
    ['katalog.jsonld', 'json-ld'],
    ['katalog.json', 'json-ld'],
    ['https://data.eksempel.no/api/catalog.ttl?page=2#x', 'turtle'],
    ['/srv/data/catalog.rdf', 'rdf-xml'],
  ] as const)('%s → %s', (name, syntax) => {
    expect(syntaxFromFileName(name)).toBe(syntax);
  });

  it.each([undefined, 'catalog', 'https://data.norge.no', 'https://data.eksempel.no/api/datasets', 'notes.txt', 'archive.ttl.gz'])('%s says nothing', (name) => {
    expect(syntaxFromFileName(name)).toBeUndefined();
  });
});

describe('sniffSyntax', () => {
  it.each([
    ['catalog.ttl', 'turtle'],
    ['catalog.trig', 'trig'],
    ['catalog.nt', 'n-triples'],
    ['catalog.nq', 'n-quads'],
    ['catalog.rdf', 'rdf-xml'],
    ['catalog.jsonld', 'json-ld'],
  ] as const)('recognises the fixture %s as %s', (file, syntax) => {
    expect(sniffSyntax(head(file))).toBe(syntax);
  });

  it.each([
    ['\uFEFF  @prefix dcat: <http://www.w3.org/ns/dcat#> .', 'turtle'],
    ['PREFIX dcat: <http://www.w3.org/ns/dcat#>\n<a> a dcat:Catalog .', 'turtle'],
    ['@base <http://x/> .', 'turtle'],
    ['<http://x/a> a <http://x/C> ;\n  <http://x/p> "ø" .', 'turtle'],
    ['[ a <http://www.w3.org/ns/dcat#Catalog> ] .', 'turtle'],
    ['@prefix ex: <http://ex/> .\nex:g { ex:a ex:b ex:c . }', 'trig'],
    ['PREFIX ex: <http://ex/>\nGRAPH ex:g { ex:a ex:b ex:c }', 'trig'],
    ['@prefix ex: <http://ex/> .\nex:a ex:b "text with { brace" .', 'turtle'],
    ['@prefix ex: <http://ex/> .\nex:a ex:b """long\ntext with { brace""" .', 'turtle'],
    ['<http://a> <http://b> "c"@nb .\n<http://a> <http://b> _:x .\n', 'n-triples'],
    ['# comment\n<http://a> <http://b> "c"^^<http://t> <http://g> .\n', 'n-quads'],
    ['<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', 'rdf-xml'],
    ['<!-- exported -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'rdf-xml'],
    ['{"@context": {}, "@id": "http://a"}', 'json-ld'],
    ['[{"@id": "http://a"}]', 'json-ld'],
    ['[]', 'json-ld'],
  ] as const)('%j → %s', (text, syntax) => {
    expect(sniffSyntax(text)).toBe(syntax);
  });

  it.each([
    ['', 'empty'],
    ['   \n', 'blank'],
    ['<!DOCTYPE html><html><body>Not found</body></html>', 'an HTML page'],
    ['<html lang="nb"><head>', 'an HTML page without doctype'],
    ['<?xml version="1.0"?><error><message>Internal error</message></error>', 'XML that is not RDF'],
    ['Internal Server Error', 'plain text'],
  ])('%j (%s) is not RDF', (text) => {
    expect(sniffSyntax(text)).toBeUndefined();
  });
});

describe('chooseSyntax', () => {
  const turtle = head('catalog.ttl');

  it('takes the content type when the content agrees', () => {
    expect(chooseSyntax({ contentType: 'text/turtle; charset=utf-8', head: turtle })).toEqual({
      ok: true,
      syntax: 'turtle',
      by: 'content-type',
      description: 'served as text/turtle, read as Turtle',
    });
  });

  it('takes the content type when the content cannot be sniffed', () => {
    expect(chooseSyntax({ contentType: 'application/rdf+xml' })).toMatchObject({ ok: true, syntax: 'rdf-xml', by: 'content-type' });
  });

  it('keeps the content type when its parser also reads what the content looks like', () => {
    // N-Triples is Turtle; Turtle is TriG.
    expect(chooseSyntax({ contentType: 'text/turtle', head: head('catalog.nt') })).toMatchObject({ syntax: 'turtle', by: 'content-type' });
    expect(chooseSyntax({ contentType: 'application/trig', head: turtle })).toMatchObject({ syntax: 'trig', by: 'content-type' });
  });

  it('sniffs Turtle served as text/plain or application/octet-stream', () => {
    expect(chooseSyntax({ contentType: 'text/plain', head: turtle })).toEqual({
      ok: true,
      syntax: 'turtle',
      by: 'sniffing',
      description: 'served as text/plain, read as Turtle by sniffing',
    });
    expect(chooseSyntax({ contentType: 'application/octet-stream', url: 'https://x.no/api', head: turtle })).toMatchObject({ syntax: 'turtle', by: 'sniffing' });
  });

  it('sniffs Turtle served as text/html', () => {
    expect(chooseSyntax({ contentType: 'text/html', head: turtle })).toMatchObject({
      syntax: 'turtle',
      description: 'served as text/html, read as Turtle by sniffing',
    });
  });

  it('believes the content over a wrong RDF content type', () => {
    expect(chooseSyntax({ contentType: 'text/turtle', head: head('catalog.rdf') })).toEqual({
      ok: true,
      syntax: 'rdf-xml',
      by: 'sniffing',
      description: 'served as text/turtle but the content is RDF/XML; read as RDF/XML by sniffing',
    });
  });

  it('reads generic JSON or XML types by their content', () => {
    expect(chooseSyntax({ contentType: 'application/json', head: head('catalog.jsonld') })).toMatchObject({ syntax: 'json-ld', by: 'content-type' });
    expect(chooseSyntax({ contentType: 'application/xml', head: turtle })).toMatchObject({
      syntax: 'turtle',
      description: 'served as application/xml, read as Turtle by sniffing',
    });
  });

  it('falls back on the file name when there is neither type nor recognisable content', () => {
    expect(chooseSyntax({ url: 'https://x.no/catalog.nt', head: '' })).toMatchObject({
      ok: true,
      syntax: 'n-triples',
      by: 'file-name',
      description: 'served without a content type, read as N-Triples because of the file name',
    });
  });

  it('fails clearly for an HTML page', () => {
    const choice = chooseSyntax({ contentType: 'text/html; charset=utf-8', url: 'https://x.no/catalog', head: '<!DOCTYPE html>\n<html><title>Innlogging</title>' });
    expect(choice).toEqual({ ok: false, reason: 'served as text/html and the content is an HTML page, not RDF' });
  });

  it('fails clearly when nothing tells', () => {
    const choice = chooseSyntax({ contentType: 'application/octet-stream', url: 'https://x.no/api/data', head: 'Service Unavailable' });
    expect(choice.ok).toBe(false);
    if (!choice.ok) expect(choice.reason).toMatch(/^served as application\/octet-stream and the content does not look like any RDF syntax; no RDF syntax could be chosen/);
    const empty = chooseSyntax({ head: '' });
    if (!empty.ok) expect(empty.reason).toMatch(/^served without a content type and the content is empty/);
    else throw new Error('an empty body with no type must not be given a syntax');
  });
});

describe('MEDIA_TYPES and RDF_ACCEPT', () => {
  it('reads back every media type it names', () => {
    for (const [syntax, type] of Object.entries(MEDIA_TYPES)) expect(syntaxFromMediaType(type)).toBe(syntax as RdfSyntax);
  });

  it('prefers Turtle, then other RDF, and still takes anything', () => {
    expect(negotiate(RDF_ACCEPT, ['application/ld+json', 'text/turtle', 'application/rdf+xml'])).toBe('text/turtle');
    expect(negotiate(RDF_ACCEPT, ['application/ld+json', 'application/rdf+xml'])).toBe('application/rdf+xml');
    expect(negotiate(RDF_ACCEPT, ['text/html'])).toBe('text/html');
  });
});
