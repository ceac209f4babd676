import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { bundledContext } from '../../src/rdf/jsonld-contexts/bundled-contexts.js';
import { canonicalJson, expandedToQuads } from '../../src/rdf/parse-jsonld-rdf.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { expectIsomorphic } from '../support/isomorphism-oracle.js';

/**
 * expandedToQuads replaces jsonld's quadratic toRDF: these tests check that it gives the same graph as
 * jsonld.toRDF on the fixtures, on every JSON-LD file of the shared corpus, on hand-written corner
 * cases and on random documents.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/corpus');
const BASE = 'https://kilde.eksempel.no/dok';

interface JsonLdTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

function fromJsonLdTerm(t: JsonLdTerm): Term {
  switch (t.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(t.value);
    case 'BlankNode':
      return DataFactory.blankNode(t.value);
    case 'Literal':
      return t.language ? DataFactory.literal(t.value, t.language) : DataFactory.literal(t.value, DataFactory.namedNode(t.datatype!.value));
    default:
      return DataFactory.defaultGraph();
  }
}

const makeLoader = (extra: Record<string, unknown> = {}) => async (url: string) => {
  const document = extra[url] ?? bundledContext(url);
  if (document === undefined) throw new Error(`no context ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: structuredClone(document) };
};

/** Both conversions of one document; jsonld's quads with a missing object (a list item it dropped) are left out. */
async function both(document: unknown, extra: Record<string, unknown> = {}): Promise<{ ours: Quad[]; theirs: Quad[] }> {
  const options = { base: BASE, documentLoader: makeLoader(extra) } as unknown as jsonld.Options.Expand;
  const expanded = await jsonld.expand(document as jsonld.JsonLdDocument, options);
  const ours: Quad[] = [];
  expandedToQuads(expanded, DataFactory, (q) => ours.push(q));
  const dataset = (await jsonld.toRDF(document as jsonld.JsonLdDocument, options as jsonld.Options.ToRdf)) as unknown as {
    subject: JsonLdTerm;
    predicate: JsonLdTerm;
    object: JsonLdTerm | null;
    graph: JsonLdTerm;
  }[];
  const theirs = dataset
    .filter((q) => q.object !== null)
    .map((q) => DataFactory.quad(fromJsonLdTerm(q.subject) as Quad['subject'], fromJsonLdTerm(q.predicate) as Quad['predicate'], fromJsonLdTerm(q.object!) as Quad['object'], fromJsonLdTerm(q.graph) as Quad['graph']));
  return { ours, theirs };
}

async function expectSame(document: unknown, extra: Record<string, unknown> = {}): Promise<number> {
  const { ours, theirs } = await both(document, extra);
  await expectIsomorphic(ours, theirs, { mayBeEmpty: true }); // each caller says how many quads it expects
  return theirs.length;
}

describe('expandedToQuads gives what jsonld.toRDF gives', () => {
  it('for the catalog fixture', async () => {
    expect(await expectSame(JSON.parse(readFileSync(path.join(here, 'fixtures/catalog.jsonld'), 'utf8')))).toBe(44);
  });

  const V = 'http://ex/';
  const cases: [string, unknown][] = [
    ['@reverse', { '@context': { '@vocab': V }, '@id': 'http://a', '@reverse': { [`${V}knows`]: [{ '@id': 'http://b', name: 'B' }, { name: 'anon' }] } }],
    ['named, blank and relative graphs', {
      '@context': { '@vocab': V },
      '@graph': [
        { '@id': 'http://g1', label: 'graph 1', '@graph': [{ '@id': 'http://a', p: 'in g1', q: { '@id': 'http://c', r: 'nested in g1' } }] },
        { '@graph': [{ '@id': 'http://a', p: 'in a blank graph' }] },
        { '@id': 'relative-graph', '@graph': [{ '@id': 'http://a', p: 'dropped' }, { '@id': 'http://x', '@graph': [{ '@id': 'http://a', p: 'kept, deeper' }] }] },
      ],
    }],
    ['@included', { '@context': { '@vocab': V, '@version': 1.1 }, '@id': 'http://a', p: 1, '@included': [{ '@id': 'http://b', p: 2 }, { p: 3 }] }],
    ['lists', {
      '@context': { '@vocab': V, l: { '@id': `${V}l`, '@container': '@list' } },
      '@id': 'http://a',
      l: ['x', { '@id': 'http://b', p: 'node in list' }, { '@list': ['nested', 'list'] }, 5],
      empty: { '@list': [] },
      'rel:': { '@list': [{ '@id': 'http://c', p: 'in list under a relative predicate' }] },
    }],
    ['numbers, booleans and datatypes', {
      '@context': { '@vocab': V, xsd: 'http://www.w3.org/2001/XMLSchema#', d: { '@id': `${V}d`, '@type': 'xsd:double' } },
      '@id': 'http://a',
      int: 42, neg: -7, zero: 0, big: 1e21, bigger: 2 ** 70, frac: 3.25, tiny: 1e-7, t: true, f: false,
      d: ['1.5', 2, 'not a number'],
      typed: { '@value': '2024-01-01', '@type': 'xsd:date' },
      typedNumber: { '@value': 5, '@type': 'xsd:decimal' },
    }],
    ['@json literals', {
      '@context': { '@vocab': V, '@version': 1.1, j: { '@id': `${V}j`, '@type': '@json' } },
      '@id': 'http://a',
      j: [{ b: [1, 2.5, 'x'], a: null, 'æ': { z: true, y: '\u2028' } }, 'plain', 3, null, [1]],
    }],
    ['languages and directions', {
      '@context': { '@vocab': V, '@version': 1.1, t: { '@id': `${V}t`, '@container': '@language' } },
      '@id': 'http://a',
      t: { nb: 'Tittel', 'nn-NO': 'Tittel', EN: ['Title', 'Heading'] },
      dir: { '@value': 'مرحبا', '@language': 'ar', '@direction': 'rtl' },
      dirOnly: { '@value': 'x', '@direction': 'ltr' },
    }],
    ['relative and odd identifiers', {
      '@context': { '@vocab': V, '@base': null },
      '@graph': [
        { '@id': 'relative', p: 'dropped subject', nested: { '@id': 'http://n', p: 'kept' } },
        { '@id': 'http://a', ref: { '@id': 'relative-object' }, typed: { '@id': 'http://b' }, '@type': ['relative-type', 'http://T', '_:btype'] },
        { '@id': 'http://a', 'http://has space/p': 'dropped predicate', 'urn:x:p': 'kept' },
        { '@id': '_:b1', p: 'blank subject' },
        { '@id': 'http://a', p: { '@id': '_:b1' } },
      ],
    }],
    ['blank-node predicates are dropped', { '@context': { '@vocab': '_:' }, '@id': 'http://a', p: 'x', 'http://ex/q': { '@id': 'http://b', r: 'y', 'http://ex/s': 'z' } }],
    ['free-floating values and lists', { '@context': { '@vocab': V }, '@graph': [{ '@value': 'free' }, { '@list': [{ '@id': 'http://a', p: 'in a free list' }] }, { '@id': 'http://b', p: 'x' }] }],
    ['the same node in several places, with duplicate values', {
      '@context': { '@vocab': V },
      '@graph': [{ '@id': 'http://a', p: ['x', 'x', 'y'] }, { '@id': 'http://a', p: 'x', q: { '@id': 'http://a', p: 'z' } }],
    }],
    ['index and nest containers', {
      '@context': { '@vocab': V, '@version': 1.1, byIndex: { '@id': `${V}byIndex`, '@container': '@index' }, meta: '@nest' },
      '@id': 'http://a',
      byIndex: { one: 'x', two: { '@id': 'http://b', p: 'y' } },
      meta: { nested: 'value' },
    }],
  ];
  it.each(cases)('for %s', async (_name, document) => {
    expect(await expectSame(document)).toBeGreaterThan(0);
  });

  it('canonicalJson follows RFC 8785 key order and number forms', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0, 'é'], '\u20ac': null, '\u00e9': true })).toBe('{"a":[1e+21,0.1,0,"é"],"b":1,"é":true,"€":null}');
  });

  it('for random documents', async () => {
    let seed = 20240601;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const ids = ['http://a', 'http://b', '_:x', '_:y', 'rel', undefined];
    const props = ['p', 'q', 'http://ex/r', 'rel:p'];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (r < 0.2) return pick(['tekst', 'æøå', '']);
      if (r < 0.3) return pick([1, 2.5, -3, true, false]);
      if (r < 0.4) return { '@value': 'v', '@language': pick(['nb', 'nn', 'en']) };
      if (r < 0.45) return { '@value': '7', '@type': 'http://www.w3.org/2001/XMLSchema#integer' };
      if (r < 0.55) return { '@list': depth > 2 ? [] : Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1)) };
      if (r < 0.65) return { '@id': pick(ids.filter(Boolean) as string[]) };
      return depth > 3 ? 'leaf' : nodeObject(depth + 1);
    };
    const nodeObject = (depth: number): Record<string, unknown> => {
      const n: Record<string, unknown> = {};
      const id = pick(ids);
      if (id !== undefined) n['@id'] = id;
      if (rnd() < 0.4) n['@type'] = pick(['T', 'http://ex/U', '_:t']);
      for (let i = 0; i < 1 + Math.floor(rnd() * 3); i++) {
        const count = Math.floor(rnd() * 3);
        n[pick(props)] = count === 1 ? value(depth) : Array.from({ length: count }, () => value(depth));
      }
      if (depth < 2 && rnd() < 0.15) n['@reverse'] = { 'http://ex/rev': [nodeObject(depth + 1)] };
      if (depth < 2 && rnd() < 0.15) n['@graph'] = [nodeObject(depth + 1)];
      return n;
    };
    let quads = 0;
    for (let round = 0; round < 150; round++) {
      const document = { '@context': { '@vocab': 'http://ex/', '@base': 'http://base.example/' }, '@graph': Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => nodeObject(0)) };
      try {
        quads += await expectSame(document);
      } catch (error) {
        throw new Error(`round ${round}: ${JSON.stringify(document)}\n${(error as Error).message}`);
      }
    }
    // The documents are not all empty: the comparisons above compared something.
    expect(quads).toBeGreaterThan(150);
  });
});

describe('expandedToQuads is linear where jsonld.toRDF is quadratic', () => {
  it('a catalog listing 100 000 datasets parses in well under the 2+ minutes jsonld.toRDF needs', async () => {
    const catalog = {
      '@context': { dcat: 'http://www.w3.org/ns/dcat#' },
      '@id': 'https://kilde.eksempel.no/katalog',
      '@type': 'dcat:Catalog',
      'dcat:dataset': Array.from({ length: 100_000 }, (_, i) => ({ '@id': `https://kilde.eksempel.no/datasett/${i}` })),
    };
    const started = performance.now();
    const quads = await parseRdfToArray(JSON.stringify(catalog), { syntax: 'json-ld', baseIri: BASE });
    expect(quads).toHaveLength(100_001);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

const corpusFiles = (): string[] => {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.jsonld')) found.push(full);
    }
  };
  walk(corpus);
  return found.sort();
};

describe.skipIf(!existsSync(corpus))('expandedToQuads on every JSON-LD file of the shared corpus', () => {
  it('matches jsonld.toRDF (remote contexts served from the corpus where it has them)', async () => {
    // The DCAT-AP examples name their context by a URL; the corpus has the file.
    const examplesContext = path.join(corpus, 'dcat-ap/SEMICeu-DCAT-AP/releases/3.0.1/html/examples/context.jsonld');
    const extra: Record<string, unknown> = existsSync(examplesContext)
      ? { 'https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.0/html/examples/context.jsonld': JSON.parse(readFileSync(examplesContext, 'utf8')) }
      : {};
    let compared = 0;
    const skipped: string[] = [];
    for (const file of corpusFiles()) {
      const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
      let result: { ours: Quad[]; theirs: Quad[] };
      try {
        result = await both(document, extra);
      } catch (error) {
        skipped.push(`${path.relative(corpus, file)}: ${(error as Error).message.slice(0, 80)}`);
        continue;
      }
      await expectIsomorphic(result.ours, result.theirs, { message: path.relative(corpus, file), mayBeEmpty: true });
      compared++;
    }
    console.log(`expandedToQuads = jsonld.toRDF on ${compared} corpus JSON-LD files; ${skipped.length} not comparable:\n  ${skipped.join('\n  ')}`);
    expect(compared).toBeGreaterThan(40);
  });
});
if (!existsSync(corpus)) console.warn(`Skipping the corpus comparison: ${corpus} is absent.`);
