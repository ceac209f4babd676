import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { HarvestedConcept } from '../../src/core/ports/harvested-vocabulary.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { ValidationReport } from '../../src/core/validation-report.js';
import { openCatalog } from '../../src/main.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { defaultDataDirectories } from '../../src/validation/data-directories.js';
import { DocumentValidationPool } from '../../src/validation/document-validation-pool.js';
import { EngineRegistry } from '../../src/validation/engine-registry.js';
import { controlledSchemes, harvestedLayer } from '../../src/validation/harvested-layer.js';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { PROFILES } from '../../src/validation/profiles.js';
import { ShaclValidator } from '../../src/validation/shacl-validator.js';
import { loadShapes } from '../../src/validation/shapes-loader.js';
import { fixture } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'harvested-vocabulary');
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type';
const PARQUET = `${FILE_TYPE}/PARQUET`;
const CSV = `${FILE_TYPE}/CSV`;
const COUNTRY = 'http://publications.europa.eu/resource/authority/country';
const FORMAT_RULE = 'https://data.norge.no/vocabulary/dcatno/shacl/vocabularies#hasShapeCVInScheme-dctFormat';
const DATASET = 'https://data.example.no/population';

const withParquet: HarvestedConcept[] = [
  { iri: PARQUET, schemes: [FILE_TYPE] },
  { iri: CSV, schemes: [FILE_TYPE] },
];
const withoutParquet: HarvestedConcept[] = [{ iri: CSV, schemes: [FILE_TYPE] }];
const record = canonicalNTriples(fixture('harvested-vocabulary/parquet-record.ttl'));

/** The values the vocabulary rule on dct:format reports (its class and its scheme check each report one). */
const formatViolations = (report: ValidationReport): string[] =>
  [...new Set(report.results.filter((r) => r.severity === 'violation' && r.sourceShape === FORMAT_RULE).map((r) => r.value ?? ''))];

describe('which harvested schemes count as a controlled vocabulary', () => {
  const dirs = defaultDataDirectories();
  const registry = new EngineRegistry(dirs);
  const controlled = controlledSchemes(
    PROFILES.map((p) => new IndexedDataset(loadShapes(dirs.shapesDir, p.shapesFile))),
    registry.bundled,
  );

  it('a scheme a vocabulary rule names, with the classes its bundled concepts have', () => {
    expect(controlled.get(FILE_TYPE)).toEqual(['http://purl.org/dc/terms/MediaTypeOrExtent', 'http://www.w3.org/2004/02/skos/core#Concept']);
    expect(controlled.get('http://publications.europa.eu/resource/authority/access-right')).toContain('http://purl.org/dc/terms/RightsStatement');
    // Named by the spatial rule, held by no vocab/ file: a concept and no more.
    expect(controlled.get(COUNTRY)).toEqual(['http://www.w3.org/2004/02/skos/core#Concept']);
  });

  it('a scheme whose concepts vocab/ holds, though no rule names it (LOS, which themes may come from)', () => {
    expect(controlled.get('https://psi.norge.no/los/ontologi/tema')).toEqual(['http://www.w3.org/2004/02/skos/core#Concept']);
  });

  it('no other scheme, and no concept from another host than its scheme', () => {
    expect(controlled.has('https://example.org/my-own-list')).toBe(false);
    const layer = harvestedLayer(
      [
        { iri: 'https://example.org/my-own-list/A', schemes: ['https://example.org/my-own-list'] },
        { iri: 'https://data.brreg.no/enhetsregisteret/api/enheter/974760673', schemes: [FILE_TYPE] },
        { iri: PARQUET, schemes: [FILE_TYPE, 'https://example.org/my-own-list'] },
      ],
      controlled,
    );
    expect(layer.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).toEqual([
      `${PARQUET} http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://purl.org/dc/terms/MediaTypeOrExtent`,
      `${PARQUET} http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://www.w3.org/2004/02/skos/core#Concept`,
      `${PARQUET} http://www.w3.org/2004/02/skos/core#inScheme ${FILE_TYPE}`,
    ]);
  });
});

describe.each([
  ['the harvest validator in the calling thread', () => new ShaclValidator({ workers: 0 })],
  ['the harvest validator with a worker thread', () => new ShaclValidator({ workers: 1 })],
])('%s sees harvested reference data', (_name, make) => {
  const validator = make();
  afterAll(() => validator.close());
  const check = (profile = 'dcat-ap-no-3') => validator.validate({ ntriples: record, profile });

  it('a code only the harvested table holds is a violation before, conforms after, and is one again once a re-harvest drops it', async () => {
    const before = await check();
    expect(formatViolations(before)).toEqual([PARQUET]);
    expect(before.results.filter((r) => r.severity === 'violation').every((r) => r.sourceShape === FORMAT_RULE)).toBe(true);

    validator.useHarvestedConcepts(withParquet);
    const after = await check();
    expect(after.conforms).toBe(true);
    expect(formatViolations(after)).toEqual([]);

    validator.useHarvestedConcepts(withoutParquet);
    expect(formatViolations(await check())).toEqual([PARQUET]);
    validator.useHarvestedConcepts([]);
    expect(formatViolations(await check())).toEqual([PARQUET]);
  });

  it('leaves the verdicts of profiles that check codes by their form alone as they were', async () => {
    const before = await check('dcat-ap-no-2');
    validator.useHarvestedConcepts(withParquet);
    expect(await check('dcat-ap-no-2')).toEqual(before);
    validator.useHarvestedConcepts([]);
  });
});

describe('POST /api/validate\'s workers see harvested reference data', () => {
  const pool = new DocumentValidationPool({ workers: 1, queue: 4, timeoutMs: 60_000, maxTriples: 10_000, memoryMb: 256, idleMs: 60_000, dirs: defaultDataDirectories(), logger: silentLogger });
  afterAll(() => pool.close());
  const check = async () => (await pool.validateDocument({ body: readFileSync(path.join(fixtures, 'parquet-record.ttl')), syntax: 'turtle', profile: 'dcat-ap-no-3' })).report;

  it('from the next document on', async () => {
    expect(formatViolations(await check())).toEqual([PARQUET]);
    pool.useHarvestedConcepts(withParquet);
    expect((await check()).conforms).toBe(true);
    pool.useHarvestedConcepts(withoutParquet);
    expect(formatViolations(await check())).toEqual([PARQUET]);
  });
});

describe('through the catalog: a reference source harvested and re-harvested while the validation workers run', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'harvested-vocabulary-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: path.join(root, 'data'), DEMO: 'false', LOG_LEVEL: 'warn', HARVEST_INTERVAL: '0', URL_CHECK_INTERVAL: '0', VALIDATION_WORKERS: '1' });
  /** The Parquet record with its dataset's title changed, so that each harvest writes and validates it anew. */
  const datasetVersion = (n: number): string => {
    const file = path.join(root, `catalog-${n}.ttl`);
    writeFileSync(file, readFileSync(path.join(fixtures, 'parquet-record.ttl'), 'utf8').replace('"Befolkning"@nb', `"Befolkning ${n}"@nb`));
    return file;
  };

  it('the dataset harvested after the reference data conforms; after a re-harvest that drops the code, it is a violation again', async () => {
    const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
    try {
      const agency = await catalog.harvest.register({ url: 'https://data.example.no/catalog.ttl', publisher: '974760673', profile: 'dcat-ap-no-3' });
      const fileTypes = await catalog.harvest.register({ url: 'https://reference.example.no/file-types.ttl', publisher: '974760673', kind: 'skos' });
      let lastRun = '';
      const stored = async () => {
        const found = await catalog.store.getRecord(uuidV3(DATASET));
        expect(found, lastRun).toBeDefined();
        return found!.validation!;
      };
      const harvest = async (source: typeof agency, file: string) => {
        const run = await catalog.harvest.harvest(source, { localPath: file });
        lastRun = JSON.stringify({ state: run.state, error: run.error, counts: run.counts, problems: run.problems.slice(0, 5) });
        expect(run.state, lastRun).toBe('succeeded');
        await catalog.projector.sync();
      };

      await harvest(agency, datasetVersion(1));
      expect(formatViolations(await stored())).toEqual([PARQUET]);

      await harvest(fileTypes, path.join(fixtures, 'file-types-with-parquet.ttl'));
      expect(catalog.vocabulary.concepts.map((c) => c.iri).sort()).toEqual([CSV, PARQUET, 'https://formats.example.org/LOOKALIKE']);
      await harvest(agency, datasetVersion(2));
      expect((await stored()).conforms).toBe(true);

      await harvest(fileTypes, path.join(fixtures, 'file-types-without-parquet.ttl'));
      expect(catalog.vocabulary.concepts.map((c) => c.iri)).toEqual([CSV]);
      await harvest(agency, datasetVersion(3));
      expect(formatViolations(await stored())).toEqual([PARQUET]);
    } finally {
      await catalog.close();
    }
  });
});

describe('stored reports judged again when the reference data changes, without harvesting the record\'s source again', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'revalidation-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: path.join(root, 'data'), DEMO: 'false', LOG_LEVEL: 'warn', HARVEST_INTERVAL: '0', URL_CHECK_INTERVAL: '0', VALIDATION_WORKERS: '1' });

  it('a dataset harvested before its code arrives loses its violation after the reference harvest, and gets it back when a re-harvest drops the code', async () => {
    const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });
    try {
      const agency = await catalog.harvest.register({ url: 'https://data.example.no/catalog.ttl', publisher: '974760673', profile: 'dcat-ap-no-3' });
      const fileTypes = await catalog.harvest.register({ url: 'https://reference.example.no/file-types.ttl', publisher: '974760673', kind: 'skos' });
      const harvest = async (source: typeof agency, file: string) => {
        const run = await catalog.harvest.harvest(source, { localPath: file });
        expect(run.state, JSON.stringify(run.problems.slice(0, 3))).toBe('succeeded');
        await catalog.projector.sync();
        await catalog.revalidation.idle();
        await catalog.projector.sync();
      };
      const stored = async () => (await catalog.store.getRecord(uuidV3(DATASET)))!;
      const searchValidation = async () => (await catalog.search.search({ q: '', filters: { uri: [DATASET] }, page: 0, size: 1, lang: 'nb', sort: { field: 'relevance', direction: 'desc' } })).hits[0]!.validation;

      await harvest(agency, path.join(fixtures, 'parquet-record.ttl'));
      const before = await stored();
      expect(formatViolations(before.validation!)).toEqual([PARQUET]);
      expect(await searchValidation()).toBe('has-violations');
      const changes = await catalog.store.latestChangeSeq();

      // Only the reference source is harvested: the dataset's stored report is judged again and loses the violation.
      await harvest(fileTypes, path.join(fixtures, 'file-types-with-parquet.ttl'));
      const after = await stored();
      expect(after.validation!.conforms).toBe(true);
      expect(formatViolations(after.validation!)).toEqual([]);
      expect({ graph: after.graph, hash: after.hash, modified: after.modified, status: after.status }).toEqual({ graph: before.graph, hash: before.hash, modified: before.modified, status: before.status });
      expect(await catalog.store.recordVersions(before.id)).toHaveLength(1); // no new version: the graph did not change
      // Judged again: the records naming a changed term (the dataset, and the reference concepts themselves); replaced: the dataset's alone.
      expect(catalog.revalidation.lastPass).toMatchObject({ terms: 3, replaced: 1, failed: 0 });
      expect(catalog.revalidation.lastPass!.judged).toBeLessThan(catalog.revalidation.lastPass!.read);
      // Its change reached the projections: search shows the new verdict.
      expect(await catalog.store.latestChangeSeq()).toBeGreaterThan(changes);
      expect(await searchValidation()).toBe('conforms');

      // A re-harvest of the reference source that drops the code: the violation is back, still without harvesting the agency.
      await harvest(fileTypes, path.join(fixtures, 'file-types-without-parquet.ttl'));
      expect(formatViolations((await stored()).validation!)).toEqual([PARQUET]);
      expect(await searchValidation()).toBe('has-violations');
    } finally {
      await catalog.close();
    }
  });
});
