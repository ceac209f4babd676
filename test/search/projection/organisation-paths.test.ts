import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex, SearchRecordInput } from '../../../src/core/ports/search-index.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { EnhetsregisteretRegister } from '../../../src/organisations/enhetsregisteret-register.js';
import { organisationSnapshot } from '../../../src/organisations/organisation-snapshot.js';
import { SearchProjection } from '../../../src/projection/search-projection.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { loadBundledVocabularies } from '../../../src/vocabulary/bundled-vocabularies.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

// The publisher hierarchy of search (the orgPath facet) comes from the organisation register: the
// parent chain Enhetsregisteret gives (here its fixture: Domstoladministrasjonen's sub-unit 973861778
// under Domstoladministrasjonen 926721720 under Justis- og beredskapsdepartementet 984195796), not
// from a list of our own. A publisher the register cannot resolve keeps the bundled snapshot's path.

const VOCAB = path.resolve(import.meta.dirname, '../../../vocab');
const REGISTER_FIXTURES = path.resolve(import.meta.dirname, '../../organisations/fixtures');
const vocab = loadSearchVocabulary(VOCAB);
const SUB_UNIT = '973861778';
const CHAIN = '/STAT/984195796/926721720/973861778';

let server: FixtureServer;
let dir: string;
let store: SqliteStore;
let register: EnhetsregisteretRegister;

beforeAll(async () => {
  server = await startFixtureServer();
  for (const file of ['enheter-984195796.json', 'enheter-926721720.json', 'underenheter-973861778.json']) {
    const [collection, number] = file.replace('.json', '').split('-');
    server.set(`/enhetsregisteret/api/${collection}/${number}`, { body: readFileSync(path.join(REGISTER_FIXTURES, file)), contentType: 'application/json' });
  }
  dir = mkdtempSync(path.join(tmpdir(), 'dk-orgpaths-'));
  store = SqliteStore.open({ dataDir: dir });
  register = new EnhetsregisteretRegister({
    baseUrl: `${server.origin}/enhetsregisteret/api`, store, cacheTtlMs: 86_400_000, timeoutMs: 2000,
    snapshot: organisationSnapshot(loadBundledVocabularies(VOCAB).quads), logger: silentLogger,
  });
});

afterAll(async () => {
  await store?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A search index that keeps what it is given. */
function capturingIndex(): { index: SearchIndex; upserted: SearchRecordInput[] } {
  const upserted: SearchRecordInput[] = [];
  const index = { upsert: async (inputs: readonly SearchRecordInput[]) => void upserted.push(...inputs), remove: async () => {} } as unknown as SearchIndex;
  return { index, upserted };
}

const TTL = `
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://ex.org/ds> a dcat:Dataset ; dct:title "Rettsavgjørelser"@nb .
<https://ex.org/named> a dcat:Dataset ; dct:title "Med utgiver"@nb ; dct:publisher <https://ex.org/org> .
<https://ex.org/org> dct:identifier "${SUB_UNIT}" .
`;

describe('organisation paths in search', () => {
  it('gives the projection the register’s path of the source’s publisher (its parent chain)', async () => {
    const [input] = recordsFromTurtle(TTL, { sourcePublisher: SUB_UNIT });
    await store.saveSource({ id: input!.record.sourceId, url: 'https://ex.org/catalog.ttl', kind: 'dcat-ap-no', publisher: SUB_UNIT, quarantineInvalid: false, createdAt: '2026-01-01T00:00:00Z' });
    const { index, upserted } = capturingIndex();
    await new SearchProjection(index, store, undefined, 'search', register).apply([{ id: input!.record.id, record: input!.record }]);
    expect(upserted).toHaveLength(1);
    expect(upserted[0]!.organisationPaths).toEqual({ [SUB_UNIT]: CHAIN });
  });

  it('puts the publisher under every unit above it in the orgPath facet', () => {
    for (const input of recordsFromTurtle(TTL, { sourcePublisher: SUB_UNIT })) {
      const d = buildSearchDocument({ ...input, organisationPaths: { [SUB_UNIT]: CHAIN } }, vocab);
      expect(d.publisher).toMatchObject({ id: SUB_UNIT, orgPath: CHAIN });
      expect(d.facets.orgPath).toEqual(['/STAT', '/STAT/984195796', '/STAT/984195796/926721720', CHAIN]);
    }
  });

  it('without the register’s answer, uses the bundled snapshot’s path, or /ANNET/ for an organisation it lacks', () => {
    const [input] = recordsFromTurtle(TTL, { sourcePublisher: SUB_UNIT });
    expect(buildSearchDocument(input!, vocab).publisher?.orgPath).toBe(`/ANNET/${SUB_UNIT}`);
    const [known] = recordsFromTurtle(TTL, { sourcePublisher: '971040238' });
    expect(buildSearchDocument(known!, vocab).publisher?.orgPath).toBe('/STAT/972417858/971040238');
  });

  it('indexes a record even when the register cannot resolve its publisher', async () => {
    const [input] = recordsFromTurtle(TTL, { sourcePublisher: '123456785' });
    const sourceId = 'source-unknown-publisher';
    await store.saveSource({ id: sourceId, url: 'https://ex.org/other.ttl', kind: 'dcat-ap-no', publisher: '123456785', quarantineInvalid: false, createdAt: '2026-01-01T00:00:00Z' });
    const { index, upserted } = capturingIndex();
    const record = { ...input!.record, sourceId };
    await new SearchProjection(index, store, undefined, 'search', register).apply([{ id: record.id, record }]);
    expect(upserted).toHaveLength(1);
    expect(upserted[0]!.organisationPaths).toBeUndefined();
  });
});
