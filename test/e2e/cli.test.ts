import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';

const FIXTURES = path.join(ROOT, 'test/harvest/fixtures');

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-cli-'));
  env = { DATA_DIR: dataDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npx datakatalog', () => {
  it('prints its usage and exits 2 on an unknown command', async () => {
    const r = await runCli(['frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/Usage: datakatalog/);
  });

  describe('validate', () => {
    it('exits 0 for a conforming document and says so in plain words', async () => {
      const r = await runCli(['validate', path.join(FIXTURES, 'catalog-v1.ttl'), '--lang', 'en'], env);
      expect(r.stdout).toMatch(/conforms to DCAT-AP-NO 2\.0/);
      expect(r.code).toBe(0);
    });

    it('exits 1 when there are violations, naming the resource and the property', async () => {
      const doc = (await readFile(path.join(FIXTURES, 'catalog-v1.ttl'), 'utf8')).replace('dct:title "Barnehager"@nb ;', '');
      const file = path.join(dataDir, 'broken.ttl');
      await writeFile(file, doc);
      const r = await runCli(['validate', file], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/barnehager/);
      expect(r.stdout).toMatch(/dct:title/);
    });

    it('judges a catalog from outside Norway by DCAT-AP 3.0 with --profile dcat-ap-3', async () => {
      const doc = path.join(ROOT, 'test/validation/fixtures/conforming-dcat-ap-3.ttl');
      const r = await runCli(['validate', doc, '--profile', 'dcat-ap-3', '--lang', 'en'], env);
      expect(r.stdout).toMatch(/conforms to DCAT-AP 3\.0/);
      expect(r.code).toBe(0);
      const broken = path.join(dataDir, 'dcat-ap-3-broken.ttl');
      await writeFile(broken, (await readFile(doc, 'utf8')).replace('    foaf:name "Ville d\'Exemple"@fr .', '    .'));
      const b = await runCli(['validate', broken, '--profile', 'dcat-ap-3', '--lang', 'en'], env);
      expect(b.code).toBe(1);
      expect(b.stdout).toMatch(/foaf:name/);
    });

    it('--catalog checks codes against the reference data the catalog harvested too, not only the bundled vocabularies', async () => {
      const own = { DATA_DIR: await mkdtemp(path.join(tmpdir(), 'dk-cli-vocab-')), DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
      const vocabularyFixtures = path.join(ROOT, 'test/validation/fixtures/harvested-vocabulary');
      const record = path.join(vocabularyFixtures, 'parquet-record.ttl'); // a distribution in Parquet, which vocab/ lacks
      try {
        const none = await runCli(['validate', record, '--profile', 'dcat-ap-no-3', '--catalog'], own);
        expect(none.code).toBe(2);
        expect(none.stderr).toMatch(/--catalog: there is no catalog in .*dk-cli-vocab-/);
        const harvested = await runCli(['harvest', path.join(vocabularyFixtures, 'file-types-with-parquet.ttl'), '--kind', 'skos', '--publisher', '974760673'], own);
        expect(harvested.code, harvested.stderr).toBe(0);
        const bundled = await runCli(['validate', record, '--profile', 'dcat-ap-no-3', '--lang', 'en'], own);
        expect(bundled.code).toBe(1);
        expect(bundled.stdout).toContain('file-type/PARQUET');
        const withCatalog = await runCli(['validate', record, '--profile', 'dcat-ap-no-3', '--lang', 'en', '--catalog'], own);
        expect(withCatalog.stderr).toMatch(/harvested reference data: 3 concepts in 1 scheme, beside the bundled vocabularies/);
        expect(withCatalog.stdout).not.toContain('file-type/PARQUET');
        expect(withCatalog.code, withCatalog.stdout).toBe(0);
      } finally {
        await rm(own.DATA_DIR, { recursive: true, force: true });
      }
    }, 180_000); // four CLI processes

    it('exits 2 for input that is not readable RDF, with the line', async () => {
      const file = path.join(dataDir, 'bad.ttl');
      await writeFile(file, '@prefix dct: <http://purl.org/dc/terms/> .\n<a> dct:title "unterminated .\n');
      const r = await runCli(['validate', file], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/line 2/);
      const missing = await runCli(['validate', path.join(dataDir, 'nope.ttl')], env);
      expect(missing.code).toBe(2);
    });
  });

  describe('validate on an OpenAPI document', () => {
    const DEMO = path.join(ROOT, 'src/demo/catalogs');

    it('recognises it, prints the data service it gives with its operations, and exits 0 when both the document and the service are clean', async () => {
      const r = await runCli(['validate', path.join(DEMO, 'brreg-enhetsregisteret-openapi.yaml'), '--lang', 'en', '--publisher', '974760673'], env);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/OpenAPI 3\.0\.3 document/);
      expect(r.stdout).toMatch(/No errors against the OpenAPI schema/);
      expect(r.stdout).toMatch(/title: Enhetsregisteret – åpne data/);
      expect(r.stdout).toMatch(/GET +\/enheter\/\{organisasjonsnummer\} +Slå opp en enhet på organisasjonsnummer/);
      expect(r.stdout).toMatch(/conforms to DCAT-AP-NO 2\.0/);
      expect(r.code).toBe(0);
    });

    it('prints the schema problems with where they are and exits 1; --json carries the problems, the operations and the service as Turtle', async () => {
      const doc = (await readFile(path.join(DEMO, 'udir-nsr-swagger.json'), 'utf8')).replace('"required": true, "type": "string" }]', '"type": "string" }]');
      const file = path.join(dataDir, 'swagger-broken.json');
      await writeFile(file, doc);
      const r = await runCli(['validate', file, '--lang', 'en'], env);
      expect(r.stdout).toMatch(/Swagger 2\.0 document/);
      expect(r.stdout).toMatch(/problems? in the document:\n +- paths › \/enhet\/\{orgnr\} › get/);
      expect(r.stdout).toMatch(/dct:publisher comes from the source's organisation number/);
      expect(r.code).toBe(1);
      const json = await runCli(['validate', file, '--json'], env);
      const body = JSON.parse(json.stdout) as { openapi: { schemaProblems: { at: string }[] }; dataService: { operations: { operationId: string }[]; turtle: string }; validation: { conforms: boolean } };
      expect(body.openapi.schemaProblems.length).toBeGreaterThan(0);
      expect(body.dataService.operations.map((o) => o.operationId)).toEqual(['HentEnheter', 'HentEnhet', 'HentEndringer']);
      expect(body.dataService.turtle).toMatch(/dk:operationId "HentEnhet"/);
      expect(body.validation.conforms).toBe(true);
    });

    it('exits 2 for a document that says it is OpenAPI but cannot be read as one', async () => {
      const file = path.join(dataDir, 'bomb.yaml');
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      await writeFile(file, `openapi: 3.0.3\ninfo: { title: Bomb, version: "1" }\npaths: {}\nx-bomb:\n  ${levels.join('\n  ')}\n`);
      const r = await runCli(['validate', file], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not readable as an OpenAPI document: .*(alias|billion)/i);
    });
  });

  describe('harvest, sparql and export', () => {
    it('harvests a local file, prints the run summary and exits 0', async () => {
      const r = await runCli(['harvest', path.join(FIXTURES, 'catalog-v1.ttl'), '--publisher', '974760673'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/succeeded/);
      expect(r.stdout).toMatch(/added 4, changed 0, unchanged 0, removed 0/);
    });

    it('exits non-zero when the run fails, and says why', async () => {
      const file = path.join(dataDir, 'broken-syntax.ttl');
      await writeFile(file, '<a> <b> .\n');
      const r = await runCli(['harvest', file, '--publisher', '974760673'], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/failed/);
      expect(r.stdout).toMatch(/error: .*line 1/);
    });

    it('--dry-run prints what a harvest would add, change and remove, and publishes nothing', async () => {
      const own = { DATA_DIR: await mkdtemp(path.join(tmpdir(), 'dk-cli-dry-')), DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
      try {
        const file = path.join(own.DATA_DIR, 'agency.ttl');
        await writeFile(file, await readFile(path.join(FIXTURES, 'catalog-v1.ttl')));
        expect((await runCli(['harvest', file, '--publisher', '974760673'], own)).code).toBe(0);
        await writeFile(file, await readFile(path.join(FIXTURES, 'catalog-v2.ttl')));
        const dry = await runCli(['harvest', file, '--publisher', '974760673', '--dry-run'], own);
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toMatch(/nothing was published/);
        expect(dry.stdout).toMatch(/add 1, change 2, leave 1 unchanged, remove 1/);
        expect(dry.stdout).toMatch(/~ https:\/\/data\.testetaten\.no\/datasett\/snoskred \(\+1 −1 triples\)/);
        expect(dry.stdout).toMatch(/- https:\/\/data\.testetaten\.no\/datasett\/barnehager \(dataset\)/);
        const exported = await runCli(['export', '--out', path.join(own.DATA_DIR, 'after.nq')], own);
        expect(exported.stderr).toMatch(/Exported 4 published records/);
        const nq = await readFile(path.join(own.DATA_DIR, 'after.nq'), 'utf8');
        expect(nq).toContain('datasett/barnehager');
        expect(nq).not.toContain('datasett/vegtrafikk');
      } finally {
        await rm(own.DATA_DIR, { recursive: true, force: true });
      }
    }, 180_000); // four CLI processes, each opening the catalog

    it('refuses a publisher that is not an organisation number', async () => {
      const r = await runCli(['harvest', path.join(FIXTURES, 'catalog-v1.ttl'), '--publisher', '123456789'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/check digit/);
    });

    it('answers a SPARQL query from the data directory', async () => {
      const r = await runCli(['sparql', 'PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT (COUNT(?d) AS ?n) { ?d a dcat:Dataset }'], env);
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split(/\r?\n/)).toEqual(['n', '3']); // CSV rows end in CRLF
    });

    it('exports every published record as N-Quads, one named graph per record', async () => {
      const out = path.join(dataDir, 'export.nq');
      const r = await runCli(['export', '--out', out], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Exported 4 published records/);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      const graphs = new Set(lines.map((l) => /<([^>]+)> \.$/.exec(l)![1]));
      expect(graphs.size).toBe(4);
      expect(lines.some((l) => l.includes('http://www.w3.org/ns/dcat#CatalogRecord'))).toBe(true);
    });
  });

  describe('against the data directory of a running server', () => {
    let server: RunningServer;
    let liveDir: string;

    beforeAll(async () => {
      liveDir = await mkdtemp(path.join(tmpdir(), 'dk-cli-live-'));
      server = await startServer(loadConfig({ DATA_DIR: liveDir, PORT: '0', HOST: '127.0.0.1', DEMO: 'false', HARVEST_INTERVAL: '0', SPARQL_WORKERS: '1', VALIDATION_WORKERS: '1', ORGANISATION_REGISTER_URL: 'off' }), silentLogger);
    });
    afterAll(async () => {
      await server.close();
      await rm(liveDir, { recursive: true, force: true });
    });

    it("is safe, and the harvest shows in the server's SPARQL and search within seconds, without a restart", async () => {
      const ask = `${server.url}/sparql?query=${encodeURIComponent('ASK { <https://data.testetaten.no/datasett/snoskred> ?p ?o }')}`;
      const before = await (await fetch(ask, { headers: { Accept: 'application/sparql-results+json' } })).json();
      expect(before).toMatchObject({ boolean: false });
      const r = await runCli(['harvest', path.join(FIXTURES, 'catalog-v1.ttl'), '--publisher', '974760673'], { DATA_DIR: liveDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' });
      expect(r.code).toBe(0);
      const started = Date.now();
      let seen = false;
      while (!seen && Date.now() - started < 5000) {
        seen = ((await (await fetch(ask, { headers: { Accept: 'application/sparql-results+json' } })).json()) as { boolean: boolean }).boolean;
        if (!seen) await new Promise((res) => setTimeout(res, 100));
      }
      expect(seen).toBe(true);
      const search = (await (await fetch(`${server.url}/api/search?q=snoskred`)).json()) as { total: number };
      expect(search.total).toBeGreaterThan(0);
    });

    it('creates an API token that the running server accepts at once, lists it with its last use, and revokes it', async () => {
      const live = { DATA_DIR: liveDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
      const created = await runCli(['token', 'create', '--role', 'org-admin', '--org', '974760673', '--name', 'Brreg harvest robot', '--expires', '30d'], live);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^dkt_[A-Za-z0-9_-]{43}$/);
      expect(created.stderr).toMatch(/shown only now/);
      const id = /Token ([0-9a-f-]{36})/.exec(created.stderr)![1]!;
      const register = () =>
        fetch(`${server.url}/api/sources`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: 'https://data.example.no/brreg.ttl', publisher: '974760673' }) });
      expect((await register()).status).toBe(201);
      const listed = await runCli(['token', 'list'], live);
      expect(listed.stdout).toContain(id);
      expect(listed.stdout).toMatch(/org-admin, organisation 974760673, "Brreg harvest robot", expires 20\d\d-.*last used 20\d\d-/);
      expect(listed.stdout).not.toContain(token);
      const revoked = await runCli(['token', 'revoke', id], live);
      expect(revoked.code).toBe(0);
      const refused = await register();
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { type: string }).type).toMatch(/token-revoked$/);
    });

    it('refuses a token for an organisation the register does not know, and a role without its organisation', async () => {
      const live = { DATA_DIR: liveDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' };
      const invalid = await runCli(['token', 'create', '--role', 'org-admin', '--org', '123456789'], live);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/check digit/);
      const unknown = await runCli(['token', 'create', '--role', 'org-admin', '--org', '926721720'], live);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/926721720 could not be looked up/);
      const missing = await runCli(['token', 'create', '--role', 'org-admin'], live);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/needs --org/);
      expect((await runCli(['token', 'list'], live)).stdout).not.toMatch(/926721720/);
    });
  });
});
