import path from 'node:path';
import type { EnvReader } from './env-reader.js';

/** Where the service listens, what it is called, and where it keeps its data. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** Public base URL of record URIs, without a trailing slash. Default `http://localhost:{port}`. */
  readonly baseUrl: string;
  readonly dataDir: string;
  /**
   * DATABASE_URL: PostgreSQL holds the store (the source of truth, shared by any number of nodes) instead
   * of DATA_DIR/catalog.db; DATABASE_SCHEMA names the schema of its tables.
   */
  readonly database: { readonly url: string | undefined; readonly schema: string };
  /** Harvest the demo catalog into an empty data directory at start. */
  readonly demo: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export function readServiceConfig(r: EnvReader, cwd: string): ServiceConfig {
  const port = r.int('PORT', 8080, 0, 65535);
  const baseRaw = r.str('BASE_URL', `http://localhost:${port}`);
  let baseUrl = baseRaw.replace(/\/+$/, '');
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') r.problems.push(`BASE_URL="${baseRaw}" must be an http or https URL.`);
    if (u.search || u.hash) r.problems.push(`BASE_URL="${baseRaw}" must not have a query or fragment.`);
  } catch {
    r.problems.push(`BASE_URL="${baseRaw}" is not a URL.`);
    baseUrl = `http://localhost:${port}`;
  }
  return {
    port,
    host: r.str('HOST', '0.0.0.0'),
    baseUrl,
    dataDir: path.resolve(cwd, r.str('DATA_DIR', './data')),
    database: readDatabase(r),
    demo: r.bool('DEMO', true),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  };
}

function readDatabase(r: EnvReader): ServiceConfig['database'] {
  const url = r.optional('DATABASE_URL');
  if (url !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      r.problems.push('DATABASE_URL is not a URL (expected postgres://user:password@host:port/database).');
    }
    if (protocol !== '' && protocol !== 'postgres:' && protocol !== 'postgresql:') r.problems.push(`DATABASE_URL must be a postgres:// URL, not ${protocol}//….`);
  }
  const schema = r.str('DATABASE_SCHEMA', 'public');
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema)) r.problems.push(`DATABASE_SCHEMA="${schema}" is not a plain schema name (lower-case letters, digits and _).`);
  return { url, schema };
}
