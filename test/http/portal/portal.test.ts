import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { LIST_PAGE_SIZE } from '../../../src/http/portal/records/paged-list.js';
import { BROWSER_ACCEPT, MANY_DISTRIBUTIONS, startPortalService, type PortalService } from './portal-service.js';
import { browserSuite } from './portal-browser.js';

// The portal on the demo catalog, as `npm start` serves it: pages over HTTP here, then the same
// service in a real browser (portal-browser.ts; skipped with a message when Chromium is absent).

let service: PortalService;
let base: string;

beforeAll(async () => {
  service = await startPortalService();
  base = service.base;
}, 180_000);

afterAll(async () => {
  await service?.close();
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, { headers: { Accept: BROWSER_ACCEPT, ...headers }, redirect: 'manual' });
  return { res, html: await res.text() };
};
const h1Of = (html: string): string[] => [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

describe('the portal over HTTP', () => {
  describe('record URIs', () => {
    it('give a browser the record page and RDF clients the RDF, from the same URI', async () => {
      const uri = `/datasets/${service.ids.dataset}`;
      const { res, html } = await page(uri);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(h1Of(html)).toEqual([expect.stringMatching(/Snøskred/)]);
      const turtle = await fetch(`${base}${uri}`, { headers: { Accept: '*/*' } });
      expect(turtle.headers.get('content-type')).toMatch(/^text\/turtle/);
      const jsonld = await fetch(`${base}${uri}`, { headers: { Accept: 'application/ld+json' } });
      expect(jsonld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    });

    it('show a long list a page at a time, with links to the other pages back at the list', async () => {
      // MANY_DISTRIBUTIONS (250) distributions: shown whole, 10 000 took a second and 5 MB of HTML.
      const uri = `/datasets/${service.ids.manyDistributions}`;
      const titles = (html: string): number[] => [...html.matchAll(/Stedsnavn, kommune (\d+)/g)].map((m) => Number(m[1]));
      const first = await page(`${uri}?lang=nb`);
      expect(first.res.status).toBe(200);
      expect(titles(first.html)).toEqual(Array.from({ length: LIST_PAGE_SIZE }, (_, i) => i + 1));
      expect(first.html).toContain(`Viser 1–100 av ${MANY_DISTRIBUTIONS}`);
      expect(first.html).toContain(`href="${uri}?distributions=2&amp;lang=nb#distributions"`);
      expect(first.html).toContain(`href="${uri}?distributions=3&amp;lang=nb#distributions"`);

      const last = await page(`${uri}?distributions=3&lang=en`);
      expect(titles(last.html)).toEqual(Array.from({ length: MANY_DISTRIBUTIONS - 200 }, (_, i) => i + 201));
      expect(last.html).toContain(`Showing 201–${MANY_DISTRIBUTIONS} of ${MANY_DISTRIBUTIONS}`);
      expect(last.html).toContain(`href="${uri}?distributions=2&amp;lang=en#distributions" rel="prev"`);
      // A page past the last shows the last; what is not a page number, the first.
      expect(titles((await page(`${uri}?distributions=99999`)).html)).toEqual(titles(last.html));
      for (const bad of ['0', '-1', 'x', '1e3', '']) expect(titles((await page(`${uri}?distributions=${bad}`)).html)[0], bad).toBe(1);
    });

    it('offer the record as a download in Turtle, JSON-LD and RDF/XML', async () => {
      const { html } = await page(`/datasets/${service.ids.dataset}?lang=en`);
      for (const [format, type] of [['turtle', 'text/turtle'], ['jsonld', 'application/ld+json'], ['rdfxml', 'application/rdf+xml']] as const) {
        expect(html).toContain(`/datasets/${service.ids.dataset}?format=${format}`);
        const res = await fetch(`${base}/datasets/${service.ids.dataset}?format=${format}`, { headers: { Accept: BROWSER_ACCEPT } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain(type);
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[0-9a-f-]+\.\w+"$/);
      }
      expect((await fetch(`${base}/datasets/${service.ids.dataset}?format=pdf`, { headers: { Accept: BROWSER_ACCEPT } })).status).toBe(400);
    });

    it('show the validation report in plain words, grouped by resource, in the page language', async () => {
      const nb = await page(`/datasets/${service.ids.defective}?lang=nb`);
      expect(nb.html).toContain('Brudd');
      expect(nb.html).toContain('Egenskap: beskrivelse (dct:description)');
      const en = await page(`/datasets/${service.ids.defective}?lang=en`);
      expect(en.html).toContain('Property: description (dct:description)');
      // The title exists only in Bokmål: on an English page it is marked as Norwegian.
      expect(en.html).toMatch(/<h1 [^>]*lang="nb"[^>]*>Grunnforurensning<\/h1>/);
    });

    it('show a data service with its endpoint, and a catalog with its members as links', async () => {
      const svc = await page(`/data-services/${service.ids.dataService}?lang=en`);
      expect(svc.res.status).toBe(200);
      expect(svc.html).toContain('Endpoint');
      const cat = await page(`/catalogs/${service.ids.catalog}?lang=en`);
      expect(cat.html).toContain('In this catalog');
      expect(cat.html).toMatch(/href="\/datasets\/[0-9a-f-]{36}\?lang=en"/);
    });

    it('offer a data service\'s OpenAPI document as harvested, and only where the record keeps one', async () => {
      const found = (await (await fetch(`${base}/api/search?type=data-services&size=100`)).json()) as { hits: { id: string }[] };
      const kept: string[] = [];
      const none: string[] = [];
      for (const { id } of found.hits) ((await fetch(`${base}/data-services/${id}/openapi`)).status === 200 ? kept : none).push(id);
      expect(kept.length).toBeGreaterThan(0);
      expect(none.length).toBeGreaterThan(0);
      const withDocument = await page(`/data-services/${kept[0]}?lang=en`);
      expect(withDocument.html).toContain('The OpenAPI document as harvested');
      expect(withDocument.html).toMatch(new RegExp(`<a class="ds-link" href="/data-services/${kept[0]}/openapi" type="application/[^"]+" download>(JSON|YAML), \\d+ KB</a>`));
      const nb = await page(`/data-services/${kept[0]}?lang=nb`);
      expect(nb.html).toContain('OpenAPI-dokumentet slik det ble høstet');
      const without = await page(`/data-services/${none[0]}?lang=en`);
      expect(without.html).not.toContain('The OpenAPI document as harvested');
    });

    it('show a concept: terms per language and role, definitions with audience and source, validity, relations as links', async () => {
      const { res, html } = await page(`/concepts/${service.ids.concept}?lang=en`);
      expect(res.status).toBe(200);
      expect(h1Of(html)).toEqual(['income']);
      // Terms: a heading per language (the page's first), each role named.
      expect(html.indexOf('>English</h3>')).toBeGreaterThan(0);
      expect(html.indexOf('>English</h3>')).toBeLessThan(html.indexOf('>Norwegian Bokmål</h3>'));
      expect(html).toMatch(/<dt>Admitted term<\/dt><dd><div><span lang="nb">innkomst<\/span><\/div><\/dd>/);
      // Definitions: the specialist one with its audience, source and relationship with source, in words.
      expect(html).toContain('samlet tilgang av økonomiske verdier');
      expect(html).toMatch(/<dt>Audience<\/dt><dd><div>(<[^>]+>)*Specialist/i);
      expect(html).toContain('href="https://lovdata.no/lov/1999-03-26-14/%C2%A75-1"');
      expect(html).toMatch(/<dt>Relationship with source<\/dt><dd>(<[^>]+>)*Derived from source/i);
      expect(html).toMatch(/<dt>Valid from<\/dt><dd>1 January 2000<\/dd>/);
      // The related concept and the collection are links to their pages in the catalog, not to the raw IRIs.
      expect(html).toMatch(/<dt>Associated concepts<\/dt><dd><ul class="ds-list"><li><a class="ds-link" href="\/concepts\/[0-9a-f-]{36}\?lang=en"/);
      expect(html).toContain(`href="/collections/${service.ids.collection}?lang=en"`);
      // Narrower concepts state their broader one in their own records: found through the relations both ways.
      expect(html).toMatch(/<dt>Narrower concepts \(generic\)<\/dt><dd><ul class="ds-list">(<li><a class="ds-link" href="\/concepts\/[0-9a-f-]{36}\?lang=en">[a-z ]+ income<\/a><\/li>){3}<\/ul>/);
      // The subject field in the page's language only.
      expect(html).toContain('<dt>Subject field</dt><dd><div>tax</div></dd>');
      // The definition is shown once, in its section, not again under the title.
      expect(html.split('penger og andre verdier du får').length).toBe(2);
    });

    it('show which records use a concept: the model attribute that means it, linked to its place on the model page', async () => {
      const { html } = await page(`/concepts/${service.ids.usedConcept}?lang=nb`);
      expect(h1Of(html)).toEqual(['organisasjonsnummer']);
      const usedBy = html.slice(html.indexOf('id="used-by"'));
      // `?element=` opens the page of a long model that holds the attribute; the fragment is its place.
      expect(usedBy).toMatch(new RegExp(`href="/information-models/${service.ids.model}\\?element=https%3A%2F%2F[^"&]+&amp;lang=nb#el-[\\w-]{12}">organisasjonsnummer</a>`));
      const anchor = /#(el-[\w-]{12})">organisasjonsnummer/.exec(usedBy)![1]!;
      const model = await page(`/information-models/${service.ids.model}?lang=nb`);
      expect(model.html).toContain(`id="${anchor}"`);
    });

    it('show a concept collection with its concepts as links to their pages', async () => {
      const { res, html } = await page(`/collections/${service.ids.collection}?lang=nn`);
      expect(res.status).toBe(200);
      expect(html).toMatch(/Omgrep i samlinga \(13\)/);
      expect((html.match(/href="\/concepts\/[0-9a-f-]{36}\?lang=nn"/g) ?? []).length).toBe(13);
    });

    it('show an information model as a navigable tree of its elements, with multiplicities, types, code values and concepts', async () => {
      const { res, html } = await page(`/information-models/${service.ids.model}?lang=en`);
      expect(res.status).toBe(200);
      expect(h1Of(html)).toEqual(['Legal entity']);
      const contents = html.slice(html.indexOf('id="model-contents"'), html.indexOf('id="model-elements"'));
      expect(contents).toContain('Root object types (1)');
      expect(contents).toMatch(/href="#el-[\w-]{12}">Legal entity<\/a>/);
      // Every link in the tree leads to an element or property on the page.
      for (const [, id] of contents.matchAll(/href="#(el-[\w-]{12})"/g)) expect(html).toContain(`id="${id}"`);
      expect(html).toContain('<strong>organisation number</strong> <span class="dk-count">(attribute, <abbr title="Multiplicity">[1]</abbr>)');
      expect(html).toContain('<strong>industry code</strong> <span class="dk-count">(attribute, <abbr title="Multiplicity">[0..3]</abbr>)');
      // Properties without a sequence number in the order of their names in the page language.
      expect(html.indexOf('<strong>business address</strong>')).toBeLessThan(html.indexOf('<strong>industry code</strong>'));
      expect(html.indexOf('<strong>name</strong>')).toBeLessThan(html.indexOf('<strong>national identity number'));
      // A role's type is a link to the object type on the same page; an attribute's concept links to the concept's page.
      expect(html).toMatch(/<dt>Type<\/dt><dd><div><a class="ds-link" href="#el-[\w-]{12}">Address<\/a>/);
      expect(html).toContain(`href="/concepts/${service.ids.usedConcept}?lang=en"`);
      expect(html).toMatch(/<dt>AS<\/dt><dd><span id="el-[\w-]{12}">Private limited company<\/span>/);
      expect(html).toContain('pattern: <code>^[0-9]{9}$</code>');
      // The datasets and the API of Brønnøysundregistrene conform to it.
      const conformed = html.slice(html.indexOf('id="conformed-by"'));
      expect(conformed).toMatch(/href="\/data-services\/[0-9a-f-]{36}\?lang=en"/);
      expect(conformed).toMatch(/href="\/datasets\/[0-9a-f-]{36}\?lang=en"/);
    });

    it('link a model that reuses another model’s element to that element on the other model’s page', async () => {
      const { html } = await page(`/information-models/${service.ids.reusingModel}?lang=en`);
      expect(html).toContain('Elements reused from other models (1)');
      expect(html).toMatch(new RegExp(`href="/information-models/${service.ids.model}\\?element=https%3A%2F%2F[^"&]+&amp;lang=en#el-[\\w-]{12}"`));
    });

    it('link relations both ways: a dataset names its catalog, the catalog its datasets', async () => {
      const { html } = await page(`/datasets/${service.ids.dataset}?lang=en`);
      expect(html).toContain('These resources refer to it');
      expect(html).toMatch(/href="\/catalogs\/[0-9a-f-]{36}\?lang=en"/);
    });

    it('answer a removed record with a 410 page saying when, in the page language', async () => {
      const { res, html } = await page(`/datasets/${service.ids.removed}?lang=nn`);
      expect(res.status).toBe(410);
      expect(html).toContain('<html lang="nn">');
      expect(html).toMatch(/vart fjerna frå katalogen \d+\. \w+ \d{4}/);
      const problem = await fetch(`${base}/datasets/${service.ids.removed}`);
      expect(problem.status).toBe(410);
      expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('search', () => {
    it('keeps the whole state in the URL and in every link, with the page language', async () => {
      const { html } = await page('/search?q=vann&theme=ENVI&sort=modified&lang=en');
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(/Results: \d+ results?/);
      // A chip removes one filter and keeps the rest of the state.
      expect(html).toContain('href="/search?q=vann&amp;sort=modified&amp;lang=en" aria-label="Remove the filter Theme: Environment"');
      expect(html).toMatch(/<option value="modified" selected>/);
    });

    it('filters: the hits shown are those the facet counted', async () => {
      const all = await (await fetch(`${base}/api/search?size=1`)).json() as { facets: { theme: { buckets: { key: string; count: number }[] } } };
      const envi = all.facets.theme.buckets.find((b) => b.key === 'ENVI')!;
      const { html } = await page('/search?theme=ENVI&lang=en');
      expect(html).toContain(`Results: ${envi.count} results`);
      expect((html.match(/<li class="dk-hit">/g) ?? []).length).toBe(Math.min(envi.count, 20));
    });

    it('counts every kind in the tabs when one kind is chosen (the search without its kind filter)', async () => {
      const all = (await (await fetch(`${base}/api/search?q=register&size=1`)).json()) as { total: number; facets: { type: { buckets: { key: string; count: number }[] } } };
      const count = (kind: string) => all.facets.type.buckets.find((b) => b.key === kind)?.count ?? 0;
      expect(count('dataset')).toBeGreaterThan(0);
      expect(count('data-service')).toBeGreaterThan(0);
      const { html } = await page('/search?q=register&type=data-services&lang=en');
      const tabs = html.slice(html.indexOf('<ul class="dk-tabs">'), html.indexOf('</ul>', html.indexOf('<ul class="dk-tabs">')));
      expect(tabs).toContain(`All <span class="dk-count">(${all.total})</span>`);
      expect(tabs).toMatch(new RegExp(`aria-current="page">APIs <span class="dk-count">\\(${count('data-service')}\\)</span>`));
      expect(tabs).toContain(`Datasets <span class="dk-count">(${count('dataset') + count('dataset-series')})</span>`);
      expect(html).toContain(`Results: ${count('data-service')} result`);
    });

    it('shows every facet the search API answers that has values, for each kind tab', async () => {
      let shown = 0;
      for (const type of ['', 'datasets', 'data-services', 'concepts', 'information-models']) {
        const api = (await (await fetch(`${base}/api/search?size=1${type === '' ? '' : `&type=${type}`}`)).json()) as { facets: Record<string, { buckets: unknown[]; missing: number }> };
        const { html } = await page(`/search?lang=en${type === '' ? '' : `&type=${type}`}`);
        for (const [facet, counts] of Object.entries(api.facets)) {
          if (facet === 'type' || counts.buckets.length + counts.missing === 0) continue;
          expect(html, `${facet} on /search?type=${type}`).toContain(`<summary id="facet-${facet}">`);
          shown++;
        }
      }
      expect(shown).toBeGreaterThan(20);
    });

    it('pages through the hits with links that keep the filters', async () => {
      const first = await page('/search?type=datasets&lang=nb');
      expect(first.html).toContain('href="/search?type=datasets&amp;page=2&amp;lang=nb"');
      const second = await page('/search?type=datasets&page=2&lang=nb');
      expect(second.html).toContain('<ol class="dk-hits" start="21">');
      expect(second.html).toContain('rel="prev"');
    });

    it("filters and sorts by metadata quality without script: the quality facet's bands, the sort option, each dataset hit's band and score", async () => {
      const api = (await (await fetch(`${base}/api/search?type=dataset&sort=quality&size=5`)).json()) as {
        hits: { title: string; quality: { score: number; maxScore: number; band: string } | null }[];
        facets: { quality: { buckets: { key: string; count: number }[] } };
      };
      const scores = api.hits.map((h) => h.quality!.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const best = api.hits[0]!;
      const { html } = await page('/search?type=datasets&sort=quality&lang=en');
      expect(html).toMatch(/<option value="quality" selected>Metadata quality<\/option>/);
      expect(html).toContain('<summary id="facet-quality">Metadata quality</summary>');
      const bandName = { excellent: 'Excellent', good: 'Good', sufficient: 'Sufficient', poor: 'Poor' }[best.quality!.band]!;
      expect(html).toContain(`Quality: ${bandName} (${best.quality!.score} of ${best.quality!.maxScore} points)`);
      // The first hit on the page is the best-scored dataset.
      const firstHit = html.slice(html.indexOf('<li class="dk-hit">'));
      expect(firstHit.slice(0, firstHit.indexOf('</ul>', firstHit.indexOf('dk-meta')))).toContain(`(${best.quality!.score} of ${best.quality!.maxScore} points)`);
      // A band is a link that filters; the page then shows only that band's datasets, as many as the facet counted.
      const band = api.facets.quality.buckets[0]!;
      const filtered = await page(`/search?type=datasets&quality=${band.key}&lang=nb`);
      expect(filtered.html).toContain(`Treff: ${band.count} treff`);
      const nbName = { excellent: 'Utmerket', good: 'God', sufficient: 'Tilstrekkelig', poor: 'Mangelfull' }[band.key]!;
      const tags = filtered.html.match(/Kvalitet: [^(<]+ \(/g) ?? [];
      expect(tags).toHaveLength(Math.min(band.count, 20));
      expect(tags.every((m) => m === `Kvalitet: ${nbName} (`)).toBe(true);
    });

    it('marks the matched words', async () => {
      const { html } = await page('/search?q=snoskred&lang=nb');
      expect(html).toMatch(/<mark>Snøskred\w*<\/mark>/);
    });

    it('answers a bad parameter with a page naming it', async () => {
      const { res, html } = await page('/search?page=zero&lang=en');
      expect(res.status).toBe(400);
      expect(html).toContain('page=&quot;zero&quot; is not a page number');
    });
  });

  describe('languages', () => {
    it('come from ?lang=, then the cookie the switch sets, then Accept-Language, then Bokmål', async () => {
      expect((await page('/', { 'Accept-Language': 'en' })).html).toContain('<html lang="en">');
      expect((await page('/')).html).toContain('<html lang="nb">');
      const switched = await fetch(`${base}/language?to=nn&back=${encodeURIComponent('/search?q=vann&lang=en')}`, { redirect: 'manual' });
      expect(switched.status).toBe(303);
      expect(switched.headers.get('location')).toBe('/search?q=vann&lang=nn');
      const cookie = switched.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^lang=nn;/);
      expect((await page('/sources', { Cookie: 'lang=nn', 'Accept-Language': 'en' })).html).toContain('<html lang="nn">');
      expect((await page('/sources?lang=en', { Cookie: 'lang=nn' })).html).toContain('<html lang="en">');
    });

    it('never lead the switch off this site', async () => {
      const res = await fetch(`${base}/language?to=en&back=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' });
      expect(res.headers.get('location')).toBe('/?lang=en');
    });
  });

  describe('errors', () => {
    it.each([
      ['nb', 'Fant ikke siden'],
      ['nn', 'Fann ikkje sida'],
      ['en', 'Page not found'],
    ])('404 in %s for browsers, problem+json for everyone else', async (lang, title) => {
      const { res, html } = await page(`/no/such/page?lang=${lang}`);
      expect(res.status).toBe(404);
      expect(h1Of(html)).toEqual([title]);
      const api = await fetch(`${base}/no/such/page`);
      expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('sources, runs, publishers', () => {
    it('lists every source with the state of its last run', async () => {
      const { sources } = (await (await fetch(`${base}/api/sources`)).json()) as { sources: unknown[] };
      expect(sources.length).toBeGreaterThan(0);
      const { html } = await page('/sources?lang=en');
      expect((html.match(/<li class="dk-hit">/g) ?? []).length).toBe(sources.length);
      expect(html).toContain('Succeeded');
    });

    it('shows a run with its counts and problems', async () => {
      const { res, html } = await page(`/runs/${service.ids.run}?lang=en`);
      expect(res.status).toBe(200);
      expect(h1Of(html)[0]).toMatch(/^Harvest of /);
      expect(html).toMatch(/\d+ added/);
    });

    it('shows a publisher with its resources per kind and its sources; an unknown one is 404', async () => {
      const { html } = await page(`/publishers/${service.ids.publisher}?lang=en`);
      expect(h1Of(html)[0]).toMatch(/Kartverket|Norwegian Mapping Authority/);
      expect(html).toMatch(/Datasets \(\d+\)/);
      expect(html).toContain(`href="/runs/${service.ids.run}?lang=en"`);
      expect((await page('/publishers/123456789')).res.status).toBe(404);
    });

    it('answers a browser\'s SPARQL query with a page: a table of solutions, a yes or no, a graph in Turtle; other clients get the data', async () => {
      const ask = (query: string, accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8') =>
        fetch(`${service.base}/sparql?${new URLSearchParams({ query, lang: 'en' })}`, { headers: { accept } });
      const select = await ask('SELECT ?s ?title WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> ?title } ORDER BY ?s LIMIT 3');
      expect(select.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await select.text();
      expect(html).toContain('<th scope="col">?title</th>');
      expect(html.match(/<tr>/g)?.length).toBe(4); // the header and three solutions
      expect(html).toContain('3 solutions');
      expect(html).toMatch(/<a class="ds-link" href="https?:\/\//);
      expect(await (await ask('ASK { ?s a <http://www.w3.org/ns/dcat#Dataset> }')).text()).toContain('Yes: the pattern is in the catalog.');
      const graph = await (await ask('CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 2')).text();
      expect(graph).toMatch(/<pre class="dk-pre"[^>]*><code>[^<]*a /);
      // A client that takes anything gets the data, as before.
      const data = await ask('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1', '*/*');
      expect(data.headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
      await data.text();
    });

    it('says where the results end on a page past them, links the last page, and titles every page of results by its number', async () => {
      const { html } = await page('/search?page=99&lang=en');
      const last = /The results end before this page\. The last one is <a class="ds-link" href="\/search\?page=(\d+)&amp;lang=en">page \d+<\/a>/.exec(html);
      expect(last, 'a link to the last page').not.toBeNull();
      expect(Number(last![1])).toBeGreaterThan(1);
      expect(Number(last![1])).toBeLessThan(99);
      expect(html).toContain(`href="/search?page=${last![1]}&amp;lang=en" rel="prev"`);
      expect(html).toMatch(/<title>Search – Page 99 – /);
      const second = await page('/search?page=2&lang=en');
      expect(second.html).toMatch(/<title>Search – Page 2 – /);
    });

    it('marks the titles of related records with their language when it is not the page\'s', async () => {
      const { html } = await page(`/data-services/${service.ids.dataService}?lang=nn`);
      const section = html.slice(html.indexOf('id="relations"'), html.indexOf('</section>', html.indexOf('id="relations"')));
      const links = [...section.matchAll(/<a class="ds-link" href="\/(?:datasets|data-services|concepts|information-models|catalogs)\/[^"]*"([^>]*)>/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThan(0);
      // The demo's titles in Bokmål say so on a Nynorsk page; Nynorsk ones carry no lang of their own.
      expect(links.filter((a) => a.includes('lang="nb"')).length).toBeGreaterThan(0);
      expect(links.filter((a) => a.includes('lang="nn"'))).toEqual([]);
    });

    it('keeps the tab of the kind searched when it has no hits, marked as the current one', async () => {
      const { html } = await page('/search?q=vann&type=information-models&lang=en');
      expect(html).toMatch(/<a class="ds-link" href="[^"]*type=information-models[^"]*" aria-current="page">Information models <span class="dk-count">\(0\)<\/span>/);
    });

    it('offers no "without a value" choice for the validity facet, which is filtered by states (every such link answered 400)', async () => {
      const { html } = await page('/search?lang=en'); // datasets have no validity period, concepts may
      expect(html).toMatch(/href="[^"]*validity=(current|expired|future)/);
      expect(html).not.toContain('validity=__missing__');
      expect(html).toContain('=__missing__'); // other facets still offer it
    });

    it('shows every kind a publisher has, not only its largest (Brønnøysundregistrene: datasets, APIs, concepts, a catalog and a collection)', async () => {
      const { html } = await page('/publishers/974760673?lang=en');
      for (const kind of ['Datasets', 'APIs', 'Concepts', 'Catalogs', 'Concept collections']) expect(html, kind).toMatch(new RegExp(`>${kind} \\(\\d+\\)<`));
    });
  });

  describe('the validator', () => {
    const post = async (fields: Record<string, string | Blob>, lang = 'en') => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const res = await fetch(`${base}/validator?lang=${lang}`, { method: 'POST', body: form, headers: { Accept: BROWSER_ACCEPT } });
      return { res, html: await res.text() };
    };
    const doc = '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://example.no/dataset/1> a dcat:Dataset .\n';

    it('checks a pasted document and reports by resource with the property in words', async () => {
      const { res, html } = await post({ text: doc, profile: 'dcat-ap-no-2' });
      expect(res.status).toBe(200);
      expect(html).toContain('Resource: <span class="dk-iri">http://example.no/dataset/1</span>');
      expect(html).toContain('Property: title (dct:title)');
    });

    it('checks an uploaded file', async () => {
      const { html } = await post({ file: new Blob([doc], { type: 'text/turtle' }) }, 'nb');
      expect(html).toContain('Egenskap: tittel (dct:title)');
    });

    it('says why a document cannot be read, and asks for exactly one input', async () => {
      expect((await post({ text: '@prefix broken' })).html).toContain('The document could not be checked');
      expect((await post({ text: doc, url: 'https://example.no/x.ttl' })).html).toContain('only one of them');
      // The fetcher's guard holds: a loopback URL is refused, and said so.
      expect((await post({ url: `${base}/demo/nve.rdf` })).html).toMatch(/could not be fetched: Refused to fetch/);
    });
  });

  describe('the API reference', () => {
    it('shows every operation of /openapi.json, grouped by tag, from the same document, without scripts', async () => {
      const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m] !== undefined).map((m) => ({ method: m.toUpperCase(), path })));
      expect(operations.length).toBeGreaterThan(50);
      const { res, html } = await page('/api-reference?lang=en');
      expect(res.status).toBe(200);
      expect(h1Of(html)).toEqual(['API reference']);
      expect((html.match(/<article /g) ?? []).length).toBe(operations.length);
      for (const { method, path } of operations) expect(html, `${method} ${path}`).toContain(`<code>${method} ${path.replace(/&/g, '&amp;')}</code>`);
      expect(html).toContain('href="/openapi.json"');
      expect(html).not.toContain('<script');
      // A write route says it needs a token; a parameter says where it goes.
      expect(html).toMatch(/<code>PATCH \/api\/sources\/\{id\}<\/code>[\s\S]*?Needs a token/);
    });

    it('is in the page language, with the operations marked as English text, and linked from every page', async () => {
      expect(h1Of((await page('/api-reference?lang=nb')).html)).toEqual(['API-referanse']);
      const nn = (await page('/api-reference?lang=nn')).html;
      expect(nn).toContain('<html lang="nn">');
      expect(nn).toContain('<span lang="en">Sources and runs</span>');
      expect(nn).toContain('Parametrar');
      const home = (await page('/?lang=en')).html;
      expect(home).toContain('href="/api-reference?lang=en"');
    });
  });

  describe('weight and caching', () => {
    it('serves the CSS from our origin, compressed, cacheable forever', async () => {
      const { html } = await page('/');
      const css = /<link rel="stylesheet" href="(\/assets\/portal\.[0-9a-f]+\.css)"/.exec(html)![1]!;
      const res = await fetch(`${base}${css}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)/);
    });

    it('keeps every page but the SPARQL editor under 200 KB with its CSS', async () => {
      const css = (await page('/')).html.match(/\/assets\/portal\.[0-9a-f]+\.css/)![0];
      const cssBytes = gzipSync(Buffer.from(await (await fetch(`${base}${css}`)).arrayBuffer())).length;
      for (const path of ['/', '/search?type=datasets', `/datasets/${service.ids.defective}`, `/catalogs/${service.ids.catalog}`, '/sources', `/publishers/${service.ids.publisher}`, '/validator', '/api-reference']) {
        const { html } = await page(path);
        expect(Buffer.byteLength(html) + cssBytes, path).toBeLessThan(200 * 1024);
      }
    });

    it('answers an unchanged page 304 to its ETag', async () => {
      const first = await page('/search?q=vann&lang=en');
      const etag = first.res.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await fetch(`${base}/search?q=vann&lang=en`, { headers: { Accept: BROWSER_ACCEPT, 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    });
  });
});

browserSuite(() => service);
