import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createSearchRouter } from '../../src/http/routes/search.js';
import { notFoundHandler, problemRenderer } from '../../src/http/problem-renderer.js';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.js';
import { CONTRACT_NOW, contractInputs, contractVocabulary } from '../contract/search-index.contract.js';

const BASE = 'https://data.example.no';
// JSON answers are read field by field in the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>;

describe('search routes', () => {
  let server: Server;
  let origin: string;
  let index: SqliteSearchIndex;

  beforeAll(async () => {
    index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    await index.upsert(contractInputs);
    const app = express();
    app.use(createSearchRouter({ index, logger: silentLogger, baseUrl: BASE, now: () => CONTRACT_NOW }));
    app.use(notFoundHandler());
    app.use(problemRenderer(silentLogger));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await index.close();
  });

  const get = async (pathAndQuery: string) => {
    const res = await fetch(origin + pathAndQuery);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Answer };
  };
  const post = async (path: string, body: unknown, contentType = 'application/json') => {
    const res = await fetch(origin + path, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Answer };
  };

  it('answers GET /api/search with total, page, size, hits and facets; hits carry their record URI', async () => {
    const r = await get('/api/search?q=snoskred');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['total', 'page', 'size', 'hits', 'facets']);
    const hit = r.body.hits[0];
    expect(hit.title).toBe('Snøskredvarsel for Norge');
    expect(hit.uri).toBe(`${BASE}/datasets/${hit.id}`);
    expect(hit.iri).toBe('https://example.org/snoskred');
    expect(hit.highlight.title).toContain('<mark>');
  });

  it('takes repeated facet parameters as alternatives, and every facet filter by name', async () => {
    const one = await get('/api/search?theme=ENVI');
    const two = await get('/api/search?theme=ENVI&theme=EDUC');
    expect(two.body.total).toBeGreaterThan(one.body.total);
    const combined = await get('/api/search?theme=ENVI&accessRights=PUBLIC&openData=true&format=CSV&orgPath=/STAT&losTheme=natur-klima-og-miljo&publisher=999601391');
    expect(combined.body.hits.map((h: { title: string }) => h.title)).toEqual(['Luftkvalitet i norske byer']);
    const services = await get('/api/search?type=data-services');
    expect(services.body.hits.map((h: { type: string; uri: string }) => [h.type, h.uri.split('/')[3]])).toEqual([['data-service', 'data-services']]);
    // The validity states are filter values; no dataset has a validity period, so none is selected and every one is missing.
    const valid = await get('/api/search?validity=current&validity=future');
    expect([valid.status, valid.body.total]).toEqual([200, 0]);
    const validityCounts = (await get('/api/search')).body.facets.validity;
    expect(validityCounts.buckets.map((b: { key: string }) => b.key)).toEqual(['current', 'expired', 'future']);
    expect(validityCounts.missing).toBe((await get('/api/search')).body.total);
    const posted = await post('/api/search', { filters: { validity: { value: 'expired' } } });
    expect([posted.status, posted.body.page?.totalElements ?? posted.body.total]).toEqual([200, 0]);
    const dated = await get('/api/search?modifiedFrom=2025-05-01&modifiedTo=2025-05-31&sort=modified:asc');
    expect(dated.body.total).toBe(4);
    expect(dated.body.hits[0].title).toBe('Sjøkart');
  });

  it('answers the data.norge.no POST form, with aggregations and page information', async () => {
    const r = await post('/api/search/datasets', {
      query: 'befolkning',
      filters: { dataTheme: { value: ['SOCI'] }, accessRights: { value: 'PUBLIC' } },
      sort: { field: 'RELEVANCE', direction: 'DESC' },
      pagination: { page: 0, size: 5 },
    });
    expect(r.status).toBe(200);
    expect(r.body.hits.map((h: { title: string }) => h.title)).toEqual(['Befolkning']);
    expect(r.body.page).toEqual({ currentPage: 0, size: 5, totalElements: 1, totalPages: 1 });
    expect(r.body.aggregations.dataTheme).toEqual(expect.arrayContaining([{ key: 'SOCI', count: 1 }]));
    const services = await post('/api/search/data-services', {});
    expect(services.body.total).toBe(1);
    const recent = await post('/api/search', { filters: { lastXDays: { value: 7 } } });
    expect(recent.body.total).toBe(3);
  });

  it('suggests titles and publishers', async () => {
    const r = await get('/api/suggest?q=stedsn');
    expect(r.body.suggestions.map((s: { text: string }) => s.text)).toEqual(expect.arrayContaining(['Stedsnavn', 'Stedsnavn-API']));
    expect((await get('/api/suggest?q=')).body.suggestions).toEqual([]);
  });

  it('pages a facet and searches its values', async () => {
    const r = await get('/api/search/facets/format?page=0&size=2');
    expect(r.status).toBe(200);
    expect(r.body.buckets).toHaveLength(2);
    expect(r.body.total).toBeGreaterThan(2);
    const csv = await get('/api/search/facets/format?q=komma');
    expect(csv.body.buckets.map((b: { key: string }) => b.key)).toEqual(['CSV']);
    const within = await get('/api/search/facets/publisher?query=befolkning&theme=SOCI');
    expect(within.body.buckets).toEqual([{ key: '971526920', label: 'Statistisk sentralbyrå', count: 2 }]);
  });

  it('answers bad parameters with 400 problem documents that name the cause', async () => {
    const cases: [string, RegExp][] = [
      ['/api/search?colour=red', /Unknown parameter "colour"/],
      ['/api/search?page=-1', /page="-1" is not a whole number/],
      ['/api/search?page=abc', /page="abc"/],
      ['/api/search?size=1000', /size=1000 is out of range/],
      ['/api/search?modifiedFrom=yesterday', /modifiedFrom="yesterday" is not a date/],
      ['/api/search?modifiedFrom=2024-13-45', /not a date/],
      ['/api/search?sort=popularity', /sort="popularity" is not a sort order/],
      ['/api/search?lang=de', /lang="de" is not supported/],
      ['/api/search?type=cars', /Unknown type "cars"/],
      ['/api/search?openData=maybe', /openData="maybe" must be true or false/],
      ['/api/search?hasApi=yes', /hasApi="yes" must be true or false/],
      ['/api/search?validity=someday', /validity="someday" is not a validity state: use "current", "expired", "future"/],
      // Facets of a closed set of values name them, rather than answer nothing.
      ['/api/search?quality=bogus', /quality="bogus" is not one of its values: use "excellent", "good", "sufficient", "poor"/],
      ['/api/search?apiAccess=bogus', /apiAccess="bogus" is not one of its values: use "none", "api-key", /],
      ['/api/search?audience=foo', /audience="foo" is not one of its values: use "public", "specialist"/],
      ['/api/search?referenceData=maybe', /referenceData="maybe" is not one of its values: use "true", "false"/],
      [`/api/search?q=${'a'.repeat(10_000)}`, /q is too long \(10000 characters/],
      ['/api/search?page=9999&size=100', /goes past the first/],
      ['/api/search/facets/colour', /Unknown facet "colour"/],
    ];
    for (const [url, message] of cases) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.detail, url).toMatch(message);
    }
    const badBand = await post('/api/search', { filters: { quality: { value: 'superb' } } });
    expect(badBand.status).toBe(400);
    expect(badBand.body.detail).toMatch(/quality="superb" is not one of its values/);
    // The missing bucket stays a value of every facet.
    expect((await get('/api/search?quality=__missing__')).status).toBe(200);
    const badBody = await post('/api/search', { filters: { colour: { value: 'red' } } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.detail).toMatch(/Unknown filter "colour"/);
    const badJson = await post('/api/search', '{"query": ', 'application/json');
    expect(badJson.status).toBe(400);
    const notJson = await post('/api/search', 'query=x', 'text/plain');
    expect(notJson.status).toBe(415);
    const badType = await post('/api/search/cars', {});
    expect(badType.status).toBe(400);
  });

  it('never answers 500, whatever the query string holds', async () => {
    const nasty = ['%FF', '%C3%28', '%00', '%22', '"AND"', 'NEAR(a%20b)', '*', '^', 'title%3Ax', '(((', "'%3B%20DROP%20TABLE%20search_doc%3B--", '%E2%80%AE', '%F0%9F%98%80', encodeURIComponent('x'.repeat(999))];
    for (const q of nasty) {
      for (const url of [`/api/search?q=${q}`, `/api/suggest?q=${q}`, `/api/search/facets/publisher?q=${q}`, `/api/search?theme=${q}`]) {
        const r = await get(url);
        expect([200, 400], url).toContain(r.status);
      }
    }
    // A thousand random strings of query syntax, quotes and odd characters: every answer is 200.
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = ['a', 'ø', 'Å', ' ', '"', "'", '*', '^', ':', '(', ')', '-', '+', 'AND', 'OR', 'NOT', 'NEAR', '{', '}', '\\', '%', '😀', '\u0000', 'æ', '9', 'title'];
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      let s = '';
      const n = Math.floor(random() * 12);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      const r = await fetch(`${origin}/api/search?size=1&q=${encodeURIComponent(s)}`);
      statuses.add(r.status);
      await r.arrayBuffer();
    }
    expect([...statuses]).toEqual([200]);
  });
});
