import { describe, expect, it } from 'vitest';
import { distributionUrls } from '../../src/rdf/distribution-urls.js';

const A = '<http://www.w3.org/ns/dcat#accessURL>';
const D = '<http://www.w3.org/ns/dcat#downloadURL>';

describe('the access and download URLs of a record graph', () => {
  it('are read from canonical N-Triples, each once per property, escapes undone', () => {
    const graph = [
      `<https://x.no/d1> ${A} <https://x.no/api> .`,
      `<https://x.no/d1> ${D} <https://x.no/file.csv> .`,
      `<https://x.no/d2> ${A} <https://x.no/api> .`,
      `<https://x.no/d2> ${D} <https://x.no/bl\\u00E5b\\u00E6r.csv> .`,
      `<https://x.no/d2> <http://purl.org/dc/terms/title> "not <https://x.no/api> a URL" .`,
      `_:b0 ${A} <https://x.no/file.csv> .`,
    ].join('\n') + '\n';
    expect(distributionUrls(graph)).toEqual([
      { url: 'https://x.no/api', property: 'accessURL' },
      { url: 'https://x.no/file.csv', property: 'accessURL' },
      { url: 'https://x.no/file.csv', property: 'downloadURL' },
      { url: 'https://x.no/blåbær.csv', property: 'downloadURL' },
    ]);
  });

  it('are none in a graph without distributions', () => {
    expect(distributionUrls('<https://x.no/d> <http://purl.org/dc/terms/title> "t" .\n')).toEqual([]);
  });
});
