import sparqljs from 'sparqljs';
import { blankLiteralsCommentsAndIris } from '../rdf/sparql-text.js';

/**
 * The query with its solutions capped at `cap` by a LIMIT (the smaller of its own and `cap`), so the
 * engine stops evaluating there instead of building a result that does not fit in memory. A query
 * whose own LIMIT is within the cap, an ASK, or a DESCRIBE without a WHERE is returned unchanged.
 *
 * A query without LIMIT and without a trailing VALUES keeps its own text, with `LIMIT cap` appended on
 * a line of its own (solution modifiers end the query). Otherwise sparqljs writes the query back with
 * the LIMIT set; that text may differ from the original in form (sparqljs writes some valid forms back
 * as text the engine refuses, e.g. a prefixed name with an escaped `.`), so a caller whose engine
 * refuses a `rewritten` text runs the original instead.
 *
 * Throws sparqljs's error when the text is not SPARQL it can read: not necessarily invalid (sparqljs
 * does not read `\u` escapes in IRIs, nor SPARQL 1.2 and RDF-star forms the engine reads), so the
 * caller runs such a query uncapped and lets the engine judge it.
 */
export function capSolutions(query: string, baseIri: string | undefined, cap: number): { readonly text: string; readonly capped: boolean; readonly rewritten: boolean } {
  const parsed = new sparqljs.Parser({ ...(baseIri !== undefined ? { baseIRI: baseIri } : {}) }).parse(query);
  if (parsed.type !== 'query' || parsed.queryType === 'ASK') return { text: query, capped: false, rewritten: false };
  if (parsed.queryType === 'DESCRIBE' && (parsed.where === undefined || parsed.where.length === 0)) return { text: query, capped: false, rewritten: false };
  // sparqljs's types put LIMIT on SELECT only; its grammar gives every query form its solution modifiers.
  const modified = parsed as { limit?: number; values?: unknown };
  if (modified.limit !== undefined && modified.limit <= cap) return { text: query, capped: false, rewritten: false };
  if (modified.limit === undefined && modified.values === undefined) return { text: `${query}\nLIMIT ${cap}`, capped: true, rewritten: false };
  modified.limit = cap;
  return { text: new sparqljs.Generator().stringify(parsed), capped: true, rewritten: true };
}

/** LIMIT or VALUES as a word anywhere in a blanked text (also `?limit` or `ex:values`: then the full parse decides). */
const LIMIT_OR_VALUES = /(?:^|[^\w])(?:LIMIT|VALUES)(?![\w])/i;

/**
 * A LIMIT (with or without an OFFSET, in either order) that ends a blanked text: the outer query's own (a
 * subquery's ends inside braces, and a trailing VALUES would come after it), not a variable or prefixed name.
 */
const TRAILING_LIMIT = /(?:^|[^\w?$:])LIMIT\s+(\d+)(?:\s+OFFSET\s+\d+)?\s*$|(?:^|[^\w?$:])OFFSET\s+\d+\s+LIMIT\s+(\d+)\s*$/i;

/**
 * capSolutions without parsing, for the common cases: a SELECT, CONSTRUCT or DESCRIBE … WHERE whose text has
 * no LIMIT and no VALUES anywhere outside its literals, comments and IRIs has neither at its end either, so
 * capSolutions would append `LIMIT cap` on a line of its own; one that ends in its own LIMIT within the cap
 * would be left as it is. This gives that text after one linear look
 * (sparqljs's parse costs a few tenths of a millisecond per query, more than the rest of forwarding a short
 * one). Undefined when it cannot tell: call capSolutions then. `form` is the query form the endpoint read
 * from the text (sparqlShape).
 *
 * Unlike capSolutions it does not check the text is SPARQL: an invalid text gets its LIMIT too, and the
 * engine that runs it says what is wrong (as it does for text sparqljs cannot read).
 */
export function capSolutionsWithoutParsing(query: string, form: 'SELECT' | 'CONSTRUCT' | 'DESCRIBE' | 'ASK', cap: number): { readonly text: string; readonly capped: boolean; readonly rewritten: false } | undefined {
  if (form === 'ASK') return { text: query, capped: false, rewritten: false };
  const bare = blankLiteralsCommentsAndIris(query);
  if (LIMIT_OR_VALUES.test(bare)) {
    // A query ending in its own LIMIT within the cap keeps its text (as capSolutions would), unparsed: sparqljs's
    // parse cost 0.3–0.9 ms a query under load for the short catalog queries with a LIMIT, more than forwarding one.
    const own = TRAILING_LIMIT.exec(bare);
    const limit = own === null ? undefined : Number(own[1] ?? own[2]);
    return limit !== undefined && limit <= cap ? { text: query, capped: false, rewritten: false } : undefined;
  }
  if (form === 'DESCRIBE' && !bare.includes('{')) return { text: query, capped: false, rewritten: false }; // DESCRIBE <iri> without WHERE
  return { text: `${query}\nLIMIT ${cap}`, capped: true, rewritten: false };
}
