import type { EnvReader } from './env-reader.js';

/** The public /sparql endpoint: its engines, limits and fairness rules, an external server, and federation. */
export interface SparqlConfig {
  readonly timeoutMs: number;
  /**
   * Query replicas (worker threads, each with a full copy of the index), or `auto`: two while the
   * catalog is small enough for two copies to be cheap (one long query then never holds up the
   * others), one for large catalogs.
   */
  readonly workers: number | 'auto';
  readonly maxQueryLength: number;
  /** The lowest limit the `timeout` parameter may set (a lower one is raised to it): a stop costs a reload. */
  readonly minTimeoutMs: number;
  /** The most solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) in a result; past it, 422 and no result. */
  readonly maxRows: number;
  /** The most characters in a serialised result; past it, 422 and no result. */
  readonly maxResultChars: number;
  /** A query running longer than this is heavy: heavy queries leave one engine to the others. */
  readonly heavyAfterMs: number;
  /** Heavy queries one client may have running and waiting (429 past it). */
  readonly heavyPerClient: number;
  /** Heavy queries waiting in all (503 past it). */
  readonly heavyQueue: number;
  /** Running queries stopped per minute because their client left (each stop reloads an engine). */
  readonly stopsPerMinute: number;
  /** Queries moved per minute off the engine left for short ones, when they turn heavy there while short ones wait (each move reloads it). */
  readonly movesPerMinute: number;
  /**
   * Engine time one client may use, ms a minute (`clientEngineMsPerMinute`, 0: no limit) and at once
   * (`clientEngineBurstMs`); while spent, its long-running and unseen queries wait (429 at their limit).
   */
  readonly clientEngineMsPerMinute: number;
  readonly clientEngineBurstMs: number;
  /** Memory a running query may add to the process, MB (the engine's WASM memory is outside any heap cap); past it the query is stopped (422). */
  readonly queryMemoryMb: number;
  /** An external SPARQL 1.1 server that holds the published graph instead of the embedded index (SPARQL_STORE_URL). */
  readonly store: SparqlStoreConfig | undefined;
  /**
   * SERVICE endpoints a /sparql query may federate with (SPARQL_FEDERATION_ALLOWED): absolute http(s) URLs,
   * or `host` / `host:port` for every endpoint there. Empty: SERVICE is refused.
   */
  readonly federationAllowed: readonly string[];
  /** Time limit of each remote SERVICE call (within the query's own limit). */
  readonly federationTimeoutMs: number;
  /** The most solutions one SERVICE call may return; past it the query is refused (422). */
  readonly federationMaxRows: number;
}

/** A SPARQL 1.1 server: its query endpoint, where graphs are written (Graph Store Protocol or Update), and who we are to it. */
export interface SparqlStoreConfig {
  readonly url: string;
  readonly updateUrl: string | undefined;
  readonly gspUrl: string | undefined;
  /** Sent with HTTP Basic or Digest auth, whichever the server asks for. */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** Queries forwarded to the server at once. */
  readonly concurrency: number;
  /** The time limit of one graph write request (SPARQL_STORE_WRITE_TIMEOUT); past it the write is tried again later. */
  readonly writeTimeoutMs: number;
  /** SPARQL Update requests sent at once by one batch of the projection (SPARQL_STORE_WRITE_CONCURRENCY), each with its own graphs; Graph Store writes go one at a time. */
  readonly writeConcurrency: number;
}

export function readSparqlConfig(r: EnvReader): SparqlConfig {
  const timeoutMs = r.duration('SPARQL_TIMEOUT', 30_000);
  const store = readSparqlStore(r);
  const config: SparqlConfig = {
    timeoutMs,
    workers: r.optional('SPARQL_WORKERS')?.toLowerCase() === 'auto' ? 'auto' : r.optional('SPARQL_WORKERS') === undefined ? 'auto' : r.int('SPARQL_WORKERS', 2, 1, 16),
    maxQueryLength: r.int('SPARQL_MAX_QUERY_LENGTH', 100_000, 1_000, 10_000_000),
    minTimeoutMs: r.duration('SPARQL_MIN_TIMEOUT', Math.min(5_000, timeoutMs)),
    maxRows: r.int('SPARQL_MAX_ROWS', 50_000, 1, 10_000_000),
    maxResultChars: r.bytes('SPARQL_MAX_RESULT_SIZE', 50e6),
    heavyAfterMs: r.duration('SPARQL_HEAVY_AFTER', 1_000),
    heavyPerClient: r.int('SPARQL_HEAVY_PER_CLIENT', 2, 1, 1000),
    heavyQueue: r.int('SPARQL_HEAVY_QUEUE', 8, 0, 10_000),
    stopsPerMinute: r.int('SPARQL_STOPS_PER_MINUTE', 6, 0, 10_000),
    movesPerMinute: r.int('SPARQL_MOVES_PER_MINUTE', 6, 0, 10_000),
    queryMemoryMb: r.int('SPARQL_QUERY_MEMORY_MB', 256, 16, 65_536),
    clientEngineMsPerMinute: r.duration('SPARQL_CLIENT_ENGINE_TIME', 10_000),
    clientEngineBurstMs: r.duration('SPARQL_CLIENT_ENGINE_BURST', timeoutMs),
    store,
    federationAllowed: readFederationAllowed(r),
    federationTimeoutMs: r.duration('SPARQL_FEDERATION_TIMEOUT', 10_000),
    federationMaxRows: r.int('SPARQL_FEDERATION_MAX_ROWS', 10_000, 1, 10_000_000),
  };
  if (config.minTimeoutMs > config.timeoutMs) r.problems.push(`SPARQL_MIN_TIMEOUT (${config.minTimeoutMs} ms) is above SPARQL_TIMEOUT (${config.timeoutMs} ms).`);
  if (config.maxResultChars < 1000) r.problems.push(`SPARQL_MAX_RESULT_SIZE (${config.maxResultChars}) is below 1000 characters.`);
  return config;
}

function readSparqlStore(r: EnvReader): SparqlStoreConfig | undefined {
  const url = r.url('SPARQL_STORE_URL');
  const updateUrl = r.url('SPARQL_STORE_UPDATE_URL');
  const gspUrl = r.url('SPARQL_STORE_GSP_URL');
  const user = r.optional('SPARQL_STORE_USER');
  const password = r.optional('SPARQL_STORE_PASSWORD');
  const concurrency = r.int('SPARQL_STORE_CONCURRENCY', 8, 1, 1000);
  const writeTimeoutMs = r.duration('SPARQL_STORE_WRITE_TIMEOUT', 120_000);
  const writeConcurrency = r.int('SPARQL_STORE_WRITE_CONCURRENCY', 2, 1, 16);
  if (url === undefined) {
    if (r.optional('SPARQL_STORE_URL') === undefined) {
      for (const name of ['SPARQL_STORE_UPDATE_URL', 'SPARQL_STORE_GSP_URL', 'SPARQL_STORE_USER', 'SPARQL_STORE_PASSWORD']) {
        if (r.optional(name) !== undefined) r.problems.push(`${name} is set but SPARQL_STORE_URL (the server's query endpoint) is not.`);
      }
    }
    return undefined;
  }
  if (updateUrl === undefined && gspUrl === undefined && r.optional('SPARQL_STORE_UPDATE_URL') === undefined && r.optional('SPARQL_STORE_GSP_URL') === undefined) {
    r.problems.push('SPARQL_STORE_URL needs SPARQL_STORE_GSP_URL (Graph Store Protocol) or SPARQL_STORE_UPDATE_URL (SPARQL Update) to write the published graph.');
  }
  if ((user === undefined) !== (password === undefined)) r.problems.push('SPARQL_STORE_USER and SPARQL_STORE_PASSWORD go together: set both or neither.');
  return { url, updateUrl, gspUrl, user, password, concurrency, writeTimeoutMs, writeConcurrency };
}

/** SPARQL_FEDERATION_ALLOWED: endpoint URLs (kept as written, without a trailing slash) or hosts (lower-cased). */
function readFederationAllowed(r: EnvReader): string[] {
  const raw = r.optional('SPARQL_FEDERATION_ALLOWED');
  if (raw === undefined) return [];
  const out: string[] = [];
  for (const entry of raw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      try {
        const u = new URL(entry);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
        out.push(entry);
      } catch {
        r.problems.push(`SPARQL_FEDERATION_ALLOWED entry "${entry}" is not an http or https URL.`);
      }
    } else if (/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(entry)) {
      out.push(entry.toLowerCase());
    } else {
      r.problems.push(`SPARQL_FEDERATION_ALLOWED entry "${entry}" is neither an endpoint URL nor a host or host:port.`);
    }
  }
  return out;
}
