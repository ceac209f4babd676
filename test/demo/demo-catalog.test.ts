import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import { Store, DataFactory } from 'n3';
import { describe, it, expect, beforeAll } from 'vitest';
import { organisationNumberProblem } from '../../src/core/organisation-number.js';
import { DEMO_DIR, DEMO_SOURCES, demoDirFor, demoFile, findProjectRoot } from '../../src/demo/demo-sources.js';
import { ACCESS_RIGHT, DATA_THEME_BASE, DCAT, DCT, EUVOC, FILE_TYPE_BASE, FOAF, HYDRA, IANA_MEDIA_TYPES_BASE, LOS_BASE, RDF, SKOS, SKOSNO, SKOSXL, XKOS } from '../../src/rdf/namespaces.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { parseOpenApi } from '../../harvesters/openapi/parse-openapi.js';
import { syntaxFromMediaType } from '../../src/rdf/syntax.js';

const { namedNode } = DataFactory;
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../..');
const corpus = path.resolve(projectRoot, '../shared/corpus');

/** Where the app serves the files; any host and port must do. */
const servedAt = (host: string, file: string) => `http://${host}/demo/${file}`;

async function parseFile(file: string, mediaType: string, host = '127.0.0.1:8080'): Promise<Quad[]> {
  const syntax = syntaxFromMediaType(mediaType);
  if (syntax === undefined) throw new Error(`${mediaType} names no RDF syntax`);
  return parseRdfToArray(readFileSync(path.join(DEMO_DIR, file)), { syntax, baseIri: servedAt(host, file), blankNodePrefix: file.replace(/\W/g, '_') + '_' });
}

interface ParsedSource {
  readonly name: string;
  readonly kind: string;
  readonly publisher: string;
  readonly store: Store;
  readonly pages: Quad[][];
}

const sources: ParsedSource[] = [];
const all = new Store();

const values = (store: Store, s: Term | null, p: string, o: Term | null = null) => store.getQuads(s, namedNode(p), o, null);
const subjectsOfType = (store: Store, type: string) => store.getSubjects(namedNode(RDF.type), namedNode(type), null);
const objects = (store: Store, s: Term, p: string) => store.getObjects(s, namedNode(p), null);

beforeAll(async () => {
  for (const s of DEMO_SOURCES) {
    const pages = await Promise.all(s.files.map((f) => parseFile(f, s.mediaType)));
    const store = new Store(pages.flat());
    sources.push({ name: s.name, kind: s.kind, publisher: s.publisher, store, pages });
    all.addQuads(pages.flat());
  }
});

describe('the demo sources', () => {
  it('are real agencies whose organisation numbers pass the mod-11 check', () => {
    expect(DEMO_SOURCES.length).toBeGreaterThanOrEqual(5);
    for (const s of DEMO_SOURCES) expect(organisationNumberProblem(s.publisher), s.name).toBeNull();
    // An agency's data catalog and its concept catalog are two sources: one per agency and kind.
    expect(new Set(DEMO_SOURCES.map((s) => `${s.publisher} ${s.kind}`)).size).toBe(DEMO_SOURCES.length);
    expect(DEMO_SOURCES.map((s) => s.publisher)).toEqual(expect.arrayContaining(['974760673', '971526920', '971040238', '999601391', '971032081', '889640782']));
  });

  it('use Turtle, RDF/XML and JSON-LD, and one is a Hydra-paged Turtle collection', () => {
    expect(new Set(DEMO_SOURCES.map((s) => s.mediaType))).toEqual(new Set(['text/turtle', 'application/rdf+xml', 'application/ld+json']));
    const paged = DEMO_SOURCES.filter((s) => s.files.length > 1);
    expect(paged).toHaveLength(1);
    expect(paged[0]!.mediaType).toBe('text/turtle');
    expect(paged[0]!.files.length).toBeGreaterThanOrEqual(2);
  });

  it('list exactly the files in the catalogs folder, each served by demoFile and nothing else', () => {
    const listed = DEMO_SOURCES.flatMap((s) => [...s.files, ...s.descriptions.map((d) => d.file)]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(readdirSync(DEMO_DIR).sort()).toEqual([...listed].sort());
    for (const s of DEMO_SOURCES) {
      expect(s.files[0]).toBe(s.file);
      for (const f of s.files) expect(demoFile(f)).toEqual({ path: path.join(DEMO_DIR, f), mediaType: s.mediaType });
      for (const d of s.descriptions) expect(demoFile(d.file)).toEqual({ path: path.join(DEMO_DIR, d.file), mediaType: d.mediaType });
    }
    expect(demoFile('../demo-sources.ts')).toBeNull();
    expect(demoFile('README.md')).toBeNull();
  });

  it('declare its publisher in every document: dct:publisher IRIs end with the source organisation number', () => {
    // Reference data (kind skos) is the EU Publications Office's, republished by the registering agency.
    const agencies = sources.filter((s) => s.kind !== 'skos');
    expect(agencies.length).toBeGreaterThan(0);
    for (const s of agencies) {
      const publishers = new Set(values(s.store, null, DCT.publisher).map((q) => q.object.value));
      expect(publishers.size, s.name).toBe(1);
      const [iri] = [...publishers];
      expect(iri!.endsWith(`/${s.publisher}`), `${s.name}: ${iri}`).toBe(true);
      expect(objects(s.store, namedNode(iri!), DCT.identifier).map((o) => o.value)).toEqual([s.publisher]);
      expect(objects(s.store, namedNode(iri!), FOAF.name).length, s.name).toBeGreaterThan(0);
    }
  });
});

describe('the demo catalog as a whole', () => {
  it('has 40–70 datasets, 10–15 data services and one or two dataset series', () => {
    const datasets = subjectsOfType(all, DCAT.Dataset);
    const services = subjectsOfType(all, DCAT.DataService);
    const series = subjectsOfType(all, DCAT.DatasetSeries);
    console.log(`demo catalog: ${datasets.length} datasets, ${services.length} data services, ${series.length} dataset series, ${all.size} triples`);
    expect(datasets.length).toBeGreaterThanOrEqual(40);
    expect(datasets.length).toBeLessThanOrEqual(70);
    expect(services.length).toBeGreaterThanOrEqual(10);
    expect(services.length).toBeLessThanOrEqual(15);
    expect(series.length).toBeGreaterThanOrEqual(1);
    expect(series.length).toBeLessThanOrEqual(2);
  });

  it('gives each DCAT source one catalog listing every dataset, series and service of that source', () => {
    const dcatSources = sources.filter((s) => s.kind === 'dcat-ap-no' || s.kind === 'modelldcat-ap-no');
    expect(dcatSources.length).toBeGreaterThanOrEqual(9);
    for (const s of dcatSources) {
      const catalogs = subjectsOfType(s.store, DCAT.Catalog);
      expect(catalogs, s.name).toHaveLength(1);
      const listed = new Set([...objects(s.store, catalogs[0]!, DCAT.dataset), ...objects(s.store, catalogs[0]!, DCAT.service)].map((t) => t.value));
      const members = [...subjectsOfType(s.store, DCAT.Dataset), ...subjectsOfType(s.store, DCAT.DatasetSeries), ...subjectsOfType(s.store, DCAT.DataService)];
      expect(new Set(members.map((t) => t.value)), s.name).toEqual(listed);
    }
  });

  it('gives every dataset, series and service a title, an identifier and exactly one publisher IRI', () => {
    for (const type of [DCAT.Dataset, DCAT.DatasetSeries, DCAT.DataService]) {
      expect(subjectsOfType(all, type).length, type).toBeGreaterThan(0);
      for (const d of subjectsOfType(all, type)) {
        expect(objects(all, d, DCT.title).length, d.value).toBeGreaterThan(0);
        expect(objects(all, d, DCT.identifier).length, d.value).toBeGreaterThan(0);
        const publishers = objects(all, d, DCT.publisher);
        expect(publishers, d.value).toHaveLength(1);
        expect(publishers[0]!.termType).toBe('NamedNode');
      }
    }
  });

  it('has titles in Bokmål, Nynorsk and English', () => {
    const languages = new Set(values(all, null, DCT.title).map((q) => (q.object.termType === 'Literal' ? q.object.language : '')));
    expect(languages).toEqual(new Set(['nb', 'nn', 'en']));
  });

  it('conforms to the mandatory DCAT-AP-NO 2.0 properties, except the one deliberately defective record', () => {
    const defects: string[] = [];
    for (const d of subjectsOfType(all, DCAT.Dataset)) {
      for (const p of [DCT.description, DCT.identifier, DCT.title, DCAT.theme]) {
        if (objects(all, d, p).length === 0) defects.push(`${d.value} lacks ${p}`);
      }
      if (!objects(all, d, DCAT.theme).some((t) => t.value.startsWith(DATA_THEME_BASE))) defects.push(`${d.value} has no EU data theme`);
      for (const x of objects(all, d, DCAT.distribution)) {
        if (objects(all, x, DCAT.accessURL).length === 0) defects.push(`${d.value} has a distribution without accessURL`);
      }
    }
    for (const s of subjectsOfType(all, DCAT.DataService)) {
      if (objects(all, s, DCAT.endpointURL).length !== 1) defects.push(`${s.value} must have exactly one endpointURL`);
    }
    for (const s of subjectsOfType(all, DCAT.DatasetSeries)) {
      if (objects(all, s, DCAT.first).length === 0) defects.push(`${s.value} lacks dcat:first`);
    }
    const broken = 'https://data.miljodirektoratet.no/datakatalog/datasett/grunnforurensning';
    expect(defects.sort()).toEqual([`${broken} has a distribution without accessURL`, `${broken} lacks ${DCT.description}`]);
  });

  it('uses controlled vocabularies: EU data themes, LOS, access rights, file types, IANA media types, open licences', () => {
    const euThemes = new Set(['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN', 'OP_DATPRO'].map((c) => DATA_THEME_BASE + c));
    for (const q of values(all, null, DCAT.theme)) {
      expect(euThemes.has(q.object.value) || /^https:\/\/psi\.norge\.no\/los\/(tema|ord)\/[a-z0-9-]+$/.test(q.object.value), q.object.value).toBe(true);
    }
    const los = values(all, null, DCAT.theme).filter((q) => q.object.value.startsWith(LOS_BASE));
    expect(los.length).toBeGreaterThan(20);
    const accessRights = new Set(Object.values(ACCESS_RIGHT).filter((v) => v.startsWith('http')));
    // Each vocabulary is used, so the checks below check something.
    for (const p of [DCT.accessRights, DCT.format, DCAT.mediaType]) expect(values(all, null, p).length, p).toBeGreaterThan(0);
    for (const q of values(all, null, DCT.accessRights)) expect(accessRights.has(q.object.value as never), q.object.value).toBe(true);
    for (const q of values(all, null, DCT.format)) expect(q.object.value.startsWith(FILE_TYPE_BASE), q.object.value).toBe(true);
    for (const q of values(all, null, DCAT.mediaType)) expect(q.object.value.startsWith(IANA_MEDIA_TYPES_BASE), q.object.value).toBe(true);
    const openLicences = new Set([
      'http://publications.europa.eu/resource/authority/licence/NLOD_2_0',
      'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0',
      'http://publications.europa.eu/resource/authority/licence/CC0',
      'http://data.norge.no/nlod/no/2.0',
      'https://creativecommons.org/licenses/by/4.0/',
      'http://creativecommons.org/publicdomain/zero/1.0/',
    ]);
    const used = new Set(values(all, null, DCT.license).map((q) => q.object.value));
    for (const l of used) expect(openLicences.has(l), l).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(4);
  });

  it('has data services that serve datasets of their own source', () => {
    expect(sources.reduce((n, s) => n + subjectsOfType(s.store, DCAT.DataService).length, 0)).toBeGreaterThan(0);
    for (const s of sources) {
      for (const service of subjectsOfType(s.store, DCAT.DataService)) {
        const served = objects(s.store, service, DCAT.servesDataset);
        expect(served.length, service.value).toBeGreaterThan(0);
        for (const d of served) expect(s.store.has(DataFactory.quad(d as never, namedNode(RDF.type), namedNode(DCAT.Dataset))), `${service.value} serves ${d.value}`).toBe(true);
      }
    }
  });

  it('has dataset series whose members point back with dcat:inSeries', () => {
    expect(subjectsOfType(all, DCAT.DatasetSeries).length).toBeGreaterThan(0);
    for (const series of subjectsOfType(all, DCAT.DatasetSeries)) {
      const members = values(all, null, DCAT.inSeries, series).map((q) => q.subject.value);
      expect(members.length, series.value).toBeGreaterThanOrEqual(2);
      for (const end of [...objects(all, series, DCAT.first), ...objects(all, series, DCAT.last)]) expect(members).toContain(end.value);
    }
  });
});

describe('the demo concept catalogs and reference data', () => {
  const conceptSources = () => sources.filter((s) => s.kind === 'skos-ap-no');
  const conceptsOf = (s: ParsedSource) => subjectsOfType(s.store, SKOS.Concept);
  const languagesOf = (store: Store, s: Term, p: string) => objects(store, s, p).map((o) => (o.termType === 'Literal' ? o.language : ''));

  it('are two agencies\' concept catalogs (kind skos-ap-no) and the EU data themes (kind skos)', () => {
    expect(conceptSources().map((s) => s.publisher).sort()).toEqual(['974760673', '974761076']);
    const reference = sources.filter((s) => s.kind === 'skos');
    expect(reference).toHaveLength(1);
    const themes = conceptsOf(reference[0]!).map((t) => t.value);
    expect(themes).toHaveLength(14);
    for (const t of themes) {
      expect(t.startsWith(DATA_THEME_BASE), t).toBe(true);
      expect(new Set(languagesOf(reference[0]!.store, namedNode(t), SKOS.prefLabel)), t).toEqual(new Set(['nb', 'nn', 'en']));
    }
    // Every EU theme a demo dataset uses is a harvested reference concept.
    for (const q of values(all, null, DCAT.theme).filter((x) => x.object.value.startsWith(DATA_THEME_BASE))) expect(themes).toContain(q.object.value);
  });

  it('give every concept a preferred term and a definition in Bokmål and Nynorsk', () => {
    for (const s of conceptSources()) {
      expect(conceptsOf(s).length, s.name).toBeGreaterThanOrEqual(10);
      for (const c of conceptsOf(s)) {
        const terms = [...languagesOf(s.store, c, SKOS.prefLabel), ...objects(s.store, c, SKOSXL.prefLabel).flatMap((l) => languagesOf(s.store, l, SKOSXL.literalForm))];
        expect(terms, c.value).toEqual(expect.arrayContaining(['nb', 'nn']));
        const definitions = [...languagesOf(s.store, c, SKOS.definition), ...objects(s.store, c, EUVOC.xlDefinition).flatMap((d) => languagesOf(s.store, d, RDF.value))];
        expect(definitions, c.value).toEqual(expect.arrayContaining(['nb', 'nn']));
      }
    }
  });

  it('have SKOS-XL labels, a generic and a partitive hierarchy, and a replaced concept', () => {
    const concepts = new Store(conceptSources().flatMap((s) => s.pages.flat()));
    expect(values(concepts, null, SKOSXL.altLabel).length).toBeGreaterThan(0);
    expect(values(concepts, null, SKOSXL.hiddenLabel).length).toBeGreaterThan(0);
    expect(values(concepts, null, XKOS.specializes).length + values(concepts, null, SKOSNO.hasGenericConcept).length).toBeGreaterThan(0);
    expect(values(concepts, null, XKOS.isPartOf).length + values(concepts, null, SKOSNO.hasPartitiveConcept).length).toBeGreaterThan(0);
    expect(values(concepts, null, DCT.isReplacedBy).length).toBeGreaterThan(0);
  });

  it('are the subjects of demo datasets: every dct:subject of a dataset is a demo concept', () => {
    const concepts = new Set(conceptSources().flatMap((s) => conceptsOf(s).map((c) => c.value)));
    const subjects = subjectsOfType(all, DCAT.Dataset).flatMap((d) => objects(all, d, DCT.subject));
    expect(subjects.length).toBeGreaterThanOrEqual(5);
    for (const c of subjects) expect(concepts.has(c.value), c.value).toBe(true);
    expect(new Set(subjects.map((c) => c.value.replace(/begrep\/.*$/, '')))).toEqual(new Set(['https://data.brreg.no/', 'https://data.skatteetaten.no/']));
  });
});

describe('the Hydra-paged source', () => {
  const paged = DEMO_SOURCES.find((s) => s.files.length > 1)!;

  it('links its pages with hydra:next on a hydra:PartialCollectionView, resolved against the page URL', async () => {
    for (const host of ['127.0.0.1:8080', 'katalog.example.org:443']) {
      const pages = await Promise.all(paged.files.map((f) => parseFile(f, paged.mediaType, host)));
      pages.forEach((quads, i) => {
        const page = new Store(quads);
        const self = namedNode(servedAt(host, paged.files[i]!));
        expect(page.has(DataFactory.quad(self, namedNode(RDF.type), namedNode(HYDRA.PartialCollectionView)))).toBe(true);
        const next = objects(page, self, HYDRA.next).map((t) => t.value);
        expect(next).toEqual(i + 1 < paged.files.length ? [servedAt(host, paged.files[i + 1]!)] : []);
      });
    }
  });

  it('has no other IRI that depends on where it is served, but its OpenAPI descriptions', async () => {
    const quads = (await Promise.all(paged.files.map((f) => parseFile(f, paged.mediaType, 'somewhere.test:1234')))).flat();
    const pageUrls = new Set(paged.files.map((f) => servedAt('somewhere.test:1234', f)));
    const descriptions = new Set(paged.descriptions.map((d) => servedAt('somewhere.test:1234', d.file)));
    for (const q of quads) {
      for (const t of [q.subject, q.object]) {
        if (t.termType === 'NamedNode' && t.value.includes('somewhere.test')) {
          if (q.predicate.value === DCAT.endpointDescription) {
            expect(descriptions.has(t.value), t.value).toBe(true);
            continue;
          }
          expect(pageUrls.has(t.value), t.value).toBe(true);
          expect(q.predicate.value.startsWith(HYDRA.$base) || q.predicate.value === RDF.type).toBe(true);
        }
      }
    }
  });
});

describe('the OpenAPI descriptions of the demo data services', () => {
  const limits = { maxReferencedDocuments: 0, maxReferencedBytes: 0 };
  const refuse = () => Promise.reject(new Error('the demo descriptions reference nothing outside themselves'));

  it('are each named by exactly one data service of their source as its dcat:endpointDescription, relative to where the demo is served', async () => {
    const described = DEMO_SOURCES.flatMap((s) => s.descriptions);
    expect(described.length).toBeGreaterThanOrEqual(5);
    for (const s of DEMO_SOURCES.filter((x) => x.descriptions.length > 0)) {
      const quads = (await Promise.all(s.files.map((f) => parseFile(f, s.mediaType, 'anywhere.test:81')))).flat();
      const store = new Store(quads);
      for (const d of s.descriptions) {
        const naming = values(store, null, DCAT.endpointDescription, namedNode(servedAt('anywhere.test:81', d.file)));
        expect(naming.length, d.file).toBe(1);
        expect(store.has(DataFactory.quad(naming[0]!.subject, namedNode(RDF.type), namedNode(DCAT.DataService))), d.file).toBe(true);
      }
    }
  });

  it('are valid Swagger 2.0, OpenAPI 3.0 and 3.1 documents with a title, servers and operations', async () => {
    const versions = new Set<string>();
    for (const d of DEMO_SOURCES.flatMap((s) => s.descriptions)) {
      const outcome = await parseOpenApi({ body: readFileSync(path.join(DEMO_DIR, d.file)), location: servedAt('127.0.0.1:8080', d.file), contentType: d.mediaType, ...limits }, refuse);
      expect(outcome.ok, d.file).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.schemaProblems, d.file).toEqual([]);
      expect(outcome.api.title, d.file).toBeTruthy();
      expect(outcome.api.servers.length, d.file).toBeGreaterThan(0);
      expect(outcome.api.operations.length, d.file).toBeGreaterThan(0);
      versions.add(outcome.api.spec.family === 'swagger' ? '2.0' : outcome.api.spec.version.slice(0, 3));
    }
    expect([...versions].sort()).toEqual(['2.0', '3.0', '3.1']);
  });
});

describe('DEMO_DIR', () => {
  it('points at the catalogs folder of the project', () => {
    expect(DEMO_DIR).toBe(path.join(projectRoot, 'src', 'demo', 'catalogs'));
    expect(existsSync(path.join(DEMO_DIR, DEMO_SOURCES[0]!.file))).toBe(true);
  });

  it('resolves to the same folder from the compiled module in dist/ (tsc copies no data files)', () => {
    const compiled = pathToFileURL(path.join(projectRoot, 'dist', 'src', 'demo', 'demo-sources.js')).href;
    expect(findProjectRoot(compiled)).toBe(projectRoot);
    expect(demoDirFor(compiled)).toBe(DEMO_DIR);
  });

  it('fails with a clear message when no package.json is above the module', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-root-'));
    try {
      if (existsSync(path.join(path.parse(dir).root, 'package.json')) || existsSync(path.join(os.tmpdir(), 'package.json'))) return;
      expect(() => findProjectRoot(pathToFileURL(path.join(dir, 'x.js')).href)).toThrow(/no package\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!existsSync(corpus))('the demo catalog against the reference data in ../shared/corpus', () => {
  it('uses only LOS concepts and administrative units that exist', () => {
    const losRdf = readFileSync(path.join(corpus, 'fdk/reference-data/fixtures/los.rdf'), 'utf8');
    const losIris = new Set([...losRdf.matchAll(/rdf:about="(https:\/\/psi\.norge\.no\/los\/[^"]+)"/g)].map((m) => m[1]));
    for (const q of values(all, null, DCAT.theme).filter((x) => x.object.value.startsWith(LOS_BASE))) expect(losIris.has(q.object.value), q.object.value).toBe(true);
    const units = readFileSync(path.join(corpus, 'fdk/reference-data/curated/administrative-enheter.ttl'), 'utf8');
    const unitIris = new Set([...units.matchAll(/<(https:\/\/data\.geonorge\.no\/administrativeEnheter\/[^>]+)>/g)].map((m) => m[1]));
    const spatial = values(all, null, DCT.spatial).map((q) => q.object.value);
    expect(spatial.length).toBeGreaterThan(40);
    for (const s of spatial.filter((v) => v.startsWith('https://data.geonorge.no/'))) expect(unitIris.has(s), s).toBe(true);
  });
});
if (!existsSync(corpus)) console.warn(`Skipping the reference-data checks of the demo catalog: ${corpus} is absent.`);
