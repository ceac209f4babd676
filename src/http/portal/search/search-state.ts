import {
  MAX_RESULT_WINDOW, MISSING_VALUE, type FacetDefinition, type SearchFilters, type SearchQuery, type SearchSort, type ValueFacet,
} from '../../../core/ports/search-index.js';
import { BadRequestError } from '../../../core/errors.js';
import { checkClosedValues, checkValues, filtersFromParameters, parseDate, parseQueryText, parseSort, valueFacetNames, type QueryParameters } from '../../routes/search-request.js';
import type { PortalLanguage } from '../i18n/portal-language.js';
import type { LinkParams } from '../portal-context.js';

/** Hits per page on the search page. */
export const PAGE_SIZE = 20;

/**
 * Filter values one search page takes, over all facets. Every chip and facet link of the page writes the
 * whole state again, so the page grows with the square of the values: 1 076 values (a 15.5 KB URL) made
 * 21.7 MB of HTML in 3.2 s. Nobody picks more than a few by hand; the API takes up to 100 per filter.
 */
export const MAX_CHOSEN_VALUES = 40;

/**
 * The whole state of the search page, read from its URL and written back into every link it makes, so
 * a search is a link you can share and Back works. Parameter names are the search API's (`q`, the
 * facet names, `modifiedFrom`, `modifiedTo`, `sort`), except `page`, which counts from 1 here.
 */
export interface SearchState {
  readonly q: string;
  /** Chosen values per facet, in the order given. */
  readonly values: Readonly<Partial<Record<ValueFacet, readonly string[]>>>;
  readonly modifiedFrom?: string;
  readonly modifiedTo?: string;
  /** As written in the URL (`modified`, `title:asc`); '' for relevance. */
  readonly sort: string;
  readonly parsedSort: SearchSort;
  /** 1-based. */
  readonly page: number;
  /** The facets filtered by the states of a validity period: they take no "without a value" choice. */
  readonly periodFacets?: ReadonlySet<string>;
}

function single(params: QueryParameters, name: string): string | undefined {
  const v = params.get(name);
  return v === undefined ? undefined : v[v.length - 1];
}

/** Reads the state from the query parameters, for an index with these facets; bad values are BadRequestErrors naming the parameter. */
export function searchStateOf(params: QueryParameters, facets: readonly FacetDefinition[]): SearchState {
  const values: Partial<Record<ValueFacet, readonly string[]>> = {};
  for (const facet of valueFacetNames(facets)) {
    const given = params.get(facet)?.filter((v) => v !== '');
    if (given !== undefined && given.length > 0) values[facet] = [...new Set(checkClosedValues(facet, checkValues(facet, given), facets))];
  }
  const chosen = Object.values(values).reduce((n, list) => n + list.length, 0);
  if (chosen > MAX_CHOSEN_VALUES) {
    throw new BadRequestError(`The search chooses ${chosen} filter values; the search page takes at most ${MAX_CHOSEN_VALUES}. Choose fewer, or use the search API (/api/search), which takes up to 100 per filter.`);
  }
  const sort = single(params, 'sort') ?? '';
  const pageText = single(params, 'page');
  const page = pageText === undefined || pageText === '' ? 1 : Number(pageText);
  if (!Number.isInteger(page) || page < 1 || (page - 1) * PAGE_SIZE + PAGE_SIZE > MAX_RESULT_WINDOW) {
    throw new BadRequestError(`page="${String(pageText).slice(0, 20)}" is not a page number from 1 to ${MAX_RESULT_WINDOW / PAGE_SIZE}.`);
  }
  const from = single(params, 'modifiedFrom');
  const to = single(params, 'modifiedTo');
  return {
    q: parseQueryText('q', single(params, 'q')),
    values,
    ...(from ? { modifiedFrom: parseDate('modifiedFrom', from) } : {}),
    ...(to ? { modifiedTo: parseDate('modifiedTo', to) } : {}),
    sort,
    parsedSort: parseSort(sort === '' ? undefined : sort),
    page,
    periodFacets: new Set(facets.filter((f) => f.filter === 'period').map((f) => f.name)),
  };
}

/** The state as link parameters (what every link of the page starts from). */
export function stateParams(state: SearchState): Record<string, string | readonly string[] | undefined> {
  return {
    q: state.q,
    ...state.values,
    modifiedFrom: state.modifiedFrom,
    modifiedTo: state.modifiedTo,
    sort: state.sort === '' ? undefined : state.sort,
    page: state.page > 1 ? String(state.page) : undefined,
  };
}

/** The search the index runs for a state. */
export function searchQueryOf(state: SearchState, lang: PortalLanguage, facets: readonly FacetDefinition[]): SearchQuery {
  const params = new Map<string, readonly string[]>();
  for (const [facet, values] of Object.entries(state.values)) params.set(facet, values);
  if (state.modifiedFrom !== undefined) params.set('modifiedFrom', [state.modifiedFrom]);
  if (state.modifiedTo !== undefined) params.set('modifiedTo', [state.modifiedTo]);
  const filters: SearchFilters = filtersFromParameters(params, facets);
  return { q: state.q, filters, sort: state.parsedSort, page: state.page - 1, size: PAGE_SIZE, lang, facetSize: 30 };
}

/** Link parameters with one facet value added or removed (and back to the first page). */
export function toggled(state: SearchState, facet: ValueFacet, value: string): LinkParams {
  const current = state.values[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...stateParams(state), [facet]: next, page: undefined };
}

/** Link parameters with a facet's values replaced (the kind tabs choose one kind). */
export function withOnly(state: SearchState, facet: ValueFacet, values: readonly string[]): LinkParams {
  return { ...stateParams(state), [facet]: values, page: undefined };
}

export function isChosen(state: SearchState, facet: ValueFacet, value: string): boolean {
  return state.values[facet]?.includes(value) ?? false;
}

export { MISSING_VALUE };
