import { createHash, type Hash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { advisoryKey } from '../../postgres/advisory-keys.js';
import { clientConfig, redactUrl, schemaName, type PostgresConnection } from '../../postgres/connection.js';
import { migrate as migratePostgres } from '../postgres/schema.js';
import { openCatalogDatabase } from '../sqlite/open-database.js';
import { COPIED_TABLES, isTextKey, type CopiedColumn, type CopiedTable } from './copied-tables.js';

/** What the copy did to one table and what the check found. */
export interface TableCopy {
  readonly table: string;
  /** Rows in catalog.db. */
  readonly sourceRows: number;
  /** Rows in PostgreSQL after the copy. */
  readonly targetRows: number;
  /** Rows inserted or changed in PostgreSQL (0 for a table already equal). */
  readonly written: number;
  /** Rows deleted from PostgreSQL because catalog.db no longer has them. */
  readonly deleted: number;
  /** SHA-256 over every row in key order, in the same form on both sides. */
  readonly sourceHash: string;
  readonly targetHash: string;
  readonly equal: boolean;
}

export interface CatalogCopy {
  readonly source: string;
  readonly target: string;
  readonly schema: string;
  /** `fresh`: the schema was empty; `resumed`: an earlier copy from this file had not finished; `caught-up`: it had, and only catalog.db changed since. */
  readonly mode: 'fresh' | 'resumed' | 'caught-up';
  readonly tables: readonly TableCopy[];
  /** Every table has the same rows on both sides (counts and hashes). */
  readonly verified: boolean;
}

export interface CopyOptions extends PostgresConnection {
  /** The catalog.db file to copy (DATA_DIR/catalog.db). */
  readonly file: string;
  /** Rows per read page and per PostgreSQL write (default 500; tables of documents use a tenth). */
  readonly pageSize?: number;
  /** Told after each table is copied and checked. */
  readonly onTable?: (copy: TableCopy) => void;
  readonly now?: () => Date;
}

type Row = Record<string, unknown>;

/**
 * Copies a catalog from its SQLite file to PostgreSQL (`datakatalog migrate --to`): every table of the
 * store row for row with its keys and sequence numbers (records, their graphs and reports, sources, fetch
 * state, runs, the change log, the history, artefacts, API tokens, the audit log, the organisation
 * register's answers and URL checks), then checks that both sides hold the same rows by count and by a
 * hash of every row.
 *
 * - **One consistent moment.** catalog.db is read in one read transaction (WAL: a running service may go
 *   on writing; the copy is of the moment it began).
 * - **Resumable and repeatable.** Rows go over in pages, each committed on its own. Running it again
 *   (after it was cut short, or after the SQLite service wrote more) writes only the rows that differ and
 *   deletes those catalog.db no longer has, then checks again; the last run before the new nodes start
 *   makes PostgreSQL equal to catalog.db.
 * - **Never over another catalog.** The target must be empty, or hold an earlier copy of this same file
 *   that no node has written to since (the change log, history and audit log have not grown past what
 *   the copy wrote); otherwise it is refused with a ConflictError naming why.
 *
 * The SPARQL server and PostgreSQL search are not written: a node starting on the copy fills them from
 * the store (its projections start from no cursor).
 */
export async function copyCatalogToPostgres(options: CopyOptions): Promise<CatalogCopy> {
  const schema = schemaName(options.schema);
  if (!existsSync(options.file)) throw new NotFoundError(`There is no catalog to migrate at ${options.file} (set DATA_DIR to the folder that holds catalog.db).`);
  const source = realpathSync(options.file);
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 500;
  const client = new pg.Client(clientConfig({ url: options.url, schema }));
  await client.connect().catch((error: unknown) => {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  });
  let db: Database.Database | undefined;
  try {
    await migratePostgres(client, schema);
    const lock = advisoryKey(schema, 'copy-from-sqlite');
    const { rows: locked } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', lock);
    if (!locked[0]!.ok) throw new ConflictError(`Another migrate --to is copying into the PostgreSQL schema "${schema}" now; wait for it to end.`);
    db = openCatalogDatabase(source);
    const mode = await claimTarget(client, schema, source, now().toISOString());
    db.exec('BEGIN'); // one snapshot of catalog.db for everything below
    const tables: TableCopy[] = [];
    const deleted = new Map<string, number>();
    for (const table of [...COPIED_TABLES].reverse()) deleted.set(table.name, await deleteMissing(db, client, table, pageSize));
    for (const table of COPIED_TABLES) {
      const { sourceRows, written, sourceHash } = await copyRows(db, client, table, pageSize);
      if (table.serial !== undefined) await moveSequence(db, client, table);
      const target = await targetDigest(client, table, pageSize);
      const copy: TableCopy = { table: table.name, sourceRows, targetRows: target.rows, written, deleted: deleted.get(table.name) ?? 0, sourceHash, targetHash: target.hash, equal: sourceRows === target.rows && sourceHash === target.hash };
      tables.push(copy);
      options.onTable?.(copy);
    }
    const verified = tables.every((t) => t.equal);
    if (verified) {
      await client.query(
        `UPDATE copied_from SET finished_at = $1,
           changes_seq = (SELECT COALESCE(max(seq), 0) FROM changes),
           versions_seq = (SELECT COALESCE(max(seq), 0) FROM record_versions),
           audit_seq = (SELECT COALESCE(max(seq), 0) FROM audit_log)`,
        [now().toISOString()],
      );
    }
    db.exec('COMMIT');
    await client.query('SELECT pg_advisory_unlock($1, $2)', lock);
    return { source, target: redactUrl(options.url), schema, mode, tables, verified };
  } finally {
    db?.close();
    await client.end().catch(() => undefined);
  }
}

/** Checks that the target may take the copy and records that it is under way; returns how it starts. */
async function claimTarget(client: pg.Client, schema: string, source: string, at: string): Promise<CatalogCopy['mode']> {
  const where = `The PostgreSQL schema "${schema}"`;
  const { rows } = await client.query<{ source: string; finished_at: string | null; changes_seq: string; versions_seq: string; audit_seq: string }>(
    'SELECT source, finished_at, changes_seq, versions_seq, audit_seq FROM copied_from',
  );
  const marker = rows[0];
  if (marker === undefined) {
    const held: string[] = [];
    for (const table of COPIED_TABLES) {
      const { rows: n } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`);
      if (Number(n[0]!.n) > 0) held.push(`${n[0]!.n} in ${table.name}`);
    }
    if (held.length > 0) {
      throw new ConflictError(
        `${where} already holds a catalog that was not copied from ${source} (rows: ${held.join(', ')}). ` +
          'Migrate into an empty database or another schema (--schema), or drop that catalog first: nothing was written.',
      );
    }
    await client.query('INSERT INTO copied_from (source, started_at) VALUES ($1, $2)', [source, at]);
    return 'fresh';
  }
  if (marker.source !== source) {
    throw new ConflictError(`${where} holds a catalog copied from ${marker.source}, not from ${source}: migrate into an empty database or another schema (--schema). Nothing was written.`);
  }
  if (marker.finished_at !== null) {
    const { rows: seqs } = await client.query<{ changes: string; versions: string; audit: string }>(
      'SELECT (SELECT COALESCE(max(seq), 0) FROM changes) AS changes, (SELECT COALESCE(max(seq), 0) FROM record_versions) AS versions, (SELECT COALESCE(max(seq), 0) FROM audit_log) AS audit',
    );
    const s = seqs[0]!;
    const grown = [
      Number(s.changes) > Number(marker.changes_seq) ? `the change log (to ${s.changes} from ${marker.changes_seq})` : undefined,
      Number(s.versions) > Number(marker.versions_seq) ? `the history (to ${s.versions} from ${marker.versions_seq})` : undefined,
      Number(s.audit) > Number(marker.audit_seq) ? `the audit log (to ${s.audit} from ${marker.audit_seq})` : undefined,
    ].filter((x) => x !== undefined);
    if (grown.length > 0) {
      throw new ConflictError(
        `${where} was copied from ${source} at ${marker.finished_at}, and nodes have written to it since: ${grown.join(', ')} grew. ` +
          'Copying again would overwrite their work, so nothing was written.',
      );
    }
  }
  await client.query('UPDATE copied_from SET finished_at = NULL, started_at = $1', [at]);
  return marker.finished_at === null ? 'resumed' : 'caught-up';
}

/** Deletes the target rows whose keys catalog.db does not have, reading catalog.db's keys a page at a time. */
async function deleteMissing(db: Database.Database, client: pg.Client, table: CopiedTable, pageSize: number): Promise<number> {
  const keyCols = table.key.map((k) => columnOf(table, k));
  const select = db.prepare(`SELECT ${keyCols.map(sqliteExpr).join(', ')} FROM ${table.name}${sqliteAfter(table)} ORDER BY ${table.key.join(', ')} LIMIT ?`);
  const first = db.prepare(`SELECT ${keyCols.map(sqliteExpr).join(', ')} FROM ${table.name} ORDER BY ${table.key.join(', ')} LIMIT ?`);
  const pgKey = `(${table.key.map((k) => pgKeyExpr(table, k)).join(', ')})`;
  const arrays = table.key.map((k, i) => `$${i + 1}::${isTextKey(table, k) ? 'text' : 'bigint'}[]`).join(', ');
  let deleted = 0;
  let last: unknown[] | undefined;
  for (;;) {
    const page = (last === undefined ? first.all(pageSize) : select.all(...last, pageSize)) as Row[];
    if (page.length === 0) break;
    const keys = page.map((row) => table.key.map((k) => row[k]));
    const pageLast = keys[keys.length - 1]!;
    const params: unknown[] = table.key.map((_, i) => keys.map((key) => key[i]));
    let n = params.length;
    const bounds = [`${pgKey} <= (${pageLast.map(() => `$${++n}`).join(', ')})`];
    params.push(...pageLast);
    if (last !== undefined) {
      bounds.push(`${pgKey} > (${last.map(() => `$${++n}`).join(', ')})`);
      params.push(...last);
    }
    const result = await client.query(
      `DELETE FROM ${table.name} WHERE ${bounds.join(' AND ')} AND (${table.key.join(', ')}) NOT IN (SELECT * FROM unnest(${arrays}))`,
      params,
    );
    deleted += result.rowCount ?? 0;
    last = pageLast;
  }
  const rest = last === undefined
    ? await client.query(`DELETE FROM ${table.name}`)
    : await client.query(`DELETE FROM ${table.name} WHERE ${pgKey} > (${last.map((_, i) => `$${i + 1}`).join(', ')})`, last);
  return deleted + (rest.rowCount ?? 0);
}

/** Writes every row of catalog.db's table that PostgreSQL lacks or holds otherwise; hashes the rows read. */
async function copyRows(db: Database.Database, client: pg.Client, table: CopiedTable, pageSize: number): Promise<{ sourceRows: number; written: number; sourceHash: string }> {
  const size = table.columns.some((c) => c.type === 'bytes') ? Math.max(1, Math.floor(pageSize / 10)) : pageSize;
  const columns = table.columns.map((c) => c.name);
  const nonKey = columns.filter((c) => !table.key.includes(c));
  const upsert = (rows: number): string => {
    const values = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    return (
      `INSERT INTO ${table.name} AS t (${columns.join(', ')}) VALUES ${values} ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ` +
      `${nonKey.map((c) => `${c} = excluded.${c}`).join(', ')} WHERE (${nonKey.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${nonKey.map((c) => `excluded.${c}`).join(', ')})`
    );
  };
  const hash = createHash('sha256');
  let sourceRows = 0;
  let written = 0;
  for await (const page of sqlitePages(db, table, size)) {
    const params: unknown[] = [];
    for (const row of page) {
      for (const column of table.columns) {
        params.push(toPostgres(column, row[column.name]));
        hashValue(hash, canonical(column, row[column.name]));
      }
    }
    const result = await client.query(upsert(page.length), params);
    written += result.rowCount ?? 0;
    sourceRows += page.length;
  }
  return { sourceRows, written, sourceHash: hash.digest('hex') };
}

/** Moves the PostgreSQL sequence of a serial column past every value copied (and past SQLite's AUTOINCREMENT counter). */
async function moveSequence(db: Database.Database, client: pg.Client, table: CopiedTable): Promise<void> {
  const column = table.serial!.column;
  const counter = table.serial!.sqliteSequence ? ((db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table.name) as number | undefined) ?? 0) : 0;
  await client.query(
    `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT COALESCE(max(${column}), 0) FROM ${table.name}), $3::bigint, 1),
       GREATEST((SELECT COALESCE(max(${column}), 0) FROM ${table.name}), $3::bigint) > 0)`,
    [table.name, column, counter],
  );
}

/** The count and hash of the PostgreSQL table, read in the order catalog.db was. */
async function targetDigest(client: pg.Client, table: CopiedTable, pageSize: number): Promise<{ rows: number; hash: string }> {
  const size = table.columns.some((c) => c.type === 'bytes') ? Math.max(1, Math.floor(pageSize / 10)) : pageSize;
  const pgKey = `(${table.key.map((k) => pgKeyExpr(table, k)).join(', ')})`;
  const order = table.key.map((k) => pgKeyExpr(table, k)).join(', ');
  const hash = createHash('sha256');
  let rows = 0;
  let last: unknown[] | undefined;
  for (;;) {
    const params: unknown[] = last === undefined ? [size] : [...last, size];
    const after = last === undefined ? '' : ` WHERE ${pgKey} > (${last.map((_, i) => `$${i + 1}`).join(', ')})`;
    const { rows: page } = await client.query<Row>(
      `SELECT ${table.columns.map((c) => c.name).join(', ')} FROM ${table.name}${after} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    );
    for (const row of page) for (const column of table.columns) hashValue(hash, canonical(column, row[column.name]));
    rows += page.length;
    if (page.length < size) break;
    last = table.key.map((k) => page[page.length - 1]![k]);
  }
  return { rows, hash: hash.digest('hex') };
}

async function* sqlitePages(db: Database.Database, table: CopiedTable, size: number): AsyncGenerator<Row[]> {
  const columns = table.columns.map((c) => `${sqliteExpr(c)}`).join(', ');
  const order = table.key.join(', ');
  const first = db.prepare(`SELECT ${columns} FROM ${table.name} ORDER BY ${order} LIMIT ?`);
  const next = db.prepare(`SELECT ${columns} FROM ${table.name}${sqliteAfter(table)} ORDER BY ${order} LIMIT ?`);
  let last: unknown[] | undefined;
  for (;;) {
    const page = (last === undefined ? first.all(size) : next.all(...last, size)) as Row[];
    if (page.length === 0) return;
    yield page;
    if (page.length < size) return;
    const end = page[page.length - 1]!;
    last = table.key.map((k) => end[k]);
  }
}

function columnOf(table: CopiedTable, name: string): CopiedColumn {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) throw new Error(`${table.name}: key column ${name} is not among its columns`);
  return column;
}

function sqliteExpr(column: CopiedColumn): string {
  return column.sqlite === undefined ? column.name : `${column.sqlite} AS ${column.name}`;
}

/** ` WHERE (k1, k2) > (?, ?)` on SQLite's own key columns (BINARY order). */
function sqliteAfter(table: CopiedTable): string {
  return ` WHERE (${table.key.join(', ')}) > (${table.key.map(() => '?').join(', ')})`;
}

/** A key column in PostgreSQL in SQLite's order: text byte by byte (collation "C"). */
function pgKeyExpr(table: CopiedTable, key: string): string {
  return isTextKey(table, key) ? `${key} COLLATE "C"` : key;
}

function toPostgres(column: CopiedColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'bool':
      return value === 1 || value === true;
    case 'utf8-bytes':
      return Buffer.from(value as string, 'utf8');
    default:
      return value;
  }
}

/** A value in the same form whichever side it was read from. */
function canonical(column: CopiedColumn, value: unknown): string | Buffer | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'text':
      return value as string;
    case 'int':
      return String(value);
    case 'bool':
      return value === 1 || value === true ? '1' : '0';
    case 'utf8-bytes':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as string, 'utf8');
    case 'bytes':
      return value as Buffer;
    case 'jsonb':
      return sortedJson(typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
  }
}

/** JSON text with every object's keys in code-point order, so jsonb and the text it came from compare equal. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashValue(hash: Hash, value: string | Buffer | null): void {
  if (value === null) {
    hash.update('\u0000N');
    return;
  }
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  hash.update(`\u0000${bytes.length}:`);
  hash.update(bytes);
}
