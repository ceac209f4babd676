import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import { DCAT, DCT, RDF } from '../../../src/rdf/namespaces.js';
import { canonicalNTriples, graphHash } from '../../../src/rdf/ntriples.js';
import { uuidV3 } from '../../../src/rdf/uuid-v3.js';

const { namedNode, literal, quad } = DataFactory;


/** A browser's Accept header (Chromium's, for a navigation). */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

export interface PortalService {
  readonly server: RunningServer;
  readonly base: string;
  /** Ids the tests visit: one record of each kind the demo holds, a removed one, a run, a publisher. */
  readonly ids: {
    readonly dataset: string; readonly defective: string; readonly dataService: string; readonly catalog: string; readonly removed: string; readonly run: string; readonly publisher: string;
    /** Skatteetaten's concept «inntekt» (definitions per audience with sources, validity, relations) and its collection. */
    readonly concept: string; readonly collection: string;
    /** Brønnøysundregistrene's concept «organisasjonsnummer», which an attribute of the model «Enhet» means; the model. */
    readonly usedConcept: string; readonly model: string;
    /** The model «Reelle rettighetshavere», which reuses the object type Enhet of «Enhet». */
    readonly reusingModel: string;
    /** A dataset of MANY_DISTRIBUTIONS distributions, written to the store beside the demo: its page shows them a page at a time. */
    readonly manyDistributions: string;
  };
  close(): Promise<void>;
}

/** How many distributions the dataset `manyDistributions` has: more than one page of them (LIST_PAGE_SIZE). */
export const MANY_DISTRIBUTIONS = 250;

/** Kartverket's «Stedsnavn per kommune», one file per municipality. */
function manyDistributionsRecord(sourceId: string): RecordWrite {
  const iri = 'https://data.kartverket.no/datasett/stedsnavn-per-kommune';
  const s = namedNode(iri);
  const quads: Quad[] = [
    quad(s, namedNode(RDF.type), namedNode(DCAT.Dataset)),
    quad(s, namedNode(DCT.title), literal('Stedsnavn per kommune', 'nb')),
    quad(s, namedNode(DCT.description), literal('Stedsnavn fra Sentralt stedsnavnregister, én fil per kommune.', 'nb')),
  ];
  for (let i = 1; i <= MANY_DISTRIBUTIONS; i++) {
    const n = String(i).padStart(3, '0');
    const d = namedNode(`${iri}/fil-${n}`);
    quads.push(quad(s, namedNode(DCAT.distribution), d), quad(d, namedNode(RDF.type), namedNode(DCAT.Distribution)), quad(d, namedNode(DCT.title), literal(`Stedsnavn, kommune ${n}`, 'nb')));
    quads.push(quad(d, namedNode(DCAT.accessURL), namedNode(`https://data.kartverket.no/stedsnavn/${i}.gml`)));
  }
  const graph = canonicalNTriples(quads);
  const at = new Date().toISOString();
  return { id: uuidV3(iri), iri, kind: 'dataset', sourceId, catalogId: null, hash: graphHash(graph), status: 'published', issued: at, modified: at, graph, validation: null };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of the service's own API
type Json = any;

/**
 * `npm start` on an empty data directory, the demo harvested through the real pipeline, then one demo
 * agency unregistered so its records are tombstones (410).
 */
export async function startPortalService(): Promise<PortalService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-portal-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', HARVEST_INTERVAL: '0', VALIDATION_WORKERS: '1', SPARQL_WORKERS: '1', ADMIN_TOKEN: 'test-token', LOG_LEVEL: 'silent', ORGANISATION_REGISTER_URL: 'off' });
  const server = await startServer(config, silentLogger);
  await server.demoHarvested;
  const base = server.url;
  const json = async (p: string, init?: RequestInit): Promise<Json> => (await fetch(`${base}${p}`, init)).json();
  const first = async (q: string): Promise<string> => ((await json(`/api/search?${q}&size=1`)).hits[0] as { id: string }).id;
  const sources = (await json('/api/sources')).sources as Json[];
  const udir = sources.find((s) => String(s.url).endsWith('udir.ttl'));
  const removed = await first(`publisher=${udir.publisher}&type=datasets`);
  const response = await fetch(`${base}/api/sources/${udir.id}`, { method: 'DELETE', headers: { Authorization: 'Bearer test-token' } });
  if (!response.ok) throw new Error(`unregistering the demo source failed: ${response.status}`);
  await server.catalog.projector.sync();
  const recordId = async (iri: string): Promise<string> => {
    const record = await server.catalog.store.getRecordByIri(iri);
    if (record === undefined) throw new Error(`the portal tests need the record of ${iri}`);
    return record.id;
  };
  const kartverket = sources.find((s) => String(s.url).endsWith('kartverket.rdf'));
  const many = manyDistributionsRecord(kartverket.id as string);
  await server.catalog.store.writeRecords([many]);
  await server.catalog.projector.sync();
  const ids = {
    dataset: await first('q=snøskredvarsel&type=datasets'),
    defective: await first('q=grunnforurensning&type=datasets'),
    dataService: await first('type=data-services'),
    catalog: await first('type=catalogs&publisher=974760673'),
    removed,
    run: kartverket.latestRun.id as string,
    publisher: kartverket.publisher as string,
    concept: await recordId('https://data.skatteetaten.no/begrep/inntekt'),
    collection: await recordId('https://data.skatteetaten.no/begrepskatalog'),
    usedConcept: await recordId('https://data.brreg.no/begrep/organisasjonsnummer'),
    model: await recordId('https://data.norge.no/modeller/enhet'),
    reusingModel: await recordId('https://data.norge.no/modeller/reelle-rettighetshavere'),
    manyDistributions: many.id,
  };
  return {
    server,
    base,
    ids,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

