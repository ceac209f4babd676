import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/schema.js';
import { storeContract, write } from '../contract/store.contract.js';
import { countingLoopTurns } from '../support/loop-turns.js';

const root = mkdtempSync(path.join(tmpdir(), 'dk-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => path.join(root, `s${++n}`);

storeContract('SqliteStore', async () => SqliteStore.open({ dataDir: freshDir(), writeBatchSize: 3 }));

describe('SqliteStore', () => {
  it('creates catalog.db in the data directory, in WAL mode, at the current schema version', async () => {
    const dir = freshDir();
    const store = SqliteStore.open({ dataDir: dir });
    expect(store.file).toBe(path.join(dir, 'catalog.db'));
    await store.close();
    const db = new Database(path.join(dir, 'catalog.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('writes a large batch in several transactions, letting other work run between them, every record with its change', async () => {
    const store = SqliteStore.open({ dataDir: freshDir() });
    const writes = Array.from({ length: 400 }, (_, i) => write(i + 1));
    const { turns } = await countingLoopTurns(() => store.writeRecords(writes));
    // 400 records are more than one slice at any pace (slices start at 16 and at most double).
    expect(turns).toBeGreaterThan(0);
    expect(await store.latestChangeSeq()).toBe(400);
    expect((await store.getRecord(write(400).id))?.graph).toBe(write(400).graph);
    await store.close();
  });

  it('keeps what it stored across a close and reopen', async () => {
    const dir = freshDir();
    const first = SqliteStore.open({ dataDir: dir });
    await first.writeRecords([write(1), write(2)]);
    await first.setCursor('search', 2);
    await first.close();
    const again = SqliteStore.open({ dataDir: dir });
    expect((await again.getRecord(write(1).id))?.graph).toBe(write(1).graph);
    expect(await again.getCursor('search')).toBe(2);
    expect(await again.latestChangeSeq()).toBe(2);
    await again.close();
  });

  it('refuses a file written by a newer schema, saying so', async () => {
    const dir = freshDir();
    await SqliteStore.open({ dataDir: dir }).close();
    const db = new Database(path.join(dir, 'catalog.db'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqliteStore.open({ dataDir: dir })).toThrow(/newer release/);
  });

  it('sees what another connection to the same file committed', async () => {
    const dir = freshDir();
    const server = SqliteStore.open({ dataDir: dir });
    const cli = SqliteStore.open({ dataDir: dir });
    await cli.writeRecords([write(1)]);
    expect((await server.getRecord(write(1).id))?.iri).toBe(write(1).iri);
    expect(await server.latestChangeSeq()).toBe(1);
    await cli.close();
    await server.close();
  });

  it("keeps a record's first version in its body only, and gives the version its own copy before the body changes", async () => {
    const dir = freshDir();
    const store = SqliteStore.open({ dataDir: dir });
    await store.writeRecords([write(1)]);
    const db = new Database(path.join(dir, 'catalog.db'), { readonly: true });
    const firstRow = db.prepare('SELECT added, n_added FROM record_versions WHERE record_id = ? AND version = 1');
    // The graph is written once: the version row keeps none of its text, only its line count.
    expect(firstRow.get(write(1).id)).toEqual({ added: '', n_added: 3 });
    expect(await store.versionGraph(write(1).id, 1)).toBe(write(1).graph);
    expect((await store.versionsSince(0, 10))[0]?.addedTriples).toBe(write(1).graph);

    await store.writeRecords([write(1, { title: 'second' })]);
    expect(firstRow.get(write(1).id)).toEqual({ added: write(1).graph, n_added: 3 });
    expect(await store.versionGraph(write(1).id, 1)).toBe(write(1).graph);
    expect(await store.versionGraph(write(1).id, 2)).toBe(write(1, { title: 'second' }).graph);
    db.close();
    await store.close();
  });

  it('keeps its own copy of a first version whose graph is not canonical text', async () => {
    const dir = freshDir();
    const store = SqliteStore.open({ dataDir: dir });
    const unsorted = write(1).graph.split('\n').filter((l) => l !== '').reverse().join('\n') + '\n';
    await store.writeRecords([write(1, { graph: unsorted })]);
    const db = new Database(path.join(dir, 'catalog.db'), { readonly: true });
    expect(db.prepare('SELECT added FROM record_versions WHERE record_id = ?').pluck().get(write(1).id)).toBe(write(1).graph);
    db.close();
    expect(await store.versionGraph(write(1).id, 1)).toBe(write(1).graph);
    await store.close();
  });

  it('gives the event loop a turn between pages of published records', async () => {
    const store = SqliteStore.open({ dataDir: freshDir() });
    await store.writeRecords(Array.from({ length: 10 }, (_, i) => write(i)));
    let turnCame = false;
    setImmediate(() => (turnCame = true));
    const seen: boolean[] = [];
    for await (const _page of store.publishedRecords(2)) seen.push(turnCame);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toBe(false);
    expect(seen[4]).toBe(true);
    await store.close();
  });

  it('rejects a page size that is not a positive whole number', async () => {
    const store = SqliteStore.open({ dataDir: freshDir() });
    await expect(async () => {
      for await (const _ of store.publishedRecords(0)) void _;
    }).rejects.toThrow(/pageSize/);
    await store.close();
  });
});
