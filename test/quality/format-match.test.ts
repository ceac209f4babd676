import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricIri } from '../../src/core/quality-metrics.js';
import { createGuardedFetch } from '../../src/harvest/fetch/guarded-fetch.js';
import { UrlChecker } from '../../src/quality/url-checker.js';
import { distributionUrls, urlStatusesOf } from '../../src/rdf/distribution-urls.js';
import { declaredMediaTypes, FILE_TYPE_BASE, FILE_TYPE_MEDIA_TYPES, formatMatches } from '../../src/rdf/format-match.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { recordQuality } from '../../src/rdf/record-quality.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { loadBundledVocabularies } from '../../src/vocabulary/bundled-vocabularies.js';
import type { StoredRecord } from '../../src/core/catalog-record.js';

const { namedNode, literal } = DataFactory;
const here = path.dirname(fileURLToPath(import.meta.url));
const FT = FILE_TYPE_BASE;
const IANA = 'https://www.iana.org/assignments/media-types/';

describe('what a distribution declares, and whether a server answer resembles it', () => {
  it('reads EU file types and IANA media types, as IRIs and as text', () => {
    expect([...declaredMediaTypes([namedNode(`${FT}CSV`)])]).toEqual(['text/csv']);
    expect([...declaredMediaTypes([namedNode(`${IANA}application/geo+json`), literal('JSON')])].sort()).toEqual(['application/geo+json', 'application/json']);
    expect([...declaredMediaTypes([namedNode('https://www.w3.org/ns/iana/media-types/text/csv'), literal('text/csv; charset=utf-8')])]).toEqual(['text/csv']);
    expect([...declaredMediaTypes([literal('csv'), literal('Excel-regneark'), namedNode('https://example.org/format/csv')])]).toEqual(['text/csv']);
    expect(declaredMediaTypes([namedNode(`${FT}WMS_SRVC`)]).size).toBe(0); // a service has no file to compare
  });

  it('takes a media type IRI with a broken percent escape as it is, without throwing', () => {
    expect(declaredMediaTypes([namedNode(`${IANA}text/%E0%A4%A`)]).size).toBe(0);
    expect([...declaredMediaTypes([namedNode(`${IANA}application%2Fjson`)])]).toEqual(['application/json']);
  });

  it('matches the same type under its IANA name, and the generic and specific type of one structured syntax', () => {
    const csv = declaredMediaTypes([namedNode(`${FT}CSV`)]);
    expect(formatMatches(csv, 'text/csv')).toBe(true);
    expect(formatMatches(csv, 'TEXT/CSV; charset=UTF-8')).toBe(true);
    expect(formatMatches(csv, 'application/csv')).toBe(true);
    expect(formatMatches(csv, 'text/html')).toBe(false);
    expect(formatMatches(csv, 'text/plain')).toBe(false);
    expect(formatMatches(csv, 'application/json')).toBe(false);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}XML`)]), 'text/xml')).toBe(true);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}GEOJSON`)]), 'application/json')).toBe(true);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}JSON`)]), 'application/geo+json')).toBe(true);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}GEOJSON`)]), 'application/ld+json')).toBe(false);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}XML`)]), 'application/gml+xml')).toBe(true);
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}XLSX`)]), 'application/vnd.ms-excel')).toBe(false);
  });

  it('does not measure when the answer says nothing about the format, or nothing is declared', () => {
    expect(formatMatches(declaredMediaTypes([namedNode(`${FT}CSV`)]), 'application/octet-stream')).toBeUndefined();
    expect(formatMatches(new Set(), 'text/csv')).toBeUndefined();
  });

  it('names each EU file type by the IANA type vocab/file-types.ttl gives it', () => {
    const vocabularies = loadBundledVocabularies(path.resolve(here, '../../vocab'));
    const given = vocabularies.quads.filter((q) => q.predicate.value === 'https://w3id.org/datakatalog/vocab#ianaMediaType' && q.subject.value.startsWith(FT));
    expect(given.length).toBeGreaterThan(30);
    for (const q of given) expect([q.subject.value, FILE_TYPE_MEDIA_TYPES[q.subject.value.slice(FT.length)]?.[0]]).toEqual([q.subject.value, q.object.value.slice(IANA.length)]);
  });
});

/** A publisher's file server on loopback: each path answers HEAD with the media type it claims. */
let server: http.Server;
let origin: string;
const ANSWERS: Record<string, [number, string | undefined]> = {
  '/data.csv': [200, 'text/csv; charset=utf-8'],
  '/data-really-html.csv': [200, 'text/html'],
  '/kart.geojson': [200, 'application/json'],
  '/blob': [200, 'application/octet-stream'],
  '/landing': [200, 'text/html; charset=utf-8'],
  '/gone.csv': [404, 'text/html'],
};
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [status, type] = ANSWERS[req.url!] ?? [500, undefined];
    res.writeHead(status, type === undefined ? {} : { 'Content-Type': type }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('formatMatch in a dataset\'s score, from the URL checker\'s results', () => {
  /** One dataset per case, with one distribution declaring `format` and linking the given URLs. */
  function dataset(name: string, format: string, urls: { access?: string; download?: string }): Pick<StoredRecord, 'kind' | 'iri' | 'graph' | 'validation'> {
    const iri = `https://data.example.no/${name}`;
    const ttl = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${iri}> a dcat:Dataset ; dct:title "${name}"@nb ; dcat:distribution <${iri}/d> .
      <${iri}/d> a dcat:Distribution ; dct:format ${format}
        ${urls.access !== undefined ? `; dcat:accessURL <${origin}${urls.access}>` : ''}
        ${urls.download !== undefined ? `; dcat:downloadURL <${origin}${urls.download}>` : ''} .`;
    return { kind: 'dataset', iri, graph: canonicalNTriples(new Parser().parse(ttl)), validation: null };
  }
  const FORMAT_MATCH = metricIri('formatMatch');

  it('is met when the download URL answers with the declared type, missed (with its fix) when it answers with another, and not measured otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'format-match-'));
    const store = SqliteStore.open({ dataDir: dir });
    try {
      const cases = {
        csv: dataset('csv', `<${FT}CSV>`, { access: '/landing', download: '/data.csv' }),
        html: dataset('html', `<${FT}CSV>`, { download: '/data-really-html.csv' }),
        geojson: dataset('geojson', `<${FT}GEOJSON>`, { download: '/kart.geojson' }),
        blob: dataset('blob', `<${FT}CSV>`, { download: '/blob' }),
        landing: dataset('landing', `<${FT}CSV>`, { access: '/landing' }),
        accessOnly: dataset('access-only', '"text/csv"', { access: '/data.csv' }),
        gone: dataset('gone', `<${FT}CSV>`, { download: '/gone.csv' }),
        unknownFormat: dataset('unknown-format', '<https://example.org/formats/mine>', { download: '/data.csv' }),
      };
      const checker = new UrlChecker({
        fetch: createGuardedFetch({ allowedHosts: [new URL(origin).host], userAgent: 'datakatalog-test' }),
        store,
        ttlMs: 86_400_000,
        hostIntervalMs: 0,
        timeoutMs: 5_000,
        maxRetryAfterMs: 1_000,
        hostsAtOnce: 1,
      });
      await checker.checkStale(Object.values(cases).flatMap((r) => distributionUrls(r.graph).map((u) => u.url)));

      const formatMatchOf = async (record: (typeof cases)[keyof typeof cases]) => {
        const statuses = await urlStatusesOf([{ ...record, status: 'published' } as StoredRecord], store);
        const quality = recordQuality(record, statuses)!;
        const metric = quality.scores.dataset.dimensions.flatMap((d) => d.metrics).find((m) => m.id === FORMAT_MATCH)!;
        const fix = quality.fixes.find((f) => f.metric === 'formatMatch');
        return { scored: metric.is_scored, score: metric.score, fix: fix === undefined ? undefined : { gain: fix.gain, property: fix.property } };
      };
      const met = { scored: true, score: 15, fix: undefined };
      const missed = { scored: true, score: 0, fix: { gain: 15, property: 'dct:format' } };
      const notMeasured = { scored: false, score: 0, fix: undefined };

      expect(await formatMatchOf(cases.csv)).toEqual(met); // the file is compared, not the landing page
      expect(await formatMatchOf(cases.html)).toEqual(missed);
      expect(await formatMatchOf(cases.geojson)).toEqual(met);
      expect(await formatMatchOf(cases.blob)).toEqual(notMeasured);
      expect(await formatMatchOf(cases.landing)).toEqual(notMeasured); // an HTML page as the only link: a landing page
      expect(await formatMatchOf(cases.accessOnly)).toEqual(met);
      expect(await formatMatchOf(cases.gone)).toEqual(notMeasured); // the URL metric scores the 404
      expect(await formatMatchOf(cases.unknownFormat)).toEqual(notMeasured);
      // Without URL results, as before the checker ran: not measured, and no fix about it.
      expect(recordQuality(cases.html)!.fixes.map((f) => f.metric)).not.toContain('formatMatch');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
