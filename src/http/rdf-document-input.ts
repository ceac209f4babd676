import { BadRequestError, UnsupportedMediaTypeError } from '../core/errors.js';
import { tripleToNTriples } from '../rdf/ntriples.js';
import { parseRdf, RdfParseError } from '../rdf/parse.js';
import { chooseSyntax } from '../rdf/syntax.js';

/** A document someone sent to be checked, read as N-Triples lines. */
export interface ReadDocument {
  readonly ntriples: string;
  readonly triples: number;
  /** How the syntax was told ("Turtle (by Content-Type)", …). */
  readonly description: string;
}

/**
 * Reads an RDF document sent for validation (Turtle, RDF/XML, JSON-LD, N-Triples, TriG, N-Quads; the
 * Content-Type, the file name or a look at the content says which). An unreadable document is a
 * 400/415 naming the cause and, for syntax errors, the line.
 */
export async function readRdfDocument(body: Buffer, hints: { readonly contentType?: string; readonly url?: string }): Promise<ReadDocument> {
  const choice = chooseSyntax({ ...hints, head: body.subarray(0, 2048).toString('utf8') });
  if (!choice.ok) throw new UnsupportedMediaTypeError(`The body could not be read as RDF: ${choice.reason}.`);
  const lines: string[] = [];
  try {
    await parseRdf(body, { syntax: choice.syntax, baseIri: 'urn:datakatalog:validate:', blankNodePrefix: 'b', onQuad: (q) => lines.push(tripleToNTriples(q)) });
  } catch (error) {
    if (error instanceof RdfParseError) {
      throw new BadRequestError(`The document (${choice.description}) is not valid: ${error.message}`, {
        ...(error.line !== undefined ? { line: error.line } : {}),
      });
    }
    throw error;
  }
  return { ntriples: lines.join('\n') + '\n', triples: lines.length, description: choice.description };
}
