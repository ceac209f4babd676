import type { Quad } from '@rdfjs/types';
import { blankNodePrefixFor, TooManyLongIrisError } from './parse-blank-nodes.js';
import { RdfParseError } from './parse-error.js';
import { parseJsonLd } from './parse-jsonld.js';
import { parseN3 } from './parse-n3.js';
import { parseRdfXml } from './parse-rdfxml.js';
import type { RdfSyntax } from './syntax.js';

export { RdfParseError };

export interface ParseRdfOptions {
  readonly syntax: RdfSyntax;
  /** Base IRI for relative IRIs: the document's URL. */
  readonly baseIri: string;
  /**
   * Prefix for blank-node labels, unique per call when several documents go into one graph (Hydra
   * pages: `_:b1` on page 1 and on page 2 are different nodes). Letters, digits, `_ - .`, not starting
   * with `-` or `.`. Without it each call gets a fresh `b<n>_` prefix.
   */
  readonly blankNodePrefix?: string;
  /** Receives each quad as it is read. An exception thrown here stops the parse and is rethrown as is. */
  readonly onQuad: (quad: Quad) => void;
  /** Stops a long parse between chunks; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Parses an RDF document, handing each quad to `onQuad` as it is read (graph names are kept). Input
 * bytes must be UTF-8 (a BOM is fine). Every failure caused by the input is an `RdfParseError`
 * (syntax, plain-words reason, line and column when known); an abort rejects with the signal's reason.
 *
 * - Turtle, TriG, N-Triples, N-Quads: n3's parser, streamed chunk by chunk in constant memory.
 * - RDF/XML: rdfxml-streaming-parser; documents declaring entities are refused unread.
 * - JSON-LD: jsonld expands, our linear converter makes the quads; remote contexts are never fetched
 *   (bundled ones are served from disk), nesting deeper than 256 levels is refused.
 */
export async function parseRdf(input: Buffer | Uint8Array | string, options: ParseRdfOptions): Promise<{ quads: number }> {
  options.signal?.throwIfAborted();
  const blankNodePrefix = blankNodePrefixFor(options.blankNodePrefix);
  const common = { baseIri: options.baseIri, blankNodePrefix, onQuad: options.onQuad, ...(options.signal ? { signal: options.signal } : {}) };
  try {
    return await parseIn(input, options.syntax, common);
  } catch (error) {
    // Thrown by the data factory from inside whichever parser: the payload's fault, in that syntax's words.
    const cause = error instanceof TooManyLongIrisError ? error : error instanceof Error && error.cause instanceof TooManyLongIrisError ? error.cause : undefined;
    if (cause !== undefined) throw new RdfParseError(options.syntax, cause.message, {}, { cause });
    throw error;
  }
}

/** The parse in one syntax, by its parser. */
async function parseIn(input: Buffer | Uint8Array | string, syntax: RdfSyntax, common: Omit<ParseRdfOptions, 'syntax'> & { blankNodePrefix: string }): Promise<{ quads: number }> {
  switch (syntax) {
    case 'turtle':
    case 'trig':
    case 'n-triples':
    case 'n-quads':
      return { quads: await parseN3(input, { ...common, syntax }) };
    case 'rdf-xml':
      return { quads: await parseRdfXml(input, common) };
    case 'json-ld':
      return { quads: await parseJsonLd(input, common) };
    default:
      throw new TypeError(`Unknown RDF syntax ${JSON.stringify(syntax as string)}.`);
  }
}

/** Convenience for small documents and tests: all quads in an array. */
export async function parseRdfToArray(input: Buffer | Uint8Array | string, options: Omit<ParseRdfOptions, 'onQuad'>): Promise<Quad[]> {
  const quads: Quad[] = [];
  await parseRdf(input, { ...options, onQuad: (q) => quads.push(q) });
  return quads;
}
