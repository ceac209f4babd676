import sparqljs from 'sparqljs';

/**
 * The query with its solutions capped at `cap` by a LIMIT (the smaller of its own and `cap`), so the
 * engine stops evaluating there instead of building a result that does not fit in memory. A query
 * whose own LIMIT is within the cap, an ASK, or a DESCRIBE without a WHERE is returned unchanged.
 * Throws sparqljs's error when the text is not SPARQL it can read (the caller diagnoses it).
 */
export function capSolutions(query: string, baseIri: string | undefined, cap: number): { readonly text: string; readonly capped: boolean } {
  const parsed = new sparqljs.Parser({ ...(baseIri !== undefined ? { baseIRI: baseIri } : {}) }).parse(query);
  if (parsed.type !== 'query' || parsed.queryType === 'ASK') return { text: query, capped: false };
  if (parsed.queryType === 'DESCRIBE' && (parsed.where === undefined || parsed.where.length === 0)) return { text: query, capped: false };
  // sparqljs's types put LIMIT on SELECT only; its grammar gives every query form its solution modifiers.
  const modified = parsed as { limit?: number };
  if (modified.limit !== undefined && modified.limit <= cap) return { text: query, capped: false };
  modified.limit = cap;
  return { text: new sparqljs.Generator().stringify(parsed), capped: true };
}
