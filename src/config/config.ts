import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { VALIDATION_PROFILE_IDS } from '../core/validation-profiles.js';

/**
 * The whole configuration, parsed once from the environment at start. Every setting has a default;
 * every problem is reported at once (ConfigError lists them all).
 */
export interface Config {
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
  /** Bearer token required by every write (registering sources, starting harvests). Generated into DATA_DIR when unset. */
  readonly adminToken: string | undefined;
  readonly harvest: {
    /** Hosts (`host` or `host:port`) that may be fetched even when they resolve to private addresses. */
    readonly allowedHosts: readonly string[];
    readonly maxBytes: number;
    readonly connectTimeoutMs: number;
    readonly idleTimeoutMs: number;
    readonly totalTimeoutMs: number;
    readonly maxRedirects: number;
    readonly maxPages: number;
    /** Re-harvest every registered source at this interval (a source may set its own); 0 turns the scheduler off. */
    readonly intervalMs: number;
    /** Each due time is spread by up to this fraction of the interval, so sources registered together do not all run at once. */
    readonly jitter: number;
    /** Scheduled harvests running at once in this process. */
    readonly concurrency: number;
    /** After a failed run, wait this long before the next try, doubling per failure in a row up to the source's interval. */
    readonly backoffMs: number;
    /** SCHEDULER_LEASE_TTL: how long the scheduler lease (one scheduling node at a time) lasts unless its holder renews it. */
    readonly schedulerLeaseTtlMs: number;
    readonly userAgent: string;
  };
  readonly validation: {
    readonly defaultProfile: string;
    readonly workers: number;
  };
  readonly sparql: {
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
  };
  /** POST /api/validate: public, so bounded in size, triples, time and concurrency; its own worker threads. */
  readonly validate: {
    readonly maxBytes: number;
    readonly maxTriples: number;
    readonly timeoutMs: number;
    readonly workers: number;
    /** Validations waiting for a worker (503 past it). */
    readonly queue: number;
    /** Heap of each validate worker thread, MB: a document that needs more fails alone. */
    readonly memoryMb: number;
  };
  /** Who may write besides the ADMIN_TOKEN and the API tokens in the store. */
  readonly access: {
    /** JWT access tokens from one OpenID Connect / OAuth 2 issuer (Maskinporten style); undefined accepts none. */
    readonly oidc:
      | {
          readonly issuer: string;
          readonly jwksUrl?: string;
          readonly audience?: string;
          readonly requiredScope: string;
          readonly organisationClaim: string;
          readonly algorithms: readonly string[];
        }
      | undefined;
  };
  /** SOURCE_SECRET_KEY: the AES-256 key that seals protected sources' authentication headers; undefined refuses such headers. */
  readonly sourceSecretKey: Buffer | undefined;
  /** The organisation register (Enhetsregisteret's open API). */
  readonly organisations: {
    /** The API's base URL; undefined (`off`) asks nobody: the store's cache and the bundled snapshot only. */
    readonly registerUrl: string | undefined;
    readonly cacheTtlMs: number;
    readonly timeoutMs: number;
  };
  /** The URL checker of distributions' access and download URLs (src/quality), through the harvest's guard. */
  readonly urlCheck: {
    /** Time between two rounds over the published datasets; 0: no URL checks. */
    readonly intervalMs: number;
    /** How long a result counts before the URL is checked again. */
    readonly ttlMs: number;
    /** The least time between two requests to one host. */
    readonly hostIntervalMs: number;
    readonly timeoutMs: number;
    /** A host's longer Retry-After is not waited for: its URLs wait for the next round. */
    readonly maxRetryAfterMs: number;
    readonly hostsAtOnce: number;
  };
  /** Per-client rate limits (requests per window from one address); 0 turns a limit off. */
  readonly rateLimits: {
    readonly sparql: number;
    readonly search: number;
    readonly windowMs: number;
  };
  /** /readyz fails while an index is more changes than this behind the store. */
  readonly readyMaxIndexLag: number;
  /** How long published versions are kept in the history (and the change log, feeds of changes, LDES); 0 keeps everything. */
  readonly historyRetentionMs: number;
  /** Members per page of the LDES (/ldes). */
  readonly ldesPageSize: number;
  readonly search: {
    /** `sqlite` (embedded FTS5, default), `meilisearch` (MEILISEARCH_URL) or `postgres` (DATABASE_URL's database). */
    readonly backend: 'sqlite' | 'meilisearch' | 'postgres';
    readonly meilisearchUrl: string | undefined;
    readonly meilisearchKey: string | undefined;
    readonly meilisearchIndex: string;
  };
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
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? fallback : v.trim();
  }

  optional(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) {
      this.problems.push(`${name}="${raw}" is not a whole number (expected ${min}–${max}).`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) this.problems.push(`${name}=${n} is out of range (expected ${min}–${max}).`);
    return n;
  }

  /** Sizes like `100MB`, `512KB`, `1GB` or a plain byte count. */
  bytes(name: string, fallback: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?$/i.exec(raw);
    if (!m) {
      this.problems.push(`${name}="${raw}" is not a size (examples: 100MB, 512KB, 1048576).`);
      return fallback;
    }
    const unit = (m[2] ?? 'B').toUpperCase();
    const factor: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };
    return Math.round(Number(m[1]) * factor[unit]!);
  }

  /** Durations like `30s`, `2m`, `24h`, `500ms` or plain milliseconds. */
  duration(name: string, fallback: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(raw);
    if (!m) {
      this.problems.push(`${name}="${raw}" is not a duration (examples: 500ms, 30s, 2m, 24h).`);
      return fallback;
    }
    const factor: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };
    return Number(m[1]) * factor[m[2] ?? 'ms']!;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}="${raw}" is not true or false.`);
    return fallback;
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}="${raw}" must be one of: ${options.join(', ')}.`);
    return fallback;
  }

  /** An absolute http(s) URL, or undefined when unset. */
  url(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' || u.protocol === 'https:') return raw;
    } catch {
      // reported below
    }
    this.problems.push(`${name}="${raw}" is not an http or https URL.`);
    return undefined;
  }

  list(name: string): string[] {
    const raw = this.optional(name);
    return raw === undefined ? [] : raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  }
}

function sparqlStoreOf(r: Reader): SparqlStoreConfig | undefined {
  const url = r.url('SPARQL_STORE_URL');
  const updateUrl = r.url('SPARQL_STORE_UPDATE_URL');
  const gspUrl = r.url('SPARQL_STORE_GSP_URL');
  const user = r.optional('SPARQL_STORE_USER');
  const password = r.optional('SPARQL_STORE_PASSWORD');
  const concurrency = r.int('SPARQL_STORE_CONCURRENCY', 8, 1, 1000);
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
  return { url, updateUrl, gspUrl, user, password, concurrency };
}

/** SPARQL_FEDERATION_ALLOWED: endpoint URLs (kept as written, without a trailing slash) or hosts (lower-cased). */
function federationAllowedOf(r: Reader): string[] {
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

/** Parses the environment into a frozen Config; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const r = new Reader(env);
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
  // Search follows the servers configured: Meilisearch when MEILISEARCH_URL is set, else PostgreSQL with DATABASE_URL, else embedded.
  const defaultBackend = r.optional('MEILISEARCH_URL') ? 'meilisearch' : r.optional('DATABASE_URL') ? 'postgres' : 'sqlite';
  const backend = r.oneOf('SEARCH_BACKEND', ['sqlite', 'meilisearch', 'postgres'] as const, defaultBackend);
  const meilisearchUrl = r.optional('MEILISEARCH_URL');
  if (backend === 'meilisearch' && meilisearchUrl === undefined) r.problems.push('SEARCH_BACKEND=meilisearch needs MEILISEARCH_URL.');
  if (backend === 'postgres' && r.optional('DATABASE_URL') === undefined) r.problems.push('SEARCH_BACKEND=postgres needs DATABASE_URL.');

  const databaseUrl = r.optional('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(databaseUrl).protocol;
    } catch {
      r.problems.push('DATABASE_URL is not a URL (expected postgres://user:password@host:port/database).');
    }
    if (protocol !== '' && protocol !== 'postgres:' && protocol !== 'postgresql:') r.problems.push(`DATABASE_URL must be a postgres:// URL, not ${protocol}//….`);
  }
  const databaseSchema = r.str('DATABASE_SCHEMA', 'public');
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(databaseSchema)) r.problems.push(`DATABASE_SCHEMA="${databaseSchema}" is not a plain schema name (lower-case letters, digits and _).`);

  const sparqlTimeoutMs = r.duration('SPARQL_TIMEOUT', 30_000);
  const sparqlStore = sparqlStoreOf(r);
  const httpUrl = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    try {
      const u = new URL(value);
      if (u.protocol === 'http:' || u.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    r.problems.push(`${name}="${value}" is not an http or https URL.`);
    return undefined;
  };
  const oidcIssuer = httpUrl('OIDC_ISSUER', r.optional('OIDC_ISSUER'));
  const oidcJwks = httpUrl('OIDC_JWKS_URL', r.optional('OIDC_JWKS_URL'));
  const oidcAudience = r.optional('OIDC_AUDIENCE');
  const oidcAlgorithms = r.list('OIDC_ALGORITHMS').map((a) => (a.toUpperCase() === 'EDDSA' ? 'EdDSA' : a.toUpperCase()));
  const registerRaw = r.str('ORGANISATION_REGISTER_URL', 'https://data.brreg.no/enhetsregisteret/api');
  const registerUrl = registerRaw.toLowerCase() === 'off' ? undefined : httpUrl('ORGANISATION_REGISTER_URL', registerRaw.replace(/\/+$/, ''));
  const config: Config = {
    port,
    host: r.str('HOST', '0.0.0.0'),
    baseUrl,
    dataDir: path.resolve(cwd, r.str('DATA_DIR', './data')),
    database: { url: databaseUrl, schema: databaseSchema },
    demo: r.bool('DEMO', true),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    adminToken: r.optional('ADMIN_TOKEN'),
    harvest: {
      allowedHosts: r.list('HARVEST_ALLOWED_HOSTS'),
      maxBytes: r.bytes('HARVEST_MAX_BYTES', 100e6),
      connectTimeoutMs: r.duration('HARVEST_CONNECT_TIMEOUT', 10_000),
      idleTimeoutMs: r.duration('HARVEST_IDLE_TIMEOUT', 30_000),
      totalTimeoutMs: r.duration('HARVEST_TIMEOUT', 120_000),
      maxRedirects: r.int('HARVEST_MAX_REDIRECTS', 5, 0, 20),
      maxPages: r.int('HARVEST_MAX_PAGES', 10_000, 1, 1_000_000),
      intervalMs: r.duration('HARVEST_INTERVAL', 24 * 3600e3),
      userAgent: r.str('HARVEST_USER_AGENT', 'datakatalog-harvester/0.1 (+https://github.com/datakatalog)'),
      jitter: r.int('HARVEST_JITTER_PERCENT', 10, 0, 50) / 100,
      concurrency: r.int('HARVEST_CONCURRENCY', 2, 1, 64),
      backoffMs: r.duration('HARVEST_BACKOFF', 5 * 60_000),
      schedulerLeaseTtlMs: r.duration('SCHEDULER_LEASE_TTL', 60_000),
    },
    rateLimits: {
      sparql: r.int('RATE_LIMIT_SPARQL', 300, 0, 1_000_000),
      search: r.int('RATE_LIMIT_SEARCH', 1200, 0, 1_000_000),
      windowMs: r.duration('RATE_LIMIT_WINDOW', 60_000),
    },
    readyMaxIndexLag: r.int('READY_MAX_INDEX_LAG', 10_000, 0, 100_000_000),
    historyRetentionMs: r.duration('HISTORY_RETENTION', 0),
    ldesPageSize: r.int('LDES_PAGE_SIZE', 250, 1, 10_000),
    validation: {
      defaultProfile: r.oneOf('VALIDATION_PROFILE', VALIDATION_PROFILE_IDS, 'dcat-ap-no-2'),
      workers: r.int('VALIDATION_WORKERS', 2, 1, 64),
    },
    sparql: {
      timeoutMs: sparqlTimeoutMs,
      workers: r.optional('SPARQL_WORKERS')?.toLowerCase() === 'auto' ? 'auto' : r.optional('SPARQL_WORKERS') === undefined ? 'auto' : r.int('SPARQL_WORKERS', 2, 1, 16),
      maxQueryLength: r.int('SPARQL_MAX_QUERY_LENGTH', 100_000, 1_000, 10_000_000),
      minTimeoutMs: r.duration('SPARQL_MIN_TIMEOUT', Math.min(5_000, sparqlTimeoutMs)),
      maxRows: r.int('SPARQL_MAX_ROWS', 50_000, 1, 10_000_000),
      maxResultChars: r.bytes('SPARQL_MAX_RESULT_SIZE', 50e6),
      heavyAfterMs: r.duration('SPARQL_HEAVY_AFTER', 1_000),
      heavyPerClient: r.int('SPARQL_HEAVY_PER_CLIENT', 2, 1, 1000),
      heavyQueue: r.int('SPARQL_HEAVY_QUEUE', 8, 0, 10_000),
      stopsPerMinute: r.int('SPARQL_STOPS_PER_MINUTE', 6, 0, 10_000),
      movesPerMinute: r.int('SPARQL_MOVES_PER_MINUTE', 6, 0, 10_000),
      queryMemoryMb: r.int('SPARQL_QUERY_MEMORY_MB', 512, 16, 65_536),
      store: sparqlStore,
      federationAllowed: federationAllowedOf(r),
      federationTimeoutMs: r.duration('SPARQL_FEDERATION_TIMEOUT', 10_000),
      federationMaxRows: r.int('SPARQL_FEDERATION_MAX_ROWS', 10_000, 1, 10_000_000),
    },
    validate: {
      maxBytes: r.bytes('VALIDATE_MAX_BYTES', 10e6),
      maxTriples: r.int('VALIDATE_MAX_TRIPLES', 200_000, 1, 100_000_000),
      timeoutMs: r.duration('VALIDATE_TIMEOUT', 30_000),
      workers: r.int('VALIDATE_WORKERS', 1, 1, 64),
      queue: r.int('VALIDATE_QUEUE', 4, 0, 10_000),
      memoryMb: r.int('VALIDATE_MEMORY_MB', 512, 64, 65_536),
    },
    access: {
      oidc:
        oidcIssuer === undefined
          ? undefined
          : {
              issuer: oidcIssuer,
              ...(oidcJwks !== undefined ? { jwksUrl: oidcJwks } : {}),
              ...(oidcAudience !== undefined ? { audience: oidcAudience } : {}),
              requiredScope: r.str('OIDC_REQUIRED_SCOPE', 'datakatalog:write'),
              organisationClaim: r.str('OIDC_ORG_CLAIM', 'consumer'),
              algorithms: oidcAlgorithms.length > 0 ? oidcAlgorithms : ['RS256', 'PS256', 'ES256'],
            },
    },
    sourceSecretKey: secretKeyOf(r.optional('SOURCE_SECRET_KEY'), r.problems),
    organisations: {
      registerUrl,
      cacheTtlMs: r.duration('ORGANISATION_CACHE_TTL', 7 * 86_400_000),
      timeoutMs: r.duration('ORGANISATION_REGISTER_TIMEOUT', 5_000),
    },
    urlCheck: {
      intervalMs: r.duration('URL_CHECK_INTERVAL', 3_600_000),
      ttlMs: r.duration('URL_CHECK_TTL', 7 * 86_400_000),
      hostIntervalMs: r.duration('URL_CHECK_HOST_INTERVAL', 1_000),
      timeoutMs: r.duration('URL_CHECK_TIMEOUT', 10_000),
      maxRetryAfterMs: r.duration('URL_CHECK_MAX_RETRY_AFTER', 60_000),
      hostsAtOnce: r.int('URL_CHECK_HOSTS_AT_ONCE', 4, 1, 64),
    },
    search: {
      backend,
      meilisearchUrl,
      meilisearchKey: r.optional('MEILISEARCH_KEY'),
      meilisearchIndex: r.str('MEILISEARCH_INDEX', 'datakatalog'),
    },
  };
  if (config.sparql.minTimeoutMs > config.sparql.timeoutMs) r.problems.push(`SPARQL_MIN_TIMEOUT (${config.sparql.minTimeoutMs} ms) is above SPARQL_TIMEOUT (${config.sparql.timeoutMs} ms).`);
  if (config.sparql.maxResultChars < 1000) r.problems.push(`SPARQL_MAX_RESULT_SIZE (${config.sparql.maxResultChars}) is below 1000 characters.`);
  if (config.rateLimits.windowMs < 1000) r.problems.push(`RATE_LIMIT_WINDOW (${config.rateLimits.windowMs} ms) is below 1 s.`);
  if (config.historyRetentionMs > 0 && config.historyRetentionMs < 3600e3) r.problems.push(`HISTORY_RETENTION (${config.historyRetentionMs} ms) is below one hour; 0 keeps everything.`);
  if (config.validate.timeoutMs < 100) r.problems.push(`VALIDATE_TIMEOUT (${config.validate.timeoutMs} ms) is below 100 ms.`);
  if (oidcIssuer === undefined) {
    for (const name of ['OIDC_JWKS_URL', 'OIDC_AUDIENCE', 'OIDC_REQUIRED_SCOPE', 'OIDC_ORG_CLAIM', 'OIDC_ALGORITHMS']) {
      if (r.optional(name) !== undefined) r.problems.push(`${name} is set but OIDC_ISSUER is not: set the issuer whose access tokens are accepted.`);
    }
  }
  const unsupported = oidcAlgorithms.filter((a) => !/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(a));
  if (unsupported.length > 0) r.problems.push(`OIDC_ALGORITHMS names algorithms that are not asymmetric signatures: ${unsupported.join(', ')} (use RS256, PS256, ES256, EdDSA …).`);
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}

/** SOURCE_SECRET_KEY as 32 bytes: 64 hex digits, or base64/base64url of 32 bytes (`openssl rand -base64 32`). */
function secretKeyOf(text: string | undefined, problems: string[]): Buffer | undefined {
  if (text === undefined) return undefined;
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  problems.push('SOURCE_SECRET_KEY is not a 256-bit key: give 64 hex digits or 32 bytes in base64 (openssl rand -base64 32).');
  return undefined;
}
