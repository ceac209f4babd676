import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema.js';

/** How long a writer waits for another connection's write transaction before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

/** `${dataDir}/catalog.db`: the file that holds the store. */
export function catalogDbPath(dataDir: string): string {
  return path.join(dataDir, 'catalog.db');
}

/**
 * Opens (creating when absent) a catalog database and brings its schema up to date.
 *
 * Durability: WAL with `synchronous=NORMAL`. A committed transaction survives the process being
 * killed (even `kill -9`): the commit is in the WAL file, which the OS keeps after the process dies,
 * and the next open replays it. Only an OS crash or power loss can roll back the last commits, and
 * even then the file stays consistent (SQLite docs, "PRAGMA synchronous": "WAL mode is safe from
 * corruption with synchronous=NORMAL … transactions are durable across application crashes
 * regardless of the synchronous setting or journal mode").
 *
 * Several processes (the server and a CLI harvest) may open the same file: WAL lets readers run
 * beside one writer, every read sees the latest commit, and writers wait for each other up to
 * `busyTimeoutMs` (SQLite's busy handler) instead of failing at once.
 */
export function openCatalogDatabase(file: string, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 32 MB of page cache (the default is 2 MB): the record indexes of a 100 000-record catalog stay in memory.
    db.pragma('cache_size = -32768');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
