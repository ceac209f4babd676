import { BadRequestError } from '../../core/errors.js';
import { MAX_PAGE_SIZE, MAX_RESULT_WINDOW, type FacetDefinition, type SearchLanguage, type SearchQuery, type ValueFacet } from '../../core/ports/search-index.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { BOOLEAN_FACETS, checkBoolean, checkClosedValues, checkPage, checkPeriodStates, isPeriodFacet, checkValues, kindsOfType, parseDate, parseLanguage, parseQueryText, parseSort, valueFacetNames } from './search-request.js';

/**
 * data.norge.no's search body: `{ query, filters, sort, pagination }`. Filters are given as
 * `{ "name": { "value": … } }` (a bare value works too); names are data.norge.no's (`dataTheme`,
 * `formats`, `lastXDays`, …) or ours (`theme`, `format`, …).
 */
type FilterTarget = ValueFacet | 'lastXDays' | 'modifiedFrom' | 'modifiedTo' | 'uri' | 'relations';

/** data.norge.no's names of our filters; every facet is a filter under its own name too. */
const FILTER_ALIASES: Readonly<Record<string, FilterTarget>> = {
  dataTheme: 'theme',
  formats: 'format',
  license: 'licence',
  lastXDays: 'lastXDays',
  modifiedFrom: 'modifiedFrom',
  modifiedTo: 'modifiedTo',
  uri: 'uri',
  relations: 'relations',
};

const NOT_FACETS = new Set<string>(['lastXDays', 'modifiedFrom', 'modifiedTo', 'uri', 'relations']);

/** The filter names a body may use with an index of these facets: the facets' own names, and the aliases of those it has. */
function filterNames(facets: readonly FacetDefinition[]): Map<string, FilterTarget> {
  const own = valueFacetNames(facets);
  const names = new Map<string, FilterTarget>(own.map((f) => [f, f]));
  for (const [alias, target] of Object.entries(FILTER_ALIASES)) {
    if (NOT_FACETS.has(target) || (own as string[]).includes(target)) names.set(alias, target);
  }
  return names;
}

/** Filters whose values are IRIs (which may hold commas): never split at commas. */
const IRI_FILTERS = new Set(['uri', 'relations', 'spatial', 'concept', 'conformsTo']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valuesOf(name: string, raw: unknown): string[] {
  const value = isObject(raw) && 'value' in raw ? raw.value : raw;
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined || item === '') continue;
    if (typeof item === 'string') out.push(...(IRI_FILTERS.has(name) ? [item] : item.split(',').map((s) => s.trim()).filter((s) => s !== '')));
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else throw new BadRequestError(`filters.${name} must be a string, a number, a boolean or a list of them.`);
  }
  return out;
}

function integerIn(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequestError(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** A POST /api/search[/{type}] body → a SearchQuery; `pathType` is the `{type}` segment, when given. */
export function searchQueryFromBody(body: unknown, pathType: string | undefined, now: number, langParam: string | undefined, facets: readonly FacetDefinition[]): SearchQuery {
  if (body !== undefined && body !== null && !isObject(body)) throw new BadRequestError('The search body must be a JSON object: { "query", "filters", "sort", "pagination" }.');
  const b = (body ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['query', 'q', 'filters', 'sort', 'pagination', 'lang', 'facetSize'].includes(key)) {
      throw new BadRequestError(`Unknown member "${key}" in the search body: use query, filters, sort, pagination (and lang).`);
    }
  }
  const rawQuery = b.query ?? b.q;
  if (rawQuery !== undefined && rawQuery !== null && typeof rawQuery !== 'string') throw new BadRequestError('query must be a string.');
  const q = parseQueryText('query', (rawQuery as string | null | undefined) ?? '');

  const filters: Record<string, unknown> = {};
  if (b.filters !== undefined && b.filters !== null) {
    if (!isObject(b.filters)) throw new BadRequestError('filters must be an object such as { "dataTheme": { "value": ["ENVI"] } }.');
    const names = filterNames(facets);
    for (const [name, raw] of Object.entries(b.filters)) {
      const target = names.get(name);
      if (target === undefined) throw new BadRequestError(`Unknown filter "${name}": use one of ${[...names.keys()].map((n) => `"${n}"`).join(', ')}.`);
      const values = checkValues(name, valuesOf(name, raw));
      if (values.length === 0) continue;
      if (target === 'lastXDays') {
        const days = Number(values[0]);
        if (!Number.isInteger(days) || days < 0 || days > 100_000) throw new BadRequestError('lastXDays must be a whole number of days.');
        filters.modifiedFrom = new Date(now - days * 86_400_000).toISOString();
      } else if (target === 'modifiedFrom' || target === 'modifiedTo') filters[target] = parseDate(name, values[0]!);
      else if (target === 'type') filters.type = [...new Set(values.flatMap(kindsOfType))];
      else if (BOOLEAN_FACETS.has(target)) filters[target as ValueFacet] = checkBoolean(target, values);
      else if (isPeriodFacet(target, facets)) filters[target as ValueFacet] = checkPeriodStates(target, values);
      else filters[target] = [...((filters[target] as string[] | undefined) ?? []), ...checkClosedValues(target, values, facets)];
    }
  }
  if (pathType !== undefined) {
    const kinds: readonly ResourceKind[] = kindsOfType(pathType);
    const asked = filters.type as ResourceKind[] | undefined;
    filters.type = asked === undefined ? kinds : asked.filter((k) => kinds.includes(k));
  }

  let sortField: string | undefined;
  let sortDirection: string | undefined;
  if (typeof b.sort === 'string') sortField = b.sort;
  else if (isObject(b.sort)) {
    if (b.sort.field !== undefined && typeof b.sort.field !== 'string') throw new BadRequestError('sort.field must be a string.');
    if (b.sort.direction !== undefined && typeof b.sort.direction !== 'string') throw new BadRequestError('sort.direction must be ASC or DESC.');
    sortField = b.sort.field as string | undefined;
    sortDirection = b.sort.direction as string | undefined;
  } else if (b.sort !== undefined && b.sort !== null) throw new BadRequestError('sort must be { "field": …, "direction": "ASC" | "DESC" }.');

  const pagination = b.pagination;
  if (pagination !== undefined && pagination !== null && !isObject(pagination)) throw new BadRequestError('pagination must be { "page": 0, "size": 10 }.');
  const page = integerIn('pagination.page', pagination?.page, 0, 0, MAX_RESULT_WINDOW);
  const size = integerIn('pagination.size', pagination?.size, 10, 1, MAX_PAGE_SIZE);
  checkPage(page, size);
  if (b.lang !== undefined && typeof b.lang !== 'string') throw new BadRequestError('lang must be nb, nn or en.');
  const lang: SearchLanguage = parseLanguage((b.lang as string | undefined) ?? langParam);
  return {
    q,
    filters,
    sort: parseSort(sortField?.replace(/-/g, '_'), sortDirection),
    page,
    size,
    lang,
    facetSize: integerIn('facetSize', b.facetSize, 50, 1, 1000),
  };
}
