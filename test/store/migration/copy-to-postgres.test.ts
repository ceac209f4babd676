import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports/store.js';
import type { StoredRecord } from '../../../src/core/catalog-record.js';
import { copyCatalogToPostgres } from '../../../src/store/migration/copy-to-postgres.js';
import { COPIED_TABLES } from '../../../src/store/migration/copied-tables.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { write } from '../../contract/store.contract.js';
import { dropTestSchemas, freshSchema, TEST_DATABASE_URL } from '../../support/postgres.js';

const url = TEST_DATABASE_URL ?? '';
const root = mkdtempSync(path.join(tmpdir(), 'dk-migrate-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await dropTestSchemas();
});
let n = 0;
const freshDir = (): string => path.join(root, `c${++n}`);
const at = (second: number): string => `2025-03-01T10:00:${String(second).padStart(2, '0')}.000Z`;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A SQLite catalog holding something in every table the copy carries, the awkward cases included. */
async function fillCatalog(store: SqliteStore): Promise<void> {
  for (const id of ['src-a', 'src-b', 'src-æ']) {
    await store.saveSource({ id, url: `https://${id}.example.no/catalog.ttl`, kind: 'dcat-ap-no', publisher: '974760673', quarantineInvalid: false, createdAt: at(1) });
  }
  await store.setFetchState('src-a', 'https://src-a.example.no/catalog.ttl', { etag: '"v1"' });
  await store.setFetchState('src-a', 'https://src-a.example.no/page2', { etag: '"v2"', lastModified: 'Tue, 01 Jul 2025 10:00:00 GMT' });
  const run = await store.startRun('src-a', at(2));
  await store.finishRun({ ...run, endedAt: at(3), state: 'succeeded', counts: { ...run.counts, added: 4 }, problems: [{ kind: 'invalid', message: 'a broken record', resource: 'https://x.example.no/1' } as never] });
  await store.startRun('src-b', at(4)); // left running: the first node marks it interrupted
  const doc = Buffer.from('openapi: 3.1.0\ninfo: {title: «API»}\n');
  const graphWithNul = write(4).graph.replace('original', 'origi\u0000nal æøå');
  await store.writeRecords([
    write(1, { runId: run.id }),
    write(2, { artefacts: [{ name: 'openapi', mediaType: 'application/yaml', hash: sha(doc), body: doc }] }),
    write(3, { status: 'quarantined' }),
    { ...write(4), graph: graphWithNul },
  ]);
  await store.writeRecords([write(1, { title: 'changed', modified: at(5) })]); // version 2 of record 1
  await store.writeRecords([write(1, { title: 'again', modified: at(5) })]); // version 3: 4 lines changed since version 1, so a snapshot
  await store.markRemoved([write(3).id, write(2).id], at(6), run.id);
  await store.saveToken({ id: 'tok1', role: 'org-admin', organisation: '974760673', hash: 'ab'.repeat(32), createdAt: at(7), createdBy: 'cli:test', name: 'Første' });
  await store.touchToken('tok1', at(8));
  await store.appendAudit({ at: at(8), actor: 'token:tok1', action: 'POST /api/sources', status: 201, outcome: 'succeeded' });
  await store.appendAudit({ at: at(9), actor: 'anonymous', action: 'POST /api/sources', status: 401, outcome: 'refused', detail: 'no token' });
  await store.cacheOrganisation('974760673', '{"navn":"Digitaliseringsdirektoratet"}', at(9));
  await store.saveUrlChecks([{ url: 'https://x.example.no/data.csv', status: 200, mediaType: 'text/csv', error: null, checkedAt: at(9) }]);
  await store.setCursor('search', 3); // the old node's own projection: not carried
}

/** What a Store says about everything it holds, for comparing two stores through the port. */
async function everything(store: Store): Promise<unknown> {
  const records: StoredRecord[] = [];
  for (let i = 1; i <= 5; i++) {
    const r = await store.getRecord(write(i).id);
    if (r !== undefined) records.push(r);
  }
  return {
    sources: (await store.listSources()).sort((a, b) => a.id.localeCompare(b.id)),
    fetch: await store.getFetchState('src-a', 'https://src-a.example.no/page2'),
    runs: await store.listRuns({ limit: 10 }),
    records,
    states: [...(await store.recordStatesOfSource('src-a')).entries()].sort(),
    artefact: await store.getArtefact(write(2).id, 'openapi'),
    changes: await store.changesSince(0, 100),
    versions: await store.versionsSince(0, 100),
    history1: await store.recordVersions(write(1).id),
    graphV1: await store.versionGraph(write(1).id, 1),
    // Version 3's snapshot carried: read from it alone.
    fromSnapshot: await store.versionDeltas(write(1).id, 3),
    counts: await store.countRecords(),
    tokens: await store.listTokens(),
    audit: await store.listAudit({ limit: 10 }),
    organisation: await store.getCachedOrganisation('974760673'),
    urlChecks: [...(await store.getUrlChecks(['https://x.example.no/data.csv'])).entries()],
  };
}

async function sql<T extends pg.QueryResultRow>(schema: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(TEST_DATABASE_URL === undefined)('migrate --to: copying a SQLite catalog to PostgreSQL', () => {
  it('carries every table, so the PostgreSQL store answers exactly as the SQLite one did, and says both sides hold the same rows', async () => {
    const dir = freshDir();
    const sqlite = SqliteStore.open({ dataDir: dir });
    await fillCatalog(sqlite);
    const before = await everything(sqlite);
    await sqlite.close();

    const schema = freshSchema('mig');
    const copy = await copyCatalogToPostgres({ url, schema, file: path.join(dir, 'catalog.db'), pageSize: 2 });
    expect(copy.mode).toBe('fresh');
    expect(copy.verified).toBe(true);
    expect(copy.tables.map((t) => t.table)).toEqual(COPIED_TABLES.map((t) => t.name));
    for (const t of copy.tables) {
      expect(t.sourceRows, t.table).toBeGreaterThan(0); // the fixture fills every table, so each check compares something
      expect(t).toMatchObject({ targetRows: t.sourceRows, written: t.sourceRows, deleted: 0, targetHash: t.sourceHash, equal: true });
    }

    const postgres = await PostgresStore.open({ url, schema });
    try {
      const after = (await everything(postgres)) as Record<string, unknown>;
      const expected = before as Record<string, unknown>;
      expect(after.runs).toEqual(expected.runs); // the running run is still running: the copy changes nothing
      expect(after).toEqual(expected);
      expect(await postgres.getCursor('search')).toBe(0); // the new nodes' projections start from nothing
      // The sequences moved past what was copied: the next change, version and record get new numbers.
      const lastSeq = await postgres.latestChangeSeq();
      await postgres.writeRecords([write(5)]);
      const [next] = await postgres.changesSince(lastSeq, 10);
      expect(next).toMatchObject({ seq: lastSeq + 1, id: write(5).id });
      expect((await postgres.recordVersions(write(5).id))[0]?.seq).toBeGreaterThan(Math.max(...((expected.versions as { seq: number }[]).map((v) => v.seq))));
      // The run the SQLite process left running is marked interrupted by the first node that starts, as after a restart.
      expect(await postgres.interruptRunningRuns(at(30))).toBe(1);
    } finally {
      await postgres.close();
    }
  });

  it('resumes and catches up: run again, it writes only what changed in catalog.db, deletes what it dropped, and verifies again', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'catalog.db');
    const sqlite = SqliteStore.open({ dataDir: dir });
    await fillCatalog(sqlite);
    const schema = freshSchema('mig');
    expect((await copyCatalogToPostgres({ url, schema, file })).verified).toBe(true);

    const again = await copyCatalogToPostgres({ url, schema, file });
    expect(again.mode).toBe('caught-up');
    expect(again.verified).toBe(true);
    expect(again.tables.map((t) => [t.table, t.written, t.deleted])).toEqual(COPIED_TABLES.map((t) => [t.name, 0, 0]));

    // The SQLite service goes on: a record changes, a source and its runs go, a token is revoked.
    await sqlite.writeRecords([write(4, { title: 'third', modified: at(40) })]);
    await sqlite.deleteSource('src-b');
    await sqlite.revokeToken('tok1', at(41));
    const later = await copyCatalogToPostgres({ url, schema, file });
    expect(later.verified).toBe(true);
    const byTable = new Map(later.tables.map((t) => [t.table, t]));
    expect(byTable.get('sources')).toMatchObject({ written: 0, deleted: 1 });
    expect(byTable.get('runs')).toMatchObject({ written: 0, deleted: 1 });
    expect(byTable.get('records')?.written).toBe(1);
    expect(byTable.get('record_bodies')?.written).toBe(1);
    expect(byTable.get('changes')?.written).toBe(1); // record 4's change (src-b had no records)
    expect(byTable.get('record_versions')?.written).toBe(1);
    expect(byTable.get('api_tokens')?.written).toBe(1);
    const postgres = await PostgresStore.open({ url, schema });
    try {
      expect(await everything(postgres)).toEqual(await everything(sqlite));
    } finally {
      await postgres.close();
      await sqlite.close();
    }
  });

  it('a copy cut short is resumed: rows already there are kept, the rest is written, and the check passes', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'catalog.db');
    const sqlite = SqliteStore.open({ dataDir: dir });
    await fillCatalog(sqlite);
    await sqlite.close();
    const schema = freshSchema('mig');
    await copyCatalogToPostgres({ url, schema, file });
    // As if the first copy had stopped half-way: unfinished, some rows of the history and graphs missing, one changed.
    await sql(schema, 'UPDATE copied_from SET finished_at = NULL');
    await sql(schema, 'DELETE FROM record_versions WHERE seq > 2');
    await sql(schema, "UPDATE record_bodies SET graph = convert_to('garbage', 'UTF8') WHERE rid = 1");
    const resumed = await copyCatalogToPostgres({ url, schema, file });
    expect(resumed.mode).toBe('resumed');
    expect(resumed.verified).toBe(true);
    const byTable = new Map(resumed.tables.map((t) => [t.table, t]));
    expect(byTable.get('record_bodies')?.written).toBe(1);
    expect(byTable.get('record_versions')?.written).toBe((byTable.get('record_versions')?.sourceRows ?? 0) - 2);
    expect(byTable.get('records')?.written).toBe(0);
  });

  it('refuses a target holding another catalog, and one that nodes have written to since the copy, naming why and writing nothing', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'catalog.db');
    const sqlite = SqliteStore.open({ dataDir: dir });
    await fillCatalog(sqlite);
    await sqlite.close();

    const other = freshSchema('mig');
    const native = await PostgresStore.open({ url, schema: other });
    await native.writeRecords([write(9)]);
    await native.close();
    await expect(copyCatalogToPostgres({ url, schema: other, file })).rejects.toThrow(/already holds a catalog that was not copied from .*catalog\.db \(rows: 1 in records.*nothing was written/);
    expect(await sql<{ n: string }>(other, 'SELECT count(*) AS n FROM records')).toEqual([{ n: '1' }]);

    const schema = freshSchema('mig');
    await copyCatalogToPostgres({ url, schema, file });
    const node = await PostgresStore.open({ url, schema });
    await node.writeRecords([write(5)]); // a node has started harvesting on the copy
    await node.close();
    await expect(copyCatalogToPostgres({ url, schema, file })).rejects.toThrow(/nodes have written to it since: the change log \(to \d+ from \d+\).*nothing was written/);
    expect(await sql<{ n: string }>(schema, 'SELECT count(*) AS n FROM records')).toEqual([{ n: '5' }]);

    const otherDir = freshDir();
    await SqliteStore.open({ dataDir: otherDir }).close();
    await expect(copyCatalogToPostgres({ url, schema, file: path.join(otherDir, 'catalog.db') })).rejects.toThrow(/copied from .*c\d+\/catalog\.db, not from/);
  });

  it('says where there is no catalog to copy', async () => {
    await expect(copyCatalogToPostgres({ url, schema: freshSchema('mig'), file: path.join(freshDir(), 'catalog.db') })).rejects.toThrow(/no catalog to migrate at .*catalog\.db/);
  });
});
