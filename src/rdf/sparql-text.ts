// Reading a SPARQL text without parsing it: linear-time checks that run before a query reaches the
// engine, on the main thread, whatever the text (a full parse there could take seconds: see sparqlShape).
//
// Whether a SPARQL query names its own dataset with FROM / FROM NAMED: oxigraph's `use_default_graph_as_union` replaces the query's dataset, FROM clauses included, so the
// union default graph may only be switched on for queries without a dataset clause. oxigraph does
// not expose its parser, so this reads the query text just far enough: string literals, comments and
// IRIs are blanked out first (they may contain anything), then a FROM keyword is looked for. FROM is
// reserved, so outside those it only appears as a dataset clause; `?from`, `ex:from`, `@from`,
// `ex:a.from` are told apart by the character before it.

import { isSubjectLookup } from './subject-lookup.js';

// eslint-disable-next-line no-control-regex -- IRIREF (SPARQL grammar) excludes the control characters
const IRI_REF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const FROM_CLAUSE = /(?<![\w?$:.@\\-])FROM(?:\s+NAMED)?(?:\s*<|\s+(?:[A-Za-z][\w.-]*)?:)/i;

/** The query with every string literal, comment and IRI reduced to `""`, ` ` and `<>`. */
export function blankLiteralsCommentsAndIris(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '#') {
      const end = query.indexOf('\n', i);
      i = end === -1 ? query.length : end;
      out += ' ';
    } else if (c === '"' || c === "'") {
      const long = query.startsWith(c.repeat(3), i);
      i = long ? endOfLongString(query, i + 3, c) : endOfShortString(query, i + 1, c);
      out += '""';
    } else if (c === '<') {
      IRI_REF.lastIndex = i;
      const m = IRI_REF.exec(query);
      if (m) {
        i += m[0].length;
        out += '<>';
      } else {
        i++;
        out += c;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function endOfShortString(query: string, from: number, quote: string): number {
  for (let i = from; i < query.length; i++) {
    const c = query[i];
    if (c === '\\') i++;
    else if (c === quote || c === '\n' || c === '\r') return i + 1;
  }
  return query.length;
}

function endOfLongString(query: string, from: number, quote: string): number {
  const close = quote.repeat(3);
  for (let i = from; i < query.length; i++) {
    if (query[i] === '\\') i++;
    else if (query.startsWith(close, i)) {
      // A long string may end in more quotes than three: '''a''''' ends after the last one.
      let end = i + 3;
      while (query[end] === quote && end - i < 5) end++;
      return end;
    }
  }
  return query.length;
}

/**
 * What a query's cost is remembered by besides its exact text: its shape, the text with string literals,
 * IRIs and comments blanked and white space collapsed, so a client looking up one resource after
 * another (or varying the constants of one costly query) is known after the first. `ground`: the query
 * has no variables and no blank nodes, so it only checks or describes given terms (`ASK {}`,
 * `DESCRIBE <…>`). `lookup`: it reads the triples of subjects it names (isSubjectLookup). Either is
 * taken as short without ever having run.
 */
export function costShape(query: string): { readonly shape: string; readonly ground: boolean; readonly lookup: boolean } {
  const shape = blankLiteralsCommentsAndIris(query).replace(/\s+/g, ' ').trim();
  return { shape, ground: !/[?$][\p{L}\p{N}_]|_:|\[/u.test(shape), lookup: isSubjectLookup(shape) };
}

/** True when the query has a FROM or FROM NAMED clause. */
export function hasDatasetClause(query: string): boolean {
  return FROM_CLAUSE.test(blankLiteralsCommentsAndIris(query));
}

/** What the endpoint needs to know of a SPARQL text before it reaches the engine. */
export interface SparqlShape {
  /**
   * The operation, from the first keyword after the prologue (BASE, PREFIX): a query of one of the four
   * forms, an update, or something else (the engine will say what is wrong with it).
   */
  readonly operation: { readonly kind: 'query'; readonly form: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' } | { readonly kind: 'update' } | { readonly kind: 'unknown' };
  /** Deepest nesting of { ( [ outside strings, IRIs and comments. */
  readonly depth: number;
  /**
   * Operators that the engine nests (|| && + - * / ! | ^ UNION OPTIONAL MINUS, and BIND and FILTER, which it
   * chains): its parser and evaluator recurse on them.
   */
  readonly operators: number;
  /** Group patterns (`{`): the engine's optimiser takes seconds on a few hundred sibling groups joined. */
  readonly groups: number;
}

const FORMS = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);
const UPDATES = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'DROP', 'CREATE', 'ADD', 'MOVE', 'COPY', 'WITH']);
const OPERATOR_CHARS = new Set(['|', '&', '+', '*', '/', '^', '!']);
const NESTED_KEYWORD = /(?<![\w?$:.@\\-])(?:UNION|OPTIONAL|MINUS|BIND|FILTER)(?![\w:-])/gi;
/** Characters of a run that may be a name, a number or a chain of them with `-` between (one pass, no regex). */
const RUN_CHAR = /[\p{L}\p{N}_.:%\\\u00B7-]/u;

/**
 * The operation, nesting depth and operator count of a SPARQL text, in one linear pass. oxigraph's
 * parser and evaluator recurse on nesting and on chains of binary operators and crash (a WASM stack
 * overflow) beyond a few hundred; sparqljs takes seconds on a few thousand nested groups. The endpoint
 * refuses texts past its limits before either sees them.
 */
export function sparqlShape(query: string): SparqlShape {
  const text = blankLiteralsCommentsAndIris(query);
  let depth = 0;
  let deepest = 0;
  let operators = 0;
  let groups = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{') groups++;
    if (c === '{' || c === '(' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (OPERATOR_CHARS.has(c)) {
      operators++;
      if ((c === '|' || c === '&') && text[i + 1] === c) i++; // || and && are one operator
    }
  }
  operators += text.match(NESTED_KEYWORD)?.length ?? 0;
  operators += minusOperators(text);
  return { operation: operationOf(text), depth: deepest, operators, groups };
}

/**
 * The `-` signs that are operators: `1 - 1 - 1` and `1-1-1` are chains (oxigraph crashed at 2 500 terms,
 * 10 KB). A run of name characters holding a `:` is a prefixed name or blank node label and one after `@` a
 * language tag, whose hyphens are part of them. One pass over the text.
 */
function minusOperators(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; ) {
    if (!RUN_CHAR.test(text[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let hyphens = 0;
    let colon = false;
    for (; i < text.length && RUN_CHAR.test(text[i]!); i++) {
      if (text[i] === '-') hyphens++;
      else if (text[i] === ':') colon = true;
    }
    if (!colon && text[start - 1] !== '@') count += hyphens;
  }
  return count;
}

/** The first keyword after BASE <iri> and PREFIX p: <iri> declarations (IRIs are already blanked to <>). */
function operationOf(text: string): SparqlShape['operation'] {
  const prologue = /\s*(?:BASE\s*<>|PREFIX\s*[^\s:<]*:\s*<>)/iy;
  let at = 0;
  for (;;) {
    prologue.lastIndex = at;
    const m = prologue.exec(text);
    if (m === null) break;
    at = prologue.lastIndex;
  }
  const word = /\s*([A-Za-z]+)/y;
  word.lastIndex = at;
  const keyword = word.exec(text)?.[1]?.toUpperCase();
  if (keyword === undefined) return { kind: 'unknown' };
  if (FORMS.has(keyword)) return { kind: 'query', form: keyword as 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' };
  if (UPDATES.has(keyword)) return { kind: 'update' };
  return { kind: 'unknown' };
}
