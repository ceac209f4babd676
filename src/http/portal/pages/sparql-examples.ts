/**
 * Example queries on the SPARQL page: the six catalog questions of the architecture brief
 * (a: one dataset, b: datasets per publisher, c: theme and format, d: a word in the title, e: media
 * types, f: any triples), written to run as they are on any catalog.
 */
export interface SparqlExample {
  readonly id: 'oneDataset' | 'perPublisher' | 'themeAndFormat' | 'titleWord' | 'mediaTypes' | 'anyTriples';
  readonly query: string;
}

const PREFIXES = `PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
`;

export const SPARQL_EXAMPLES: readonly SparqlExample[] = [
  {
    id: 'perPublisher',
    query: `${PREFIXES}
SELECT ?publisher (COUNT(?dataset) AS ?datasets)
WHERE { ?dataset a dcat:Dataset ; dct:publisher ?publisher }
GROUP BY ?publisher
ORDER BY DESC(?datasets)`,
  },
  {
    id: 'oneDataset',
    query: `${PREFIXES}
SELECT ?dataset ?property ?value
WHERE {
  { SELECT ?dataset WHERE { ?dataset a dcat:Dataset } ORDER BY ?dataset LIMIT 1 }
  ?dataset ?property ?value .
}`,
  },
  {
    id: 'themeAndFormat',
    query: `${PREFIXES}
SELECT DISTINCT ?dataset ?title
WHERE {
  ?dataset a dcat:Dataset ;
           dct:title ?title ;
           dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
           dcat:distribution ?distribution .
  ?distribution dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
}
LIMIT 20`,
  },
  {
    id: 'titleWord',
    query: `${PREFIXES}
SELECT ?dataset ?title
WHERE {
  ?dataset a dcat:Dataset ; dct:title ?title .
  FILTER(CONTAINS(LCASE(?title), "vann"))
}
LIMIT 50`,
  },
  {
    id: 'mediaTypes',
    query: `${PREFIXES}
SELECT ?dataset ?mediaType
WHERE {
  ?dataset a dcat:Dataset ; dcat:distribution ?distribution .
  ?distribution dcat:mediaType ?mediaType .
}
LIMIT 100`,
  },
  {
    id: 'anyTriples',
    query: `SELECT * WHERE { ?s ?p ?o } LIMIT 100`,
  },
];
