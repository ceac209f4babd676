import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { DCAT } from '../../../src/rdf/namespaces.js';
import { RecordClasses } from '../../../src/rdf/records/record-classes.js';
import type { ContractDocument, ContractFixture } from '../../contract/harvester.contract.js';

/** What the OpenAPI harvester makes records of: the data service, and the generated catalog listing it. */
export const OPENAPI_RECORD_CLASSES = new RecordClasses([
  { classIri: DCAT.Catalog, kind: 'catalog', label: 'dcat:Catalog' },
  { classIri: DCAT.DataService, kind: 'data-service', label: 'dcat:DataService' },
]);

const text = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const yaml = (body: string): ContractDocument => ({ body: Buffer.from(body), contentType: 'application/yaml' });
const json = (body: string): ContractDocument => ({ body: Buffer.from(body), contentType: 'application/json' });

/**
 * The same document in another order that keeps its meaning: object members reversed everywhere except
 * in `paths` and in path items (their order is the operations' order), written as JSON or YAML.
 */
function reordered(source: string, as: 'json' | 'yaml'): ContractDocument {
  const reverse = (value: unknown, keepOrder: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => reverse(v, false));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const ordered = keepOrder ? entries : entries.reverse();
    return Object.fromEntries(ordered.map(([k, v]) => [k, reverse(v, k === 'paths' || (keepOrder && k.startsWith('/')))]));
  };
  const value = reverse(load(source, { schema: CORE_SCHEMA }), false);
  return as === 'json' ? json(JSON.stringify(value, null, 1)) : yaml(dump(value, { schema: CORE_SCHEMA }));
}

function fixture(name: string, entryUrl: string, documents: Record<string, ContractDocument>, variants: Record<string, ContractDocument>[], leavesAllOut = false): ContractFixture {
  return {
    name,
    ...(leavesAllOut ? { leavesAllOut } : {}),
    entryUrl,
    documents: new Map(Object.entries(documents)),
    resources: [{ iri: entryUrl }],
    reordered: variants.map((v, i) => ({ name: `${name} (reordered ${i + 1})`, entryUrl, documents: new Map(Object.entries({ ...documents, ...v })), resources: [{ iri: entryUrl }] })),
  };
}

const enhetsregisteret = text('enhetsregisteret-3.0.yaml');
const folkeregister = text('folkeregister-swagger-2.0.json');
const untitled = text('untitled-3.1.yaml');
const withRef = text('with-remote-ref-3.0.yaml');
const sharedPaths = text('shared/paths.yaml');

const E = 'https://data.brreg.no/enhetsregisteret/openapi.yaml';
const F = 'https://skatteetaten.github.io/folkeregisteret/swagger.json';
const U = 'https://api.example.no/untitled.yaml';
const R = 'https://ws.geonorge.no/adresser/openapi.yaml';

/** The OpenAPI harvester's contract fixtures (test/contract/harvester-cases.ts). */
export const OPENAPI_CONTRACT_FIXTURES: readonly ContractFixture[] = [
  fixture('OpenAPI 3.0 with parameters, a request body, security schemes and a circular schema (YAML)', E, { [E]: yaml(enhetsregisteret) }, [{ [E]: reordered(enhetsregisteret, 'json') }, { [E]: reordered(enhetsregisteret, 'yaml') }]),
  fixture('Swagger 2.0 (JSON)', F, { [F]: json(folkeregister) }, [{ [F]: reordered(folkeregister, 'yaml') }]),
  fixture('OpenAPI 3.1 without a title (left out, with the reason)', U, { [U]: yaml(untitled) }, [{ [U]: reordered(untitled, 'json') }], true),
  fixture('a path item in another document, by $ref', R, { [R]: yaml(withRef), 'https://ws.geonorge.no/adresser/shared/paths.yaml': yaml(sharedPaths) }, [
    { [R]: reordered(withRef, 'json'), 'https://ws.geonorge.no/adresser/shared/paths.yaml': reordered(sharedPaths, 'json') },
  ]),
];
