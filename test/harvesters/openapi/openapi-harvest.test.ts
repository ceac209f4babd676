// The OpenAPI harvester in the real pipeline: fetched over loopback, parsed in its worker, validated,
// stored; a new version says what changed; a hostile document leaves the published record as it was.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOpenApiHarvester } from '../../../harvesters/openapi/index.js';
import type { HarvestSource } from '../../../src/core/harvest-source.js';
import { runHarvest } from '../../../src/harvest/harvest-pipeline.js';
import { buildSource } from '../../../src/harvest/source-registration.js';
import { usePipelineHarness } from '../../support/pipeline-harness.js';

const v1 = await readFile(path.join(import.meta.dirname, 'fixtures', 'enhetsregisteret-3.0.yaml'), 'utf8');
const v2 = v1.replace('version: 2.1.0', 'version: 3.0.0').replace(/ {4}delete:\n {6}operationId: slettEnhet[\s\S]*?'204': \{ description: Slettet \}\n/, '');

const harvester = createOpenApiHarvester({ timeoutMs: 10_000 });
const h = usePipelineHarness({ harvesters: { openapi: harvester }, policy: { maxBytes: 30_000_000, idleTimeoutMs: 5000, totalTimeoutMs: 10_000 } });

async function register(url: string): Promise<HarvestSource> {
  const s = buildSource({ url, publisher: '974760673', kind: 'openapi' }, { allowLocalPath: true, sourceKinds: new Map([['openapi', ['dcat-ap-no-2', 'dcat-ap-no-3']]]), now: h.now });
  await h.store.saveSource(s);
  return s;
}

describe('harvesting an OpenAPI source', () => {
  it('publishes one data service with its operations, in the source\'s generated catalog', async () => {
    h.server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = h.server.url('/openapi.yaml');
    const run = await runHarvest(await register(url), h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.problems.filter((p) => p.kind === 'invalid')).toEqual([]);
    expect(run.counts).toMatchObject({ added: 2, invalid: 0 });
    const record = await h.store.getRecordByIri(url);
    expect(record).toMatchObject({ kind: 'data-service', status: 'published' });
    expect(record!.graph).toContain('<https://w3id.org/datakatalog/vocab#operationId> "hentEnhet"');
    expect(record!.graph).toContain(`<${url}#/paths/~1enheter~1%7Borganisasjonsnummer%7D/get>`);
    expect(record!.validation?.counts.violation).toBe(0);
  }, 30_000);

  it('says what changed in a new version, in the run report and the record; an unchanged document costs one conditional request', async () => {
    h.server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = h.server.url('/openapi.yaml');
    const src = await register(url);
    await runHarvest(src, h.deps);
    h.server.set('/openapi.yaml', { body: v2, contentType: 'application/yaml' });
    const run = await runHarvest(src, h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ changed: 1 });
    const note = 'Version 2.1.0 → 3.0.0; BREAKING: 1 operation removed (DELETE /enheter/{organisasjonsnummer}).';
    expect(run.problems).toContainEqual({ kind: 'note', resource: url, message: `The API changed since the last harvest: ${note}` });
    expect((await h.store.getRecordByIri(url))!.graph).toContain(`<http://www.w3.org/ns/adms#versionNotes> "${note}"@en`);
    const again = await runHarvest(src, h.deps);
    expect(again.notModified).toBe(true);
    expect(again.counts).toMatchObject({ unchanged: 2, changed: 0 });
  }, 30_000);

  it('a hostile document fails the run with its cause and leaves the published record exactly as it was', async () => {
    h.server.set('/openapi.yaml', { body: v1, contentType: 'application/yaml' });
    const url = h.server.url('/openapi.yaml');
    const src = await register(url);
    await runHarvest(src, h.deps);
    const before = await h.store.getRecordByIri(url);
    const levels = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    for (const [body, cause] of [
      [`${v1}${levels.join('\n')}\n`, /billion laughs/],
      ['<!doctype html><p>Vedlikehold</p>', /HTML page/],
      [v1.replace("paths:", "paths:\n  /etc:\n    $ref: 'file:///etc/passwd'\n  /x:\n    get: { responses: { '200': { $ref: '#/components/responses/R0' } } }").replace('components:', `components:\n  responses:\n${Array.from({ length: 3000 }, (_, i) => `    R${i}: { $ref: '#/components/responses/R${i + 1}' }`).join('\n')}\n    R3000: { description: end }`), /chain of more than 400 \$refs/],
    ] as const) {
      h.server.set('/openapi.yaml', { body, contentType: body.startsWith('<') ? 'text/html' : 'application/yaml' });
      const run = await runHarvest(src, h.deps);
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(cause);
      expect(await h.store.getRecordByIri(url)).toEqual(before);
    }
  }, 60_000);

  it('skips a document without a title, with the reason', async () => {
    h.server.set('/untitled.yaml', { body: 'openapi: 3.0.3\ninfo: { version: "1" }\nservers: [{ url: "https://api.example.no" }]\npaths: {}\n', contentType: 'application/yaml' });
    const url = h.server.url('/untitled.yaml');
    const run = await runHarvest(await register(url), h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 0, skipped: 1 });
    expect(run.problems).toContainEqual({ kind: 'skipped', resource: url, message: `The OpenAPI description <${url}> was skipped: it has no title (info.title), which a data service needs.` });
  }, 30_000);
});
