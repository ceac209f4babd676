import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Writer } from 'n3';
import { describe, expect, it } from 'vitest';
import { createDcatApNoHarvester } from '../../harvesters/dcat-ap-no/index.js';
import type { HarvestSource } from '../../src/core/harvest-source.js';
import type { HarvestProgress } from '../../src/core/harvest-progress.js';
import { runHarvest } from '../../src/harvest/harvest-pipeline.js';
import { buildSource } from '../../src/harvest/source-registration.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import type { FixtureServer } from '../support/fixture-server.js';
import { usePipelineHarness } from '../support/pipeline-harness.js';
import { shuffled } from '../support/shuffled.js';

const fixture = (name: string): Promise<string> => readFile(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const LUFT = 'https://data.testetaten.no/datasett/luftkvalitet';
const SNO = 'https://data.testetaten.no/datasett/snoskred';
const BARN = 'https://data.testetaten.no/datasett/barnehager';
const VEG = 'https://data.testetaten.no/datasett/vegtrafikk';

const h = usePipelineHarness({ harvesters: { 'dcat-ap-no': createDcatApNoHarvester() } });

function source(url: string, extra: Record<string, unknown> = {}): HarvestSource {
  return buildSource({ url, publisher: '974760673', ...extra }, { allowLocalPath: true, sourceKinds: new Map([['dcat-ap-no', ['dcat-ap-no-2', 'dcat-ap-no-3']]]), now: h.now });
}

/** The same graph as another Turtle document: its triples in another order, its blank nodes with other labels. */
async function reserialised(text: string, seed: number): Promise<string> {
  const quads = shuffled(await parseRdfToArray(text, { syntax: 'turtle', baseIri: 'https://data.testetaten.no/', blankNodePrefix: `s${seed}_` }), seed);
  const writer = new Writer({ prefixes: { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/' } });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, out: string) => (error ? reject(error) : resolve(out))));
}

async function register(url: string, extra: Record<string, unknown> = {}): Promise<HarvestSource> {
  const s = source(url, extra);
  await h.store.saveSource(s);
  return s;
}

describe('harvesting a DCAT-AP-NO catalog', () => {
  it('publishes every resource of a first harvest as a record, with a run report', async () => {
    h.server.set('/a.ttl', { body: await fixture('catalog-v1.ttl') });
    const src = await register(h.server.url('/a.ttl'));
    const run = await runHarvest(src, h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 4, changed: 0, unchanged: 0, removed: 0, conflicts: 0 });
    const luft = await h.store.getRecordByIri(LUFT);
    expect(luft).toMatchObject({ id: uuidV3(LUFT), kind: 'dataset', status: 'published', catalogId: uuidV3('https://data.testetaten.no/katalog') });
    expect(luft!.graph).toContain('/.well-known/skolem/');
    expect(luft!.graph).not.toContain('_:');
    expect(luft!.validation).not.toBeNull();
    const stored = await h.store.getRun(run.id);
    expect(stored).toMatchObject({ state: 'succeeded', counts: run.counts });
    expect(stored!.endedAt).toBeDefined();
  });

  it('puts resources no catalog lists into a generated catalog that passes the profile itself', async () => {
    h.server.set('/loose.ttl', {
      body: `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <${LUFT}> a dcat:Dataset ; dct:title "Luftkvalitet"@nb ; dct:description "Målinger"@nb .`,
    });
    const run = await runHarvest(await register(h.server.url('/loose.ttl'), { name: 'Testetaten — løse datasett' }), h.deps);
    expect(run.state).toBe('succeeded');
    const catalogId = (await h.store.getRecordByIri(LUFT))!.catalogId!;
    const catalog = await h.store.getRecord(catalogId);
    expect(catalog).toMatchObject({ kind: 'catalog', status: 'published' });
    // What the catalog made is no fault of the publisher's: no finding is about the generated catalog.
    expect(catalog!.validation).toMatchObject({ conforms: true, counts: { violation: 0 } });
    expect(catalog!.graph).toContain('"Generated catalog for Testetaten — løse datasett"@en');
    expect(run.problems.filter((p) => p.resource === catalog!.iri)).toEqual([]);
  });

  it('costs one request and changes nothing when the source is unchanged (conditional GET)', async () => {
    h.server.set('/b.ttl', { body: await fixture('catalog-v1.ttl') });
    const src = await register(h.server.url('/b.ttl'));
    await runHarvest(src, h.deps);
    const before = await h.store.getRecordByIri(LUFT);
    const requests = h.server.requests('/b.ttl');
    const run = await runHarvest(src, h.deps);
    expect(h.server.requests('/b.ttl')).toBe(requests + 1);
    expect(run).toMatchObject({ state: 'succeeded', notModified: true });
    expect(run.counts).toMatchObject({ added: 0, changed: 0, unchanged: 4, removed: 0 });
    expect(await h.store.getRecordByIri(LUFT)).toEqual(before);
  });

  it('takes the same bytes from a server without ETag or Last-Modified as unchanged, without parsing them again', async () => {
    h.server.set('/nv.ttl', { body: await fixture('catalog-v1.ttl'), etag: false });
    const src = await register(h.server.url('/nv.ttl'));
    await runHarvest(src, h.deps);
    const before = await h.store.getRecordByIri(LUFT);
    const harvester = createDcatApNoHarvester();
    let splits = 0;
    const counting = { ...harvester, split: (...args: Parameters<typeof harvester.split>) => (splits++, harvester.split(...args)) };
    const counted = { ...h.deps, harvesters: new Map([['dcat-ap-no', counting]]) };
    const run = await runHarvest(src, counted);
    expect(run).toMatchObject({ state: 'succeeded', notModified: true });
    expect(run.counts).toMatchObject({ added: 0, changed: 0, unchanged: 4, removed: 0 });
    expect(splits).toBe(0);
    expect(await h.store.getRecordByIri(LUFT)).toEqual(before);

    // Other bytes, or the same bytes under other settings, are read again.
    h.server.set('/nv.ttl', { body: await fixture('catalog-v2.ttl'), etag: false });
    expect((await runHarvest(src, counted)).counts).toMatchObject({ added: 1, changed: 2, removed: 1 });
    expect(splits).toBe(1);
    const stricter = { ...src, profile: 'dcat-ap-no-3' };
    await h.store.saveSource(stricter);
    expect((await runHarvest(stricter, counted)).notModified).not.toBe(true);
    expect(splits).toBe(2);
  });

  it('takes a Turtle document rewritten with other comments and white space as unchanged, and one with other words in a literal as changed', async () => {
    const v1 = await fixture('catalog-v1.ttl');
    h.server.set('/rw.ttl', { body: v1, etag: false });
    const src = await register(h.server.url('/rw.ttl'));
    await runHarvest(src, h.deps);
    const harvester = createDcatApNoHarvester();
    let splits = 0;
    const counting = { ...harvester, split: (...args: Parameters<typeof harvester.split>) => (splits++, harvester.split(...args)) };
    const counted = { ...h.deps, harvesters: new Map([['dcat-ap-no', counting]]) };
    h.server.set('/rw.ttl', { body: `# Eksportert ${new Date(0).toISOString()}\n${v1.replaceAll(' ;\n', ' ;   # ny linje\n\t')}`, etag: false });
    const rewritten = await runHarvest(src, counted);
    expect(rewritten).toMatchObject({ state: 'succeeded', notModified: true });
    expect(rewritten.counts).toMatchObject({ added: 0, changed: 0, unchanged: 4, removed: 0 });
    expect(splits).toBe(0);

    // White space inside a literal is content: the document is read again and the record changes.
    const title = /dct:title\s+"([^"]+)"/.exec(v1)!;
    h.server.set('/rw.ttl', { body: v1.replace(title[0], title[0].replace(title[1]!, title[1]!.replace(' ', '  '))), etag: false });
    const changed = await runHarvest(src, counted);
    expect(changed.notModified).not.toBe(true);
    expect(splits).toBe(1);
    expect(changed.counts.changed).toBe(1);
  });

  it('takes the same graph in another order with other blank node labels as unchanged once two harvests found its records unchanged, and keeps the new bytes', async () => {
    const v1 = await fixture('catalog-v1.ttl');
    h.server.set('/ro.ttl', { body: v1, etag: false });
    const src = await register(h.server.url('/ro.ttl'));
    await runHarvest(src, h.deps);
    const before = await h.store.getRecordByIri(LUFT);
    const harvester = createDcatApNoHarvester();
    let splits = 0;
    let payloadChecks = 0;
    const counting = {
      ...harvester,
      split: (...args: Parameters<typeof harvester.split>) => (splits++, harvester.split(...args)),
      reader: {
        read: (...[documents, signal]: Parameters<typeof harvester.reader.read>) => {
          const samePayload = documents.samePayload.bind(documents);
          documents.samePayload = (key) => (payloadChecks++, samePayload(key));
          return harvester.reader.read(documents, signal);
        },
      },
    };
    const counted = { ...h.deps, harvesters: new Map([['dcat-ap-no', counting]]) };

    // The first rewrite is split: the first harvest added records, so it made no key. It finds the same records,
    // so the next harvest keys its payload; that one is split too (no key to compare with yet), and keeps its key.
    const first = await reserialised(v1, 1);
    expect(first).not.toBe(v1);
    for (const [seed, text] of [[1, first], [2, await reserialised(v1, 2)]] as const) {
      h.server.set('/ro.ttl', { body: text, etag: false });
      expect((await runHarvest(src, counted)).counts, `rewrite ${seed}`).toMatchObject({ added: 0, changed: 0, unchanged: 4, removed: 0 });
      expect(splits).toBe(seed);
    }
    expect(await h.store.getFetchState(src.id, h.server.url('/ro.ttl'))).toMatchObject({ payloadKey: expect.stringMatching(/^[\w-]{43}$/), keyPayload: true });

    // The next rewrite of the same graph is not split; nothing is written.
    h.server.set('/ro.ttl', { body: await reserialised(v1, 3), etag: false });
    const rewritten = await runHarvest(src, counted);
    expect(rewritten).toMatchObject({ state: 'succeeded', notModified: true });
    expect(rewritten.counts).toMatchObject({ added: 0, changed: 0, unchanged: 4, removed: 0 });
    expect(splits).toBe(2);
    expect(payloadChecks).toBe(3);
    expect(await h.store.getRecordByIri(LUFT)).toEqual(before);

    // Its bytes were kept: the same bytes again are not even parsed.
    expect((await runHarvest(src, counted)).notModified).toBe(true);
    expect(payloadChecks).toBe(3);

    // Another graph in another order is split, and so is the same graph under other settings.
    const title = /dct:title\s+"([^"]+)"/.exec(v1)!;
    const v2 = v1.replace(title[0], title[0].replace(title[1]!, `${title[1]!} (ny)`));
    h.server.set('/ro.ttl', { body: await reserialised(v2, 4), etag: false });
    const changed = await runHarvest(src, counted);
    expect(changed.notModified).not.toBe(true);
    expect(changed.counts.changed).toBe(1);
    expect(splits).toBe(3);
    // A run that changed records asks for no key: the next one is split without making one.
    expect(await h.store.getFetchState(src.id, h.server.url('/ro.ttl'))).not.toHaveProperty('keyPayload');
    h.server.set('/ro.ttl', { body: await reserialised(v2, 5), etag: false });
    expect((await runHarvest(src, counted)).notModified).not.toBe(true);
    expect(splits).toBe(4);
    expect(payloadChecks).toBe(5);
    h.server.set('/ro.ttl', { body: await reserialised(v2, 6), etag: false });
    expect((await runHarvest(src, counted)).notModified).not.toBe(true);
    h.server.set('/ro.ttl', { body: await reserialised(v2, 7), etag: false });
    expect((await runHarvest(src, counted)).notModified).toBe(true);
    expect(splits).toBe(5);
    // The same graph under other settings is split, though its key was the last one's.
    h.server.set('/ro.ttl', { body: await reserialised(v2, 8), etag: false });
    const stricter = { ...src, profile: 'dcat-ap-no-3' };
    await h.store.saveSource(stricter);
    expect((await runHarvest(stricter, counted)).notModified).not.toBe(true);
    expect(splits).toBe(6);
  });

  it('remembers nothing of a run in which a record could not be validated, so the next run reads the source again', async () => {
    h.server.set('/vf.ttl', { body: await fixture('catalog-v1.ttl'), etag: false });
    const src = await register(h.server.url('/vf.ttl'));
    let failing = true;
    const flaky = { ...h.deps, validator: { profiles: h.validator.profiles, close: async () => undefined, validate: async (r: Parameters<typeof h.validator.validate>[0]) => {
      if (failing && r.ntriples.includes(`<${SNO}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> `)) throw new Error('the validation worker died');
      return h.validator.validate(r);
    } } };
    const first = await runHarvest(src, flaky);
    expect(first.problems.some((p) => p.kind === 'internal' && p.resource === SNO)).toBe(true);
    expect(await h.store.getRecordByIri(SNO)).toBeUndefined();
    failing = false;
    const second = await runHarvest(src, flaky);
    expect(second.state).toBe('succeeded');
    expect(second.notModified).not.toBe(true);
    expect(second.counts).toMatchObject({ added: 1, unchanged: 3 });
    expect(await h.store.getRecordByIri(SNO)).toMatchObject({ status: 'published' });
  });

  it('detects changes by canonical hash: unchanged records keep their modified date, gone ones become tombstones', async () => {
    h.server.set('/c.ttl', { body: await fixture('catalog-v1.ttl'), etag: false });
    const src = await register(h.server.url('/c.ttl'));
    await runHarvest(src, h.deps);
    const luft1 = await h.store.getRecordByIri(LUFT);
    const sno1 = await h.store.getRecordByIri(SNO);
    h.server.set('/c.ttl', { body: await fixture('catalog-v2.ttl'), etag: false });
    const run = await runHarvest(src, h.deps);
    expect(run.counts).toMatchObject({ added: 1, changed: 2, unchanged: 1, removed: 1 });
    // Reordered triples and a relabelled blank node are the same record.
    expect(await h.store.getRecordByIri(LUFT)).toEqual(luft1);
    const sno2 = await h.store.getRecordByIri(SNO);
    expect(sno2!.issued).toBe(sno1!.issued);
    expect(sno2!.modified > sno1!.modified).toBe(true);
    expect(await h.store.getRecordByIri(BARN)).toMatchObject({ status: 'removed' });
    expect(await h.store.getRecordByIri(VEG)).toMatchObject({ status: 'published' });
  });

  it('gives a resource that reappears its old id and first-harvest date', async () => {
    h.server.set('/d.ttl', { body: await fixture('catalog-v1.ttl'), etag: false });
    const src = await register(h.server.url('/d.ttl'));
    await runHarvest(src, h.deps);
    const first = await h.store.getRecordByIri(BARN);
    h.server.set('/d.ttl', { body: await fixture('catalog-v2.ttl'), etag: false });
    await runHarvest(src, h.deps);
    h.server.set('/d.ttl', { body: await fixture('catalog-v1.ttl'), etag: false });
    const run = await runHarvest(src, h.deps);
    expect(run.counts.added).toBe(1);
    expect(await h.store.getRecordByIri(BARN)).toMatchObject({ id: first!.id, issued: first!.issued, status: 'published', removedAt: null });
  });

  it('reports a conflict when a second source claims a resource, and never merges', async () => {
    h.server.set('/e1.ttl', { body: await fixture('catalog-v1.ttl') });
    h.server.set('/e2.ttl', { body: (await fixture('catalog-v1.ttl')).replace('Luftkvalitet i norske byer', 'Kapret tittel') });
    const a = await register(h.server.url('/e1.ttl'));
    await runHarvest(a, h.deps);
    const b = await register(h.server.url('/e2.ttl'), { publisher: '971526920' });
    const run = await runHarvest(b, h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts.conflicts).toBe(4);
    expect(run.problems.filter((p) => p.kind === 'conflict').map((p) => p.resource)).toContain(LUFT);
    expect((await h.store.getRecordByIri(LUFT))!.graph).toContain('Luftkvalitet i norske byer');
    expect((await h.store.getRecordByIri(LUFT))!.sourceId).toBe(a.id);
  });

  it('follows Hydra paging to the last page and reads every page into one graph', async () => {
    const v1 = await fixture('catalog-v1.ttl');
    const [head, ...blocks] = v1.split('\n\n');
    const view = (n: number, next?: string): string =>
      `\n<${h.server.url(`/paged/${n}`)}> a <http://www.w3.org/ns/hydra/core#PartialCollectionView>${next ? ` ; <http://www.w3.org/ns/hydra/core#next> <${next}>` : ''} .\n`;
    h.server.set('/paged/1', { body: [head, blocks[0], blocks[1]].join('\n\n') + view(1, 'p2') });
    h.server.set('/paged/p2', { body: [head, blocks[2], blocks[3]].join('\n\n') + view(2, h.server.url('/paged/p3')) });
    h.server.set('/paged/p3', { body: [head, blocks[4]].join('\n\n') + view(3) });
    const src = await register(h.server.url('/paged/1'));
    const run = await runHarvest(src, h.deps);
    expect(run).toMatchObject({ state: 'succeeded', documents: 3 });
    expect(run.counts.added).toBe(4);
    // The dataset and its distribution were on different pages: the record still holds both.
    expect((await h.store.getRecordByIri(LUFT))!.graph).toContain('https://data.testetaten.no/luft.csv');
  });

  it('tells how far it is: each page fetched, then each record of the source processed', async () => {
    const v1 = await fixture('catalog-v1.ttl');
    const [head, ...blocks] = v1.split('\n\n');
    const view = (n: number, next?: string): string =>
      `\n<${h.server.url(`/progress/${n}`)}> a <http://www.w3.org/ns/hydra/core#PartialCollectionView>${next ? ` ; <http://www.w3.org/ns/hydra/core#next> <${next}>` : ''} .\n`;
    h.server.set('/progress/1', { body: [head, blocks[0], blocks[1], blocks[2]].join('\n\n') + view(1, h.server.url('/progress/2')) });
    h.server.set('/progress/2', { body: [head, blocks[3], blocks[4]].join('\n\n') + view(2) });
    const src = await register(h.server.url('/progress/1'));
    const events: HarvestProgress[] = [];
    const run = await runHarvest(src, h.deps, { onProgress: (p) => events.push(p) });
    expect(run.state).toBe('succeeded');
    const reading = events.filter((e) => e.phase === 'reading');
    expect(reading.map((e) => e.documents)).toEqual([1, 2]);
    const processing = events.filter((e) => e.phase === 'processing');
    // Reading comes first; then the records, counted up one by one to all of them.
    expect(events.indexOf(processing[0]!)).toBe(reading.length);
    const records = processing[0]!.records;
    expect(records).toBeGreaterThanOrEqual(run.counts.added);
    expect(processing.map((e) => e.processed)).toEqual(Array.from({ length: records + 1 }, (_, i) => i));
    expect(processing.every((e) => e.documents === 2 && e.records === records)).toBe(true);
  });

  it('stops a Hydra paging loop with a clear error and keeps the published records', async () => {
    h.server.set('/loop/1', { body: await fixture('catalog-v1.ttl'), etag: false });
    const src = await register(h.server.url('/loop/1'));
    await runHarvest(src, h.deps);
    const view = `<${h.server.url('/loop/1')}> a <http://www.w3.org/ns/hydra/core#PartialCollectionView> ; <http://www.w3.org/ns/hydra/core#next> <${h.server.url('/loop/2')}> .`;
    const back = `<${h.server.url('/loop/2')}> a <http://www.w3.org/ns/hydra/core#PartialCollectionView> ; <http://www.w3.org/ns/hydra/core#next> <${h.server.url('/loop/1')}> .`;
    h.server.set('/loop/1', { body: (await fixture('catalog-v2.ttl')) + view, etag: false });
    h.server.set('/loop/2', { body: back, etag: false });
    const run = await runHarvest(src, h.deps);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/loops/);
    expect(await h.store.getRecordByIri(BARN)).toMatchObject({ status: 'published' });
  });

  describe('bad input never costs good data: the run fails naming the cause and the previous records stay', () => {
    async function publishedThenBroken(pathName: string, broken: Parameters<FixtureServer['set']>[1], deps = h.deps) {
      h.server.set(pathName, { body: await fixture('catalog-v1.ttl'), etag: false });
      const src = await register(h.server.url(pathName));
      await runHarvest(src, deps);
      const before = await h.store.recordStatesOfSource(src.id);
      h.server.set(pathName, broken);
      const run = await runHarvest(src, deps);
      expect(await h.store.recordStatesOfSource(src.id)).toEqual(before);
      return run;
    }

    it('malformed Turtle: failed with the line number', async () => {
      const run = await publishedThenBroken('/bad-syntax.ttl', { body: '@prefix dct: <http://purl.org/dc/terms/> .\n\n<a> dct:title "x" ;\n  dct:bad "unterminated .\n', etag: false });
      expect(run.state).toBe('failed');
      expect(run.problems[0]).toMatchObject({ kind: 'parse', line: expect.any(Number) });
      expect(run.error).toMatch(/line \d+/);
    });

    it('404', async () => {
      const run = await publishedThenBroken('/gone.ttl', { body: 'nope', status: 404, etag: false });
      expect(run).toMatchObject({ state: 'failed' });
      expect(run.error).toMatch(/404/);
    });

    it('500', async () => {
      const run = await publishedThenBroken('/boom.ttl', { body: 'boom', status: 500, contentType: 'text/plain', etag: false });
      expect(run.error).toMatch(/500/);
    });

    it('an HTML page instead of RDF', async () => {
      const run = await publishedThenBroken('/html.ttl', { body: '<!doctype html><html><head><title>Login</title></head><body>log in</body></html>', contentType: 'text/html', etag: false });
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/HTML/);
    });

    it('invalid UTF-8', async () => {
      const bytes = Buffer.concat([Buffer.from('<https://x.test/a> <http://purl.org/dc/terms/title> "'), Buffer.from([0xc3, 0x28]), Buffer.from('" .\n')]);
      const run = await publishedThenBroken('/latin1.ttl', { body: bytes, etag: false });
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/UTF-8/);
    });

    it('a gzip bomb over the size cap', async () => {
      const bomb = gzipSync(Buffer.alloc(5_000_000, 0x20));
      const run = await publishedThenBroken('/bomb.ttl', (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/turtle', 'Content-Encoding': 'gzip' }).end(bomb);
      });
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/1000000|1 000 000|1 MB|size|large/i);
    });

    it('a server that never answers', async () => {
      const impatient = { ...h.deps, policy: { ...h.deps.policy, idleTimeoutMs: 300, totalTimeoutMs: 1000 } };
      const run = await publishedThenBroken(
        '/silent.ttl',
        () => {
          /* never answers */
        },
        impatient,
      );
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/time|timed out|no data|idle/i);
    });
  });

  it('publishes the good records of a source when one record is broken, and reports the broken one', async () => {
    const doc = (await fixture('catalog-v1.ttl')) + '\n[] a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Uten identitet"@nb .\n';
    h.server.set('/partly.ttl', { body: doc });
    const run = await runHarvest(await register(h.server.url('/partly.ttl')), h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts.added).toBe(4);
    expect(run.counts.skipped).toBe(1);
    expect(run.problems.find((p) => p.kind === 'skipped')!.message).toMatch(/identifier|IRI/);
  });

  it('leaves out a resource whose IRI is too long to be a record\'s, naming it, and publishes the rest (alike in either store)', async () => {
    // 3 000 bytes: more than PostgreSQL's B-tree index holds for the records' IRI, which failed the whole batch there.
    const long = `https://data.testetaten.no/datasett/${'x'.repeat(2950)}`;
    const doc = (await fixture('catalog-v1.ttl')) + `\n<${long}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "Lang IRI"@nb .\n<https://data.testetaten.no/katalog> <http://www.w3.org/ns/dcat#dataset> <${long}> .\n`;
    h.server.set('/long.ttl', { body: doc });
    const run = await runHarvest(await register(h.server.url('/long.ttl')), h.deps);
    expect(run.state).toBe('succeeded');
    expect(run.counts).toMatchObject({ added: 4, skipped: 1 });
    expect(run.problems.find((p) => p.resource === long)).toMatchObject({ kind: 'skipped', message: expect.stringMatching(/its IRI is \d+ bytes long, and a record's IRI may be at most 2048/) });
    expect(await h.store.getRecordByIri(long)).toBeUndefined();
  });

  it('counts records with violations and publishes them, naming each', async () => {
    const doc = (await fixture('catalog-v1.ttl')).replace('dct:title "Barnehager"@nb ;', '');
    h.server.set('/q.ttl', { body: doc });
    const open = await runHarvest(await register(h.server.url('/q.ttl')), h.deps);
    expect(open.counts.invalid).toBeGreaterThanOrEqual(1);
    expect(open.problems.find((p) => p.kind === 'invalid' && p.resource === BARN)).toBeDefined();
    expect(await h.store.getRecordByIri(BARN)).toMatchObject({ status: 'published' });
  });

  it('quarantines records with violations when the source asks, and publishes the rest', async () => {
    const doc = (await fixture('catalog-v1.ttl')).replace('dct:title "Barnehager"@nb ;', '');
    h.server.set('/q.ttl', { body: doc });
    const quarantined = await runHarvest(await register(h.server.url('/q.ttl'), { quarantineInvalid: true }), h.deps);
    expect(quarantined.counts.invalid).toBeGreaterThanOrEqual(1);
    expect(await h.store.getRecordByIri(BARN)).toMatchObject({ status: 'quarantined' });
    expect(await h.store.getRecordByIri(LUFT)).toMatchObject({ status: 'published' });
  });

  it('reads a local file (the CLI) in any syntax', async () => {
    const file = path.join(import.meta.dirname, 'fixtures', 'catalog-v1.ttl');
    const run = await runHarvest(await register(file), h.deps, { localPath: file });
    expect(run.state).toBe('succeeded');
    expect(run.counts.added).toBe(4);
  });

  it('never throws when the run report cannot be stored: the records stay committed and the run says so', async () => {
    h.server.set('/report.ttl', { body: await fixture('catalog-v1.ttl') });
    const src = await register(h.server.url('/report.ttl'));
    const failing = new Proxy(h.store, {
      get(target, name, receiver) {
        if (name === 'finishRun') return async () => Promise.reject(new Error('database is locked'));
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const run = await runHarvest(src, { ...h.deps, store: failing });
    expect(run.state).toBe('succeeded');
    expect(run.problems.at(-1)).toMatchObject({ kind: 'internal', message: expect.stringMatching(/could not be stored: database is locked/) });
    expect(await h.store.getRecordByIri(LUFT)).toMatchObject({ status: 'published' });
  });
});
