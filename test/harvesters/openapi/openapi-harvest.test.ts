// The OpenAPI harvester in the real pipeline: fetched over loopback, parsed in its worker, validated,
// stored; a new version says what changed; a hostile document leaves the published record as it was.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenApiHarvester } from '../../../harvesters/openapi/index.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { runHarvest, type PipelineDeps } from '../../../src/harvest/harvest-pipeline.js';
import { buildSource } from '../../../src/harvest/source-registration.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { ShaclValidator } from '../../../src/validation/shacl-validator.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';

const v1 = await readFile(path.join(import.meta.dirname, 'fixtures', 'enhetsregisteret-3.0.yaml'), 'utf8');
const v2 = v1.replace('version: 2.1.0', 'version: 3.0.0').replace(/ {4}delete:\n {6}operationId: slettEnhet[\s\S]*?'204': \{ description: Slettet \}\n/, '');

let server: FixtureServer;
let validator: ShaclValidator;
let dir: string;
let store: SqliteStore;
let clock: number;
let deps: PipelineDeps;
const harvester = createOpenApiHarvester({ timeoutMs: 10_000 });

beforeAll(async () => {
  server = await startFixtureServer();
  validator = new ShaclValidator({ workers: 1 });
});
afterAll(async () => {
  await server.close();
  await validator.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dk-openapi-'));
  store = SqliteStore.open({ dataDir: dir });
  clock = Date.parse('2026-11-01T10:00:00Z');
  deps = {
    store,
    validator,
    harvesters: new Map([['openapi', harvester]]),
    policy: { allowedHosts: ['127.0.0.1'], maxBytes: 30_000_000, connectTimeoutMs: 2000, idleTimeoutMs: 5000, totalTimeoutMs: 10_000, maxRedirects: 3, userAgent: 'test' },
    maxPages: 20,
    baseUrl: 'https://katalog.test',
    defaultProfile: 'dcat-ap-no-2',
    logger: silentLogger,
    now: () => new Date((clock += 1000)),
  };
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function register(url: string): Promise<HarvestSource> {
  const s = buildSource({ url, publisher: '974760673', kind: 'openapi' }, { allowLocalPath: true, sourceKinds: new Map([['openapi', ['dcat-ap-no-2', 'dcat-ap-no-3']]]), now: () => new Date(clock) });
  await store.saveSource(s);
  return s;
}

describe('harvesting an OpenAPI source', () => {
  it('publishes one data service with its operations, in the source\'s generated catalog', async () => {
    server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = server.url('/openapi.yaml');
    const run = await runHarvest(await register(url), deps);
    expect(run.state).toBe('succeeded');
    expect(run.problems.filter((p) => p.kind === 'invalid')).toEqual([]);
    expect(run.counts).toMatchObject({ added: 2, invalid: 0 });
    const record = await store.getRecordByIri(url);
    expect(record).toMatchObject({ kind: 'data-service', status: 'published' });
    expect(record!.graph).toContain('<https://w3id.org/datakatalog/vocab#operationId> "hentEnhet"');
    expect(record!.graph).toContain(`<${url}#/paths/~1enheter~1%7Borganisasjonsnummer%7D/get>`);
    expect(record!.validation?.counts.violation).toBe(0);
  }, 30_000);

  it('says what changed in a new version, in the run report and the record; an unchanged document costs one conditional request', async () => {
    server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = server.url('/openapi.yaml');
    const src = await register(url);
    await runHarvest(src, deps);
    server.set('/openapi.yaml', { body: v2, contentType: 'application/yaml' });
    const run = await runHarvest(src, deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ changed: 1 });
    const note = 'Version 2.1.0 → 3.0.0; BREAKING: 1 operation removed (DELETE /enheter/{organisasjonsnummer}).';
    expect(run.problems).toContainEqual({ kind: 'note', resource: url, message: `The API changed since the last harvest: ${note}` });
    expect((await store.getRecordByIri(url))!.graph).toContain(`<http://www.w3.org/ns/adms#versionNotes> "${note}"@en`);
    const again = await runHarvest(src, deps);
    expect(again.notModified).toBe(true);
    expect(again.counts).toMatchObject({ unchanged: 2, changed: 0 });
  }, 30_000);

  it('a hostile document fails the run with its cause and leaves the published record exactly as it was', async () => {
    server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = server.url('/openapi.yaml');
    const src = await register(url);
    await runHarvest(src, deps);
    const before = await store.getRecordByIri(url);
    const levels = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    for (const [body, cause] of [
      [`${v1}${levels.join('\n')}\n`, /billion laughs/],
      ['<!doctype html><p>Vedlikehold</p>', /HTML page/],
      [v1.replace("paths:", "paths:\n  /etc:\n    $ref: 'file:///etc/passwd'\n  /x:\n    get: { responses: { '200': { $ref: '#/components/responses/R0' } } }").replace('components:', `components:\n  responses:\n${Array.from({ length: 3000 }, (_, i) => `    R${i}: { $ref: '#/components/responses/R${i + 1}' }`).join('\n')}\n    R3000: { description: end }`), /chain of more than 400 \$refs/],
    ] as const) {
      server.set('/openapi.yaml', { body, contentType: body.startsWith('<') ? 'text/html' : 'application/yaml' });
      const run = await runHarvest(src, deps);
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(cause);
      expect(await store.getRecordByIri(url)).toEqual(before);
    }
  }, 60_000);

  it('skips a document without a title, with the reason', async () => {
    server.set('/untitled.yaml', { body: 'openapi: 3.0.3\ninfo: { version: "1" }\nservers: [{ url: "https://api.example.no" }]\npaths: {}\n', contentType: 'application/yaml' });
    const url = server.url('/untitled.yaml');
    const run = await runHarvest(await register(url), deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 0, skipped: 1 });
    expect(run.problems).toContainEqual({ kind: 'skipped', resource: url, message: `The OpenAPI description <${url}> was skipped: it has no title (info.title), which a data service needs.` });
  }, 30_000);
});
