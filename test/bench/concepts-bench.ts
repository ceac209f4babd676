/**
 * Issue 8's figures: concepts.
 *
 *   npm run bench concepts                                   # the issue's sizes: 100 000 concepts, 100 000 datasets
 *   npm run bench concepts -- --concepts 20000 --datasets 20000 --queries 300
 *   npm run bench concepts -- --keep /tmp/concepts-100k   # keep the catalog there; a later run with the same
 *                                                          # sizes reuses it and measures search and lookup only
 *
 * 1. Harvest: a synthetic SKOS-AP-NO-Begrep 2.0 concept catalog (one Turtle file: one dcat:Catalog
 *    listing every concept with skos:member; each concept with preferred terms in nb, nn and en, an
 *    admitted and a hidden term, a definition with an audience in nb and nn, a subject area, a status,
 *    a generic relation to an earlier concept and a related one) harvested through the real pipeline
 *    (read → parse → split → hash → validate → store), then the projections (search, relations, concept
 *    lookup, reference labels); then harvested again unchanged twice: the same bytes (the document's
 *    digest is the one remembered, so nothing is parsed), then with a comment added (different bytes,
 *    the same concepts: read, split and compared record by record).
 * 2. Search: `--datasets` synthetic datasets added to the same search index, then `--queries` concept
 *    searches (`type=concept`, a term, all facets) and as many searches over every kind: p50, p95. The 16
 *    words of "every kind, a word" repeat, and a common word's second search is answered from memory
 *    (word-columns-cache.ts): each class also prints its first searches of a text apart from the repeated
 *    ones, and the common words are measured cold too, each the first search of its word on a fresh connection.
 * 3. Lookup: `GET /api/concepts/lookup`'s index, `--queries` prefixes and whole terms: p50, p95, max.
 *
 * Other work may load the machine: the load average is printed beside the figures.
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { SearchQuery } from '../../src/core/ports/search-index.js';
import { buildSource } from '../../src/harvest/source-registration.js';
import { openCatalog } from '../../src/main.js';
import { ReferenceDataDefault } from '../../src/search/reference-data-default.js';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.js';
import { syntheticRecords } from '../search/fixtures/synthetic-records.js';
import { loadSearchVocabulary } from '../support/project-vocabulary.js';

const { values } = parseArgs({
  options: {
    concepts: { type: 'string', default: '100000' },
    datasets: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '500' },
    keep: { type: 'string' },
  },
});
const CONCEPTS = Number(values.concepts);
const DATASETS = Number(values.datasets);
const QUERIES = Number(values.queries);

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = (): string => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const line = (s = ''): void => console.log(s);
const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const STEMS = ['inntekt', 'skatt', 'formue', 'avgift', 'enhet', 'foretak', 'adresse', 'eiendom', 'person', 'bolig', 'trygd', 'lønn', 'kommune', 'vei', 'skole', 'helse'];
const SUFFIXES = ['grunnlag', 'plikt', 'type', 'beløp', 'periode', 'register', 'status', 'kode', 'sted', 'andel'];
const term = (i: number): string => `${STEMS[i % STEMS.length]}${SUFFIXES[Math.floor(i / STEMS.length) % SUFFIXES.length]} ${i}`;

line(`# Concepts benchmark (issue 8): node ${process.version}, ${cpus().length} cores, ${load()} at start`);
const KEEP = values.keep;
const dir = KEEP !== undefined ? path.resolve(KEEP) : await mkdtemp(path.join(tmpdir(), 'dk-concepts-bench-'));
/** A kept catalog that a finished earlier run built at these sizes: its harvest and datasets are not built again. */
const sizes = `${CONCEPTS} concepts, ${DATASETS} datasets`;
const reuse = KEEP !== undefined && (await readFile(path.join(dir, 'built'), 'utf8').catch(() => '')) === sizes;
if (KEEP !== undefined && !reuse) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}
try {
  const file = path.join(dir, 'begreper.ttl');
  const out: string[] = [
    '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .',
    '@prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> . @prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .',
    '@prefix xkos: <http://rdf-vocabulary.ddialliance.org/xkos#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix c: <https://begrep.example.no/c/> .',
    '@prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
    '<https://begrep.example.no/kontakt> a vcard:Organization ; vcard:hasEmail <mailto:begrep@example.no> .',
    '<https://begrep.example.no/katalog> a dcat:Catalog , skos:Collection ; dct:title "Syntetisk begrepskatalog"@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974761076> ;',
    '  dct:identifier "https://begrep.example.no/katalog"^^xsd:anyURI ; dcat:contactPoint <https://begrep.example.no/kontakt> ;',
    `  skos:member ${Array.from({ length: CONCEPTS }, (_, i) => `c:${i}`).join(' , ')} .`,
    '<https://data.brreg.no/enhetsregisteret/api/enheter/974761076> a foaf:Agent ; dct:identifier "974761076" ; foaf:name "Skatteetaten"@nb .',
  ];
  for (let i = 0; i < CONCEPTS; i++) {
    const t = term(i);
    out.push(`c:${i} a skos:Concept ; skos:prefLabel "${t}"@nb , "${t} (nn)"@nn , "term ${i}"@en ; skos:altLabel "alternativ ${t}"@nb ;`,
      `  skosxl:hiddenLabel [ a skosxl:Label ; skosxl:literalForm "frarådd ${i}"@nb ] ;`,
      `  euvoc:xlDefinition [ a euvoc:XlNote ; rdf:value "${t} er et syntetisk begrep om ${STEMS[(i * 7) % STEMS.length]} brukt i målingen"@nb ; dct:audience <https://data.norge.no/vocabulary/audience-type#${i % 3 === 0 ? 'specialist' : 'public'}> ] ;`,
      `  skos:definition "${t} er eit syntetisk omgrep"@nn ; dct:subject "${STEMS[i % STEMS.length]}"@nb ;`,
      `  euvoc:status <http://publications.europa.eu/resource/authority/concept-status/${i % 10 === 0 ? 'DRAFT' : 'CURRENT'}> ;`,
      `  dct:identifier "https://begrep.example.no/c/${i}"^^xsd:anyURI ; dcat:contactPoint <https://begrep.example.no/kontakt> ;`,
      `  dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974761076>${i > 0 ? ` ; xkos:specializes c:${Math.floor(i / 2)} ; skos:related c:${(i * 31) % i}` : ''} .`);
  }
  await writeFile(file, `${out.join('\n')}\n`);
  const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), HARVEST_INTERVAL: '0', LOG_LEVEL: 'silent' });
  const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
  try {
    if (reuse) line(`\nReusing the catalog built in ${dir} (${sizes}): harvest and indexing skipped.`);
    else {
      const source = buildSource({ url: file, kind: 'skos-ap-no', publisher: '974761076', name: 'Syntetiske begreper' }, { allowLocalPath: true, sourceKinds: catalog.harvest.sourceKinds, now: () => new Date() });
      await catalog.store.saveSource(source);
      line();
      line(`## 1. Harvest: ${fmt(CONCEPTS)} concepts in one collection (${fmt(out.join('\n').length / 1e6, 1)} MB of Turtle)`);
      for (const label of ['first harvest', 'unchanged re-harvest, the same bytes', 'unchanged re-harvest, the bytes differ by a comment']) {
        if (label.endsWith('comment')) await appendFile(file, `# harvested again ${new Date().toISOString()}\n`);
        const t0 = performance.now();
        const run = await catalog.harvest.harvest(source, { localPath: file });
        const harvested = performance.now() - t0;
        await catalog.projector.sync();
        const total = performance.now() - t0;
        const c = run.counts;
        line(`${label}: ${run.state}, added ${c.added}, changed ${c.changed}, unchanged ${c.unchanged}, invalid ${c.invalid} — harvest ${fmt(harvested / 1000, 1)} s = ${fmt((CONCEPTS / harvested) * 1000)} concepts/s; with the projections ${fmt(total / 1000, 1)} s = ${fmt((CONCEPTS / total) * 1000)} concepts/s (${load()})`);
        if (run.state !== 'succeeded') line(`  error: ${run.error ?? ''} ${run.problems.slice(0, 3).map((p) => p.message).join(' | ')}`);
      }
    }
    line();
    line(`## 2. Search: ${fmt(CONCEPTS)} concepts + ${fmt(DATASETS)} datasets in the embedded index`);
    if (!reuse) {
      const t1 = performance.now();
      const datasets = syntheticRecords(DATASETS, 100);
      for (let i = 0; i < DATASETS; i += 5000) await catalog.search.upsert(datasets.slice(i, i + 5000));
      line(`datasets indexed in ${fmt((performance.now() - t1) / 1000, 1)} s; ${fmt(await catalog.search.count())} documents (${load()})`);
      if (KEEP !== undefined) await writeFile(path.join(dir, 'built'), sizes);
    }
    const base: SearchQuery = { q: '', filters: {}, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 20, lang: 'nb' };
    for (const [label, make] of [
      ['type=concept, a term, all concept facets', (i: number): SearchQuery => ({ ...base, q: `${STEMS[i % STEMS.length]}${SUFFIXES[i % SUFFIXES.length]}`, filters: { type: ['concept'] } })],
      ['type=concept, a hidden term', (i: number): SearchQuery => ({ ...base, q: `frarådd ${(i * 7919) % CONCEPTS}`, filters: { type: ['concept'] } })],
      ['every kind, a word, all facets', (i: number): SearchQuery => ({ ...base, q: STEMS[i % STEMS.length]! })],
      ['type=concept, status=DRAFT, no text', (): SearchQuery => ({ ...base, filters: { type: ['concept'], conceptStatus: ['DRAFT'] } })],
    ] as const) {
      const times: number[] = [];
      /** Searches of a text not searched before in this run: where its word occurs is read from SQLite, not kept in memory (word-columns-cache.ts). */
      const firstTimes: number[] = [];
      const laterTimes: number[] = [];
      const seen = new Set<string>();
      let hits = 0;
      for (let i = 0; i < QUERIES; i++) {
        const query = make(i);
        const t = performance.now();
        const r = await catalog.search.search(query);
        const took = performance.now() - t;
        times.push(took);
        (seen.has(query.q) ? laterTimes : firstTimes).push(took);
        seen.add(query.q);
        hits += r.total;
      }
      line(`${label}: p50 ${fmt(quantile(times, 0.5), 1)} ms, p95 ${fmt(quantile(times, 0.95), 1)} ms, max ${fmt(Math.max(...times), 1)} ms (mean total ${fmt(hits / QUERIES)}) (${load()})`);
      if (make(0).q !== '' && firstTimes.length > 0 && laterTimes.length > 0) {
        line(`  of these, ${firstTimes.length} first searches of their text: p50 ${fmt(quantile(firstTimes, 0.5), 1)} ms, p95 ${fmt(quantile(firstTimes, 0.95), 1)} ms; ${laterTimes.length} repeated: p50 ${fmt(quantile(laterTimes, 0.5), 1)} ms, p95 ${fmt(quantile(laterTimes, 0.95), 1)} ms`);
      }
    }
    {
      // The common words cold: each searched first on a connection that just opened (its facet memory and term set loaded
      // by a search of another word first), so where the word occurs is read from SQLite, as after another node wrote.
      const cold: number[] = [];
      const cpuMs: number[] = [];
      for (const stem of STEMS) {
        const fresh = new ReferenceDataDefault(SqliteSearchIndex.openInDataDir(config.dataDir, { vocabulary: loadSearchVocabulary(path.resolve('vocab')) }));
        await fresh.search({ ...base, q: 'begrepskatalogen' });
        const c0 = process.cpuUsage();
        const t = performance.now();
        await fresh.search({ ...base, q: stem });
        cold.push(performance.now() - t);
        const c = process.cpuUsage(c0);
        cpuMs.push((c.user + c.system) / 1000);
        await fresh.close();
      }
      line(`every kind, a word, cold (first search of each of the ${STEMS.length} words on a fresh connection): p50 ${fmt(quantile(cold, 0.5), 1)} ms, p95 ${fmt(quantile(cold, 0.95), 1)} ms, max ${fmt(Math.max(...cold), 1)} ms; CPU p50 ${fmt(quantile(cpuMs, 0.5), 1)} ms, max ${fmt(Math.max(...cpuMs), 1)} ms (${load()})`);
    }

    line();
    line(`## 3. Term lookup over ${fmt(CONCEPTS)} concepts (GET /api/concepts/lookup's index)`);
    for (const [label, make] of [
      ['prefix of 4 letters', (i: number) => STEMS[i % STEMS.length]!.slice(0, 4)],
      ['a whole preferred term', (i: number) => term((i * 7919) % CONCEPTS)],
      ['a hidden term', (i: number) => `frarådd ${(i * 104729) % CONCEPTS}`],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < QUERIES * 4; i++) {
        const t = performance.now();
        catalog.conceptLookup.lookup({ term: make(i), limit: 10, referenceData: false });
        times.push(performance.now() - t);
      }
      line(`${label}: p50 ${fmt(quantile(times, 0.5), 3)} ms, p95 ${fmt(quantile(times, 0.95), 3)} ms, max ${fmt(Math.max(...times), 2)} ms (${load()})`);
    }
  } finally {
    await catalog.close();
  }
} finally {
  if (KEEP === undefined) await rm(dir, { recursive: true, force: true });
}
