import type { Quad } from '@rdfjs/types';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { blankNodeFactory } from './parse-blank-nodes.js';
import { positionOf, RdfParseError } from './parse-error.js';
import { nextTurn, textChunks, wholeText } from './parse-input.js';

/**
 * Elements nested deeper than this are refused (as JSON-LD nesting is): the parser underneath spends
 * time growing with the square of the depth (20 000 nested rdf:Description took 30 s), and no real
 * catalog nests more than a dozen levels.
 */
export const MAX_XML_DEPTH = 256;

export interface RdfXmlParseOptions {
  readonly baseIri: string;
  readonly blankNodePrefix: string;
  readonly onQuad: (quad: Quad) => void;
  readonly signal?: AbortSignal;
}

/**
 * Refuses a document that declares entities. The parser underneath (rdfxml-streaming-parser on saxes)
 * reads internal `<!ENTITY name "value">` declarations from the DOCTYPE and substitutes them, even in a
 * DOCTYPE placed after the root element; it never fetches external ones, but we do not want entity
 * substitution at all: a harvested document must not be able to grow, or to name files and URLs we
 * would then be tempted to read. So any DOCTYPE with an ENTITY declaration anywhere in the document is
 * refused before the parser sees a byte.
 */
export function refuseEntityDeclarations(text: string): void {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype < 0) return;
  const entity = text.indexOf('<!ENTITY');
  if (entity < 0) return;
  const external = /^<!ENTITY\s+(?:%\s*)?\S+\s+(?:SYSTEM|PUBLIC)\b/.test(text.slice(entity, entity + 300));
  throw new RdfParseError(
    'rdf-xml',
    `RDF/XML with entity declarations is refused: the document declares ${external ? 'an external entity' : 'an entity'} in its DOCTYPE ` +
      '(entities are neither expanded nor read; replace the entity references with their text, or send Turtle)',
    positionOf(text, entity),
  );
}

/** Counts element depth as the SAX events arrive and stops the parse past MAX_XML_DEPTH. */
class DepthLimitedRdfXmlParser extends RdfXmlParser {
  private depth = 0;

  protected override onTag(tag: Parameters<RdfXmlParser['onTag']>[0]): void {
    if (++this.depth > MAX_XML_DEPTH) throw this.newParseError(`the document nests elements more than ${MAX_XML_DEPTH} levels deep`);
    super.onTag(tag);
  }

  protected override onCloseTag(): void {
    this.depth--;
    super.onCloseTag();
  }
}

/** "Line 3 column 7: msg" (the RDF/XML parser) or "3:7: msg" (saxes). */
function toParseError(error: Error): RdfParseError {
  const own = /^Line (\d+) column (\d+): ([\s\S]*)$/.exec(error.message);
  if (own) return new RdfParseError('rdf-xml', own[3]!, { line: Number(own[1]), column: Number(own[2]) }, { cause: error });
  const sax = /^(\d+):(\d+): ([\s\S]*)$/.exec(error.message);
  if (sax) return new RdfParseError('rdf-xml', `not well-formed XML: ${sax[3]!.replace(/\.$/, '')}`, { line: Number(sax[1]), column: Number(sax[2]) }, { cause: error });
  return new RdfParseError('rdf-xml', error.message, {}, { cause: error });
}

/** The parser's saxes instance, to run its end-of-document checks (the parser itself never does). */
function closeXml(parser: RdfXmlParser): void {
  const sax = (parser as unknown as { saxParser?: { close?: () => void } }).saxParser;
  if (typeof sax?.close !== 'function') {
    throw new Error('rdfxml-streaming-parser changed: its saxParser.close() is gone, so a truncated document would go unnoticed');
  }
  sax.close();
}

/**
 * RDF/XML through rdfxml-streaming-parser, after refusing entity declarations. A truncated document
 * (unclosed elements) is an error, not a partial graph; elements nested more than MAX_XML_DEPTH deep
 * are refused.
 */
export async function parseRdfXml(input: Buffer | Uint8Array | string, options: RdfXmlParseOptions): Promise<number> {
  const { onQuad, signal } = options;
  const text = wholeText(input, 'rdf-xml');
  refuseEntityDeclarations(text);

  const parser = new DepthLimitedRdfXmlParser({
    baseIRI: options.baseIri,
    dataFactory: blankNodeFactory(options.blankNodePrefix, true),
    trackPosition: true,
  });
  let count = 0;
  let failure: Error | undefined;
  let callerError: { error: unknown } | undefined;
  parser.on('error', (error: Error) => {
    failure ??= error;
  });
  parser.on('data', (quad: Quad) => {
    if (callerError) return;
    try {
      count++;
      onQuad(quad);
    } catch (error) {
      callerError = { error };
    }
  });
  const finished = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('close', resolve);
  });

  let completed = false;
  try {
    let first = true;
    for (const chunk of textChunks(text, 'rdf-xml')) {
      if (!first) await nextTurn();
      first = false;
      signal?.throwIfAborted();
      parser.write(chunk);
      if (failure || callerError) break;
    }
    // An error thrown inside the parser's handlers reaches us through the stream on the next tick.
    await nextTurn();
    if (!failure && !callerError) closeXml(parser);
    if (!failure && !callerError) {
      parser.end();
      await finished;
      completed = true;
    }
  } finally {
    if (!completed) parser.destroy();
  }
  if (callerError) throw callerError.error;
  if (failure) throw toParseError(failure);
  return count;
}
