import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { syntheticRecord } from '../search/fixtures/synthetic-records.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-cli-reindex-'));
  // 600 published records: their common words (in 100 documents or more) get postings of their own.
  const store = SqliteStore.open({ dataDir });
  await store.writeRecords(
    Array.from({ length: 600 }, (_, n) => {
      const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 3).record;
      return { ...rest, status: 'published' as const };
    }),
  );
  await store.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npx datakatalog reindex', () => {
  it('leaves the search index whole when it exits: every document, and the postings of common words built', async () => {
    const r = await runCli(['reindex'], { DATA_DIR: dataDir, DEMO: 'false', ORGANISATION_REGISTER_URL: 'off' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Search index rebuilt from the store: 600 documents/);
    const db = new Database(path.join(dataDir, 'search.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM search_doc').pluck().get()).toBe(600);
      // Before, the postings were left for the next process to build 2 s after it opened the index.
      expect(db.prepare('SELECT count(*) FROM search_posting').pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    expect(r.stdout).toMatch(/Search postings of common words built in \d+\.\d s\./);
  }, 60_000);
});
