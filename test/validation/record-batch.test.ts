import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHarvesters } from '../../harvesters/registry.js';
import type { SplitContext } from '../../src/core/ports/harvester.js';
import { chooseProfile } from '../../src/core/validation-profiles.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { SubjectIndex } from '../../src/rdf/subject-index.js';
import { syntaxFromFileName } from '../../src/rdf/syntax.js';
import { Parser } from 'n3';
import { disjointGroups, recordTerms } from '../../src/validation/disjoint-groups.js';
import { GROUP_SIZE, validateRecordBatch, validateRecordNTriples } from '../../src/validation/record-validation.js';
import { offlineDocuments } from '../support/offline-documents.js';
import { registry } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const shared = path.resolve(root, '../shared/corpus/fdk/spec-examples');
const harvesters = createHarvesters();
const context: SplitContext = { sourceId: 's', sourceName: 'https://agency.example.no/catalog', publisher: '974760673', baseUrl: 'https://data.example.no', documents: offlineDocuments };

interface RecordSet {
  readonly name: string;
  readonly profile: string;
  readonly records: string[];
}

/** The records a harvester of `kind` makes of a file, as N-Triples, with the profile their kind is validated by. */
async function recordSets(kind: string, file: string): Promise<RecordSet[]> {
  const syntax = syntaxFromFileName(file);
  if (syntax === undefined) return [];
  let quads;
  try {
    quads = await parseRdfToArray(readFileSync(file), { syntax, baseIri: 'https://agency.example.no/catalog' });
  } catch {
    return []; // not readable RDF (some corpus files are deliberately broken): nothing to validate
  }
  const harvester = harvesters.get(kind)!;
  const split = await harvester.split(new SubjectIndex().addAll(quads), context);
  const byProfile = new Map<string, string[]>();
  for (const record of split.records) {
    const profile = chooseProfile(record.kind, harvester.profiles, undefined, 'dcat-ap-no-2');
    if (profile === undefined) continue;
    byProfile.set(profile, [...(byProfile.get(profile) ?? []), canonicalNTriples(record.quads)]);
  }
  return [...byProfile].map(([profile, records]) => ({ name: `${path.basename(file)} (${kind}, ${profile})`, profile, records }));
}

const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => syntaxFromFileName(f) !== undefined) : []);

let largestGroup = 0;
async function expectSameAsAlone(set: RecordSet): Promise<number> {
  const targets = registry.engine(set.profile).targetObjectsOf;
  const terms = set.records.map((r) => recordTerms(new Parser({ format: 'N-Triples' }).parse(r), targets));
  largestGroup = Math.max(largestGroup, ...disjointGroups(terms, GROUP_SIZE).map((g) => g.length));
  const batch = await validateRecordBatch(registry, set.records, set.profile);
  const alone = await Promise.all(set.records.map((r) => validateRecordNTriples(registry, r, set.profile)));
  expect(batch.map((o) => ('report' in o ? o.report : o)), set.name).toEqual(alone);
  return alone.reduce((n, r) => n + r.results.length, 0);
}

describe('validating records in groups', () => {
  it('gives every record of the demo catalogs exactly the report it gets alone', async () => {
    const sources = [
      ...filesIn(path.join(root, 'src/demo/catalogs')).map((f) => ({ kind: f.includes('modeller') ? 'modelldcat-ap-no' : 'dcat-ap-no', f })),
      ...filesIn(path.join(root, 'test/harvesters/skos-ap-no/fixtures')).map((f) => ({ kind: 'skos-ap-no', f })),
      ...filesIn(path.join(root, 'test/harvesters/modelldcat-ap-no/fixtures')).map((f) => ({ kind: 'modelldcat-ap-no', f })),
      ...filesIn(path.join(root, 'test/harvesters/dcat-ap-no/fixtures')).map((f) => ({ kind: 'dcat-ap-no', f })),
    ];
    let records = 0;
    let results = 0;
    for (const { kind, f } of sources) {
      for (const set of await recordSets(kind, f)) {
        records += set.records.length;
        results += await expectSameAsAlone(set);
      }
    }
    // Enough records, with results to tell apart, for the comparison to mean something.
    expect(records).toBeGreaterThan(100);
    expect(results).toBeGreaterThan(20);
    expect(largestGroup).toBeGreaterThanOrEqual(8);
  });

  it.skipIf(!existsSync(shared))('gives every record of the official spec examples exactly the report it gets alone (needs ../shared)', async () => {
    const kinds: [string, string][] = [
      ['dcat-ap-no', 'dcat-ap-no'],
      ['modelldcat-ap-no', 'modelldcat-ap-no'],
      ['skos-ap-no-begrep', 'skos-ap-no'],
    ];
    let results = 0;
    for (const [dir, kind] of kinds) for (const f of filesIn(path.join(shared, dir))) for (const set of await recordSets(kind, f)) results += await expectSameAsAlone(set);
    expect(results).toBeGreaterThan(20);
  });

  it('validates records together that describe a shared node alike, and apart those that link into each other', async () => {
    const EX = 'https://agency.example.no/';
    const dataset = (n: number, extra = ''): string =>
      `<${EX}d${n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n` +
      `<${EX}d${n}> <http://purl.org/dc/terms/publisher> <${EX}org> .\n${extra}`;
    const orgWithoutName = `<${EX}org> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Agent> .\n`;
    const records = [
      dataset(1, orgWithoutName), // describes the agent
      dataset(2), // mentions the agent without describing it: not with record 1
      dataset(3, `<${EX}d3> <http://www.w3.org/ns/dcat#distribution> <${EX}d4> .\n`), // links into record 4
      dataset(4),
      dataset(5, orgWithoutName), // describes the agent as record 1 does: with record 1
      dataset(6, `${orgWithoutName}<${EX}org> <http://xmlns.com/foaf/0.1/name> "Etaten"@nb .\n`), // describes it otherwise
      'this is not N-Triples',
    ];
    const targets = registry.engine('dcat-ap-no-2').targetObjectsOf;
    const groups = disjointGroups(records.slice(0, 6).map((r) => recordTerms(new Parser({ format: 'N-Triples' }).parse(r), targets)), GROUP_SIZE);
    const groupOf = (i: number): number[] => groups.find((g) => g.includes(i))!;
    expect(groupOf(0)).toContain(4);
    expect(groupOf(0)).not.toContain(1);
    expect(groupOf(0)).not.toContain(5);
    expect(groupOf(2)).not.toContain(3);

    const batch = await validateRecordBatch(registry, records, 'dcat-ap-no-2');
    expect(batch[6]).toEqual({ error: expect.stringMatching(/not valid N-Triples/) });
    const alone = await Promise.all(records.slice(0, 6).map((r) => validateRecordNTriples(registry, r, 'dcat-ap-no-2')));
    expect(batch.slice(0, 6)).toEqual(alone.map((report) => ({ report })));
    const aboutOrg = (i: number): number => alone[i]!.results.filter((r) => r.focusNode === `${EX}org`).length;
    expect([aboutOrg(0), aboutOrg(1), aboutOrg(4)]).toEqual([aboutOrg(0), 0, aboutOrg(0)]);
    expect(aboutOrg(0)).toBeGreaterThan(aboutOrg(5));
  });

  it('gives a node no record describes to the records that target it, and a sh:targetNode to every record', async () => {
    const { ShaclEngine } = await import('../../src/validation/shacl-engine.js');
    const { IndexedDataset } = await import('../../src/validation/indexed-dataset.js');
    const ttl = (text: string) => new Parser({ format: 'text/turtle' }).parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://x.no/> .\n${text}`);
    const engine = new ShaclEngine(
      'test',
      ttl('ex:S sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] . ex:T sh:targetNode ex:z ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .'),
      new IndexedDataset(),
    );
    const records = [ttl('ex:a ex:p ex:l .'), ttl('ex:b ex:r ex:l .'), ttl('ex:c ex:p ex:l .')].map((quads) => ({ quads, terms: recordTerms(quads) }));
    const grouped = await engine.validateGroup(records);
    const alone = await Promise.all(records.map((r) => engine.validate(r.quads)));
    expect(grouped).toEqual(alone);
    expect(alone.map((r) => r.results.map((x) => x.focusNode).sort())).toEqual([['https://x.no/l', 'https://x.no/z'], ['https://x.no/z'], ['https://x.no/l', 'https://x.no/z']]);
  });

  it('puts many independent records in one group', async () => {
    const terms = Array.from({ length: 70 }, (_, i) =>
      recordTerms(new Parser({ format: 'N-Triples' }).parse(`<https://x.no/d${i}> <http://purl.org/dc/terms/publisher> <https://x.no/org> .\n`)),
    );
    const groups = disjointGroups(terms, GROUP_SIZE);
    expect(groups.map((g) => g.length)).toEqual([GROUP_SIZE, GROUP_SIZE, 70 - 2 * GROUP_SIZE]);
  });
});
