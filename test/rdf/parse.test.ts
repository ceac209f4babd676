import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { parseRdf, parseRdfToArray, RdfParseError } from '../../src/rdf/parse.js';
import type { RdfSyntax } from '../../src/rdf/syntax.js';
import { expectIsomorphic } from '../support/isomorphism-oracle.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): Buffer => readFileSync(path.join(fixtures, name));
const BASE = 'https://data.eksempel.no/';

const FILES: Record<RdfSyntax, string> = {
  turtle: 'catalog.ttl',
  trig: 'catalog.trig',
  'n-triples': 'catalog.nt',
  'n-quads': 'catalog.nq',
  'rdf-xml': 'catalog.rdf',
  'json-ld': 'catalog.jsonld',
};

const dropGraphs = (quads: Quad[]): Quad[] => quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));

async function parseError(input: string | Buffer, syntax: RdfSyntax): Promise<RdfParseError> {
  try {
    await parseRdf(input, { syntax, baseIri: BASE, onQuad: () => {} });
  } catch (error) {
    expect(error).toBeInstanceOf(RdfParseError);
    return error as RdfParseError;
  }
  throw new Error(`expected ${syntax} input to fail`);
}

describe('parseRdf: the same catalog in every syntax', () => {
  const expected = parseRdfToArray(fixture(FILES.turtle), { syntax: 'turtle', baseIri: BASE });

  it('reads the Turtle catalog with its Norwegian text intact', async () => {
    const quads = await expected;
    expect(quads).toHaveLength(44);
    const titles = quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/title').map((q) => q.object.value);
    expect(titles).toContain('Vasskvalitet i innsjøar');
    expect(titles).toContain('Byggesaker på Ørland');
    const description = quads.find((q) => q.object.value.startsWith('Målinger'))!.object;
    expect(description.value).toBe('Målinger av vannkvalitet i norske innsjøer 🌊.\nData oppdateres "månedlig" med nye prøver.');
  });

  for (const syntax of ['trig', 'n-triples', 'n-quads', 'rdf-xml', 'json-ld'] as const) {
    it(`reads ${FILES[syntax]} as a graph isomorphic to the Turtle one`, async () => {
      const quads = await parseRdfToArray(fixture(FILES[syntax]), { syntax, baseIri: BASE });
      const triples = dropGraphs(quads);
      await expectIsomorphic(triples, await expected);
    });
  }

  it('keeps graph names (TriG, N-Quads)', async () => {
    for (const syntax of ['trig', 'n-quads'] as const) {
      const quads = await parseRdfToArray(fixture(FILES[syntax]), { syntax, baseIri: BASE });
      expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set(['https://data.eksempel.no/graf/katalog']));
    }
  });

  it('reads a string as well as bytes, and a BOM in either', async () => {
    const text = fixture(FILES.turtle).toString('utf8');
    const fromString = await parseRdfToArray(`\uFEFF${text}`, { syntax: 'turtle', baseIri: BASE });
    const fromBytes = await parseRdfToArray(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture(FILES.turtle)]), { syntax: 'turtle', baseIri: BASE });
    await expectIsomorphic(fromString, await expected);
    await expectIsomorphic(fromBytes, await expected);
  });

  it('resolves relative IRIs against the base IRI', async () => {
    const quads = await parseRdfToArray('<a> <http://x/p> <b/c> .', { syntax: 'turtle', baseIri: 'https://eks.no/dir/doc' });
    expect(quads[0]!.subject.value).toBe('https://eks.no/dir/a');
    expect(quads[0]!.object.value).toBe('https://eks.no/dir/b/c');
  });

  it('counts the quads it hands out', async () => {
    let seen = 0;
    const result = await parseRdf(fixture(FILES['rdf-xml']), { syntax: 'rdf-xml', baseIri: BASE, onQuad: () => seen++ });
    expect(result).toEqual({ quads: 44 });
    expect(seen).toBe(44);
  });
});

describe('parseRdf: blank nodes', () => {
  const page = '@prefix ex: <http://ex/> . ex:s ex:p _:b1 . _:b1 ex:q [ ex:r "x" ] .';

  it('keeps a label stable within one document and apart across calls with different prefixes', async () => {
    const one = await parseRdfToArray(page, { syntax: 'turtle', baseIri: BASE, blankNodePrefix: 'p1_' });
    const two = await parseRdfToArray(page, { syntax: 'turtle', baseIri: BASE, blankNodePrefix: 'p2_' });
    const b1 = one.find((q) => q.predicate.value === 'http://ex/p')!.object;
    expect(b1.termType).toBe('BlankNode');
    expect(one.find((q) => q.predicate.value === 'http://ex/q')!.subject.equals(b1)).toBe(true);
    const labelsOne = new Set(one.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value));
    const labelsTwo = new Set(two.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value));
    expect(labelsOne.size).toBe(2);
    expect([...labelsOne].some((l) => labelsTwo.has(l))).toBe(false);
  });

  it('gives every call a fresh prefix when none is given', async () => {
    const one = await parseRdfToArray(page, { syntax: 'turtle', baseIri: BASE });
    const two = await parseRdfToArray(page, { syntax: 'turtle', baseIri: BASE });
    const b1 = (quads: Quad[]) => quads.find((q) => q.predicate.value === 'http://ex/p')!.object;
    expect(b1(one).equals(b1(two))).toBe(false);
  });

  it('never lets an anonymous node collide with a labelled one', async () => {
    // The anonymous [] gets prefix + '-' + n; a document label cannot start with '-'.
    const quads = await parseRdfToArray('_:x <http://x/p> [] .', { syntax: 'turtle', baseIri: BASE, blankNodePrefix: 'p' });
    expect(quads[0]!.subject.value).toBe('px');
    expect(quads[0]!.object.value).toBe('p-0');
  });

  for (const syntax of ['rdf-xml', 'json-ld'] as const) {
    it(`applies the prefix to ${syntax} blank nodes too`, async () => {
      const quads = await parseRdfToArray(fixture(FILES[syntax]), { syntax, baseIri: BASE, blankNodePrefix: 'side3_' });
      const blanks = quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode');
      expect(blanks.length).toBeGreaterThan(0);
      expect(blanks.every((b) => b.value.startsWith('side3_'))).toBe(true);
    });
  }

  it('refuses an unusable prefix', async () => {
    await expect(parseRdf('', { syntax: 'turtle', baseIri: BASE, blankNodePrefix: 'has space', onQuad: () => {} })).rejects.toThrow(TypeError);
  });
});

describe('parseRdf: syntax errors name the line', () => {
  it('Turtle: undefined prefix, with line and column', async () => {
    const error = await parseError('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n   ex:a foo:b ex:c .\n', 'turtle');
    expect(error.syntax).toBe('turtle');
    expect(error.line).toBe(3);
    expect(error.column).toBe(9);
    expect(error.reason).toBe('Undefined prefix "foo:"');
    expect(error.message).toBe('Turtle error on line 3, column 9: Undefined prefix "foo:"');
  });

  it('Turtle: an unterminated string', async () => {
    const error = await parseError('<http://a> <http://b> "ok" .\n<http://a> <http://b> "never closed .\n', 'turtle');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^Turtle error on line 2/);
  });

  it('Turtle: a document that stops mid-statement', async () => {
    const error = await parseError('@prefix ex: <http://ex/> .\nex:a ex:b', 'turtle');
    expect(error.line).toBe(2);
  });

  it('N-Triples: a relative IRI is not N-Triples', async () => {
    const error = await parseError('<http://a> <http://b> <http://c> .\n<http://a> <http://b> <c> .\n', 'n-triples');
    expect(error.line).toBe(2);
    expect(error.syntax).toBe('n-triples');
  });

  it('N-Triples: Turtle shorthand is refused', async () => {
    const error = await parseError('@prefix ex: <http://ex/> .\n', 'n-triples');
    expect(error.line).toBe(1);
  });

  it('TriG: an unclosed graph', async () => {
    const error = await parseError('<http://g> {\n <http://a> <http://b> <http://c> .\n', 'trig');
    expect(error.syntax).toBe('trig');
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  it('Turtle parser refuses TriG graphs', async () => {
    const error = await parseError('<http://g> { <http://a> <http://b> <http://c> . }', 'turtle');
    expect(error.line).toBe(1);
  });

  it('RDF/XML: a mismatched closing tag', async () => {
    const xml = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">\n  <rdf:Description rdf:about="http://a"><ex:p>x</ex:q></rdf:Description>\n</rdf:RDF>';
    const error = await parseError(xml, 'rdf-xml');
    expect(error.line).toBe(3);
    expect(error.column).toBeGreaterThan(1);
    expect(error.reason).toMatch(/not well-formed XML/);
  });

  it('RDF/XML: a truncated document is an error, not a partial graph', async () => {
    const whole = fixture(FILES['rdf-xml']).toString('utf8');
    const cut = whole.slice(0, whole.indexOf('<dcat:Dataset rdf:about="datasett/byggesaker">') + 60);
    const error = await parseError(cut, 'rdf-xml');
    expect(error.reason).toMatch(/unclosed tag|unexpected end/);
  });

  it('RDF/XML: RDF errors from the parser keep their position', async () => {
    const xml = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="http://a" rdf:nodeID="x"/>\n</rdf:RDF>';
    const error = await parseError(xml, 'rdf-xml');
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/Only one of rdf:about, rdf:nodeID and rdf:ID/);
  });

  it('RDF/XML: an empty document', async () => {
    const error = await parseError('', 'rdf-xml');
    expect(error.reason).toMatch(/root element/);
  });

  it('JSON-LD: invalid JSON gives line and column', async () => {
    const error = await parseError('{\n  "@id": "http://a",\n  "http://b": tru\n}', 'json-ld');
    expect(error.line).toBe(3);
    expect(error.column).toBe(15);
    expect(error.reason).toMatch(/^not valid JSON: unexpected 't'/);
  });

  it('JSON-LD: JSON that ends early', async () => {
    const error = await parseError('{"@id": "http://a", "http://b": [1, 2', 'json-ld');
    expect(error.reason).toMatch(/ends before the JSON is complete/);
  });

  it('JSON-LD: a JSON-LD error (not JSON) names the problem', async () => {
    const error = await parseError(JSON.stringify({ '@context': { '@vocab': 42 }, '@id': 'http://a' }), 'json-ld');
    expect(error.reason).toMatch(/vocab/i);
  });

  it('JSON-LD: a scalar document is refused (jsonld would read a string as a URL to fetch)', async () => {
    const error = await parseError('"https://example.org/doc.jsonld"', 'json-ld');
    expect(error.reason).toMatch(/must be a JSON object or array/);
  });
});

describe('parseRdf: input bytes must be UTF-8', () => {
  it('names the byte offset and line of the first invalid sequence', async () => {
    const bytes = Buffer.concat([Buffer.from('<http://a> <http://b> "ø" .\n<http://a> <http://b> "', 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from('" .\n')]);
    const error = await parseError(bytes, 'n-triples');
    expect(error.offset).toBe(bytes.indexOf(0xc3, 30));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/not valid UTF-8: invalid byte sequence 0xC3 0x28/);
  });

  it('refuses Latin-1 text in every syntax', async () => {
    const latin1 = Buffer.from('<http://a> <http://b> "bl\u00e5b\u00e6r" .', 'latin1');
    for (const syntax of ['turtle', 'rdf-xml', 'json-ld'] as const) {
      const error = await parseError(latin1, syntax);
      expect(error.syntax).toBe(syntax);
      expect(error.offset).toBe(25);
    }
  });

  it('refuses overlong forms, surrogates and truncated sequences', async () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      const error = await parseError(Buffer.concat([Buffer.from('# x\n'), Buffer.from(bad)]), 'turtle');
      expect(error.offset).toBe(4);
    }
  });
});

describe('parseRdf: large input and aborting', () => {
  const big = (() => {
    const lines: string[] = ['@prefix ex: <http://ex/> .'];
    for (let i = 0; i < 60_000; i++) lines.push(`ex:s${i} ex:p "verdi ${i} æøå 🌊" ; ex:q [ ex:r ${i} ] .`);
    return lines.join('\n');
  })();

  it('streams a document larger than one chunk, splitting nowhere inside a character', async () => {
    let count = 0;
    let broken = 0;
    await parseRdf(Buffer.from(big, 'utf8'), {
      syntax: 'turtle',
      baseIri: BASE,
      onQuad: (q) => {
        count++;
        if (q.object.termType === 'Literal' && q.object.value.startsWith('verdi') && !q.object.value.endsWith('æøå 🌊')) broken++;
      },
    });
    expect(count).toBe(180_000);
    expect(broken).toBe(0);
  });

  it('gives every occurrence of an IRI one shared term object, in every syntax (a parsed catalog repeats the same predicates in each dataset)', async () => {
    for (const syntax of Object.keys(FILES) as RdfSyntax[]) {
      const quads = await parseRdfToArray(fixture(FILES[syntax]), { syntax, baseIri: BASE });
      const byIri = new Map<string, Set<unknown>>();
      for (const q of quads) {
        for (const term of [q.subject, q.predicate, q.object]) {
          if (term.termType !== 'NamedNode') continue;
          byIri.set(term.value, (byIri.get(term.value) ?? new Set()).add(term));
        }
      }
      const repeated = quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/title');
      expect(repeated.length, syntax).toBeGreaterThan(1);
      expect([...byIri].filter(([, terms]) => terms.size > 1).map(([iri]) => iri), syntax).toEqual([]);
    }
  });

  it('stops when the signal is aborted, with the signal reason', async () => {
    const controller = new AbortController();
    let count = 0;
    const parsing = parseRdf(big, {
      syntax: 'turtle',
      baseIri: BASE,
      signal: controller.signal,
      onQuad: () => {
        if (++count === 1000) controller.abort(new Error('harvest cancelled'));
      },
    });
    await expect(parsing).rejects.toThrow('harvest cancelled');
    expect(count).toBeLessThan(180_000);
  });

  it('stops a long RDF/XML parse too', async () => {
    const descriptions = Array.from({ length: 20_000 }, (_, i) => `<rdf:Description rdf:about="http://ex/s${i}"><ex:p>verdi ${i} æøå</ex:p></rdf:Description>`);
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">${descriptions.join('\n')}</rdf:RDF>`;
    const controller = new AbortController();
    let count = 0;
    const parsing = parseRdf(xml, {
      syntax: 'rdf-xml',
      baseIri: BASE,
      signal: controller.signal,
      onQuad: () => {
        if (++count === 100) controller.abort(new Error('stop'));
      },
    });
    await expect(parsing).rejects.toThrow('stop');
    expect(count).toBeLessThan(20_000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const syntax of ['turtle', 'rdf-xml', 'json-ld'] as const) {
      await expect(parseRdf(fixture(FILES[syntax]), { syntax, baseIri: BASE, signal: controller.signal, onQuad: () => {} })).rejects.toThrow(/abort/i);
    }
  });

  it('passes an exception from onQuad through unchanged', async () => {
    const mine = new Error('store full');
    for (const syntax of ['turtle', 'rdf-xml', 'json-ld'] as const) {
      const parsing = parseRdf(fixture(FILES[syntax]), {
        syntax,
        baseIri: BASE,
        onQuad: () => {
          throw mine;
        },
      });
      await expect(parsing).rejects.toBe(mine);
    }
  });
});
