import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports/logger.js';
import type { SearchIndex } from '../../../src/core/ports/search-index.js';
import { createPortal } from '../../../src/http/portal/portal-router.js';
import { defaultDataDirectories } from '../../../src/validation/data-directories.js';
import { DocumentValidationPool } from '../../../src/validation/document-validation-pool.js';
import { loadCatalog, type LoadedCatalog } from '../support/loaded-catalog.js';
import { startApp, type RunningApp } from '../support/test-server.js';
import { BROWSER_ACCEPT } from './portal-service.js';

/**
 * The validator page is as public as POST /api/validate and goes the same bounded way: the document
 * validator's own workers, its triple cap, time limit and queue. Past a bound the browser gets the page
 * back with the cause in words and the status of the bound, never a crash.
 */
const DATASET = (i: number) => `<https://v.example.no/d/${i}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Datasett ${i}"@nb .\n`;
const datasets = (n: number) => Array.from({ length: n }, (_, i) => DATASET(i)).join('');

/** The search index is never asked by the validator page. */
const noSearch = new Proxy({} as SearchIndex, {
  get: (_target, name) => () => Promise.reject(new Error(`the validator page asked the search index (${String(name)})`)),
});

describe('the validator page, bounded like POST /api/validate', () => {
  let catalog: LoadedCatalog;
  let pool: DocumentValidationPool;
  let app: RunningApp;
  beforeAll(async () => {
    catalog = await loadCatalog();
    pool = new DocumentValidationPool({ workers: 1, queue: 2, timeoutMs: 20_000, maxTriples: 30, memoryMb: 256, idleMs: 60_000, dirs: defaultDataDirectories(), logger: silentLogger });
    const portal = createPortal({ store: catalog.store, search: noSearch, validator: pool, logger: silentLogger, baseUrl: 'http://localhost', defaultProfile: 'dcat-ap-no-2', maxValidateBytes: 100_000 });
    app = await startApp(async (url) => ({ store: catalog.store, sparql: await catalog.sparqlIndex(url), sparqlTimeoutMs: 5000, maxQueryLength: 10_000, portal }));
  });
  afterAll(async () => {
    await app.close();
    await pool.close();
    await catalog.close();
  });

  const post = async (fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${app.url}/validator?lang=en`, { method: 'POST', body: form, headers: { Accept: BROWSER_ACCEPT } });
    return { res, html: await res.text() };
  };

  it('checks a document within the bounds in the document validator', async () => {
    const { res, html } = await post({ text: datasets(15), profile: 'dcat-ap-no-2' }); // 30 triples: at the cap
    expect(res.status).toBe(200);
    expect(html).toContain('30 triples');
    expect(html).toContain('Property: description (dct:description)');
  });

  it('answers a pasted document over the triple cap with the page, the cause in words and 413', async () => {
    const { res, html } = await post({ text: datasets(16), profile: 'dcat-ap-no-2' }); // 32 triples
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<html lang="en"');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    // The cause, under the report heading, in an alert the page's reader reaches in order.
    expect(html).toMatch(/<div class="ds-alert" data-color="danger">[\s\S]*The document has more than 30 triples, more than this service validates at once; validate it in parts\./);
    expect(html).not.toContain('Property:');
    // The form is still there, with what was pasted, to try again.
    expect(html).toContain('Datasett 15');
    expect(html).toMatch(/<form[^>]+action="\/validator/);
  });

  it('answers an uploaded file over the triple cap the same way', async () => {
    const { res, html } = await post({ file: new Blob([datasets(40)], { type: 'text/turtle' }) });
    expect(res.status).toBe(413);
    expect(html).toContain('more than 30 triples');
  });

  it('names the syntax and line of a document that cannot be read, with 400', async () => {
    const { res, html } = await post({ text: '@prefix ex: <http://x/> .\nex:a ex:b .\n' });
    expect(res.status).toBe(400);
    expect(html).toMatch(/The document \([^)]*Turtle[^)]*\) is not valid: Turtle error on line 2/);
  });
});
