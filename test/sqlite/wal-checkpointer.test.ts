import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_CHECKPOINT_PAGES, WalCheckpointer } from '../../src/sqlite/wal-checkpointer.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'checkpoints-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database holding about 2 MB (some 500 pages: SQLite's own checkpoint waits for 1 000). */
function filledDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (body TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run(`${i}`.padEnd(4000, 'x'));
  })();
  return db;
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe('WalCheckpointer', () => {
  it('copies a watched file’s write-ahead log into the file from its worker, before the log reaches SQLite’s own limit', async () => {
    const file = path.join(dir, 'a.db');
    const checkpointer = new WalCheckpointer({ intervalMs: 50 });
    const db = filledDatabase(file);
    try {
      expect(statSync(file).size).toBeLessThan(100_000); // the 2 MB are in the log, not yet in the file
      checkpointer.watch(db);
      expect(await until(() => statSync(file).size > 2_000_000, 10_000)).toBe(true);
      // The connection checkpoints on its own only once the worker has fallen far behind.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_CHECKPOINT_PAGES);
    } finally {
      await checkpointer.unwatch(db);
      db.close();
      await checkpointer.close();
    }
  });

  it('goes on checkpointing a file while another connection of the process still watches it', async () => {
    const file = path.join(dir, 'shared.db');
    const checkpointer = new WalCheckpointer({ intervalMs: 50 });
    const first = new Database(file);
    first.pragma('journal_mode = WAL');
    first.exec('CREATE TABLE t (body TEXT)');
    const second = new Database(file);
    try {
      checkpointer.watch(first);
      checkpointer.watch(second);
      await checkpointer.unwatch(first);
      first.close();
      const insert = second.prepare('INSERT INTO t VALUES (?)');
      second.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run(`${i}`.padEnd(4000, 'x'));
      })();
      expect(await until(() => statSync(file).size > 2_000_000, 10_000)).toBe(true);
    } finally {
      await checkpointer.unwatch(second);
      second.close();
      await checkpointer.close();
    }
  });

  it('leaves an in-memory database as it is', async () => {
    const checkpointer = new WalCheckpointer({ intervalMs: 50 });
    const db = new Database(':memory:');
    try {
      checkpointer.watch(db);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      db.close();
      await checkpointer.close();
    }
  });

  it('lets go of a file its adapter closes: the last connection merges the log and removes it, as without the worker', async () => {
    const checkpointer = new WalCheckpointer({ intervalMs: 50 });
    const store = SqliteStore.open({ dataDir: dir, checkpointer });
    try {
      await store.saveSource({ id: 'src', url: 'https://data.example.no/', kind: 'dcat-ap-no', publisher: '974760673', quarantineInvalid: false, createdAt: '2025-01-01T00:00:00.000Z' });
      expect(existsSync(path.join(dir, 'catalog.db-wal'))).toBe(true);
      // A few rounds of the worker: it holds a connection of its own to the file.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await store.close();
    }
    expect(existsSync(path.join(dir, 'catalog.db-wal'))).toBe(false);
    await checkpointer.close();
  });

  it('keeps the process alive while it is asked to let go or to stop: the idle worker alone does not', () => {
    // The process below has nothing else to keep it alive once it asks: it ended (code 0, halfway) before the answer came.
    const script = path.join(dir, 'process.mts');
    writeFileSync(
      script,
      `import Database from ${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))};
       import { WalCheckpointer } from ${JSON.stringify(path.resolve('src/sqlite/wal-checkpointer.ts'))};
       const checkpointer = new WalCheckpointer({ intervalMs: 50 });
       const db = new Database(${JSON.stringify(path.join(dir, 'c.db'))});
       db.pragma('journal_mode = WAL');
       db.exec('CREATE TABLE t (x)');
       checkpointer.watch(db);
       await checkpointer.unwatch(db);
       console.log('let go');
       db.close();
       await checkpointer.close();
       console.log('stopped');`,
    );
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve('.'), encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['let go', 'stopped']);
  });

  it('refuses to watch once closed', async () => {
    const checkpointer = new WalCheckpointer();
    await checkpointer.close();
    const db = filledDatabase(path.join(dir, 'b.db'));
    try {
      expect(() => checkpointer.watch(db)).toThrow(/closed/);
    } finally {
      db.close();
    }
  });
});
