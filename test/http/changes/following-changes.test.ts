import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DataFactory, Parser, Store as QuadStore, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { isIsomorphic } from '../../../src/rdf/isomorphism.js';
import { AS, DCT, LDES, PROV, RDF, TREE } from '../../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { recordUri } from '../../../src/rdf/catalog-record.js';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server.js';
import { serviceTestEnv } from '../../support/service-env.js';

// History, the public change log and the feeds, on the whole service: a source harvested in version 1,
// then in version 2 (snøskred changed, barnehager gone, vegtrafikk new) through the real pipeline.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape
type Json = any;

const FIXTURES = path.join(import.meta.dirname, '../../harvest/fixtures');
const SNOSKRED = 'https://data.testetaten.no/datasett/snoskred';
const BARNEHAGER = 'https://data.testetaten.no/datasett/barnehager';
const TOKEN = 'test-token';

let server: RunningServer;
let fixtures: FixtureServer;
let dataDir: string;
let base: string;
/** The public base of record URIs (BASE_URL; with PORT=0 not the address the test reaches). */
let publicBase: string;
let sourceId: string;
const runs: string[] = [];

async function json(pathAndQuery: string, init?: RequestInit): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${base}${pathAndQuery}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
}

async function harvest(): Promise<Json> {
  const { body } = await json(`/api/sources/${sourceId}/harvest?wait=true`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(body.state).toBe('succeeded');
  runs.push(body.id);
  await server.catalog.projector.sync();
  return body;
}

async function recordOf(iri: string): Promise<string> {
  const res = await fetch(`${base}/resources?uri=${encodeURIComponent(iri)}`, { redirect: 'manual' });
  return new URL(res.headers.get('location')!).pathname;
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v1.ttl')) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'dk-changes-'));
  const config = loadConfig(serviceTestEnv(dataDir, fixtures.origin, TOKEN, {
    // Small pages, so that replaying the LDES follows its relations from page to page.
    LDES_PAGE_SIZE: '3',
  }));
  server = await startServer(config, silentLogger);
  base = server.url;
  publicBase = server.catalog.config.baseUrl;
  const registered = await json('/api/sources', {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: fixtures.url('/catalog.ttl'), publisher: '974760673', name: 'Testetaten' }),
  });
  sourceId = registered.body.id;
  await harvest();
  fixtures.set('/catalog.ttl', { body: await readFile(path.join(FIXTURES, 'catalog-v2.ttl')) });
  await harvest();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fixtures?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('history of a record', () => {
  it('lists every published version with its run and what it added and removed', async () => {
    const record = await recordOf(SNOSKRED);
    const { status, body } = await json(`${record}/history`);
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.versions.map((v: Json) => [v.version, v.op, v.run])).toEqual([
      [1, 'add', runs[0]],
      [2, 'change', runs[1]],
    ]);
    expect(body.versions[1]).toMatchObject({ added: 1, removed: 1, uri: `${publicBase}${record}?version=2`, runUri: `${publicBase}/api/runs/${runs[1]}` });
  });

  it('serves an earlier version with content negotiation, and the current one at the record URI', async () => {
    const record = await recordOf(SNOSKRED);
    const v1 = await fetch(`${base}${record}?version=1`, { headers: { Accept: 'application/n-triples' } });
    expect(v1.status).toBe(200);
    expect(v1.headers.get('content-type')).toMatch(/^application\/n-triples/);
    const v1Graph = await v1.text();
    expect(v1Graph).toContain('"Snøskredvarsel"@nb');
    expect(v1Graph).not.toContain('for hele landet');
    const turtle = await fetch(`${base}${record}?version=2`, { headers: { Accept: 'text/turtle' } });
    expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
    const v2 = canonicalNTriples(new Parser({ format: 'text/turtle' }).parse(await turtle.text()));
    expect(v2).toContain('"Snøskredvarsel for hele landet"@nb');
    // Version 2 is the resource graph the record URI serves now (without the catalog record).
    const current = canonicalNTriples(new Parser({ format: 'text/turtle' }).parse(await (await fetch(`${base}${record}`)).text()));
    for (const line of v2.trim().split('\n')) expect(current).toContain(line);
    const jsonLd = await fetch(`${base}${record}?version=1`, { headers: { Accept: 'application/ld+json' } });
    expect(jsonLd.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    // ?format= downloads a version as it does the record, whatever the Accept; a format that is none is 400.
    const download = await fetch(`${base}${record}?version=1&format=ntriples`, { headers: { Accept: 'text/turtle' } });
    expect(download.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${record.split('/').pop()}-v1.nt"`);
    expect(await download.text()).toBe(v1Graph);
    expect((await fetch(`${base}${record}?version=1&format=bogus`)).status).toBe(400);
  });

  it('keeps the history of a removed record and serves its last published version', async () => {
    const record = await recordOf(BARNEHAGER);
    expect((await fetch(`${base}${record}`)).status).toBe(410);
    const { body } = await json(`${record}/history`);
    expect(body.status).toBe('removed');
    expect(body.versions.map((v: Json) => v.op)).toEqual(['add', 'remove']);
    const v1 = await fetch(`${base}${record}?version=1`, { headers: { Accept: 'application/n-triples' } });
    expect(await v1.text()).toContain('"Barnehager"@nb');
  });

  it('answers a version that does not exist, or a bad one, with a problem naming the cause', async () => {
    const record = await recordOf(SNOSKRED);
    const missing = await json(`${record}?version=9`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/no version 9.*1–2/);
    const bad = await json(`${record}?version=first`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/version number/);
  });
});

describe('GET /api/changes', () => {
  it('lists every add, change and removal in order, paged by its cursor', async () => {
    const first = await json('/api/changes?after=0&limit=4');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(4);
    const rest = await json(`/api/changes?after=${first.body.cursor}&limit=100`);
    const all = [...first.body.items, ...rest.body.items];
    // v1: a catalog and three datasets added; v2: the catalog changed (its dataset list), snøskred changed, vegtrafikk added, barnehager removed.
    const ops = all.map((c: Json) => `${c.op} ${c.iri}`);
    expect(ops.slice(0, 4).sort()).toEqual(['add https://data.testetaten.no/datasett/barnehager', 'add https://data.testetaten.no/datasett/luftkvalitet', `add ${SNOSKRED}`, 'add https://data.testetaten.no/katalog'].sort());
    expect(ops.slice(4).sort()).toEqual([`change ${SNOSKRED}`, 'add https://data.testetaten.no/datasett/vegtrafikk', `remove ${BARNEHAGER}`, 'change https://data.testetaten.no/katalog'].sort());
    expect(all.map((c: Json) => Number(c.cursor))).toEqual([...all.map((c: Json) => Number(c.cursor))].sort((a, b) => a - b));
    expect(all.every((c: Json) => c.record.startsWith(`${publicBase}/`) && typeof c.kind === 'string' && typeof c.at === 'string')).toBe(true);
    expect(all.slice(4).every((c: Json) => c.run === runs[1])).toBe(true);
    const end = await json(`/api/changes?after=${rest.body.cursor}`);
    expect(end.body).toMatchObject({ items: [], cursor: rest.body.cursor, gap: false });
  });

  it('refuses a bad cursor or limit', async () => {
    expect((await json('/api/changes?after=-1')).status).toBe(400);
    expect((await json('/api/changes?limit=100000')).status).toBe(400);
    expect((await json('/api/changes?since=3')).status).toBe(400);
    // A cursor past the newest entry is not this log's: refused, never echoed back (which would skip every change up to it).
    const newest = Number((await json('/api/changes?after=0&limit=1000')).body.cursor);
    expect((await json(`/api/changes?after=${newest}`)).status).toBe(200);
    const past = await json(`/api/changes?after=${newest + 1000}`);
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ parameter: 'after', newest: String(newest) });
  });
});

describe('RSS and Atom feeds', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'category'].includes(name) });

  it('serves RSS 2.0 of a search: a well-formed channel with one item per hit, newest first', async () => {
    const res = await fetch(`${base}/feed.rss?type=dataset&publisher=974760673`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const rss = parser.parse(text).rss;
    expect(rss['@version']).toBe('2.0');
    const channel = rss.channel;
    // RSS 2.0 requires title, link and description of the channel, and a title or description of each item.
    for (const required of ['title', 'link', 'description']) expect(typeof channel[required]).toBe('string');
    expect(channel['atom:link']['@rel']).toBe('self');
    const items = channel.item as Json[];
    expect(items.map((i) => i.title).sort()).toEqual(['Luftkvalitet i norske byer', 'Snøskredvarsel for hele landet', 'Vegtrafikk']);
    for (const item of items) {
      expect(item.guid['@isPermaLink']).toBe('true');
      expect(item.link).toBe(item.guid['#text']);
      expect(new Date(item.pubDate).toUTCString()).toBe(item.pubDate);
    }
    // Newest first: vegtrafikk came with the second harvest.
    expect(items[0].title).toBe('Vegtrafikk');
  });

  it('answers a reader polling a feed that has not changed with 304, by ETag or by date', async () => {
    for (const feed of ['/feed.rss?type=dataset', '/feed.atom?type=dataset']) {
      const first = await fetch(`${base}${feed}`);
      await first.text();
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      expect(new Date(lastModified).toUTCString()).toBe(lastModified);
      expect((await fetch(`${base}${feed}`, { headers: { 'If-None-Match': etag } })).status, feed).toBe(304);
      expect((await fetch(`${base}${feed}`, { headers: { 'If-Modified-Since': lastModified } })).status, feed).toBe(304);
      const other = await fetch(`${base}${feed}`, { headers: { 'If-None-Match': '"another"' } });
      expect(other.status).toBe(200);
      await other.text();
    }
  });

  it('serves Atom of a text query: feed id, updated, author and entries with id, title, updated', async () => {
    const res = await fetch(`${base}/feed.atom?q=sn%C3%B8skred`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const feed = parser.parse(text).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    // RFC 4287 §4.1.1: atom:feed has exactly one id, title and updated, and an author (or every entry has one).
    expect(feed.id).toBe(`${publicBase}/feed.atom?q=sn%C3%B8skred`);
    expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
    expect(feed.author.name).toBe('Datakatalog');
    expect(feed.link.some((l: Json) => l['@rel'] === 'self')).toBe(true);
    const entries = feed.entry as Json[];
    expect(entries).toHaveLength(1);
    expect(entries[0].title['#text']).toBe('Snøskredvarsel for hele landet');
    expect(entries[0].id).toBe(`${publicBase}${await recordOf(SNOSKRED)}`);
    expect(Number.isNaN(Date.parse(entries[0].updated))).toBe(false);
  });

  it('escapes text and answers bad parameters as the search API does', async () => {
    const res = await fetch(`${base}/feed.atom?q=${encodeURIComponent('<script>&"')}`);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toContain('<script>');
    const bad = await fetch(`${base}/feed.rss?sort=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the catalog as a Linked Data Event Stream', () => {
  /** Fetches an LDES document as quads (TriG). */
  async function quadsOf(url: string): Promise<Quad[]> {
    const res = await fetch(url.replace(publicBase, base), { headers: { Accept: 'application/trig' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/trig/);
    return new Parser({ format: 'application/trig', baseIRI: url }).parse(await res.text());
  }

  it('describes the stream: timestamp and version paths, the delete marker, its view and the retention it keeps', async () => {
    const quads = await quadsOf(`${publicBase}/ldes`);
    const stream = quads.find((q) => q.predicate.value === RDF.type && q.object.value === LDES.EventStream)!.subject.value;
    const of = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
    expect(of(stream, LDES.timestampPath)).toEqual([PROV.generatedAtTime]);
    expect(of(stream, LDES.versionOfPath)).toEqual([DCT.isVersionOf]);
    expect(of(stream, LDES.versionDeleteObject)).toEqual([AS.Delete]);
    const [view] = of(stream, TREE.view);
    expect(of(view!, RDF.type)).toContain(TREE.Node);
    expect(quads.some((q) => q.subject.value === view && q.predicate.value.endsWith('comment') && /Every member is kept/.test(q.object.value))).toBe(true);
  });

  it('replays into an empty store to exactly the published catalog (graph isomorphism per record)', async () => {
    // An LDES client: from the view, follow every relation; collect the members; apply them in time order.
    const start = await quadsOf(`${publicBase}/ldes`);
    const stream = start.find((q) => q.predicate.value === RDF.type && q.object.value === LDES.EventStream)!.subject.value;
    const queue = [start.find((q) => q.subject.value === stream && q.predicate.value === TREE.view)!.object.value];
    const seen = new Set<string>();
    const members: { iri: string; entity: string; at: string; deleted: boolean; quads: Quad[]; order: number }[] = [];
    let pages = 0;
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (seen.has(node)) continue;
      seen.add(node);
      const quads = node === `${publicBase}/ldes` ? start : await quadsOf(node);
      if (node !== `${publicBase}/ldes`) pages++;
      for (const relation of quads.filter((q) => q.subject.value === node && q.predicate.value === TREE.relation)) {
        const target = quads.find((q) => q.subject.equals(relation.object) && q.predicate.value === TREE.node);
        if (target) queue.push(target.object.value);
      }
      for (const m of quads.filter((q) => q.subject.value === stream && q.predicate.value === TREE.member)) {
        const iri = m.object.value;
        const one = (p: string) => quads.find((q) => q.subject.value === iri && q.predicate.value === p && q.graph.termType === 'DefaultGraph')?.object.value;
        members.push({
          iri,
          entity: one(DCT.isVersionOf)!,
          at: one(PROV.generatedAtTime)!,
          deleted: quads.some((q) => q.subject.value === iri && q.predicate.value === RDF.type && q.object.value === AS.Delete),
          quads: quads.filter((q) => q.graph.value === iri),
          order: members.length,
        });
      }
    }
    expect(pages).toBeGreaterThan(2);
    expect(new Set(members.map((m) => m.iri)).size).toBe(members.length);
    members.sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);

    const replica = new QuadStore();
    for (const m of members) {
      replica.removeQuads(replica.getQuads(null, null, null, m.entity));
      if (!m.deleted) for (const q of m.quads) replica.addQuad(q.subject, q.predicate, q.object, DataFactory.namedNode(m.entity));
    }

    const expected = new Map<string, string>();
    for await (const page of server.catalog.store.publishedRecords()) for (const r of page) expected.set(recordUri(publicBase, r.kind, r.id), r.graph);
    expect(new Set(replica.getGraphs(null, null, null).map((g) => g.value))).toEqual(new Set(expected.keys()));
    for (const [uri, graph] of expected) {
      const replayed = replica.getQuads(null, null, null, uri).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
      expect(isIsomorphic(replayed, new Parser({ format: 'N-Triples' }).parse(graph)), uri).toBe(true);
    }
  });

  it('answers a page with a bad position with a problem', async () => {
    expect((await fetch(`${base}/ldes/page?after=x`)).status).toBe(400);
    const nquads = await fetch(`${base}/ldes/page?after=0`, { headers: { Accept: 'application/n-quads' } });
    expect(nquads.headers.get('content-type')).toMatch(/^application\/n-quads/);
  });
});
