import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../src/core/errors.js';
import { MAX_CHOSEN_VALUES, searchStateOf } from '../../../src/http/portal/search/search-state.js';
import { FACET_DEFINITIONS } from '../../../src/search/kinds/registry.js';

describe('the search page state read from its URL', () => {
  const withPublishers = (n: number): Map<string, string[]> => new Map([['publisher', Array.from({ length: n }, (_, i) => String(900_000_000 + i))]]);

  it(`takes up to ${MAX_CHOSEN_VALUES} filter values over all facets`, () => {
    expect(searchStateOf(withPublishers(MAX_CHOSEN_VALUES), FACET_DEFINITIONS).values.publisher).toHaveLength(MAX_CHOSEN_VALUES);
  });

  it('refuses more with a 400 that says how many and points to the API (each link of the page writes the whole state again)', () => {
    expect(() => searchStateOf(withPublishers(MAX_CHOSEN_VALUES + 1), FACET_DEFINITIONS)).toThrow(BadRequestError);
    expect(() => searchStateOf(withPublishers(MAX_CHOSEN_VALUES + 1), FACET_DEFINITIONS)).toThrow(/chooses 41 filter values; the search page takes at most 40.*\/api\/search/);
  });

  it('refuses a value outside a facet\'s closed set, naming its values, and keeps the missing bucket and the set\'s own', () => {
    expect(() => searchStateOf(new Map([['quality', ['bogus']]]), FACET_DEFINITIONS)).toThrow(/quality="bogus" is not one of its values: use "excellent", "good", "sufficient", "poor"/);
    expect(searchStateOf(new Map([['quality', ['good', '__missing__']]]), FACET_DEFINITIONS).values.quality).toEqual(['good', '__missing__']);
    // An open facet takes any value.
    expect(searchStateOf(new Map([['theme', ['ANYTHING']]]), FACET_DEFINITIONS).values.theme).toEqual(['ANYTHING']);
  });
});
