import pg from 'pg';

/**
 * How the store and the indexes on PostgreSQL reach it: the URL (DATABASE_URL) and the schema their tables
 * live in. Shared by the adapters on PostgreSQL (store, search, relations), which each open a pool of their own.
 */
export interface PostgresConnection {
  /** `postgres://user:password@host:port/database` (libpq's URL form; `?sslmode=` and the like are honoured). */
  readonly url: string;
  /** Schema of the catalog's tables (default `public`): several catalogs (or test runs) share a database this way. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** How the connections name themselves in pg_stat_activity (default `datakatalog`). */
  readonly applicationName?: string;
  /** Run-time settings of every connection (`name=value`, as `-c` takes them). */
  readonly settings?: readonly string[];
}

export const DEFAULT_SCHEMA = 'public';

/** Checks a schema name: plain lower-case SQL identifiers only, so it is safe in statements and channel names. */
export function schemaName(schema: string | undefined): string {
  const name = schema ?? DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(name)) {
    throw new Error(`PostgreSQL schema "${name}" is not a plain name (lower-case letters, digits and _, at most 48, not starting with a digit).`);
  }
  return name;
}

/** Settings of a connection: the URL, with the catalog's schema first on the search path (extensions stay reachable in public). */
export function clientConfig(connection: PostgresConnection): pg.ClientConfig {
  const schema = schemaName(connection.schema);
  return {
    connectionString: connection.url,
    options: [`-c search_path=${schema},public`, ...(connection.settings ?? []).map((setting) => `-c ${setting}`)].join(' '),
    application_name: connection.applicationName ?? 'datakatalog',
  };
}

/** A URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** Opens a pool; errors of idle connections (a server restart) are reported to `onError`, never thrown at the process. */
export function openPool(connection: PostgresConnection, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(connection), max: connection.poolSize ?? 10 });
  pool.on('error', onError);
  return pool;
}

/** Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inClientTransaction<T, C extends pg.ClientBase>(client: C, work: (client: C) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Runs `work` in a transaction on one pooled connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await inClientTransaction(client, work);
  } finally {
    client.release();
  }
}

/** A failure of the connection rather than of a statement: refused, reset, ended by the server, or terminated. */
export function lostServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code.startsWith('08') || code === '57P01';
  return error instanceof Error && /^Connection terminated|^Client has encountered a connection error/.test(error.message);
}
