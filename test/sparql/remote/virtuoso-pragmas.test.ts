import { afterAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../src/core/errors.js';
import { RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';
import { testSparqlServer } from './virtuoso-env.js';

// Virtuoso reads pragmas before a query (DEFINE input:grab-all, get:soft …) that make it fetch URLs: the
// forwarding index refuses them before the server sees them.

describe('server pragmas', () => {
  // No server is contacted: the refusal comes first (a closed port proves it).
  const index = new RemoteSparqlIndex({ server: testSparqlServer() ?? { queryUrl: 'http://127.0.0.1:9/sparql', gspUrl: 'http://127.0.0.1:9/gsp' }, graphPrefix: 'https://pragmas.example.no/' });
  afterAll(() => index.close());

  it.each(['DEFINE input:grab-all "yes" SELECT * { ?s ?p ?o }', '# comment\n  define get:soft "replace" SELECT * FROM <http://example.org/> { ?s ?p ?o }'])('refuses %j', async (query) => {
    const error = await index.query({ query, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/DEFINE is not SPARQL 1\.1/);
  });
});
