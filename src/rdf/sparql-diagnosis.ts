import sparqljs from 'sparqljs';

/**
 * Why a SPARQL text is not valid, in words a person can act on: the line and column of the offending
 * token and what was expected there (sparqljs's grammar). Used after the engine has refused a query,
 * off the main thread (a full parse of a hostile text can take seconds), to replace the engine's terse
 * message.
 */
export interface SparqlDiagnosis {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly expected?: readonly string[];
  readonly excerpt?: string;
}

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

function syntaxError(error: Error & { hash?: JisonErrorHash }, text: string): SparqlDiagnosis {
  const hash = error.hash;
  if (hash?.loc === undefined) {
    // Errors sparqljs raises outside the grammar (e.g. an undefined prefix, a relative IRI without base).
    return { message: `The query is not valid SPARQL: ${error.message}` };
  }
  const { line, column } = errorPosition(text, hash.loc);
  const found = hash.token === 'EOF' ? 'the end of the query' : `"${hash.text ?? hash.token ?? ''}"`;
  const expected = (hash.expected ?? []).map((e) => e.replace(/^'|'$/g, ''));
  const shown = expected.slice(0, MAX_EXPECTED).join(', ') + (expected.length > MAX_EXPECTED ? ', …' : '');
  const excerpt = error.message.split('\n').slice(1, 3).join('\n');
  return {
    message: `The query is not valid SPARQL: syntax error at line ${line}, column ${column}: unexpected ${found}${shown ? `; expected one of ${shown}` : ''}.`,
    line,
    column,
    expected,
    excerpt,
  };
}

/** Why `text` is not a valid SPARQL query or update, or null when sparqljs reads it. */
export function diagnoseSparql(text: string, baseIri: string): SparqlDiagnosis | null {
  try {
    new sparqljs.Parser({ baseIRI: baseIri, sparqlStar: true }).parse(text);
    return null;
  } catch (error) {
    return syntaxError(error as Error & { hash?: JisonErrorHash }, text);
  }
}
