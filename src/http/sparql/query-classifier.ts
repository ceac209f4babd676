import sparqljs from 'sparqljs';
import { BadRequestError } from '../../core/errors.js';
import type { QueryForm } from '../../core/ports/sparql-index.js';

/**
 * Parses a SPARQL text (sparqljs) to learn what it is before it reaches the index: a query of one of
 * the four forms, or an update (which the endpoint refuses). A syntax error becomes a 400 naming the
 * line and column and what was expected.
 */
export type SparqlOperation = { readonly kind: 'query'; readonly form: QueryForm } | { readonly kind: 'update' };

interface JisonErrorHash {
  text?: string;
  token?: string;
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  expected?: string[];
}

const MAX_EXPECTED = 12;

/**
 * Where the offending token starts, 1-based. Jison reports the location of the last token it read;
 * the offending one starts after it, past any whitespace and comments.
 */
function errorPosition(text: string, loc: NonNullable<JisonErrorHash['loc']>): { line: number; column: number } {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < loc.last_line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  offset += loc.last_column;
  for (;;) {
    while (offset < text.length && /\s/.test(text[offset]!)) offset++;
    if (text[offset] !== '#') break;
    while (offset < text.length && text[offset] !== '\n') offset++;
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function syntaxError(error: Error & { hash?: JisonErrorHash }, text: string): BadRequestError {
  const hash = error.hash;
  if (hash?.loc === undefined) {
    // Errors sparqljs raises outside the grammar (e.g. an undefined prefix, a relative IRI without base).
    return new BadRequestError(`The query is not valid SPARQL: ${error.message}`);
  }
  const { line, column } = errorPosition(text, hash.loc);
  const found = hash.token === 'EOF' ? 'the end of the query' : `"${hash.text ?? hash.token ?? ''}"`;
  const expected = (hash.expected ?? []).map((e) => e.replace(/^'|'$/g, ''));
  const shown = expected.slice(0, MAX_EXPECTED).join(', ') + (expected.length > MAX_EXPECTED ? ', …' : '');
  const excerpt = error.message.split('\n').slice(1, 3).join('\n');
  return new BadRequestError(
    `The query is not valid SPARQL: syntax error at line ${line}, column ${column}: unexpected ${found}${shown ? `; expected one of ${shown}` : ''}.`,
    { line, column, expected, excerpt },
  );
}

const FORMS: ReadonlySet<string> = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);

/** The kind of SPARQL operation in `text`, relative IRIs resolved against `baseIri`. */
export function classifySparql(text: string, baseIri: string): SparqlOperation {
  const parser = new sparqljs.Parser({ baseIRI: baseIri, sparqlStar: true });
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    throw syntaxError(error as Error & { hash?: JisonErrorHash }, text);
  }
  if (parsed.type === 'update') return { kind: 'update' };
  if (!FORMS.has(parsed.queryType)) throw new BadRequestError(`The query form ${String(parsed.queryType)} is not supported.`);
  return { kind: 'query', form: parsed.queryType };
}
