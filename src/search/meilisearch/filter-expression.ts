import { type PeriodState, type SearchFilters, type ValueFacet } from '../../core/ports/search-index.js';
import { periodStatesOf, startOfDay } from '../facet-buckets.js';
import { PERIOD_FACET, VALUE_FACETS } from '../kinds/registry.js';

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
 * The validity period's bounds as Meilisearch numbers: `validFrom` and `validTo` (epoch ms of the first
 * and last day; an open end is the farthest date JavaScript knows). A document without a period has
 * neither field.
 */
export const OPEN_PERIOD_END = 8.64e15;

/** The expression selecting documents whose validity period is in `state` on the day `today` (epoch ms, 00:00 UTC). */
export function periodStateExpression(state: PeriodState, today: number): string {
  switch (state) {
    case 'expired':
      return `validTo < ${today}`;
    case 'future':
      return `validFrom > ${today}`;
    case 'current':
      return `validFrom <= ${today} AND validTo >= ${today}`;
  }
}

/**
 * Our filters as one Meilisearch filter expression: values within a facet OR-ed (`IN [...]`), facets
 * AND-ed; `except` leaves one facet out (for counting that facet without its own filter); validity
 * states are computed for the day of `now`. Returns undefined when nothing is filtered.
 */
export function filterExpression(filters: SearchFilters, except?: ValueFacet | 'modified', now: number = Date.now()): string | undefined {
  const parts: string[] = [];
  for (const facet of VALUE_FACETS) {
    const values = filters[facet];
    if (facet === except || values === undefined || values.length === 0) continue;
    parts.push(`${facet} IN [${values.map(filterLiteral).join(', ')}]`);
  }
  const states = PERIOD_FACET === undefined || except === PERIOD_FACET.name ? null : periodStatesOf(filters[PERIOD_FACET.name as ValueFacet]);
  if (states !== null) {
    parts.push(states.size === 0 ? 'validFrom NOT EXISTS AND validFrom EXISTS' : [...states].map((s) => `(${periodStateExpression(s, startOfDay(now))})`).join(' OR '));
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
