import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeilisearchIndex } from '../../../src/search/meilisearch/meilisearch-index.js';
import { CONTRACT_NOW, contractInputs, contractVocabulary } from '../../contract/search-index.contract.js';

/**
 * A stand-in for the Meilisearch HTTP API, just enough to check what the adapter sends and how it
 * reads the answers: indexes, settings, documents, tasks, multi-search (all documents match; facet
 * distributions counted over them).
 */
class FakeMeilisearch {
  readonly requests: { method: string; path: string; body: unknown }[] = [];
  readonly indexes = new Map<string, { settings: unknown; documents: Map<string, Record<string, unknown>> }>();
  #task = 0;
  server: Server = createServer((req, res) => void this.#handle(req, res));

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw === '' ? undefined : JSON.parse(raw);
    const url = new URL(req.url!, 'http://x');
    this.requests.push({ method: req.method!, path: url.pathname, body });
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const task = (indexUid: string, type: string): void => send(202, { taskUid: ++this.#task, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'tasks') return send(200, { uid: Number(parts[1]), status: 'succeeded', type: 'x', indexUid: null, details: {}, error: null, duration: 'PT0S', enqueuedAt: '', startedAt: '', finishedAt: '' });
    if (parts[0] === 'indexes' && parts.length === 1 && req.method === 'POST') {
      this.indexes.set((body as { uid: string }).uid, { settings: null, documents: new Map() });
      return task((body as { uid: string }).uid, 'indexCreation');
    }
    const index = parts[1] === undefined ? undefined : this.indexes.get(parts[1]);
    if (parts[0] === 'indexes' && parts.length === 2 && req.method === 'GET') {
      return index ? send(200, { uid: parts[1], primaryKey: 'id', createdAt: '', updatedAt: '' }) : send(404, { message: 'not found', code: 'index_not_found', type: 'invalid_request', link: '' });
    }
    if (index && parts[2] === 'settings') {
      index.settings = body;
      return task(parts[1]!, 'settingsUpdate');
    }
    if (index && parts[2] === 'documents' && req.method === 'POST') {
      for (const d of body as Record<string, unknown>[]) index.documents.set(String(d.id), d);
      return task(parts[1]!, 'documentAdditionOrUpdate');
    }
    if (index && parts[2] === 'documents' && req.method === 'GET') {
      const all = [...index.documents.values()];
      return send(200, { results: all.slice(Number(url.searchParams.get('offset') ?? 0), Number(url.searchParams.get('offset') ?? 0) + Number(url.searchParams.get('limit') ?? 20)), offset: 0, limit: 20, total: all.length });
    }
    if (index && parts[2] === 'stats') return send(200, { numberOfDocuments: index.documents.size, isIndexing: false, fieldDistribution: {} });
    if (parts[0] === 'multi-search') {
      const results = (body as { queries: { indexUid: string; facets?: string[]; hitsPerPage?: number; page?: number }[] }).queries.map((q) => {
        const docs = [...(this.indexes.get(q.indexUid)?.documents.values() ?? [])];
        const facetDistribution: Record<string, Record<string, number>> = {};
        for (const f of q.facets ?? []) {
          const counts: Record<string, number> = {};
          for (const d of docs) for (const v of (d[f] as string[] | undefined) ?? []) counts[v] = (counts[v] ?? 0) + 1;
          facetDistribution[f] = counts;
        }
        const hits = q.page === 0 ? [] : docs.slice(0, q.hitsPerPage ?? 20).map((d) => ({ id: d.id, doc: d.doc, _rankingScore: 0.5 }));
        return { indexUid: q.indexUid, hits, query: '', processingTimeMs: 0, totalHits: docs.length, hitsPerPage: q.hitsPerPage, page: q.page, totalPages: 1, facetDistribution };
      });
      return send(200, { results });
    }
    send(404, { message: `no route ${req.method} ${url.pathname}`, code: 'not_found', type: 'invalid_request', link: '' });
  }
}

describe('Meilisearch adapter against a stand-in server', () => {
  const fake = new FakeMeilisearch();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => fake.server.close(resolve));
  });

  it('creates the indexes with their settings, writes documents and labels in batches, and waits for the tasks', async () => {
    const index = new MeilisearchIndex({ url, indexUid: 'catalog', vocabulary: contractVocabulary, batchSize: 5, now: () => CONTRACT_NOW });
    await index.upsert(contractInputs);
    expect(fake.indexes.get('catalog')?.settings).toMatchObject({ searchableAttributes: ['title_terms', 'keyword_terms', 'description_terms', 'related_terms'] });
    expect(fake.indexes.get('catalog-labels')?.settings).toMatchObject({ filterableAttributes: ['facet', 'key'] });
    const writes = fake.requests.filter((r) => r.method === 'POST' && r.path === '/indexes/catalog/documents');
    expect(writes).toHaveLength(Math.ceil(contractInputs.length / 5));
    expect(writes.every((w) => (w.body as unknown[]).length <= 5)).toBe(true);
    expect(fake.requests.some((r) => r.path.startsWith('/tasks/'))).toBe(true);
    expect(await index.count()).toBe(contractInputs.length);
    expect(await index.ids()).toEqual(contractInputs.map((i) => i.record.id).sort());
  });

  it('counts each filtered facet without its own filter in one multi-search, and reads totals and labels', async () => {
    const index = new MeilisearchIndex({ url, indexUid: 'catalog', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    fake.requests.length = 0;
    const r = await index.search({ q: 'Barnehagene', filters: { theme: ['EDUC'], accessRights: ['PUBLIC'] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 3, lang: 'nb' });
    const searches = fake.requests.filter((x) => x.path === '/multi-search');
    expect(searches).toHaveLength(1);
    const queries = (searches[0]!.body as { queries: { q: string; filter?: string; facets?: string[]; page?: number; hitsPerPage?: number }[] }).queries;
    expect(queries[0]).toMatchObject({ q: 'barnehag', filter: '(theme IN ["EDUC"]) AND (accessRights IN ["PUBLIC"])', page: 1, hitsPerPage: 3 });
    expect(queries.find((x) => x.facets?.length === 1 && x.facets[0] === 'theme')?.filter).toBe('(accessRights IN ["PUBLIC"])');
    expect(queries.find((x) => x.facets?.length === 1 && x.facets[0] === 'accessRights')?.filter).toBe('(theme IN ["EDUC"])');
    expect(queries.filter((x) => x.filter?.includes('modified'))).toHaveLength(5);
    // The stand-in matches everything: totals and facets are read from its answers.
    expect(r.total).toBe(contractInputs.length);
    expect(r.hits).toHaveLength(3);
    expect(r.facets.theme!.buckets.find((b) => b.key === 'ENVI')).toMatchObject({ label: 'Miljø' });
    expect(r.facets.publisher!.buckets.find((b) => b.key === '999601391')?.label).toBe('Miljødirektoratet');
    expect(r.facets.theme!.missing).toBeGreaterThan(0);
  });
});
