import { type SearchFilters, type ValueFacet } from '../../core/ports/search-index.js';
import { VALUE_FACETS } from '../kinds/registry.js';

/**
 * A string literal in Meilisearch's filter syntax: double-quoted, with backslashes and double quotes
 * escaped. Any value, however hostile (quotes, operators, brackets, newlines), stays one literal.
 */
export function filterLiteral(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const instant = (value: string, endOfDay: boolean): number => {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) + (endOfDay ? 86_399_999 : 0) : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${value}`);
  return ms;
};

/**
 * Our filters as one Meilisearch filter expression: values within a facet OR-ed (`IN [...]`), facets
 * AND-ed; `except` leaves one facet out (for counting that facet without its own filter). Returns
 * undefined when nothing is filtered.
 */
export function filterExpression(filters: SearchFilters, except?: ValueFacet | 'modified'): string | undefined {
  const parts: string[] = [];
  for (const facet of VALUE_FACETS) {
    const values = filters[facet];
    if (facet === except || values === undefined || values.length === 0) continue;
    parts.push(`${facet} IN [${values.map(filterLiteral).join(', ')}]`);
  }
  if (except !== 'modified') {
    if (filters.modifiedFrom !== undefined) parts.push(`modified >= ${instant(filters.modifiedFrom, false)}`);
    if (filters.modifiedTo !== undefined) parts.push(`modified <= ${instant(filters.modifiedTo, true)}`);
  }
  if (filters.uri !== undefined && filters.uri.length > 0) parts.push(`iri IN [${filters.uri.map(filterLiteral).join(', ')}]`);
  if (filters.relations !== undefined && filters.relations.length > 0) parts.push(`relations IN [${filters.relations.map(filterLiteral).join(', ')}]`);
  if (parts.length === 0) return undefined;
  return parts.map((p) => `(${p})`).join(' AND ');
}

/** ANDs two filter expressions, either of which may be absent. */
export function andFilter(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return `(${a}) AND (${b})`;
}
