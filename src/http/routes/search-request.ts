import { BadRequestError } from '../../core/errors.js';
import {
  MAX_PAGE_SIZE, MAX_RESULT_WINDOW, MISSING_VALUE, PERIOD_STATES, SEARCH_LANGUAGES, SEARCH_SORT_FIELDS, type FacetDefinition, type SearchFacet,
  type SearchFilters, type SearchLanguage, type SearchQuery, type SearchSort, type SearchSortField, type ValueFacet,
} from '../../core/ports/search-index.js';
import { isResourceKind, kindsOfSegment, RECORD_SEGMENTS, RESOURCE_KINDS, type ResourceKind } from '../../core/resource-kind.js';

/** The longest free-text query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1000;
/** The most values one filter may list, and the longest value. */
const MAX_FILTER_VALUES = 100;
const MAX_VALUE_LENGTH = 2000;
const MAX_FACET_SIZE = 1000;


const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

const list = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/** `type` filter values: resource kinds, or the record-URI segments data.norge.no uses (`datasets`, …). */
export function kindsOfType(value: string): readonly ResourceKind[] {
  const kinds = isResourceKind(value) ? [value] : kindsOfSegment(value);
  if (kinds.length === 0) throw new BadRequestError(`Unknown type "${clip(value)}": use one of ${list([...RECORD_SEGMENTS, ...RESOURCE_KINDS])}.`);
  return kinds;
}

const clip = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

export function parseDate(name: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))) {
    throw new BadRequestError(`${name}="${clip(value)}" is not a date: use YYYY-MM-DD or an ISO 8601 date-time such as 2024-05-01T12:00:00Z.`);
  }
  return value;
}

export function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new BadRequestError(`${name}="${clip(value)}" is not a whole number (expected ${min}–${max}).`);
  const n = Number(value);
  if (n < min || n > max) throw new BadRequestError(`${name}=${n} is out of range (expected ${min}–${max}).`);
  return n;
}

export function parseLanguage(value: string | undefined): SearchLanguage {
  if (value === undefined || value === '') return 'nb';
  if ((SEARCH_LANGUAGES as readonly string[]).includes(value)) return value as SearchLanguage;
  throw new BadRequestError(`lang="${clip(value)}" is not supported: use one of ${list(SEARCH_LANGUAGES)}.`);
}

export function parseQueryText(name: string, value: string | undefined): string {
  const q = value ?? '';
  if (q.length > MAX_QUERY_LENGTH) throw new BadRequestError(`${name} is too long (${q.length} characters; at most ${MAX_QUERY_LENGTH}).`);
  return q;
}

const SORT_ALIASES: Readonly<Record<string, SearchSortField>> = {
  relevance: 'relevance',
  score: 'relevance',
  modified: 'modified',
  firstharvested: 'firstHarvested',
  first_harvested: 'firstHarvested',
  harvested: 'firstHarvested',
  title: 'title',
  quality: 'quality',
};

/** `modified`, `modified:asc`, `title:desc`, `quality`; direction defaults to newest first for dates, best first for quality, A–Å for titles. */
export function parseSort(field: string | undefined, direction?: string): SearchSort {
  if (field === undefined || field === '') return { field: 'relevance', direction: 'desc' };
  const [name, dir = direction] = field.split(':');
  const sortField = SORT_ALIASES[(name ?? '').toLowerCase()];
  if (sortField === undefined) throw new BadRequestError(`sort="${clip(field)}" is not a sort order: use one of ${list(SEARCH_SORT_FIELDS)}, optionally with :asc or :desc.`);
  const d = dir?.toLowerCase();
  if (d !== undefined && d !== '' && d !== 'asc' && d !== 'desc') throw new BadRequestError(`Sort direction "${clip(dir!)}" must be asc or desc.`);
  return { field: sortField, direction: d === 'asc' || d === 'desc' ? d : sortField === 'title' ? 'asc' : 'desc' };
}

export function checkValues(name: string, values: readonly string[]): readonly string[] {
  if (values.length > MAX_FILTER_VALUES) throw new BadRequestError(`${name} lists ${values.length} values; at most ${MAX_FILTER_VALUES}.`);
  for (const v of values) if (v.length > MAX_VALUE_LENGTH) throw new BadRequestError(`A ${name} value is ${v.length} characters long; at most ${MAX_VALUE_LENGTH}.`);
  return values;
}

/** The facets whose values are `true` and `false` only. */
export const BOOLEAN_FACETS: ReadonlySet<string> = new Set(['openData', 'hasApi']);

export function checkBoolean(name: string, values: readonly string[]): readonly string[] {
  for (const v of values) if (v !== 'true' && v !== 'false') throw new BadRequestError(`${name}="${clip(v)}" must be true or false.`);
  return values;
}

export function checkPage(page: number, size: number): void {
  if (page * size + size > MAX_RESULT_WINDOW) throw new BadRequestError(`page=${page} with size=${size} goes past the first ${MAX_RESULT_WINDOW} results: narrow the search instead.`);
}

export function parseFacetName(value: string, facets: readonly FacetDefinition[]): SearchFacet {
  const found = facets.find((f) => f.name === value);
  if (found !== undefined) return found.name;
  throw new BadRequestError(`Unknown facet "${clip(value)}": use one of ${list(facets.map((f) => f.name))}.`);
}

/** The facets filtered by value (every facet but the date ranges; the validity period by its states), by name. */
export function valueFacetNames(facets: readonly FacetDefinition[]): ValueFacet[] {
  return facets.filter((f) => f.filter !== 'date-range').map((f) => f.name as ValueFacet);
}

/** Whether a facet is filtered by the states of a validity period (PERIOD_STATES). */
export function isPeriodFacet(name: string, facets: readonly FacetDefinition[]): boolean {
  return facets.some((f) => f.name === name && f.filter === 'period');
}

/** Refuses a value outside a facet's closed set (FacetDefinition.values), naming the facet and its values; the missing bucket is always a value. */
export function checkClosedValues(name: string, values: readonly string[], facets: readonly FacetDefinition[]): readonly string[] {
  const allowed = facets.find((f) => f.name === name)?.values;
  if (allowed === undefined) return values;
  for (const v of values) if (v !== MISSING_VALUE && !allowed.includes(v)) throw new BadRequestError(`${name}="${clip(v)}" is not one of its values: use ${list(allowed)}.`, { parameter: name });
  return values;
}

export function checkPeriodStates(name: string, values: readonly string[]): readonly string[] {
  for (const v of values) if (!(PERIOD_STATES as readonly string[]).includes(v)) throw new BadRequestError(`${name}="${clip(v)}" is not a validity state: use ${list(PERIOD_STATES)}.`);
  return values;
}

/** The parameters of the query-string form, each with all its values in order. */
export type QueryParameters = ReadonlyMap<string, readonly string[]>;

export function queryParameters(originalUrl: string): QueryParameters {
  const params = new URL(originalUrl, 'http://localhost').searchParams;
  const out = new Map<string, string[]>();
  for (const [name, value] of params) {
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

const OTHER_FILTERS = ['modifiedFrom', 'modifiedTo', 'uri', 'relations'];

function single(params: QueryParameters, name: string): string | undefined {
  const values = params.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw new BadRequestError(`${name} is given ${values.length} times; give it once.`);
  return values[0];
}

/** Filters from the query string: facet names repeated for several values, dates, uri and relations. */
export function filtersFromParameters(params: QueryParameters, facets: readonly FacetDefinition[]): SearchFilters {
  const filters: Record<string, unknown> = {};
  for (const facet of valueFacetNames(facets)) {
    const values = params.get(facet);
    if (values === undefined) continue;
    const clean = checkValues(facet, values.filter((v) => v !== ''));
    if (clean.length === 0) continue;
    if (facet === 'type') filters.type = [...new Set(clean.flatMap(kindsOfType))];
    else if (BOOLEAN_FACETS.has(facet)) filters[facet] = checkBoolean(facet, clean);
    else if (isPeriodFacet(facet, facets)) filters[facet] = checkPeriodStates(facet, clean);
    else filters[facet] = checkClosedValues(facet, clean, facets);
  }
  const from = single(params, 'modifiedFrom');
  const to = single(params, 'modifiedTo');
  if (from) filters.modifiedFrom = parseDate('modifiedFrom', from);
  if (to) filters.modifiedTo = parseDate('modifiedTo', to);
  for (const name of ['uri', 'relations'] as const) {
    const values = params.get(name)?.filter((v) => v !== '');
    if (values && values.length > 0) filters[name] = checkValues(name, values);
  }
  return filters as SearchFilters;
}

/** Rejects a parameter that is neither a facet filter nor one of `others`. */
function checkKnown(params: QueryParameters, facets: readonly FacetDefinition[], others: readonly string[]): void {
  const filters = valueFacetNames(facets);
  for (const name of params.keys()) {
    if ((filters as string[]).includes(name) || others.includes(name)) continue;
    if (filters.length === 0) throw new BadRequestError(`Unknown parameter "${clip(name)}". Parameters are ${list(others)}.`);
    throw new BadRequestError(`Unknown parameter "${clip(name)}". Facet filters are ${list(filters)}; other parameters are ${list(others)}.`);
  }
}

const SEARCH_PARAMETERS = [...OTHER_FILTERS, 'q', 'sort', 'page', 'size', 'lang', 'facetSize'];

/** `GET /api/search?…` → a SearchQuery, for an index with these facets. Throws BadRequestError naming the first problem. */
export function searchQueryFromParameters(params: QueryParameters, facets: readonly FacetDefinition[]): SearchQuery {
  checkKnown(params, facets, SEARCH_PARAMETERS);
  const page = parseInteger('page', single(params, 'page'), 0, 0, MAX_RESULT_WINDOW);
  const size = parseInteger('size', single(params, 'size'), 10, 1, MAX_PAGE_SIZE);
  checkPage(page, size);
  return {
    q: parseQueryText('q', single(params, 'q')),
    filters: filtersFromParameters(params, facets),
    sort: parseSort(single(params, 'sort')),
    page,
    size,
    lang: parseLanguage(single(params, 'lang')),
    facetSize: parseInteger('facetSize', single(params, 'facetSize'), 50, 1, MAX_FACET_SIZE),
  };
}

const FACET_VALUE_PARAMETERS = [...OTHER_FILTERS, 'q', 'query', 'page', 'size', 'lang'];

/** `GET /api/search/facets/{facet}?q=&query=&page=&size=&…filters`: `q` searches the facet's values, `query` is the search text. */
export function facetValuesRequestFromParameters(facetName: string, params: QueryParameters, facets: readonly FacetDefinition[]) {
  const facet = parseFacetName(facetName, facets);
  checkKnown(params, facets, FACET_VALUE_PARAMETERS);
  const valueQuery = parseQueryText('q', single(params, 'q'));
  return {
    facet,
    q: parseQueryText('query', single(params, 'query')),
    filters: filtersFromParameters(params, facets),
    ...(valueQuery === '' ? {} : { valueQuery }),
    page: parseInteger('page', single(params, 'page'), 0, 0, 100_000),
    size: parseInteger('size', single(params, 'size'), 50, 1, MAX_FACET_SIZE),
    lang: parseLanguage(single(params, 'lang')),
  };
}

export function suggestFromParameters(params: QueryParameters): { q: string; size: number; lang: SearchLanguage } {
  checkKnown(params, [], ['q', 'size', 'lang']);
  return {
    q: parseQueryText('q', single(params, 'q')),
    size: parseInteger('size', single(params, 'size'), 8, 1, 20),
    lang: parseLanguage(single(params, 'lang')),
  };
}

export type { ValueFacet };
