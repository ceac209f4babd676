import { BadRequestError } from '../../core/errors.js';
import type { PeriodState, SearchFilters, ValueFacet } from '../../core/ports/search-index.js';
import { periodStatesOf, startOfDay } from '../facet-buckets.js';
import { PERIOD_FACET, VALUE_FACETS } from '../kinds/registry.js';
import { facetValueKey } from './document-row.js';
import { withoutNul } from '../../postgres/text.js';

/** Numbered parameters of one statement. */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder (`$n`, with a cast when given). */
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** `2024-05-01` → start (or end) of that day; full instants as given (as the embedded index). */
function instant(value: string, endOfDay: boolean): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) + (endOfDay ? 86_399_999 : 0) : Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`"${value}" is not a date: use YYYY-MM-DD or an ISO 8601 date-time.`);
  return ms;
}

/**
 * The WHERE conditions of a search: the text match (`tsquery`, a placeholder of the text query, or
 * null), then every filter but `except` (a facet is counted without its own filter). Values within a
 * facet are alternatives (array overlap); facets, dates, validity states (on the day of `now`), `uri`
 * and `relations` must all hold.
 */
/** The condition selecting documents whose validity period is in `state` on the day that starts at `today` (null bounds: no period, never selected). */
export function periodStateCondition(state: PeriodState, today: string): string {
  switch (state) {
    case 'expired':
      return `valid_to < ${today}`;
    case 'future':
      return `valid_from > ${today}`;
    case 'current':
      return `(valid_from <= ${today} AND valid_to >= ${today})`;
  }
}

export function whereClause(params: Params, tsquery: string | null, filters: SearchFilters, except: ValueFacet | 'modified' | undefined, now: number): string {
  const conditions: string[] = [];
  if (tsquery !== null) conditions.push(`tsv @@ ${tsquery}`);
  for (const facet of VALUE_FACETS) {
    const values = filters[facet];
    if (facet === except || values === undefined || values.length === 0) continue;
    conditions.push(`facet_values && ${params.add(values.map((v) => withoutNul(facetValueKey(facet, v))), '::text[]')}`);
  }
  const states = PERIOD_FACET === undefined || except === PERIOD_FACET.name ? null : periodStatesOf(filters[PERIOD_FACET.name as ValueFacet]);
  if (states !== null) {
    const today = states.size === 0 ? '' : params.add(startOfDay(now));
    conditions.push(states.size === 0 ? 'FALSE' : `(${[...states].map((state) => periodStateCondition(state, today)).join(' OR ')})`);
  }
  if (except !== 'modified') {
    if (filters.modifiedFrom !== undefined) conditions.push(`modified >= ${params.add(instant(filters.modifiedFrom, false))}`);
    if (filters.modifiedTo !== undefined) conditions.push(`modified <= ${params.add(instant(filters.modifiedTo, true))}`);
  }
  if (filters.uri !== undefined && filters.uri.length > 0) conditions.push(`iri = ANY(${params.add(filters.uri.map(withoutNul), '::text[]')})`);
  if (filters.relations !== undefined && filters.relations.length > 0) conditions.push(`relations && ${params.add(filters.relations.map(withoutNul), '::text[]')}`);
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}
