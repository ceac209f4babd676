/**
 * Counts the rows of a result as oxigraph serialises it, in one linear pass and without parsing it:
 * solutions of a SELECT (SPARQL JSON, SPARQL XML, CSV, TSV) or triples of a graph (N-Triples).
 */
export function countResultRows(body: string, mediaType: string): number {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return jsonSolutions(body);
    case 'application/sparql-results+xml':
      return occurrences(body, '<result>');
    case 'text/csv':
      return Math.max(0, csvRecords(body) - 1);
    case 'text/tab-separated-values':
      return Math.max(0, occurrences(body, '\n') - 1); // TSV escapes line breaks inside values
    case 'application/n-triples':
      return occurrences(body, '\n'); // so does N-Triples
    default:
      throw new Error(`Cannot count the rows of a ${mediaType} result.`);
  }
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

/** Objects directly inside `"bindings":[ … ]` (strings skipped, with their escapes). */
function jsonSolutions(body: string): number {
  const start = body.indexOf('"bindings":[');
  if (start < 0) return 0;
  let depth = 0;
  let count = 0;
  for (let i = start + '"bindings":['.length; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < body.length && body.charCodeAt(i) !== 0x22; i++) if (body.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === 0 && c === 0x7b) count++;
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth === 0) return count;
      depth--;
    }
  }
  return count;
}

/** CRLF-ended records, line breaks inside quoted fields not counted. */
function csvRecords(body: string): number {
  let quoted = false;
  let count = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22) quoted = !quoted; // an escaped "" toggles twice
    else if (c === 0x0a && !quoted) count++;
  }
  return count;
}
