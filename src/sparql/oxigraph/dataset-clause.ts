// Whether a SPARQL query names its own dataset with FROM / FROM NAMED.
//
// oxigraph's `use_default_graph_as_union` replaces the query's dataset, FROM clauses included, so the
// union default graph may only be switched on for queries without a dataset clause. oxigraph does
// not expose its parser, so this reads the query text just far enough: string literals, comments and
// IRIs are blanked out first (they may contain anything), then a FROM keyword is looked for. FROM is
// reserved, so outside those it only appears as a dataset clause; `?from`, `ex:from`, `@from`,
// `ex:a.from` are told apart by the character before it.

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

/** True when the query has a FROM or FROM NAMED clause. */
export function hasDatasetClause(query: string): boolean {
  return FROM_CLAUSE.test(blankLiteralsCommentsAndIris(query));
}
