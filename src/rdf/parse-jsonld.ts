import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { BUNDLED_CONTEXT_URLS, bundledContext } from './jsonld-contexts/bundled-contexts.js';
import { blankNodeFactory } from './parse-blank-nodes.js';
import { positionOf, RdfParseError } from './parse-error.js';
import { wholeText } from './parse-input.js';
import { expandedToQuads } from './parse-jsonld-rdf.js';
import { findJsonSyntaxError } from './parse-json-syntax.js';

export interface JsonLdParseOptions {
  readonly baseIri: string;
  readonly blankNodePrefix: string;
  readonly onQuad: (quad: Quad) => void;
  readonly signal?: AbortSignal;
}

/** Deeper JSON than this is refused before JSON-LD processing (which recurses and would overflow the stack). */
export const MAX_JSON_DEPTH = 256;

/** The message for a context we will not load; names the URL and what to do instead. */
export function refusedContextMessage(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return `JSON-LD context ${url} is refused: contexts are never read from ${scheme ? `${scheme}: URLs` : 'relative or unknown locations'}; inline the context in the document`;
  }
  return (
    `remote JSON-LD context ${url} is not fetched; inline it in the document or use one of the bundled contexts ` +
    `(${BUNDLED_CONTEXT_URLS.join(', ')})`
  );
}

/**
 * How much context processing a document may ask for: objects that carry a `@context` of their own below
 * the top, times the terms of the top context and the largest of theirs. jsonld copies the whole active
 * context at each such object, so 4 000 objects with small contexts under a top context of 4 000 terms
 * (382 KB) took 12 s on the thread that parses. About 3 s here.
 */
export const MAX_CONTEXT_WORK = 4_000_000;

/** Terms an inline context defines (an array of contexts: all of them); a context named by URL counts none here. */
function contextTerms(context: unknown): number {
  if (Array.isArray(context)) return context.reduce((n: number, c) => n + contextTerms(c), 0);
  return context !== null && typeof context === 'object' ? Object.keys(context).length : 0;
}

/** Refuses a document whose embedded contexts would cost more than MAX_CONTEXT_WORK (see there). */
function checkContexts(document: unknown): void {
  const top = Array.isArray(document) ? 0 : contextTerms((document as Record<string, unknown>)['@context']);
  let embedded = 0;
  let largest = 0;
  const stack: unknown[] = Array.isArray(document) ? [...document] : Object.entries(document as object).filter(([k]) => k !== '@context').map(([, v]) => v);
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '@context') {
        embedded++;
        largest = Math.max(largest, contextTerms(child));
      } else stack.push(child);
    }
  }
  if (embedded * (top + largest) > MAX_CONTEXT_WORK) {
    throw new RdfParseError(
      'json-ld',
      `the document embeds ${embedded} contexts below its top (the largest of ${largest} terms, under a top context of ${top}): more context processing than is allowed; ` +
        'give the terms once, in the top context',
    );
  }
}

/** Checks the parsed JSON: an object or array, not deeper than MAX_JSON_DEPTH, no number that overflowed. */
function checkShape(document: unknown): void {
  if (document === null || typeof document !== 'object') {
    throw new RdfParseError('json-ld', `a JSON-LD document must be a JSON object or array, not ${document === null ? 'null' : `a ${typeof document}`}`);
  }
  const stack: [unknown, number][] = [[document, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RdfParseError('json-ld', 'a number in the document is too large to represent (it overflows to infinity)');
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new RdfParseError('json-ld', `the document is nested more than ${MAX_JSON_DEPTH} levels deep`);
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const index = found?.index ?? Number(/at position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN);
    const reason = found?.reason ?? (error as Error).message;
    throw new RdfParseError('json-ld', `not valid JSON: ${reason}`, Number.isFinite(index) ? positionOf(text, index) : {}, { cause: error });
  }
}

/**
 * JSON-LD: `jsonld` expands the document (contexts, IRIs, values), then expandedToQuads turns the
 * expanded form into quads in one linear pass (jsonld's own toRDF is quadratic in the number of values
 * of one property). Remote contexts are never fetched: the document loader answers the contexts bundled
 * in ./jsonld-contexts and refuses every other URL (any scheme) with an error naming it.
 */
export async function parseJsonLd(input: Buffer | Uint8Array | string, options: JsonLdParseOptions): Promise<number> {
  const { onQuad, signal } = options;
  const text = wholeText(input, 'json-ld');
  const document = parseJson(text);
  checkShape(document);
  checkContexts(document);
  signal?.throwIfAborted();

  let refused: string | undefined;
  const documentLoader = async (url: string) => {
    signal?.throwIfAborted();
    const context = bundledContext(url);
    if (context === undefined) {
      refused ??= url;
      throw new Error(refusedContextMessage(url));
    }
    return { contextUrl: undefined, documentUrl: url, document: structuredClone(context) };
  };

  let expanded: unknown;
  try {
    expanded = await jsonld.expand(document as jsonld.JsonLdDocument, { base: options.baseIri, documentLoader } as jsonld.Options.Expand);
  } catch (error) {
    signal?.throwIfAborted();
    if (refused !== undefined) throw new RdfParseError('json-ld', refusedContextMessage(refused), {}, { cause: error });
    if (error instanceof RangeError) {
      throw new RdfParseError('json-ld', 'the document is too deeply nested or self-referential to process', {}, { cause: error });
    }
    const code = (error as { details?: { code?: unknown } }).details?.code;
    const message = error instanceof Error ? error.message : String(error);
    throw new RdfParseError('json-ld', typeof code === 'string' ? `${message} (${code})` : message, {}, { cause: error });
  }
  signal?.throwIfAborted();

  let count = 0;
  expandedToQuads(expanded, blankNodeFactory(options.blankNodePrefix, true), (quad) => {
    if (++count % 10_000 === 0) signal?.throwIfAborted();
    onQuad(quad);
  });
  return count;
}
