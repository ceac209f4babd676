import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUri } from '../../src/rdf/catalog-record.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { Parser } from 'n3';
import { DATASET_IRI, SERVICE_IRI } from './support/catalog-fixture.js';
import { canonicalGraph } from './support/graphs.js';
import { RecordingSparqlIndex } from './support/recording-sparql-index.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

const PREFIXES = 'PREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX dct: <http://purl.org/dc/terms/>\n';
const TITLES = `${PREFIXES}SELECT ?title WHERE { <${DATASET_IRI}> dct:title ?title } ORDER BY ?title`;

interface SparqlJson {
  head: { vars: string[] };
  results?: { bindings: Record<string, { type: string; value: string; 'xml:lang'?: string }>[] };
  boolean?: boolean;
}

describe('SPARQL 1.1 Protocol endpoint /sparql', () => {
  let catalog: LoadedCatalog;
  let index: RecordingSparqlIndex;
  let app: RunningApp;
  const maxQueryLength = 2000;

  beforeAll(async () => {
    catalog = await loadCatalog();
    app = await startApp(async (url) => {
      index = new RecordingSparqlIndex(await catalog.sparqlIndex(url));
      return { store: catalog.store, sparql: index, sparqlTimeoutMs: 5000, maxQueryLength };
    });
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  const get = (params: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
    return fetch(`${app.url}/sparql?${search}`, { headers });
  };
  const post = (body: string | Uint8Array, contentType: string | undefined, headers: Record<string, string> = {}, query = '') =>
    fetch(`${app.url}/sparql${query}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { ...(contentType ? { 'Content-Type': contentType } : {}), ...headers } });
  const titlesOf = async (res: Response) => ((await res.json()) as SparqlJson).results!.bindings.map((b) => `${b.title!.value}@${b.title!['xml:lang']}`);
  const problem = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as { type: string; title: string; status: number; detail: string; [k: string]: unknown };
  };

  describe('query operations', () => {
    const expected = ['Place names@en', 'Stadnamn@nn', 'Stedsnavn@nb'];

    it('answers a SELECT by GET with SPARQL JSON by default', async () => {
      const res = await get({ query: TITLES });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
      expect(res.headers.get('vary')).toMatch(/Accept/);
      expect(await titlesOf(res)).toEqual(expected);
    });

    it('answers the same query POSTed as a form and as application/sparql-query', async () => {
      const form = await post(new URLSearchParams({ query: TITLES }).toString(), 'application/x-www-form-urlencoded');
      expect(form.status).toBe(200);
      expect(await titlesOf(form)).toEqual(expected);
      const direct = await post(TITLES, 'application/sparql-query');
      expect(direct.status).toBe(200);
      expect(await titlesOf(direct)).toEqual(expected);
      const withCharset = await post(TITLES, 'application/sparql-query; charset=UTF-8');
      expect(withCharset.status).toBe(200);
    });

    it('reads non-ASCII queries as UTF-8', async () => {
      const res = await post(`${PREFIXES}ASK { ?d dct:title "Stedsnavn som GML"@nb } # æøå`, 'application/sparql-query');
      expect(((await res.json()) as SparqlJson).boolean).toBe(true);
      const nb = await get({ query: `${PREFIXES}SELECT ?d WHERE { ?d dcat:keyword ?k FILTER(CONTAINS(?k, "på steder")) }` });
      expect(((await nb.json()) as SparqlJson).results!.bindings).toHaveLength(1);
    });

    it('gives SELECT results as SPARQL XML, CSV and TSV by content negotiation', async () => {
      const xml = await get({ query: TITLES }, { Accept: 'application/sparql-results+xml' });
      expect(xml.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
      expect(await xml.text()).toContain('<literal xml:lang="nb">Stedsnavn</literal>');

      const csv = await get({ query: TITLES }, { Accept: 'text/csv' });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await csv.text()).split(/\r?\n/).filter((l) => l !== '')).toEqual(['title', 'Place names', 'Stadnamn', 'Stedsnavn']);

      const tsv = await get({ query: TITLES }, { Accept: 'text/tab-separated-values' });
      expect(tsv.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
      expect((await tsv.text()).split('\n').filter((l) => l !== '')).toEqual(['?title', '"Place names"@en', '"Stadnamn"@nn', '"Stedsnavn"@nb']);
    });

    it('takes the client preference by q-value and accepts application/json as SPARQL JSON', async () => {
      const res = await get({ query: TITLES }, { Accept: 'text/csv;q=0.5, application/sparql-results+xml;q=0.9' });
      expect(res.headers.get('content-type')).toMatch(/^application\/sparql-results\+xml/);
      const json = await get({ query: TITLES }, { Accept: 'application/json' });
      expect(json.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
      expect(await titlesOf(json)).toEqual(expected);
    });

    it('takes media types with a charset parameter, as its own Content-Type has', async () => {
      const json = await get({ query: TITLES }, { Accept: 'application/sparql-results+json;charset=utf-8' });
      expect(json.status).toBe(200);
      expect(await titlesOf(json)).toEqual(expected);
      const csv = await get({ query: TITLES }, { Accept: 'text/csv; charset=UTF-8' });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const graph = await get({ query: `CONSTRUCT { <${DATASET_IRI}> ?p ?o } WHERE { <${DATASET_IRI}> ?p ?o }` }, { Accept: 'text/turtle;charset=utf-8' });
      expect(graph.status).toBe(200);
      expect(graph.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    });

    it('writes CONSTRUCT results in the JSON-LD form the profile names', async () => {
      const res = await get(
        { query: `CONSTRUCT { <${DATASET_IRI}> ?p ?o } WHERE { <${DATASET_IRI}> ?p ?o }` },
        { Accept: 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"' },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json; profile="http:\/\/www.w3.org\/ns\/json-ld#expanded"/);
      const body = JSON.parse(await res.text()) as unknown;
      expect(Array.isArray(body)).toBe(true);
      expect(JSON.stringify(body)).toContain(DATASET_IRI);
    });

    it('answers ASK as SPARQL JSON or XML, and refuses CSV for ASK with 406 listing what is offered', async () => {
      const yes = await get({ query: `ASK { <${DATASET_IRI}> a <http://www.w3.org/ns/dcat#Dataset> }` });
      expect(((await yes.json()) as SparqlJson).boolean).toBe(true);
      const no = await get({ query: `ASK { <${DATASET_IRI}> a <http://www.w3.org/ns/dcat#DataService> }` }, { Accept: 'application/sparql-results+xml' });
      expect(await no.text()).toContain('<boolean>false</boolean>');
      const csv = await get({ query: 'ASK {}' }, { Accept: 'text/csv' });
      expect(csv.status).toBe(406);
      const body = await problem(csv);
      expect(body.offered).toEqual(expect.arrayContaining(['application/sparql-results+json', 'application/sparql-results+xml']));
      expect(body.offered).not.toContain('text/csv');
      expect(body.detail).toContain('text/csv');
    });

    it('answers CONSTRUCT as Turtle by default and as N-Triples, JSON-LD and RDF/XML, all the same graph', async () => {
      const construct = `${PREFIXES}CONSTRUCT { ?d dct:title ?t ; a dcat:Dataset } WHERE { ?d a dcat:Dataset ; dct:title ?t }`;
      const expectedGraph = canonicalNTriples(
        new Parser().parse(
          `<${DATASET_IRI}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Stedsnavn"@nb, "Stadnamn"@nn, "Place names"@en .`,
        ),
      );
      const turtle = await get({ query: construct });
      expect(turtle.status).toBe(200);
      expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
      const turtleBody = await turtle.text();
      expect(turtleBody).toMatch(/@prefix dct: <http:\/\/purl\.org\/dc\/terms\/>/);
      expect(await canonicalGraph(turtleBody, 'text/turtle')).toBe(expectedGraph);
      for (const type of ['application/n-triples', 'application/ld+json', 'application/rdf+xml']) {
        const res = await get({ query: construct }, { Accept: type });
        expect(res.status, type).toBe(200);
        expect(res.headers.get('content-type')).toMatch(new RegExp(`^${type.replace(/[+/]/g, '\\$&')}`));
        expect(await canonicalGraph(await res.text(), type), type).toBe(expectedGraph);
      }
    });

    it('answers DESCRIBE with the description of the resource', async () => {
      const res = await get({ query: `DESCRIBE <${SERVICE_IRI}>` }, { Accept: 'application/n-triples' });
      expect(res.status).toBe(200);
      const graph = await canonicalGraph(await res.text(), 'application/n-triples');
      expect(graph).toContain(`<${SERVICE_IRI}> <http://www.w3.org/ns/dcat#endpointURL> <https://ws.example.no/stedsnavn/v1> .`);
    });

    it('refuses SELECT results in an RDF syntax with 406', async () => {
      const res = await get({ query: TITLES }, { Accept: 'text/turtle' });
      expect(res.status).toBe(406);
      expect((await problem(res)).offered).toContain('text/csv');
    });

    it('resolves relative IRIs in a query against the endpoint', async () => {
      const res = await get({ query: 'SELECT ?x WHERE { BIND(<relative> AS ?x) }' });
      expect(((await res.json()) as SparqlJson).results!.bindings[0]!.x!.value).toBe(`${app.url}/relative`);
    });
  });

  describe('the dataset: union default graph, one named graph per record', () => {
    it('queries the union of all published records as the default graph', async () => {
      const res = await get({ query: `${PREFIXES}SELECT ?r WHERE { ?r a ?type VALUES ?type { dcat:Dataset dcat:DataService dcat:Catalog } } ORDER BY ?r` });
      const bindings = ((await res.json()) as SparqlJson).results!.bindings.map((b) => b.r!.value);
      expect(bindings).toEqual(['https://data.example.no/catalogs/kartverket', DATASET_IRI, SERVICE_IRI]);
    });

    it('names each record graph by its record URI, with the dcat:CatalogRecord in it', async () => {
      const res = await get({ query: `${PREFIXES}SELECT ?g ?record WHERE { GRAPH ?g { <${DATASET_IRI}> a dcat:Dataset . ?record a dcat:CatalogRecord } }` });
      const [row, ...rest] = ((await res.json()) as SparqlJson).results!.bindings;
      const uri = recordUri(app.url, 'dataset', catalog.writes.dataset.id);
      expect(rest).toEqual([]);
      expect(row!.g!.value).toBe(uri);
      expect(row!.record!.value).toBe(uri);
    });

    it('honours default-graph-uri and named-graph-uri', async () => {
      const datasetGraph = recordUri(app.url, 'dataset', catalog.writes.dataset.id);
      const serviceGraph = recordUri(app.url, 'data-service', catalog.writes.service.id);
      const count = `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> }`;
      const only = await get({ query: count, 'default-graph-uri': serviceGraph });
      expect(((await only.json()) as SparqlJson).results!.bindings[0]!.n!.value).toBe('0');
      const both = await get({ query: count, 'default-graph-uri': [serviceGraph, datasetGraph] });
      expect(((await both.json()) as SparqlJson).results!.bindings[0]!.n!.value).toBe('1');
      const named = await post(`SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`, 'application/sparql-query', {}, `?named-graph-uri=${encodeURIComponent(serviceGraph)}`);
      expect(((await named.json()) as SparqlJson).results!.bindings.map((b) => b.g!.value)).toEqual([serviceGraph]);
    });

    it('refuses a graph parameter that is not an absolute IRI', async () => {
      const res = await get({ query: 'ASK {}', 'default-graph-uri': 'not an iri' });
      expect(res.status).toBe(400);
      expect((await problem(res)).detail).toContain('default-graph-uri');
    });
  });

  describe('updates are refused (403)', () => {
    const cases: [string, () => Promise<Response>][] = [
      ['update= in the query string', () => get({ update: 'CLEAR ALL' })],
      ['update= in a form body', () => post('update=CLEAR+ALL', 'application/x-www-form-urlencoded')],
      ['an application/sparql-update body', () => post('CLEAR ALL', 'application/sparql-update')],
      ['an update sent as query=', () => get({ query: 'INSERT DATA { <http://x.example/s> <http://x.example/p> "o" }' })],
      ['using-graph-uri', () => post('ASK {}', 'application/sparql-query', {}, '?using-graph-uri=http%3A%2F%2Fx.example%2Fg')],
    ];
    for (const [name, send] of cases) {
      it(`refuses ${name}`, async () => {
        const res = await send();
        expect(res.status).toBe(403);
        expect((await problem(res)).detail).toMatch(/read-only/);
      });
    }

    it('leaves the data untouched', async () => {
      await post('CLEAR ALL', 'application/sparql-update');
      const res = await get({ query: `ASK { <${DATASET_IRI}> ?p ?o }` });
      expect(((await res.json()) as SparqlJson).boolean).toBe(true);
    });
  });

  describe('bad requests', () => {
    it('refuses a query nested deeper than the engine can take, before it reaches the engine', async () => {
      const before = index.queries.length;
      const res = await get({ query: `SELECT * { ${'{ '.repeat(65)}?s ?p ?o${' }'.repeat(65)} }` });
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.detail).toMatch(/too complex.*66 levels of nesting \(at most 64\)/);
      expect(index.queries.length).toBe(before);
    });

    it('refuses a chain of operators longer than the engine can take', async () => {
      const res = await get({ query: `ASK { ?s ?p ?o FILTER(?o = ${Array.from({ length: 202 }, () => '1').join('+')}) }` });
      expect(res.status).toBe(400);
      expect((await problem(res)).operators).toBe(202); // 201 + and the FILTER
    });

    it('counts the chains the engine crashed on (minus, not, BIND, FILTER) and sibling groups, and lets a query of names with hyphens through', async () => {
      // oxigraph ran out of its stack on 2 500 minuses (10 KB), 3 000 nots, 1 000 BINDs, 3 000 FILTERs.
      const refused = [
        [`SELECT (${Array.from({ length: 202 }, () => '1').join(' - ')} AS ?x) {}`, 'operators', 201],
        [`SELECT (${Array.from({ length: 202 }, () => '1').join('-')} AS ?x) {}`, 'operators', 201],
        [`SELECT (${'!'.repeat(201)}true AS ?x) {}`, 'operators', 201],
        [`SELECT ?x { ${'BIND(1)'.repeat(201)} }`, 'operators', 201],
        [`SELECT ?s { ?s ?p ?o ${'FILTER(1)'.repeat(201)} }`, 'operators', 201],
        [`SELECT ?s WHERE { ${'{?s ?p ?o}'.repeat(65)} }`, 'groups', 66],
      ] as const;
      for (const [query, measure, count] of refused) {
        const res = await get({ query });
        expect(res.status, query.slice(0, 40)).toBe(400);
        expect((await problem(res))[measure], query.slice(0, 40)).toBe(count);
      }
      const names = await get({ query: `PREFIX ex-a: <http://x/> SELECT ?o { ?s ex-a:has-part ?o FILTER(lang(?o) = "nb" || langMatches(lang(?o), "en-GB")) } LIMIT 1` });
      expect(names.status).toBe(200);
    });

    it('names the line and column of a syntax error', async () => {
      const res = await get({ query: 'SELECT ?s WHERE {\n  ?s ?p ?o\n} LIMT 3' });
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.detail).toMatch(/line 3, column 3/);
      expect(body.line).toBe(3);
      expect(body.column).toBe(3);
      expect(body.expected).toContain('LIMIT');
    });

    it('reports an unfinished query as ending too early', async () => {
      const res = await get({ query: 'ASK {' });
      expect(res.status).toBe(400);
      expect((await problem(res)).detail).toMatch(/unexpected the end of the query/);
    });

    it('refuses both a query and an update, and two queries', async () => {
      expect((await get({ query: 'ASK {}', update: 'CLEAR ALL' })).status).toBe(400);
      const two = await get({ query: ['ASK {}', 'SELECT * {}'] });
      expect(two.status).toBe(400);
      expect((await problem(two)).detail).toMatch(/2 queries/);
      const formAndUrl = await post('query=ASK%20%7B%7D', 'application/x-www-form-urlencoded', {}, '?query=ASK%20%7B%7D');
      expect(formAndUrl.status).toBe(400);
    });

    it('refuses a POST without a query', async () => {
      const res = await post('default-graph-uri=http%3A%2F%2Fx.example%2F', 'application/x-www-form-urlencoded');
      expect(res.status).toBe(400);
      expect((await problem(res)).detail).toMatch(/no query/);
    });

    it('refuses a query longer than the limit with 413', async () => {
      const long = `ASK { } # ${'x'.repeat(maxQueryLength)}`;
      const res = await post(long, 'application/sparql-query');
      expect(res.status).toBe(413);
      expect((await problem(res)).detail).toContain(String(maxQueryLength));
    });

    it('refuses a POST with a missing or foreign content type (415)', async () => {
      const none = await post(new TextEncoder().encode('ASK {}'), undefined);
      expect(none.status).toBe(415);
      const text = await post('ASK {}', 'text/plain');
      expect(text.status).toBe(415);
      expect((await problem(text)).accepted).toEqual(['application/x-www-form-urlencoded', 'application/sparql-query']);
    });

    it('refuses other charsets (415) and bytes that are not UTF-8 (400)', async () => {
      const utf16 = await post(Buffer.from('ASK {}', 'utf16le'), 'application/sparql-query; charset=UTF-16');
      expect(utf16.status).toBe(415);
      const latin1 = await post(Buffer.from('ASK { ?s ?p "bl\u00e5" }', 'latin1'), 'application/sparql-query');
      expect(latin1.status).toBe(400);
      expect((await problem(latin1)).detail).toMatch(/UTF-8/);
    });

    it('answers 405 with Allow for other methods', async () => {
      const res = await fetch(`${app.url}/sparql?query=ASK%20%7B%7D`, { method: 'PUT' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      expect((await problem(res)).status).toBe(405);
      const options = await fetch(`${app.url}/sparql`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    });

    it('checks the timeout parameter and never lets it raise the limit', async () => {
      const bad = await get({ query: 'ASK {}', timeout: 'soon' });
      expect(bad.status).toBe(400);
      expect((await problem(bad)).detail).toMatch(/timeout/);
      index.queries.length = 0;
      await get({ query: 'ASK {}', timeout: '250' });
      await get({ query: 'ASK {}', timeout: '2s' });
      await get({ query: 'ASK {}', timeout: '600000' });
      await get({ query: 'ASK {}' });
      expect(index.queries.map((q) => q.timeoutMs)).toEqual([250, 2000, 5000, 5000]);
    });
  });

  describe('service description and browsers', () => {
    it('describes the service in Turtle on GET without a query', async () => {
      const res = await fetch(`${app.url}/sparql`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
      const graph = await canonicalGraph(await res.text(), 'text/turtle');
      const sd = 'http://www.w3.org/ns/sparql-service-description#';
      expect(graph).toContain(`<${app.url}/sparql#service> <${sd}endpoint> <${app.url}/sparql> .`);
      expect(graph).toContain(`<${sd}supportedLanguage> <${sd}SPARQL11Query> .`);
      expect(graph).toContain(`<${sd}feature> <${sd}UnionDefaultGraph> .`);
      expect(graph).toContain(`<${sd}resultFormat> <http://www.w3.org/ns/formats/SPARQL_Results_CSV> .`);
      const jsonld = await fetch(`${app.url}/sparql`, { headers: { Accept: 'application/ld+json' } });
      expect(await canonicalGraph(await jsonld.text(), 'application/ld+json')).toBe(graph);
    });

    it('gives a browser a query form that works without script, in the language it asks for', async () => {
      const res = await fetch(`${app.url}/sparql`, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'Accept-Language': 'nn' } });
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toMatch(/<html lang="nn">/);
      expect(html).toMatch(/<form method="get" action="sparql"[^>]*>/);
      expect(html).toMatch(/<textarea [^>]*name="query"/);
      expect(html).toContain('Køyr spørjinga');
    });

    it('allows any origin to read results, and answers CORS preflights', async () => {
      const res = await get({ query: 'ASK {}' }, { Origin: 'https://app.example.org' });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const preflight = await fetch(`${app.url}/sparql`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example.org', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    });
  });
});
