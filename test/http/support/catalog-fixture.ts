import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import type { ResourceKind } from '../../../src/core/resource-kind.js';
import type { ValidationReport } from '../../../src/core/validation-report.js';
import { canonicalNTriples, graphHash } from '../../../src/rdf/ntriples.js';
import { uuidV3 } from '../../../src/rdf/uuid-v3.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export const SOURCE: HarvestSource = {
  id: uuidV3('dcat-ap-no https://data.example.no/catalog.ttl 971040238'),
  url: 'https://data.example.no/catalog.ttl',
  kind: 'dcat-ap-no',
  publisher: '971040238',
  quarantineInvalid: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};

export const CATALOG_IRI = 'https://data.example.no/catalogs/kartverket';
export const DATASET_IRI = 'https://data.example.no/datasets/stedsnavn';
export const SERVICE_IRI = 'https://data.example.no/services/stedsnavn-api';

/** A fixture file as canonical N-Triples (the form records are stored in). */
export function fixtureNTriples(file: string): string {
  return canonicalNTriples(new Parser({ baseIRI: 'https://data.example.no/' }).parse(readFileSync(path.join(fixtures, file), 'utf8')));
}

export const CONFORMS: ValidationReport = { profile: 'dcat-ap-no-2', conforms: true, counts: { violation: 0, warning: 0, info: 0 }, results: [] };

export const VIOLATES: ValidationReport = {
  profile: 'dcat-ap-no-2',
  conforms: false,
  counts: { violation: 1, warning: 0, info: 0 },
  results: [
    {
      severity: 'violation',
      focusNode: DATASET_IRI,
      path: 'http://purl.org/dc/terms/description',
      message: { nb: 'Datasettet mangler beskrivelse (dct:description).', en: 'The dataset has no description (dct:description).' },
    },
  ],
};

/** A record write for a fixture file, with the catalog record facts the tests need. */
export function fixtureRecord(
  file: string,
  kind: ResourceKind,
  iri: string,
  overrides: Partial<Pick<RecordWrite, 'status' | 'issued' | 'modified' | 'validation' | 'catalogId'>> = {},
): RecordWrite {
  const graph = fixtureNTriples(file);
  return {
    id: uuidV3(iri),
    iri,
    kind,
    sourceId: SOURCE.id,
    catalogId: kind === 'catalog' ? null : uuidV3(CATALOG_IRI),
    hash: graphHash(graph),
    status: 'published',
    issued: '2025-01-02T10:00:00.000Z',
    modified: '2025-03-04T12:30:00.000Z',
    graph,
    validation: CONFORMS,
    ...overrides,
  };
}
