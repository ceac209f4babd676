import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { notFoundHandler, problemRenderer } from '../../src/http/problem-renderer.js';
import { conceptLookupRouter } from '../../src/http/routes/concept-lookup.js';
import { MemoryConceptLookup } from '../../src/search/lookup/memory-concept-lookup.js';

const BASE = 'https://data.example.no';
// JSON answers are read field by field in the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>;

describe('GET /api/concepts/lookup', () => {
  let server: Server;
  let origin: string;
  const index = new MemoryConceptLookup();

  beforeAll(async () => {
    index.upsert([
      {
        id: '5f0c3a8e-0000-3000-8000-000000000001',
        iri: 'https://data.skatteetaten.no/begrep/lonnsinntekt',
        referenceData: false,
        terms: [
          { value: 'lønnsinntekt', lang: 'nb', role: 'prefLabel' },
          { value: 'lønsinntekt', lang: 'nn', role: 'prefLabel' },
          { value: 'gasje', lang: 'nb', role: 'hiddenLabel' },
        ],
      },
      { id: '5f0c3a8e-0000-3000-8000-000000000002', iri: 'http://publications.europa.eu/resource/authority/data-theme/ECON', referenceData: true, terms: [{ value: 'Økonomi og finans', lang: 'nb', role: 'prefLabel' }] },
    ]);
    const app = express();
    app.set('query parser', 'simple');
    app.use(conceptLookupRouter({ index, baseUrl: BASE }));
    app.use(notFoundHandler());
    app.use(problemRenderer(silentLogger));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    index.close();
  });

  const get = async (pathAndQuery: string) => {
    const res = await fetch(origin + pathAndQuery);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Answer };
  };

  it('answers the concepts a term starts, with record URI, preferred terms and the term that matched', async () => {
    const r = await get('/api/concepts/lookup?term=gas');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      term: 'gas',
      lang: null,
      hits: [
        {
          uri: `${BASE}/concepts/5f0c3a8e-0000-3000-8000-000000000001`,
          id: '5f0c3a8e-0000-3000-8000-000000000001',
          iri: 'https://data.skatteetaten.no/begrep/lonnsinntekt',
          prefLabel: { nb: 'lønnsinntekt', nn: 'lønsinntekt' },
          matched: { term: 'gasje', lang: 'nb', type: 'hiddenLabel' },
          match: 'prefix',
          referenceData: false,
        },
      ],
    });
  });

  it('filters by language and includes reference data on request', async () => {
    expect((await get('/api/concepts/lookup?term=l%C3%B8ns&lang=nn')).body.hits.map((h: Answer) => h.matched.term)).toEqual(['lønsinntekt']);
    expect((await get('/api/concepts/lookup?term=okonomi')).body.hits).toEqual([]);
    expect((await get('/api/concepts/lookup?term=okonomi&referenceData=true')).body.hits.map((h: Answer) => h.iri)).toEqual(['http://publications.europa.eu/resource/authority/data-theme/ECON']);
  });

  it.each([
    ['/api/concepts/lookup', 'term is missing'],
    ['/api/concepts/lookup?term=%20%20', 'term is missing'],
    [`/api/concepts/lookup?term=${'a'.repeat(201)}`, 'at most 200'],
    ['/api/concepts/lookup?term=a&limit=0', 'limit="0" is not a whole number from 1 to 50'],
    ['/api/concepts/lookup?term=a&limit=51', 'from 1 to 50'],
    ['/api/concepts/lookup?term=a&lang=%3Cscript%3E', 'is not a language tag'],
    ['/api/concepts/lookup?term=a&referenceData=yes', 'must be true'],
    ['/api/concepts/lookup?term=a&term=b', 'Give term once'],
    ['/api/concepts/lookup?term=a&q=b', 'Unknown parameter "q"'],
  ])('refuses %s with a 400 problem naming the cause', async (url, cause) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.detail).toContain(cause);
  });
});
