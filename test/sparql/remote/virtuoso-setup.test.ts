import { describe, expect, it } from 'vitest';
import { NO_SERVER_MESSAGE, testSparqlServer } from './virtuoso-env.js';

// What deploy/virtuoso-init/10-datakatalog.sql sets up (run by .ci/start-virtuoso here, and by the Compose file's
// Virtuoso at its first start): nobody changes the graph store without the dba's credentials, and anonymous
// queries (the ones /sparql forwards) read none of Virtuoso's own graphs, so the default graph is the catalog's.

const server = testSparqlServer();

const anonymousQuery = async (query: string): Promise<{ status: number; body: string }> => {
  // Form-encoded: Virtuoso 7.2 does not read an application/sparql-query body (it waits for more).
  const r = await fetch(server!.queryUrl, { method: 'POST', headers: { Accept: 'application/sparql-results+json' }, body: new URLSearchParams({ query }) });
  return { status: r.status, body: await r.text() };
};
const boolean = (body: string): boolean => (JSON.parse(body) as { boolean: boolean }).boolean;
const PROBE = `http://setup-probe.example.org/${process.pid}/graph`;

describe.skipIf(server === undefined)("the SPARQL server's set-up (deploy/virtuoso-init)", () => {
  it('refuses an anonymous SPARQL Update on the query endpoint, and writes nothing', async () => {
    const insert = `INSERT DATA { GRAPH <${PROBE}> { <${PROBE}#s> <${PROBE}#p> "anonymous" } }`;
    // Virtuoso takes an update as the query parameter or the update parameter: both are refused to anyone but the dba.
    const asQuery = await fetch(server!.queryUrl, { method: 'POST', body: new URLSearchParams({ query: insert }) });
    const asUpdate = await fetch(server!.queryUrl, { method: 'POST', body: new URLSearchParams({ update: insert }) });
    expect(asQuery.ok).toBe(false);
    expect(asUpdate.ok).toBe(false);
    const ask = await anonymousQuery(`ASK { GRAPH <${PROBE}> { ?s ?p ?o } }`);
    expect(ask.status).toBe(200);
    expect(boolean(ask.body)).toBe(false);
  });

  it('refuses an anonymous Graph Store write (the endpoint without -auth)', async () => {
    if (server!.gspUrl === undefined) return;
    const open = server!.gspUrl.replace(/-auth$/, '');
    const put = await fetch(`${open}?graph=${encodeURIComponent(PROBE)}`, { method: 'PUT', headers: { 'Content-Type': 'text/turtle' }, body: `<${PROBE}#s> <${PROBE}#p> "anonymous" .` });
    expect(put.ok).toBe(false);
    expect(boolean((await anonymousQuery(`ASK { GRAPH <${PROBE}> { ?s ?p ?o } }`)).body)).toBe(false);
  });

  it("lets anonymous queries read none of Virtuoso's own graphs (its quad-map schema), named or in the default graph", async () => {
    const named = await anonymousQuery('ASK { GRAPH <http://www.openlinksw.com/schemas/virtrdf#> { ?s ?p ?o } }');
    expect(named.status).toBe(200);
    expect(boolean(named.body)).toBe(false);
    const anywhere = await anonymousQuery('ASK { ?s a <http://www.openlinksw.com/schemas/virtrdf#QuadMap> }');
    expect(boolean(anywhere.body)).toBe(false);
  });
});

// Without a server only this placeholder shows, saying how to start one; with one, the suite above runs and nothing here is skipped.
if (server === undefined) {
  describe("the SPARQL server's set-up (deploy/virtuoso-init)", () => {
    it.skip(NO_SERVER_MESSAGE, () => {});
  });
}
