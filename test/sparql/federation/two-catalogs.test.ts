import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { testSparqlServer } from '../remote/virtuoso-env.js';

// Two catalog instances on loopback: catalog A federates with catalog B's /sparql (and with Virtuoso,
// when the tests have one), through the real service, its allow-list and the harvest's address policy.

const HARVESTS = path.join(import.meta.dirname, '../../harvest/fixtures');
const OWN = path.join(import.meta.dirname, '../remote/fixtures');
const virtuoso = testSparqlServer();

const PUBLISHER = 'https://data.brreg.no/enhetsregisteret/api/enheter/974760673';
const PREFIXES = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>';

let fixtures: FixtureServer;
let a: RunningServer;
let b: RunningServer;
const dirs: string[] = [];

async function start(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-fed-'));
  dirs.push(dataDir);
  return startServer(
    loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', HARVEST_INTERVAL: '0', VALIDATION_WORKERS: '1', SPARQL_WORKERS: '1', ...env }),
    silentLogger,
  );
}

async function harvestInto(service: RunningServer, file: string, name: string): Promise<void> {
  const source = await service.catalog.harvest.register({ url: fixtures.url(`/${name}`), publisher: '974760673', name });
  fixtures.set(`/${name}`, { body: await readFile(file, 'utf8') });
  const run = await service.catalog.harvest.harvest(source);
  expect(run.state).toBe('succeeded');
  await service.catalog.projector.sync();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers; the assertions check their shape
async function sparql(service: RunningServer, query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${service.url}/sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' }, body: query });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  const fixtureHost = new URL(fixtures.origin).host;
  b = await start({ HARVEST_ALLOWED_HOSTS: fixtureHost });
  await harvestInto(b, path.join(OWN, 'literals.ttl'), 'b.ttl');
  const bHost = new URL(b.url).host;
  const virtuosoEndpoint = virtuoso?.queryUrl;
  a = await start({
    // The endpoints A may federate with, and (the harvest's rule) the loopback hosts it may connect to.
    SPARQL_FEDERATION_ALLOWED: [`${b.url}/sparql`, `http://localhost:${new URL(b.url).port}/sparql`, ...(virtuosoEndpoint !== undefined ? [virtuosoEndpoint] : [])].join(','),
    HARVEST_ALLOWED_HOSTS: [fixtureHost, bHost, ...(virtuosoEndpoint !== undefined ? [new URL(virtuosoEndpoint).host] : [])].join(','),
    SPARQL_FEDERATION_MAX_ROWS: '100',
  });
  await harvestInto(a, path.join(HARVESTS, 'catalog-v1.ttl'), 'a.ttl');
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await fixtures?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('federating two catalogs on loopback', () => {
  it("joins A's datasets with B's through SERVICE, by their shared publisher", async () => {
    const { status, body } = await sparql(a, `${PREFIXES}
      SELECT ?mine ?theirs WHERE {
        ?mine a dcat:Dataset ; dct:publisher ?pub .
        SERVICE <${b.url}/sparql> { ?theirs a dcat:Dataset ; dct:publisher ?pub }
      } ORDER BY ?mine`);
    expect(status).toBe(200);
    expect(body.results.bindings.map((r: { mine: { value: string }; theirs: { value: string } }) => `${r.mine.value} ${r.theirs.value}`)).toEqual(
      ['barnehager', 'luftkvalitet', 'snoskred'].map((d) => `https://data.testetaten.no/datasett/${d} https://data.testetaten.no/datasett/maalinger`),
    );
  });

  it('answers the same join without SERVICE from its own graph only (no federation, no remote rows)', async () => {
    const { body } = await sparql(a, `${PREFIXES} SELECT ?d { ?d a dcat:Dataset ; dct:publisher <${PUBLISHER}> } ORDER BY ?d`);
    expect(body.results.bindings.map((r: { d: { value: string } }) => r.d.value)).toEqual(['barnehager', 'luftkvalitet', 'snoskred'].map((d) => `https://data.testetaten.no/datasett/${d}`));
  });

  it('refuses an endpoint that is not on the allow-list with a 400 problem naming it', async () => {
    const other = 'http://127.0.0.1:9/sparql';
    const { status, body } = await sparql(a, `SELECT * { SERVICE <${other}> { ?s ?p ?o } }`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'https://w3id.org/datakatalog/problems/bad-request', endpoint: other });
    expect(body.detail).toContain(`SERVICE <${other}>`);
  });

  it("refuses SERVICE on a catalog that allows none, also when the engine would run it", async () => {
    const { status, body } = await sparql(b, `SELECT * { SERVICE <${a.url}/sparql> { ?s ?p ?o } }`);
    expect(status).toBe(400);
    expect(body.detail).toContain(`SERVICE <${a.url}/sparql>`);
  });

  it("applies the harvest's address policy to an allowed endpoint: a loopback name not in HARVEST_ALLOWED_HOSTS is not connected to", async () => {
    const endpoint = `http://localhost:${new URL(b.url).port}/sparql`;
    const { status, body } = await sparql(a, `SELECT * { SERVICE <${endpoint}> { ?s ?p ?o } } LIMIT 1`);
    expect(status).toBe(502);
    expect(body).toMatchObject({ type: 'https://w3id.org/datakatalog/problems/federated-endpoint-failed', endpoint });
    expect(body.detail).toMatch(/loopback/);
  });

  it.skipIf(virtuoso === undefined)("joins A's datasets with triples on Virtuoso's endpoint", async () => {
    const graph = `https://federation-test.example.no/${Date.now()}`;
    const index = new RemoteSparqlIndex({ server: virtuoso!, graphPrefix: 'https://federation-test.example.no/' });
    try {
      await index.apply([{ graph, ntriples: `<https://data.testetaten.no/datasett/snoskred> <https://federation-test.example.no/vocab#rating> "5" .\n` }]);
      const { status, body } = await sparql(a, `${PREFIXES}
        SELECT ?t ?rating WHERE { ?d dct:title ?t . SERVICE <${virtuoso!.queryUrl}> { ?d <https://federation-test.example.no/vocab#rating> ?rating } }`);
      expect(status).toBe(200);
      expect(body.results.bindings).toEqual([{ t: { type: 'literal', value: 'Snøskredvarsel', 'xml:lang': 'nb' }, rating: { type: 'literal', value: '5' } }]);
    } finally {
      await index.apply([{ graph, ntriples: null }]);
      await index.close();
    }
  });
});
