import path from 'node:path';
import { DCAT_RECORD_CLASSES } from '../../harvesters/dcat-ap-no/record-vocabulary.js';
import { MODEL_RECORD_CLASSES } from '../../harvesters/modelldcat-ap-no/record-vocabulary.js';
import { SKOS_RECORD_CLASSES } from '../../harvesters/skos/record-vocabulary.js';
import { SKOS_AP_NO_RECORD_CLASSES } from '../../harvesters/skos-ap-no/record-vocabulary.js';
import { DEMO_DIR } from '../../src/demo/demo-sources.js';
import { OPENAPI_CONTRACT_FIXTURES, OPENAPI_RECORD_CLASSES } from '../harvesters/openapi/contract-fixtures.js';
import { rdfFixture, type HarvesterContractCase } from './harvester.contract.js';

const dcatFixtures = path.join(import.meta.dirname, '../harvesters/dcat-ap-no/fixtures');
const pipelineFixtures = path.join(import.meta.dirname, '../harvest/fixtures');
const modelFixtures = path.join(import.meta.dirname, '../harvesters/modelldcat-ap-no/fixtures');
const conceptFixtures = path.join(import.meta.dirname, '../harvesters/skos-ap-no/fixtures');
const skosFixtures = path.join(import.meta.dirname, '../harvesters/skos/fixtures');

/**
 * Every registered harvester with its fixtures: the harvester contract runs over each
 * (test/harvesters/harvester-contract.test.ts fails when a registered kind has no case here).
 * To add a harvester: one entry with its kind, the record classes it produces and its fixtures
 * (`rdfFixture(…)` for RDF files; for other formats a `ContractFixture` with its documents, a reordering
 * and the resources it describes).
 */
export const HARVESTER_CASES: readonly HarvesterContractCase[] = [
  {
    kind: 'dcat-ap-no',
    recordClasses: DCAT_RECORD_CLASSES,
    fixtures: [
      rdfFixture('edge cases (Turtle)', dcatFixtures, ['contract-edge-cases.ttl']),
      rdfFixture('an agency catalog (Turtle)', dcatFixtures, ['agency-catalog.ttl']),
      rdfFixture('a catalog (Turtle)', pipelineFixtures, ['catalog-v1.ttl']),
      rdfFixture('Kartverket (RDF/XML)', DEMO_DIR, ['kartverket.rdf']),
      rdfFixture('SSB (JSON-LD)', DEMO_DIR, ['ssb.jsonld']),
      rdfFixture('Statens vegvesen (three Hydra pages)', DEMO_DIR, ['statens-vegvesen-page-1.ttl', 'statens-vegvesen-page-2.ttl', 'statens-vegvesen-page-3.ttl'], 'https://data.example.no/demo/'),
    ],
  },
  {
    kind: 'openapi',
    recordClasses: OPENAPI_RECORD_CLASSES,
    fixtures: OPENAPI_CONTRACT_FIXTURES,
  },
  {
    kind: 'modelldcat-ap-no',
    recordClasses: MODEL_RECORD_CLASSES,
    fixtures: [
      rdfFixture('model edge cases (Turtle)', modelFixtures, ['models-edge-cases.ttl']),
      rdfFixture('the demo model catalog (Turtle)', DEMO_DIR, ['digdir-modeller.ttl']),
    ],
  },
  {
    kind: 'skos-ap-no',
    recordClasses: SKOS_AP_NO_RECORD_CLASSES,
    fixtures: [
      rdfFixture('Skatteetaten concept collection (SKOS-AP-NO 2.0, SKOS-XL, relation nodes)', DEMO_DIR, ['skatteetaten-begreper.ttl']),
      rdfFixture('Brønnøysundregistrene concept catalog (dcat:Catalog, SKOS-XL)', DEMO_DIR, ['brreg-begreper.ttl']),
      rdfFixture('a blank-node concept and a concept without a term, both left out', conceptFixtures, ['left-out.ttl']),
    ],
  },
  {
    kind: 'skos',
    recordClasses: SKOS_RECORD_CLASSES,
    fixtures: [rdfFixture('EU data themes extract', skosFixtures, ['data-themes-extract.ttl'])],
  },
];
