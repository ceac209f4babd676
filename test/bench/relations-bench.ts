/**
 * Issue 9's figures: information models and the linked graph.
 *
 *   npm run bench relations                                  # both parts at the issue's sizes
 *   npm run bench relations -- --models 2000 --elements 100  # a synthetic model catalog: first and unchanged harvest
 *   npm run bench relations -- --datasets 100000 --services 20000 --concepts 100000 --queries 1000 --models 0
 *   npm run bench relations -- --models 0 --keep /tmp/relations-220k   # keep part 2's store there; a later run at the
 *                                                                     # same sizes reuses it (rebuild and queries only)
 *   npm run bench relations -- --models 0 --postgres                  # part 2 also with the relations index in PostgreSQL
 *                                                                     # (TEST_DATABASE_URL: `eval "$(.ci/start-postgres)"`)
 *
 * 1. Models: a synthetic ModellDCAT-AP-NO catalog (one Turtle file, `--models` models of `--elements`
 *    model elements and properties each) harvested through the real pipeline (read → parse → split → hash →
 *    validate → store → projections: search, relations), then harvested again twice with the same models:
 *    first the same bytes (what an unchanged source costs: the document's digest is the one remembered,
 *    so nothing is parsed), then the document with a comment added (different bytes, the same models: it
 *    is parsed, split and compared record by record, every record unchanged; what a source that rewrites
 *    its document with the same content costs).
 * 2. Relations: `--datasets` datasets, `--services` data services and `--concepts` concepts written to a
 *    store (each dataset about two concepts and conforming to a standard, each service serving five datasets,
 *    each concept narrower than another); the relations index rebuilt from the store; `GET …/relations`'s
 *    query (both directions, first page of 50, totals per type) for `--queries` random records: p50, p95, max.
 *
 * Other work may load the machine: the load average is printed beside the figures.
 */
import { loadavg, cpus, tmpdir } from 'node:os';
import { mkdir, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { loadConfig } from '../../src/config/config.js';
import { buildSource } from '../../src/harvest/source-registration.js';
import { openCatalog } from '../../src/main.js';
import { graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import pg from 'pg';
import type { RelationsIndex } from '../../src/core/ports/relations-index.js';
import { PostgresRelationsIndex } from '../../src/relations/postgres/postgres-relations-index.js';
import { SqliteRelationsIndex } from '../../src/relations/sqlite/sqlite-relations-index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '2000' },
    elements: { type: 'string', default: '100' },
    datasets: { type: 'string', default: '100000' },
    services: { type: 'string', default: '20000' },
    concepts: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    keep: { type: 'string' },
    postgres: { type: 'boolean', default: false },
  },
});
const MODELS = Number(values.models);
const ELEMENTS = Number(values.elements);
const DATASETS = Number(values.datasets);
const SERVICES = Number(values.services);
const CONCEPTS = Number(values.concepts);
const QUERIES = Number(values.queries);

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = (): string => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const line = (s = ''): void => console.log(s);
/** CPU seconds this process used since `from` (user + system): on a shared, loaded machine the wall time overstates the work. */
const cpuSince = (from: NodeJS.CpuUsage): string => {
  const u = process.cpuUsage(from);
  return `${fmt((u.user + u.system) / 1e6, 1)} s CPU`;
};
const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** A deterministic pseudo-random sequence (the same records every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

line(`# Relations benchmark (issue 9): node ${process.version}, ${cpus().length} cores, ${load()} at start`);

// ---------------------------------------------------------------------------------------------- 1. models
if (MODELS > 0) {
  const dir = await mkdtemp(path.join(tmpdir(), 'dk-models-bench-'));
  try {
    const file = path.join(dir, 'models.ttl');
    const objectTypes = Math.max(1, Math.round(ELEMENTS / 10));
    const attributesPerType = Math.max(0, Math.floor((ELEMENTS - objectTypes) / objectTypes));
    const out: string[] = [
      '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
      '@prefix modelldcatno: <https://data.norge.no/vocabulary/modelldcatno#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .',
      '<https://models.example.org/catalog> a dcat:Catalog ; dct:title "Syntetisk modellkatalog"@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/991825827> ;',
      `  modelldcatno:model ${Array.from({ length: MODELS }, (_, m) => `<https://models.example.org/m${m}>`).join(' , ')} .`,
      '<https://data.brreg.no/enhetsregisteret/api/enheter/991825827> a foaf:Agent ; dct:identifier "991825827" ; foaf:name "Digitaliseringsdirektoratet"@nb .',
    ];
    for (let m = 0; m < MODELS; m++) {
      const base = `https://models.example.org/m${m}#`;
      const types = Array.from({ length: objectTypes }, (_, t) => `<${base}T${t}>`);
      out.push(`<https://models.example.org/m${m}> a modelldcatno:InformationModel ; dct:title "Modell ${m}"@nb , "Model ${m}"@en ;`,
        `  dct:description "Syntetisk informasjonsmodell nummer ${m}."@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/991825827> ;`,
        `  dcat:keyword "syntetisk"@nb ; modelldcatno:containsModelElement ${types.join(' , ')} .`);
      for (let t = 0; t < objectTypes; t++) {
        const attributes = Array.from({ length: attributesPerType }, (_, a) => `<${base}T${t}a${a}>`);
        out.push(`<${base}T${t}> a ${t === 0 ? 'modelldcatno:RootObjectType' : 'modelldcatno:ObjectType'} ; dct:title "Objekttype ${t}"@nb${attributes.length > 0 ? ` ; modelldcatno:hasProperty ${attributes.join(' , ')}` : ''} .`);
        for (let a = 0; a < attributesPerType; a++) {
          out.push(`<${base}T${t}a${a}> a modelldcatno:Attribute ; dct:title "egenskap ${t}-${a}"@nb ; dct:subject <https://concepts.example.org/c${(m * 7 + t * 13 + a) % 5000}> ;`,
            '  modelldcatno:minOccurs "0"^^xsd:nonNegativeInteger ; modelldcatno:maxOccurs "1"^^xsd:nonNegativeInteger .');
        }
      }
    }
    await writeFile(file, `${out.join('\n')}\n`);
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), HARVEST_INTERVAL: '0', LOG_LEVEL: 'silent' });
    const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
    try {
      const source = buildSource({ url: file, kind: 'modelldcat-ap-no', publisher: '991825827', name: 'Syntetiske modeller' }, { allowLocalPath: true, sourceKinds: catalog.harvest.sourceKinds, now: () => new Date() });
      await catalog.store.saveSource(source);
      line();
      line(`## ${fmt(MODELS)} information models of ${fmt(objectTypes + objectTypes * attributesPerType)} elements and properties each (${fmt(out.join('\n').length / 1e6, 1)} MB of Turtle)`);
      for (const label of ['first harvest', 'unchanged re-harvest, the same bytes', 'unchanged re-harvest, the bytes differ by a comment']) {
        if (label.endsWith('comment')) await appendFile(file, `# harvested again ${new Date().toISOString()}\n`);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const run = await catalog.harvest.harvest(source, { localPath: file });
        const harvested = performance.now() - t0;
        await catalog.projector.sync();
        const total = performance.now() - t0;
        const c = run.counts;
        line(`${label}: ${run.state}, added ${c.added}, changed ${c.changed}, unchanged ${c.unchanged}, invalid ${c.invalid} — harvest ${fmt(harvested / 1000, 1)} s = ${fmt((MODELS / harvested) * 1000, 1)} models/s; with the search and relations projections ${fmt(total / 1000, 1)} s = ${fmt((MODELS / total) * 1000, 1)} models/s; this thread ${cpuSince(c0)}, validation in worker threads not counted (${load()})`);
        if (run.state !== 'succeeded') line(`  error: ${run.error ?? ''} ${run.problems.slice(0, 3).map((p) => p.message).join(' | ')}`);
      }
    } finally {
      await catalog.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- 2. relations
if (DATASETS + SERVICES + CONCEPTS > 0) {
  const KEEP = values.keep;
  const dir = KEEP !== undefined ? path.resolve(KEEP) : await mkdtemp(path.join(tmpdir(), 'dk-relations-bench-'));
  /** A kept store that an earlier run wrote at these sizes: the same records are made (for the queries' ids) but not written again. */
  const sizes = `${DATASETS} datasets, ${SERVICES} data services, ${CONCEPTS} concepts`;
  const reuse = KEEP !== undefined && (await readFile(path.join(dir, 'built'), 'utf8').catch(() => '')) === sizes;
  if (KEEP !== undefined && !reuse) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  try {
    const store = SqliteStore.open({ dataDir: dir });
    const rnd = random(9);
    const pick = (n: number): number => Math.floor(rnd() * n);
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const DCT = 'http://purl.org/dc/terms/';
    const SKOS = 'http://www.w3.org/2004/02/skos/core#';
    const RDF_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
    const datasetIri = (i: number): string => `https://data.example.org/datasets/${i}`;
    const conceptIri = (i: number): string => `https://concepts.example.org/c${i}`;
    const record = (iri: string, kind: RecordWrite['kind'], lines: string[]): RecordWrite => {
      const graph = `${lines.sort().join('\n')}\n`;
      const at = '2025-01-01T00:00:00.000Z';
      return { id: uuidV3(iri), iri, kind, sourceId: 'bench', catalogId: null, hash: graphHash(graph), status: 'published', issued: at, modified: at, graph, validation: null };
    };
    const t0 = performance.now();
    let batch: RecordWrite[] = [];
    const flush = async (force = false): Promise<void> => {
      if (batch.length >= 5000 || (force && batch.length > 0)) {
        if (!reuse) await store.writeRecords(batch);
        batch = [];
      }
    };
    const ids: string[] = [];
    for (let i = 0; i < DATASETS; i++) {
      const s = `<${datasetIri(i)}>`;
      batch.push(record(datasetIri(i), 'dataset', [
        `${s} ${RDF_TYPE} <${DCAT}Dataset> .`, `${s} <${DCT}title> "Datasett ${i}"@nb .`,
        `${s} <${DCT}subject> <${conceptIri(pick(CONCEPTS || 1))}> .`, `${s} <${DCT}subject> <${conceptIri(pick(CONCEPTS || 1))}> .`,
        `${s} <${DCT}conformsTo> <https://standards.example.org/s${pick(200)}> .`,
      ]));
      ids.push(uuidV3(datasetIri(i)));
      await flush();
    }
    for (let i = 0; i < SERVICES; i++) {
      const iri = `https://data.example.org/services/${i}`;
      const s = `<${iri}>`;
      const served = Array.from({ length: 5 }, () => `${s} <${DCAT}servesDataset> <${datasetIri(pick(DATASETS || 1))}> .`);
      batch.push(record(iri, 'data-service', [`${s} ${RDF_TYPE} <${DCAT}DataService> .`, `${s} <${DCT}title> "API ${i}"@nb .`, ...new Set(served)]));
      ids.push(uuidV3(iri));
      await flush();
    }
    for (let i = 0; i < CONCEPTS; i++) {
      const s = `<${conceptIri(i)}>`;
      batch.push(record(conceptIri(i), 'concept', [`${s} ${RDF_TYPE} <${SKOS}Concept> .`, `${s} <${SKOS}prefLabel> "begrep ${i}"@nb .`, ...(i > 0 ? [`${s} <${SKOS}broader> <${conceptIri(pick(i))}> .`] : [])]));
      ids.push(uuidV3(conceptIri(i)));
      await flush();
    }
    await flush(true);
    if (KEEP !== undefined && !reuse) await writeFile(path.join(dir, 'built'), sizes);
    line();
    line(`## Relations: ${fmt(DATASETS)} datasets + ${fmt(SERVICES)} data services + ${fmt(CONCEPTS)} concepts (${fmt(ids.length)} records ${reuse ? `in the store kept in ${dir}` : 'written to the store'} in ${fmt((performance.now() - t0) / 1000, 1)} s)`);

    const indexes: [string, () => Promise<RelationsIndex>][] = [['embedded (SQLite)', async () => SqliteRelationsIndex.openInDataDir(dir)]];
    if (values.postgres === true) {
      const url = process.env.TEST_DATABASE_URL;
      if (url === undefined) throw new Error('--postgres needs TEST_DATABASE_URL: run `eval "$(.ci/start-postgres)"` first');
      indexes.push(['PostgreSQL', () => PostgresRelationsIndex.open({ url, schema: `bench_relations_${process.pid}` })]);
    }
    for (const [label, open] of indexes) {
      const index = await open();
      const r0 = performance.now();
      const rc0 = process.cpuUsage();
      // As the projector does: the relations projection rebuilds from the store's pages in stored order.
      await index.rebuild(store.publishedRecords(undefined, undefined, 'stored'));
      line(`${label}: relations index rebuilt from the store: ${fmt((performance.now() - r0) / 1000, 1)} s wall, ${cpuSince(rc0)} of this process (${load()})`);

      const times: number[] = [];
      let entries = 0;
      for (let q = 0; q < QUERIES; q++) {
        const id = ids[pick(ids.length)]!;
        const t = performance.now();
        const answer = await index.relations({ recordId: id, lang: 'nb', page: 0, size: 50 });
        times.push(performance.now() - t);
        entries += answer.outgoing.length + answer.incoming.length;
      }
      line(`${label}: relations of ${fmt(QUERIES)} random records (both directions, first page of 50, totals per type; ${fmt(entries / QUERIES, 1)} entries each on average): p50 ${fmt(quantile(times, 0.5), 2)} ms, p95 ${fmt(quantile(times, 0.95), 2)} ms, max ${fmt(Math.max(...times), 2)} ms (${load()})`);
      const summaryTimes: number[] = [];
      for (let q = 0; q < QUERIES; q++) {
        const id = ids[pick(ids.length)]!;
        const t = performance.now();
        await index.summaries([id]);
        summaryTimes.push(performance.now() - t);
      }
      line(`${label}: relation summaries (what a search document carries) of ${fmt(QUERIES)} random records: p50 ${fmt(quantile(summaryTimes, 0.5), 2)} ms, p95 ${fmt(quantile(summaryTimes, 0.95), 2)} ms`);
      // A batch of the projector's: the summaries of 2 000 records in one call.
      const batch = Array.from({ length: 2000 }, () => ids[pick(ids.length)]!);
      const b0 = performance.now();
      await index.summaries(batch);
      line(`${label}: relation summaries of 2 000 random records in one call (a projector batch): ${fmt(performance.now() - b0)} ms`);
      await index.close();
      if (label === 'PostgreSQL') await dropSchema(process.env.TEST_DATABASE_URL!, `bench_relations_${process.pid}`);
    }
    await store.close();
  } finally {
    if (KEEP === undefined) await rm(dir, { recursive: true, force: true });
  }
}
line(`(${load()} at the end)`);

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
