import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchRecordInput } from '../../../src/core/ports/search-index.js';
import { DocumentBuilder } from '../../../src/search/sqlite/document-builder.js';
import type { DocumentWorkerRequest } from '../../../src/search/sqlite/document-worker.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

// A catalog's record lists every dataset of the catalog (about 11 MB for one of 100 000); it went to the document
// worker with every chunk of items. Now each catalog's record goes once, and again only when it changed.

const here = path.dirname(fileURLToPath(import.meta.url));
const vocab = loadSearchVocabulary(path.resolve(here, '../../../vocab'));

function catalogTurtle(title: string, datasets: number): string {
  const ds = Array.from({ length: datasets }, (_, i) => `<https://ex.org/ds/${i}>`);
  return `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://ex.org/cat> a dcat:Catalog ; dct:title "${title}"@nb ; dcat:dataset ${ds.join(', ')} .
${ds.map((d, i) => `${d} a dcat:Dataset ; dct:title "Datasett ${i}"@nb .`).join('\n')}`;
}
const datasetsOf = (inputs: SearchRecordInput[]) => inputs.filter((i) => i.record.kind === 'dataset').map((input) => ({ input, fingerprint: null }));

describe('the search document worker', () => {
  const builders: DocumentBuilder[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const b of builders.splice(0)) await b.close();
  });

  it("gets each catalog's record once, not with every chunk, and builds every document with its catalog", async () => {
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const builder = new DocumentBuilder(vocab);
    builders.push(builder);
    const items = datasetsOf(recordsFromTurtle(catalogTurtle('Katalog', 30)));
    expect(items).toHaveLength(30);
    expect(items[0]!.input.catalog?.iri).toBe('https://ex.org/cat');
    const built = await Promise.all([builder.buildAway(items.slice(0, 10)), builder.buildAway(items.slice(10, 20)), builder.buildAway(items.slice(20))]);

    expect(built.flat().map((d) => JSON.parse(d.hit).catalog?.title)).toEqual(Array(30).fill({ nb: 'Katalog' }));
    // Each document is the one built on this thread from the whole input.
    expect(built.flat()).toEqual(builder.buildHere(items));
    const requests = posted.mock.calls.map((c) => c[0] as DocumentWorkerRequest);
    expect(requests.map((r) => r.catalogs?.length ?? 0)).toEqual([1, 0, 0]);
    expect(requests.flatMap((r) => r.items).every((i) => i.input.catalog === undefined && i.catalogId === items[0]!.input.catalog!.id)).toBe(true);
  });

  it("sends a catalog's record again once it changed, and the documents after it use the new one", async () => {
    const posted = vi.spyOn(Worker.prototype, 'postMessage');
    const builder = new DocumentBuilder(vocab);
    builders.push(builder);
    const before = datasetsOf(recordsFromTurtle(catalogTurtle('Katalog', 5)));
    const after = datasetsOf(recordsFromTurtle(catalogTurtle('Ny katalog', 5)));
    expect(after[0]!.input.catalog!.hash).not.toBe(before[0]!.input.catalog!.hash);
    const first = await builder.buildAway(before);
    const second = await builder.buildAway(after);
    const third = await builder.buildAway(after);
    expect(JSON.parse(first[0]!.hit).catalog.title).toEqual({ nb: 'Katalog' });
    expect(JSON.parse(second[0]!.hit).catalog.title).toEqual({ nb: 'Ny katalog' });
    expect(JSON.parse(third[4]!.hit).catalog.title).toEqual({ nb: 'Ny katalog' });
    expect(posted.mock.calls.map((c) => (c[0] as DocumentWorkerRequest).catalogs?.length ?? 0)).toEqual([1, 1, 0]);
  });
});
