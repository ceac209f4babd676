import type { Quad } from '@rdfjs/types';
import { Parser, Store, DataFactory } from 'n3';
import { describe, it, expect, afterEach } from 'vitest';
import { organisationNumberProblem } from '../../src/core/organisation-number.js';
import { DATA_THEME_BASE, DCAT, DCT, FILE_TYPE_BASE, HYDRA, IANA_MEDIA_TYPES_BASE, LOS_BASE, RDF } from '../../src/rdf/namespaces.js';
import { generateCatalog, serveCatalog } from './synthetic-catalog.js';
import type { ServedCatalog, SyntheticCatalog } from './synthetic-catalog.js';

const { namedNode } = DataFactory;
const BASE = 'http://127.0.0.1:9999';

function parsePage(catalog: SyntheticCatalog, n: number): Quad[] {
  return new Parser({ baseIRI: catalog.pageUrl(n), blankNodePrefix: `p${n}_` }).parse(catalog.page(n));
}

function parseAll(catalog: SyntheticCatalog): Store {
  const store = new Store();
  for (let n = 1; n <= catalog.pageCount; n++) store.addQuads(parsePage(catalog, n));
  return store;
}

/** The triples of a dataset and of the nodes it alone references (distribution, temporal blank node). */
function closure(store: Store, iri: string): Quad[] {
  const out: Quad[] = [];
  const todo = [namedNode(iri) as Quad['subject']];
  const seen = new Set<string>();
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    for (const q of store.getQuads(s, null, null, null)) {
      out.push(q);
      if (q.object.termType === 'BlankNode' || (q.predicate.value === DCAT.distribution && q.object.termType === 'NamedNode')) todo.push(q.object as Quad['subject']);
    }
  }
  return out;
}

const canonical = (quads: Quad[]) =>
  quads
    .map((q) => `${q.subject.termType === 'BlankNode' ? '_' : q.subject.value} ${q.predicate.value} ${q.object.termType === 'BlankNode' ? '_' : q.object.termType === 'Literal' ? JSON.stringify([q.object.value, q.object.language, q.object.datatype.value]) : q.object.value}`)
    .sort();

describe('generateCatalog', () => {
  const catalog = generateCatalog({ datasets: 600, perPage: 200, baseUrl: BASE, seed: 7, publishers: 5 });
  const store = parseAll(catalog);

  it('produces the number of datasets asked for, on pageCount Turtle pages that all parse', () => {
    expect(catalog.pageCount).toBe(3);
    expect(store.getSubjects(namedNode(RDF.type), namedNode(DCAT.Dataset), null)).toHaveLength(600);
    for (let i = 0; i < 600; i++) expect(store.has(DataFactory.quad(namedNode(catalog.datasetIri(i)), namedNode(RDF.type), namedNode(DCAT.Dataset)))).toBe(true);
  });

  it('writes about 27 triples per dataset, overall and for each dataset with its distribution', () => {
    const perDataset = store.size / 600;
    console.log(`synthetic catalog: ${store.size} triples for 600 datasets = ${perDataset.toFixed(2)} per dataset`);
    expect(perDataset).toBeGreaterThanOrEqual(24);
    expect(perDataset).toBeLessThanOrEqual(30);
    for (let i = 0; i < 600; i += 37) {
      // + 1 for the catalog's dcat:dataset link to it
      const n = closure(store, catalog.datasetIri(i)).length + 1;
      expect(n, catalog.datasetIri(i)).toBeGreaterThanOrEqual(24);
      expect(n).toBeLessThanOrEqual(30);
    }
  });

  it('fills in what DCAT-AP-NO asks for, from controlled vocabularies', () => {
    for (let i = 0; i < 600; i += 11) {
      const d = namedNode(catalog.datasetIri(i));
      const one = (p: string) => store.getObjects(d, namedNode(p), null);
      for (const p of [DCT.identifier, DCT.publisher, DCAT.contactPoint, DCT.issued, DCT.modified, DCT.accessRights, DCT.spatial, DCT.temporal, DCT.accrualPeriodicity, DCAT.distribution]) {
        expect(one(p), `${d.value} ${p}`).toHaveLength(1);
      }
      expect(one(DCT.title).map((t) => (t as { language: string }).language)).toEqual(expect.arrayContaining(['nb', 'en']));
      expect(one(DCT.description).length).toBeGreaterThanOrEqual(1);
      expect(one(DCAT.keyword)).toHaveLength(3);
      const themes = one(DCAT.theme).map((t) => t.value);
      expect(themes.some((t) => t.startsWith(DATA_THEME_BASE)) && themes.some((t) => t.startsWith(LOS_BASE))).toBe(true);
      const x = one(DCAT.distribution)[0]!;
      expect(store.getObjects(x, namedNode(DCT.format), null)[0]!.value.startsWith(FILE_TYPE_BASE)).toBe(true);
      expect(store.getObjects(x, namedNode(DCAT.mediaType), null)[0]!.value.startsWith(IANA_MEDIA_TYPES_BASE)).toBe(true);
      expect(store.getObjects(x, namedNode(DCAT.accessURL), null)).toHaveLength(1);
    }
  });

  it('writes Bokmål, Nynorsk and English text with æ, ø and å', () => {
    const literals = store.getQuads(null, null, null, null).filter((q) => q.object.termType === 'Literal').map((q) => q.object as { value: string; language: string });
    expect(new Set(literals.map((l) => l.language).filter(Boolean))).toEqual(new Set(['nb', 'nn', 'en']));
    const text = literals.map((l) => l.value).join(' ');
    for (const ch of ['æ', 'ø', 'å', 'Å']) expect(text).toContain(ch);
  });

  it('has several publishers with valid organisation numbers, each with a catalog on page 1 listing its datasets', () => {
    expect(catalog.publishers).toHaveLength(5);
    expect(new Set(catalog.publishers.map((p) => p.organisationNumber)).size).toBe(5);
    for (const p of catalog.publishers) expect(organisationNumberProblem(p.organisationNumber), p.organisationNumber).toBeNull();
    const page1 = new Store(parsePage(catalog, 1));
    const catalogs = page1.getSubjects(namedNode(RDF.type), namedNode(DCAT.Catalog), null);
    expect(catalogs).toHaveLength(5);
    const listed = catalogs.flatMap((c) => page1.getObjects(c, namedNode(DCAT.dataset), null).map((d) => d.value));
    expect(listed).toHaveLength(600);
    expect(new Set(listed)).toEqual(new Set(Array.from({ length: 600 }, (_, i) => catalog.datasetIri(i))));
    for (const c of catalogs) {
      const publisher = page1.getObjects(c, namedNode(DCT.publisher), null)[0]!.value;
      for (const d of page1.getObjects(c, namedNode(DCAT.dataset), null)) expect(store.getObjects(d, namedNode(DCT.publisher), null)[0]!.value).toBe(publisher);
    }
    const sizes = catalogs.map((c) => page1.getObjects(c, namedNode(DCAT.dataset), null).length).sort((a, b) => b - a);
    expect(sizes[0]).toBeGreaterThan(2 * sizes[4]!); // uneven, as in real catalogs
  });

  it('links the pages with hydra:next/previous on hydra:PartialCollectionView nodes', () => {
    for (let n = 1; n <= 3; n++) {
      const page = new Store(parsePage(catalog, n));
      const self = namedNode(`${BASE}/page/${n}.ttl`);
      expect(catalog.pageUrl(n)).toBe(self.value);
      expect(page.has(DataFactory.quad(self, namedNode(RDF.type), namedNode(HYDRA.PartialCollectionView)))).toBe(true);
      expect(page.getObjects(self, namedNode(HYDRA.next), null).map((t) => t.value)).toEqual(n < 3 ? [`${BASE}/page/${n + 1}.ttl`] : []);
      expect(page.getObjects(self, namedNode(HYDRA.previous), null).map((t) => t.value)).toEqual(n > 1 ? [`${BASE}/page/${n - 1}.ttl`] : []);
      expect(page.getObjects(self, namedNode(HYDRA.first), null).map((t) => t.value)).toEqual([`${BASE}/page/1.ttl`]);
      expect(page.getObjects(self, namedNode(HYDRA.last), null).map((t) => t.value)).toEqual([`${BASE}/page/3.ttl`]);
      // each dataset's distribution is on the dataset's page
      for (const d of page.getSubjects(namedNode(RDF.type), namedNode(DCAT.Dataset), null)) {
        const x = page.getObjects(d, namedNode(DCAT.distribution), null)[0]!;
        expect(page.getQuads(x, null, null, null).length).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('is one page without Hydra triples when perPage is not given', () => {
    const single = generateCatalog({ datasets: 50, baseUrl: BASE });
    expect(single.pageCount).toBe(1);
    const quads = parsePage(single, 1);
    expect(quads.filter((q) => q.predicate.value.startsWith(HYDRA.$base) || q.object.value.startsWith(HYDRA.$base))).toEqual([]);
    expect(new Store(quads).getSubjects(namedNode(RDF.type), namedNode(DCAT.Dataset), null)).toHaveLength(50);
  });

  it('is deterministic by seed, and computes any page without the pages before it', () => {
    const again = generateCatalog({ datasets: 600, perPage: 200, baseUrl: BASE, seed: 7, publishers: 5 });
    expect(again.page(3)).toBe(catalog.page(3));
    expect(again.page(1)).toBe(catalog.page(1));
    const other = generateCatalog({ datasets: 600, perPage: 200, baseUrl: BASE, seed: 8, publishers: 5 });
    expect(other.page(2)).not.toBe(catalog.page(2));
  });

  it('keeps resource IRIs when served elsewhere: only the Hydra triples follow baseUrl', () => {
    const moved = catalog.withBaseUrl('http://localhost:1234');
    const strip = (quads: Quad[]) => quads.filter((q) => !q.predicate.value.startsWith(HYDRA.$base) && !q.object.value.startsWith(HYDRA.$base));
    expect(canonical(strip(parsePage(moved, 2)))).toEqual(canonical(strip(parsePage(catalog, 2))));
    expect(moved.pageUrl(2)).toBe('http://localhost:1234/page/2.ttl');
    expect(moved.etag(2)).not.toBe(catalog.etag(2));
  });

  it('refuses bad options with a message naming each problem', () => {
    expect(() => generateCatalog({ datasets: -1, baseUrl: BASE })).toThrow(/datasets must be a whole number/);
    expect(() => generateCatalog({ datasets: 10, baseUrl: `${BASE}/` })).toThrow(/baseUrl must be an http\(s\) URL without a trailing slash/);
    expect(() => generateCatalog({ datasets: 10, perPage: 0, mutate: 2, baseUrl: BASE })).toThrow(/perPage .*; mutate/);
    expect(() => catalog.page(4)).toThrow(/no page 4: the catalog has pages 1 to 3/);
  });
});

describe('variants', () => {
  const base = generateCatalog({ datasets: 5000, perPage: 500, baseUrl: BASE, seed: 3 });
  const v1 = base.withVariant(1);

  it('change about the `mutate` fraction of datasets (1 % by default) and nothing in variant 0', () => {
    expect(base.changedDatasets()).toEqual([]);
    const changed = v1.changedDatasets();
    expect(changed.length).toBeGreaterThan(25);
    expect(changed.length).toBeLessThan(80);
    const tenPercent = base.withVariant(1, 0.1).changedDatasets();
    expect(tenPercent.length).toBeGreaterThan(400);
    expect(tenPercent.length).toBeLessThan(600);
    expect(tenPercent).toEqual(expect.arrayContaining(changed)); // a larger fraction changes a superset
    expect(base.withVariant(2).changedDatasets()).not.toEqual(changed);
  });

  it('differ from the original exactly in the changed datasets, with the same number of triples', () => {
    const n = v1.pageOf(v1.changedDatasets()[0]!);
    const before = new Store(parsePage(base, n));
    const after = new Store(parsePage(v1, n));
    expect(after.size).toBe(before.size);
    const [from, to] = [(n - 1) * 500, n * 500];
    let differing = 0;
    for (let i = from; i < to; i++) {
      const same = JSON.stringify(canonical(closure(before, base.datasetIri(i)))) === JSON.stringify(canonical(closure(after, v1.datasetIri(i))));
      expect(same, `dataset ${i}`).toBe(!v1.isChanged(i));
      if (!same) differing++;
    }
    expect(differing).toBeGreaterThan(0);
    const modified = after.getObjects(namedNode(v1.datasetIri(v1.changedDatasets()[0]!)), namedNode(DCT.modified), null)[0]!.value;
    expect(modified >= '2025-10-01').toBe(true);
  });

  it('change the ETag and Last-Modified of a page exactly when its text changes', () => {
    const sparse = generateCatalog({ datasets: 2000, perPage: 20, baseUrl: BASE, seed: 3 });
    const changed = sparse.withVariant(1);
    let same = 0;
    for (let n = 1; n <= sparse.pageCount; n++) {
      const textChanged = sparse.page(n) !== changed.page(n);
      expect(sparse.etag(n) !== changed.etag(n), `page ${n}`).toBe(textChanged);
      expect(sparse.lastModified(n).getTime() !== changed.lastModified(n).getTime()).toBe(textChanged);
      if (!textChanged) same++;
    }
    expect(same).toBeGreaterThan(50);
    expect(same).toBeLessThan(100);
  });
});

describe('serveCatalog', () => {
  let served: ServedCatalog | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('serves the pages as text/turtle with ETag and Last-Modified, linked by hydra:next on its own URL', async () => {
    served = await serveCatalog(generateCatalog({ datasets: 120, perPage: 50, baseUrl: BASE }));
    expect(served.url).toBe(`${served.baseUrl}/page/1.ttl`);
    let url: string | undefined = served.url;
    let pages = 0;
    let datasets = 0;
    while (url !== undefined) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
      expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
      expect(new Date(res.headers.get('last-modified')!).getTime()).toBeGreaterThan(0);
      const page: Store = new Store(new Parser({ baseIRI: url }).parse(await res.text()));
      datasets += page.getSubjects(namedNode(RDF.type), namedNode(DCAT.Dataset), null).length;
      url = page.getObjects(namedNode(url), namedNode(HYDRA.next), null)[0]?.value;
      pages++;
    }
    expect(pages).toBe(3);
    expect(datasets).toBe(120);
    expect(served.requests).toBe(3);
  });

  it('answers conditional requests for an unchanged page with 304, so a re-harvest costs one request per page', async () => {
    served = await serveCatalog(generateCatalog({ datasets: 30, baseUrl: BASE }));
    const first = await fetch(served.url);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    await first.arrayBuffer();
    const byEtag = await fetch(served.url, { headers: { 'If-None-Match': etag } });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe('');
    expect(byEtag.headers.get('etag')).toBe(etag);
    expect((await fetch(served.url, { headers: { 'If-None-Match': `W/${etag}, "other"` } })).status).toBe(304);
    expect((await fetch(served.url, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    const stale = await fetch(served.url, { headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': lastModified } });
    expect(stale.status).toBe(200); // If-None-Match wins over If-Modified-Since
    await stale.arrayBuffer();
    const older = await fetch(served.url, { headers: { 'If-Modified-Since': new Date(Date.parse(lastModified) - 1000).toUTCString() } });
    expect(older.status).toBe(200);
    await older.arrayBuffer();
    expect(served.requests).toBe(6);
    expect(served.notModified).toBe(3);
  });

  it('serves a replaced variant at the same URLs: changed pages get a new ETag, unchanged ones stay 304', async () => {
    served = await serveCatalog(generateCatalog({ datasets: 400, perPage: 10, baseUrl: BASE, seed: 5 }));
    const etags = await Promise.all(
      Array.from({ length: served.catalog.pageCount }, async (_, k) => {
        const res = await fetch(served!.catalog.pageUrl(k + 1));
        await res.arrayBuffer();
        return res.headers.get('etag')!;
      }),
    );
    served.replace(served.catalog.withVariant(1));
    const changedPages = new Set(served.catalog.changedDatasets().map((i) => served!.catalog.pageOf(i)));
    expect(changedPages.size).toBeGreaterThan(0);
    for (let n = 1; n <= served.catalog.pageCount; n++) {
      const res = await fetch(served.catalog.pageUrl(n), { headers: { 'If-None-Match': etags[n - 1]! } });
      expect(res.status, `page ${n}`).toBe(changedPages.has(n) ? 200 : 304);
      await res.arrayBuffer();
    }
  });

  it('serves pages built ahead exactly as pages built on request, and builds the replaced variant ahead too', async () => {
    served = await serveCatalog(generateCatalog({ datasets: 400, perPage: 100, baseUrl: BASE, seed: 5 }), { pagesBuiltAhead: true });
    const bodies = async (): Promise<string[]> =>
      Promise.all(Array.from({ length: served!.catalog.pageCount }, async (_, k) => (await fetch(served!.catalog.pageUrl(k + 1))).text()));
    expect(await bodies()).toEqual(Array.from({ length: 4 }, (_, k) => served!.catalog.page(k + 1)));
    served.replace(served.catalog.withVariant(1));
    const changed = served.catalog.changedDatasets();
    expect(changed.length).toBeGreaterThan(0);
    const after = await bodies();
    expect(after[served.catalog.pageOf(changed[0]!) - 1]).toBe(served.catalog.page(served.catalog.pageOf(changed[0]!)));
    expect(after).toEqual(Array.from({ length: 4 }, (_, k) => served!.catalog.page(k + 1)));
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    served = await serveCatalog(generateCatalog({ datasets: 5, baseUrl: BASE }));
    expect((await fetch(`${served.baseUrl}/page/2.ttl`)).status).toBe(404);
    expect((await fetch(`${served.baseUrl}/`)).status).toBe(404);
    expect((await fetch(served.url, { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await fetch(served.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(served.catalog.page(1)));
  });
});
