import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration of a SPARQL server and of federation', () => {
  it('keeps the embedded index and refuses SERVICE when nothing is set', () => {
    const config = loadConfig({});
    expect(config.sparql.store).toBeUndefined();
    expect(config.sparql.federationAllowed).toEqual([]);
    expect(config.sparql).toMatchObject({ federationTimeoutMs: 10_000, federationMaxRows: 10_000 });
  });

  it('reads the server endpoints and credentials', () => {
    const config = loadConfig({
      SPARQL_STORE_URL: 'http://virtuoso:8890/sparql',
      SPARQL_STORE_GSP_URL: 'http://virtuoso:8890/sparql-graph-crud-auth',
      SPARQL_STORE_UPDATE_URL: 'http://virtuoso:8890/sparql-auth',
      SPARQL_STORE_USER: 'dba',
      SPARQL_STORE_PASSWORD: 's3cret',
      SPARQL_STORE_CONCURRENCY: '3',
      SPARQL_STORE_WRITE_TIMEOUT: '45s',
      SPARQL_STORE_WRITE_CONCURRENCY: '3',
    });
    expect(config.sparql.store).toEqual({
      url: 'http://virtuoso:8890/sparql',
      gspUrl: 'http://virtuoso:8890/sparql-graph-crud-auth',
      updateUrl: 'http://virtuoso:8890/sparql-auth',
      user: 'dba',
      password: 's3cret',
      concurrency: 3,
      writeTimeoutMs: 45_000,
      writeConcurrency: 3,
    });
    expect(loadConfig({ SPARQL_STORE_URL: 'http://virtuoso:8890/sparql', SPARQL_STORE_UPDATE_URL: 'http://virtuoso:8890/sparql-auth' }).sparql.store).toMatchObject({ writeTimeoutMs: 120_000, writeConcurrency: 2 });
    expect(problemsOf({ SPARQL_STORE_URL: 'http://virtuoso:8890/sparql', SPARQL_STORE_UPDATE_URL: 'http://virtuoso:8890/sparql-auth', SPARQL_STORE_WRITE_CONCURRENCY: '0' })).toEqual([
      expect.stringContaining('SPARQL_STORE_WRITE_CONCURRENCY'),
    ]);
  });

  it('reports a server it could not write to, half credentials and settings without a server, all at once', () => {
    expect(problemsOf({ SPARQL_STORE_URL: 'http://virtuoso:8890/sparql', SPARQL_STORE_USER: 'dba' })).toEqual([
      'SPARQL_STORE_URL needs SPARQL_STORE_GSP_URL (Graph Store Protocol) or SPARQL_STORE_UPDATE_URL (SPARQL Update) to write the published graph.',
      'SPARQL_STORE_USER and SPARQL_STORE_PASSWORD go together: set both or neither.',
    ]);
    expect(problemsOf({ SPARQL_STORE_GSP_URL: 'http://virtuoso:8890/sparql-graph-crud-auth' })).toEqual([
      "SPARQL_STORE_GSP_URL is set but SPARQL_STORE_URL (the server's query endpoint) is not.",
    ]);
    expect(problemsOf({ SPARQL_STORE_URL: 'ftp://virtuoso/sparql', SPARQL_STORE_GSP_URL: 'not a url' })).toEqual([
      'SPARQL_STORE_URL="ftp://virtuoso/sparql" is not an http or https URL.',
      'SPARQL_STORE_GSP_URL="not a url" is not an http or https URL.',
    ]);
  });

  it('reads the federation allow-list as endpoint URLs and hosts, and its bounds', () => {
    const config = loadConfig({
      SPARQL_FEDERATION_ALLOWED: 'https://data.norge.no/sparql, Query.Wikidata.org, localhost:7000',
      SPARQL_FEDERATION_TIMEOUT: '3s',
      SPARQL_FEDERATION_MAX_ROWS: '500',
    });
    expect(config.sparql.federationAllowed).toEqual(['https://data.norge.no/sparql', 'query.wikidata.org', 'localhost:7000']);
    expect(config.sparql).toMatchObject({ federationTimeoutMs: 3000, federationMaxRows: 500 });
    expect(problemsOf({ SPARQL_FEDERATION_ALLOWED: 'file:///etc/passwd, a b' })).toEqual([
      'SPARQL_FEDERATION_ALLOWED entry "file:///etc/passwd" is not an http or https URL.',
      'SPARQL_FEDERATION_ALLOWED entry "a b" is neither an endpoint URL nor a host or host:port.',
    ]);
  });
});
