import type { QueryAnalysis } from '../analysis/query-analysis.js';

/** A term as an FTS5 string: every term is letters and digits only, quoting keeps FTS5 syntax out. */
const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;

/** The alternatives of one query word after typo expansion, as the adapter resolved them. */
export interface ResolvedWord {
  readonly exact: readonly string[];
  readonly typos: readonly string[];
  /** Misspelt first parts of compounds: corrections that begin index terms. */
  readonly typoPrefixes: readonly string[];
  readonly prefix: string | null;
  readonly suffix: string | null;
}

/**
 * FTS5 MATCH expressions for a query: every word must match (AND); a word matches through its exact
 * terms, its one-typo neighbours, or as the first or last part of a compound (prefix on the text
 * columns, prefix on the reversed column). `strict` leaves out typos and compounds: documents that
 * match it rank above the rest.
 */
export function matchExpressions(words: readonly ResolvedWord[]): { full: string; strict: string } | null {
  if (words.length === 0) return null;
  const full: string[] = [];
  const strict: string[] = [];
  for (const w of words) {
    const exact = w.exact.map(quote);
    const loose = [...exact, ...w.typos.map(quote), ...w.typoPrefixes.map((p) => `${quote(p)} *`)];
    if (w.prefix !== null) loose.push(`${quote(w.prefix)} *`);
    const text = `{title kw descr extra} : (${loose.join(' OR ')})`;
    full.push(w.suffix !== null ? `(${text} OR {rev_title rev} : ${quote(w.suffix)} *)` : `(${text})`);
    strict.push(`({title kw descr extra} : (${exact.join(' OR ')}))`);
  }
  return { full: full.join(' AND '), strict: strict.join(' AND ') };
}

/** Normalised phrase of a query for title ranking, or null when the query has no words. */
export function titlePhrase(analysis: QueryAnalysis): string | null {
  return analysis.phrase === '' ? null : analysis.phrase;
}
