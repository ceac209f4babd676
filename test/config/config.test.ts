import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';

describe('configuration from the environment', () => {
  it('has a default for everything', () => {
    const config = loadConfig({}, '/srv/catalog');
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      baseUrl: 'http://localhost:8080',
      dataDir: path.resolve('/srv/catalog', 'data'),
      demo: true,
      logLevel: 'info',
      adminToken: undefined,
      harvest: { allowedHosts: [], maxBytes: 100_000_000, idleTimeoutMs: 30_000, totalTimeoutMs: 120_000, intervalMs: 86_400_000 },
      validation: { defaultProfile: 'dcat-ap-no-2', workers: 'auto' },
      sparql: { timeoutMs: 30_000, workers: 'auto', minTimeoutMs: 5_000, maxRows: 50_000, maxResultChars: 50_000_000, heavyAfterMs: 1_000, heavyPerClient: 2, heavyQueue: 8, stopsPerMinute: 6, movesPerMinute: 6, queryMemoryMb: 256 },
      validate: { maxBytes: 10_000_000, maxTriples: 200_000, timeoutMs: 30_000, workers: 1, queue: 4, memoryMb: 512, idleMs: 120_000 },
      search: { backend: 'sqlite' },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads sizes, durations, lists and switches', () => {
    const config = loadConfig({
      PORT: '9000',
      BASE_URL: 'https://data.example.no/',
      DEMO: 'false',
      HARVEST_ALLOWED_HOSTS: 'Localhost:8000, intranet.example',
      HARVEST_MAX_BYTES: '5MiB',
      HARVEST_TIMEOUT: '3m',
      HARVEST_INTERVAL: '0',
      SPARQL_TIMEOUT: '500ms',
      SPARQL_WORKERS: '3',
      VALIDATION_WORKERS: '3',
      MEILISEARCH_URL: 'http://meili:7700',
    });
    expect(config.baseUrl).toBe('https://data.example.no');
    expect(config.demo).toBe(false);
    expect(config.harvest.allowedHosts).toEqual(['localhost:8000', 'intranet.example']);
    expect(config.harvest.maxBytes).toBe(5 * 1024 * 1024);
    expect(config.harvest.totalTimeoutMs).toBe(180_000); // not the default (120 000), so the setting is what is read
    expect(config.harvest.intervalMs).toBe(0);
    expect(config.sparql).toMatchObject({ timeoutMs: 500, workers: 3 });
    expect(config.validation.workers).toBe(3);
    expect(loadConfig({ VALIDATION_WORKERS: 'Auto' }).validation.workers).toBe('auto');
    expect(() => loadConfig({ VALIDATION_WORKERS: '0' })).toThrow(ConfigError);
    expect(config.search).toMatchObject({ backend: 'meilisearch', meilisearchUrl: 'http://meili:7700' });
  });

  it('reads the PostgreSQL store: DATABASE_URL and its schema; refuses other URLs and odd schema names', () => {
    expect(loadConfig({}).database).toEqual({ url: undefined, schema: 'public' });
    const config = loadConfig({ DATABASE_URL: 'postgres://dk:secret@db.internal:5432/catalog', DATABASE_SCHEMA: 'katalog' });
    expect(config.database).toEqual({ url: 'postgres://dk:secret@db.internal:5432/catalog', schema: 'katalog' });
    // Search moves to PostgreSQL with it, unless SEARCH_BACKEND or MEILISEARCH_URL says otherwise.
    expect(config.search.backend).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/catalog', SEARCH_BACKEND: 'sqlite' }).search.backend).toBe('sqlite');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/catalog', MEILISEARCH_URL: 'http://meili:7700' }).search.backend).toBe('meilisearch');
    expect(() => loadConfig({ SEARCH_BACKEND: 'postgres' })).toThrow(/SEARCH_BACKEND=postgres needs DATABASE_URL/);
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://db/catalog', DATABASE_SCHEMA: 'Katalog; DROP' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([expect.stringMatching(/DATABASE_URL must be a postgres:\/\/ URL, not mysql:/), expect.stringMatching(/DATABASE_SCHEMA="Katalog; DROP" is not a plain schema name/)]);
  });

  it('reads the bounds of public requests', () => {
    const config = loadConfig({
      SPARQL_MIN_TIMEOUT: '2s',
      SPARQL_MAX_ROWS: '1000',
      SPARQL_MAX_RESULT_SIZE: '2MB',
      SPARQL_HEAVY_AFTER: '750ms',
      SPARQL_HEAVY_PER_CLIENT: '1',
      SPARQL_HEAVY_QUEUE: '3',
      SPARQL_STOPS_PER_MINUTE: '0',
      SPARQL_MOVES_PER_MINUTE: '2',
      SPARQL_QUERY_MEMORY_MB: '64',
      SPARQL_CLIENT_ENGINE_TIME: '5s',
      SPARQL_CLIENT_ENGINE_BURST: '90s',
      VALIDATE_MAX_BYTES: '1MB',
      VALIDATE_MAX_TRIPLES: '5000',
      VALIDATE_TIMEOUT: '10s',
      VALIDATE_WORKERS: '2',
      VALIDATE_QUEUE: '0',
      VALIDATE_MEMORY_MB: '256',
      VALIDATE_WORKER_IDLE: '10s',
    });
    expect(config.sparql).toMatchObject({ minTimeoutMs: 2000, maxRows: 1000, maxResultChars: 2_000_000, heavyAfterMs: 750, heavyPerClient: 1, heavyQueue: 3, stopsPerMinute: 0, movesPerMinute: 2, queryMemoryMb: 64, clientEngineMsPerMinute: 5000, clientEngineBurstMs: 90_000 });
    // The burst follows the time limit: one query at the limit.
    expect(loadConfig({ SPARQL_TIMEOUT: '20s' }).sparql.clientEngineBurstMs).toBe(20_000);
    expect(config.validate).toEqual({ maxBytes: 1_000_000, maxTriples: 5000, timeoutMs: 10_000, workers: 2, queue: 0, memoryMb: 256, idleMs: 10_000 });
    // The floor follows a time limit set below its default.
    expect(loadConfig({ SPARQL_TIMEOUT: '1s' }).sparql.minTimeoutMs).toBe(1000);
  });

  it('reports bounds that contradict each other, with the rest', () => {
    let error: unknown;
    try {
      loadConfig({ SPARQL_TIMEOUT: '10s', SPARQL_MIN_TIMEOUT: '20s', VALIDATE_TIMEOUT: '5ms', VALIDATE_MAX_TRIPLES: 'many' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/SPARQL_MIN_TIMEOUT \(20000 ms\) is above SPARQL_TIMEOUT/);
    expect(problems.join('\n')).toMatch(/VALIDATE_TIMEOUT \(5 ms\) is below 100 ms/);
    expect(problems.join('\n')).toMatch(/VALIDATE_MAX_TRIPLES="many"/);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', BASE_URL: 'ftp://x', DEMO: 'maybe', HARVEST_MAX_BYTES: 'lots', SPARQL_TIMEOUT: '3 weeks', LOG_LEVEL: 'loud', SEARCH_BACKEND: 'meilisearch' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/PORT="eighty"/);
    expect(problems.join('\n')).toMatch(/BASE_URL/);
    expect(problems.join('\n')).toMatch(/SEARCH_BACKEND=meilisearch needs MEILISEARCH_URL/);
    expect((error as Error).message.split('\n')).toHaveLength(8);
  });

  it('reads who may write and where organisations are looked up', () => {
    const defaults = loadConfig({});
    expect(defaults.access.oidc).toBeUndefined();
    expect(defaults.organisations).toEqual({ registerUrl: 'https://data.brreg.no/enhetsregisteret/api', cacheTtlMs: 7 * 86_400_000, timeoutMs: 5_000 });
    const config = loadConfig({
      OIDC_ISSUER: 'https://maskinporten.no/',
      OIDC_AUDIENCE: 'https://datakatalog.example.no',
      OIDC_REQUIRED_SCOPE: 'digdir:datakatalog.write',
      OIDC_ALGORITHMS: 'rs256,eddsa',
      ORGANISATION_REGISTER_URL: 'off',
      ORGANISATION_CACHE_TTL: '1d',
    });
    expect(config.access.oidc).toEqual({
      issuer: 'https://maskinporten.no/',
      audience: 'https://datakatalog.example.no',
      requiredScope: 'digdir:datakatalog.write',
      organisationClaim: 'consumer',
      algorithms: ['RS256', 'EdDSA'],
    });
    expect(config.organisations).toMatchObject({ registerUrl: undefined, cacheTtlMs: 86_400_000 });
  });

  it('reports OIDC settings without an issuer, symmetric algorithms and a register URL that is not one, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ OIDC_REQUIRED_SCOPE: 'x', OIDC_ALGORITHMS: 'HS256', ORGANISATION_REGISTER_URL: 'brreg' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/OIDC_REQUIRED_SCOPE is set but OIDC_ISSUER is not/);
    expect(problems).toMatch(/OIDC_ALGORITHMS is set but OIDC_ISSUER is not/);
    expect(problems).toMatch(/HS256/);
    expect(problems).toMatch(/ORGANISATION_REGISTER_URL="brreg" is not an http or https URL/);
  });

  it('reads SOURCE_SECRET_KEY as hex or base64 of 32 bytes, and refuses anything else', () => {
    expect(loadConfig({}).sourceSecretKey).toBeUndefined();
    expect(loadConfig({ SOURCE_SECRET_KEY: 'ab'.repeat(32) }).sourceSecretKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ SOURCE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).sourceSecretKey).toEqual(Buffer.alloc(32, 7));
    expect(() => loadConfig({ SOURCE_SECRET_KEY: 'hunter2' })).toThrow(/SOURCE_SECRET_KEY is not a 256-bit key/);
  });
});
