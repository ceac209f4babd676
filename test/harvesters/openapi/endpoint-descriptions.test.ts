// Following dcat:endpointDescription: a DCAT-AP-NO source's data service names an OpenAPI document;
// the harvest reads it through the pipeline's fetcher (loopback fixture server) and adds what it says
// to the agency's record. The agency's statements win, what the document adds is marked with its
// origin, an unreadable document is a problem on the record, an unchanged one costs one request.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDcatApNoHarvester } from '../../../harvesters/dcat-ap-no/index.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { runHarvest } from '../../../src/harvest/harvest-pipeline.js';
import { buildSource } from '../../../src/harvest/source-registration.js';
import { DCAT, DCT, DK_API, RDF } from '../../../src/rdf/namespaces.js';
import { parseRecordGraph } from '../../../src/rdf/record-graph.js';
import { dataServiceOperations } from '../../../src/rdf/data-service-operations.js';
import { usePipelineHarness } from '../../support/pipeline-harness.js';

const v1 = await readFile(path.join(import.meta.dirname, 'fixtures', 'enhetsregisteret-3.0.yaml'), 'utf8');
const v2 = v1.replace('version: 2.1.0', 'version: 3.0.0').replace(/ {4}delete:\n {6}operationId: slettEnhet[\s\S]*?'204': \{ description: Slettet \}\n/, '');
const SERVICE = 'https://data.brreg.no/datakatalog/api/enhetsregisteret';

/** The agency's DCAT: a catalog with one data service naming `description` as its endpoint description. */
function catalog(description: string, extra = ''): string {
  return `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://data.brreg.no/datakatalog/katalog> a dcat:Catalog ; dct:title "Brreg"@nb ; dct:description "Brønnøysundregistrenes API-er."@nb ; dct:identifier "k1" ;
  dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> ;
  dcat:service <${SERVICE}> .
<${SERVICE}> a dcat:DataService ; dct:identifier "${SERVICE}" ;
  dct:title "Enhetsregisterets åpne API"@nb ; dct:description "Søk og oppslag på enheter."@nb ;
  dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> ;
  dcat:endpointURL <https://data.brreg.no/enhetsregisteret/api> ; dct:conformsTo <https://data.norge.no/modeller/enhet> ;
  dcat:endpointDescription <${description}> ${extra}.
`;
}

const harvester = createDcatApNoHarvester({ openApi: { timeoutMs: 10_000 } });
const h = usePipelineHarness({ harvesters: { 'dcat-ap-no': harvester }, policy: { maxBytes: 30_000_000, idleTimeoutMs: 5000, totalTimeoutMs: 10_000 } });

async function register(path: string, extra: Record<string, unknown> = {}): Promise<HarvestSource> {
  const s = buildSource({ url: h.server.url(path), publisher: '974760673', kind: 'dcat-ap-no', ...extra }, { allowLocalPath: false, sourceKinds: new Map([['dcat-ap-no', ['dcat-ap-no-2', 'dcat-ap-no-3']]]), now: h.now });
  await h.store.saveSource(s);
  return s;
}

const objectsOf = (graph: string, subject: string, predicate: string): string[] => {
  const g = parseRecordGraph(graph);
  return g.objects(subject, predicate).map((o) => o.value);
};

describe('following dcat:endpointDescription of a DCAT-AP-NO data service', () => {
  it("adds the document's operations to the agency's record: same IRI, the agency's statements win, what the document adds names its origin", async () => {
    const doc = h.server.url('/api-docs/enhetsregisteret.yaml');
    h.server.set('/api-docs/enhetsregisteret.yaml', { body: v1, contentType: 'application/yaml' });
    h.server.set('/catalog.ttl', { body: catalog(doc) });
    const run = await runHarvest(await register('/catalog.ttl'), h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.problems.filter((p) => p.kind === 'invalid' && !p.message.startsWith('Its endpoint description'))).toEqual([]);
    expect(run.counts).toMatchObject({ added: 2, invalid: 0 });
    expect(run.problems.filter((p) => p.kind === 'fetch' || p.kind === 'internal')).toEqual([]);

    const record = (await h.store.getRecordByIri(SERVICE))!;
    expect(record.kind).toBe('data-service');
    const g = record.graph;
    // The agency's title, description and endpoint URL stay the only ones.
    expect(objectsOf(g, SERVICE, DCT.title)).toEqual(['Enhetsregisterets åpne API']);
    expect(objectsOf(g, SERVICE, DCT.description)).toEqual(['Søk og oppslag på enheter.']);
    expect(objectsOf(g, SERVICE, DCAT.endpointURL)).toEqual(['https://data.brreg.no/enhetsregisteret/api']);
    // What only the document says is added: servers, version, licence, keywords, operations, access.
    expect(objectsOf(g, SERVICE, DK_API.serverURL)).toContain('https://data.brreg.no/enhetsregisteret/api');
    expect(objectsOf(g, SERVICE, 'http://www.w3.org/2002/07/owl#versionInfo')).toEqual(['2.1.0']);
    expect(objectsOf(g, SERVICE, DCAT.keyword)).toEqual(expect.arrayContaining(['enheter', 'underenheter']));
    // The OpenAPI version is added beside the standard the agency names.
    expect(objectsOf(g, SERVICE, DCT.conformsTo).sort()).toEqual(['https://data.norge.no/modeller/enhet', 'https://spec.openapis.org/oas/v3.0.3']);
    // Described as a standard, with the title DCAT-AP-NO asks of one.
    expect(objectsOf(g, 'https://spec.openapis.org/oas/v3.0.3', DCT.title)).toEqual(['OpenAPI Specification 3.0.3']);
    expect(objectsOf(g, 'https://spec.openapis.org/oas/v3.0.3', 'http://www.w3.org/2002/07/owl#versionInfo')).toEqual(['3.0.3']);
    const operations = dataServiceOperations(parseRecordGraph(g), SERVICE);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('GET /enheter/{organisasjonsnummer}');
    expect(operations.find((o) => o.operationId === 'hentEnhet')).toMatchObject({ method: 'GET', deprecated: false });
    // Origins: each operation node names the document; each added statement about the service is reified with it.
    const graph = parseRecordGraph(g);
    const op = graph.iris(SERVICE, DK_API.operation)[0]!;
    expect(op.startsWith(`${doc}#/paths/`)).toBe(true);
    expect(graph.iris(op, DK_API.describedBy)).toEqual([doc]);
    const statements = [...graph.subjects()].filter((s) => graph.iris(s, RDF.type).includes(RDF.Statement));
    const versionStatement = statements.find((s) => graph.iris(s, RDF.predicate).includes('http://www.w3.org/2002/07/owl#versionInfo'));
    expect(versionStatement).toBeDefined();
    expect(graph.iris(versionStatement!, RDF.subject)).toEqual([SERVICE]);
    expect(graph.iris(versionStatement!, DK_API.describedBy)).toEqual([doc]);
    // No statement reifies what the agency said.
    expect(statements.some((s) => graph.iris(s, RDF.predicate).includes(DCT.title))).toBe(false);
    // The document is kept byte for byte, with the media type it was served with.
    const artefact = await h.store.getArtefact(record.id, 'openapi');
    expect(artefact?.mediaType).toBe('application/yaml');
    expect(artefact?.body.toString('utf8')).toBe(v1);
    expect(record.validation?.counts.violation).toBe(0);
  }, 30_000);

  it('an unchanged document costs one conditional request and no parsing; a changed one changes the record and says what changed', async () => {
    const doc = h.server.url('/docs.yaml');
    h.server.set('/docs.yaml', { body: v1, contentType: 'application/yaml' });
    h.server.set('/catalog.ttl', { body: catalog(doc) });
    const src = await register('/catalog.ttl');
    await runHarvest(src, h.deps);
    const first = (await h.store.getRecordByIri(SERVICE))!;

    // Nothing changed: the catalog answers 304, the description is asked once more, conditionally.
    const before = h.server.requests('/docs.yaml');
    const same = await runHarvest(src, h.deps);
    expect(same.notModified).toBe(true);
    expect(h.server.requests('/docs.yaml')).toBe(before + 1);

    // The catalog changed, the description did not: it answers 304 and what it said is taken from its memo.
    h.server.set('/catalog.ttl', { body: catalog(doc, '; dcat:keyword "oppslag"@nb ') });
    const catalogChanged = await runHarvest(src, h.deps);
    expect(catalogChanged.counts).toMatchObject({ changed: 1 });
    const second = (await h.store.getRecordByIri(SERVICE))!;
    expect(dataServiceOperations(parseRecordGraph(second.graph), SERVICE)).toEqual(dataServiceOperations(parseRecordGraph(first.graph), SERVICE));
    expect((await h.store.getArtefact(second.id, 'openapi'))?.body.toString('utf8')).toBe(v1);
    // The agency now states a keyword: the document's keywords are no longer taken.
    expect(objectsOf(second.graph, SERVICE, DCAT.keyword)).toEqual(['oppslag']);

    // A new version of the description: the record changes, the change is said, the new bytes are kept.
    h.server.set('/docs.yaml', { body: v2, contentType: 'application/yaml' });
    const docChanged = await runHarvest(src, h.deps);
    expect(docChanged.state).toBe('succeeded');
    expect(docChanged.counts).toMatchObject({ changed: 1 });
    const note = 'Version 2.1.0 → 3.0.0; BREAKING: 1 operation removed (DELETE /enheter/{organisasjonsnummer}).';
    expect(docChanged.problems).toContainEqual({ kind: 'note', resource: SERVICE, message: `Its API changed since the last harvest: ${note}` });
    const third = (await h.store.getRecordByIri(SERVICE))!;
    expect(objectsOf(third.graph, SERVICE, 'http://www.w3.org/ns/adms#versionNotes')).toEqual([note]);
    expect(dataServiceOperations(parseRecordGraph(third.graph), SERVICE).some((o) => o.method === 'DELETE')).toBe(false);
    expect((await h.store.getArtefact(third.id, 'openapi'))?.body.toString('utf8')).toBe(v2);
  }, 60_000);

  it('a description that cannot be read is a problem on the record, which is published from its DCAT alone', async () => {
    for (const [name, doc, cause] of [
      ['missing', { body: 'gone', status: 404, contentType: 'text/plain' }, /HTTP 404|404/],
      ['html', { body: '<!doctype html><title>API-dokumentasjon</title><p>Se Swagger UI', contentType: 'text/html' }, /HTML/],
      ['not-openapi', { body: '{"hello": "world"}', contentType: 'application/json' }, /OpenAPI|swagger|openapi/],
    ] as const) {
      h.server.set(`/${name}.json`, doc);
      h.server.set(`/${name}.ttl`, { body: catalog(h.server.url(`/${name}.json`)) });
      const run = await runHarvest(await register(`/${name}.ttl`), h.deps);
      expect(run.state, name).toBe('succeeded');
      const problem = run.problems.find((p) => p.resource === SERVICE && p.kind === 'fetch');
      expect(problem?.message, name).toMatch(/could not be read as an OpenAPI description, so the data service is published from its DCAT description alone/);
      expect(problem?.message, name).toMatch(cause);
      const record = (await h.store.getRecordByIri(SERVICE))!;
      expect(record.status, name).toBe('published');
      expect(objectsOf(record.graph, SERVICE, DCT.title), name).toEqual(['Enhetsregisterets åpne API']);
      expect(objectsOf(record.graph, SERVICE, DK_API.operation), name).toEqual([]);
      expect(await h.store.getArtefact(record.id, 'openapi'), name).toBeUndefined();
      await h.store.deleteSource((await h.store.listSources())[0]!.id);
    }
  }, 60_000);

  it('adds descriptions to data services only up to a bound for the payload: past it, a service is published from its DCAT alone with a problem saying so', async () => {
    // Three data services name one description; each would get its operations. Many services naming
    // one large document multiply it: 200 naming one of 5 000 operations made 16 million triples.
    const doc = h.server.url('/shared.yaml');
    h.server.set('/shared.yaml', { body: v1, contentType: 'application/yaml' });
    const services = ['a', 'b', 'c'].map((x) => `https://data.brreg.no/datakatalog/api/${x}`);
    h.server.set('/many.ttl', {
      body: `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://data.brreg.no/datakatalog/katalog> a dcat:Catalog ; dct:title "Brreg"@nb ; dct:description "API-er."@nb ; dct:identifier "k1" ;
  dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> ;
  dcat:service ${services.map((s) => `<${s}>`).join(', ')} .
${services.map((s) => `<${s}> a dcat:DataService ; dct:identifier "${s}" ; dct:title "Tjeneste"@nb ; dct:description "Oppslag."@nb ;
  dct:publisher <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> ;
  dcat:endpointURL <https://data.brreg.no/enhetsregisteret/api> ; dcat:endpointDescription <${doc}> .`).join('\n')}
`,
    });
    const withBound = (maxCopiedQuads: number) => ({ ...h.deps, harvesters: new Map([['dcat-ap-no', createDcatApNoHarvester({ maxCopiedQuads, openApi: { timeoutMs: 10_000 } })]]) });
    const bounded = /^Its endpoint description <.+> was not added, so the data service is published from its DCAT description alone: the data services before it \(in IRI order\) took (\d+) triples from their descriptions, and the (\d+) triples it adds(?: to a data service)? would take them past (\d+)/;
    // Each harvest is of a source registered anew, so none finds the last one's records unchanged.
    const harvestWith = async (deps: typeof h.deps) => {
      for (const old of await h.store.listSources()) await h.store.deleteSource(old.id);
      return runHarvest(await register('/many.ttl'), deps);
    };

    // A bound below one description: none is added, and the problem says how large it is.
    const none = await harvestWith(withBound(10));
    expect(none.state).toBe('succeeded');
    const first = none.problems.find((p) => p.resource === services[0] && p.kind === 'fetch');
    const size = Number(bounded.exec(first?.message ?? '')?.[2]);
    expect(size).toBeGreaterThan(10);
    for (const s of services) {
      expect(none.problems.find((p) => p.resource === s && p.kind === 'fetch')?.message).toMatch(bounded);
      expect(objectsOf((await h.store.getRecordByIri(s))!.graph, s, DK_API.operation)).toEqual([]);
    }

    // Room for two: the first two in IRI order get the operations, the third is published without them.
    const two = await harvestWith(withBound(3 * size - 1));
    expect(two.state).toBe('succeeded');
    for (const s of services.slice(0, 2)) expect(objectsOf((await h.store.getRecordByIri(s))!.graph, s, DK_API.operation).length).toBeGreaterThan(0);
    const third = (await h.store.getRecordByIri(services[2]!))!;
    expect(third.status).toBe('published');
    expect(objectsOf(third.graph, services[2]!, DK_API.operation)).toEqual([]);
    expect(objectsOf(third.graph, services[2]!, DCT.title)).toEqual(['Tjeneste']);
    const said = bounded.exec(two.problems.find((p) => p.resource === services[2] && p.kind === 'fetch')?.message ?? '');
    expect(said?.slice(1, 4).map(Number)).toEqual([2 * size, size, 3 * size - 1]);

    // The default bound takes all three.
    const all = await harvestWith(h.deps);
    for (const s of services) expect(objectsOf((await h.store.getRecordByIri(s))!.graph, s, DK_API.operation).length).toBeGreaterThan(0);
    expect(all.problems.filter((p) => p.kind === 'fetch')).toEqual([]);
  }, 60_000);

  it('is not done when the source turns it off', async () => {
    h.server.set('/off.yaml', { body: v1, contentType: 'application/yaml' });
    h.server.set('/off.ttl', { body: catalog(h.server.url('/off.yaml')) });
    const src = await register('/off.ttl', { followEndpointDescriptions: false });
    expect(src.followEndpointDescriptions).toBe(false);
    const run = await runHarvest(src, h.deps);
    expect(run.state).toBe('succeeded');
    expect(h.server.requests('/off.yaml')).toBe(0);
    const record = (await h.store.getRecordByIri(SERVICE))!;
    expect(objectsOf(record.graph, SERVICE, DK_API.operation)).toEqual([]);
  }, 30_000);
});
