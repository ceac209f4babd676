// The acceptance criterion: on every DCAT-AP-NO example and validator test document the
// official DCAT-AP-NO 2.0 shapes can judge, our dcat-ap-no-2 profile reaches the same verdict (has
// violations or not) as the official shapes run with the same engine. Reads ../shared/corpus.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { describe, expect, it } from 'vitest';
import { CPSV, DCAT } from '../../src/rdf/namespaces.js';
import { IndexedDataset } from '../../src/validation/indexed-dataset.js';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { registry } from './helpers.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/fdk');
const available = existsSync(path.join(corpus, 'shapes/dcat-ap-no-v2/DCAT-AP-NO-shacl_shapes_2.00.ttl'));
if (!available) console.warn(`Skipping the official-shapes agreement test: ${corpus} is absent.`);

/**
 * Deliberate differences (shapes/README.md, "Deliberate differences"): the file and why the verdicts
 * differ. Any other difference fails the test.
 */
const EXCEPTIONS: Record<string, string> = {
  'valid_catalog_with_distribution.ttl':
    'licence CNRI_PYTHON: the official shapes ask for skos:inScheme of the EU licence table, which only a fetch of the IRI gives (FDK fetches it and judges the file valid); we accept any IRI of the EU licence table by its namespace',
};

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCAT_CLASSES = new Set<string>([DCAT.Catalog, DCAT.Dataset, DCAT.DatasetSeries, DCAT.DataService, DCAT.Distribution, DCAT.CatalogRecord]);

async function parse(file: string): Promise<Quad[]> {
  const text = readFileSync(file, 'utf8');
  const base = `file://${file}`;
  if (file.endsWith('.ttl')) return new Parser({ format: 'text/turtle', baseIRI: base }).parse(text);
  if (file.endsWith('.xml')) {
    return new Promise((resolve, reject) => {
      const quads: Quad[] = [];
      const parser = new RdfXmlParser({ baseIRI: base });
      parser.on('data', (q: Quad) => quads.push(q));
      parser.on('error', reject);
      parser.on('end', () => resolve(quads));
      parser.end(text);
    });
  }
  if (file.endsWith('.json')) {
    const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as string;
    return new Parser({ format: 'N-Quads' }).parse(nquads);
  }
  throw new Error('not an RDF file extension (.ttl, .xml, .json)');
}

/** Why the official DCAT-AP-NO shapes cannot judge a file, or null when they can. */
function skipReason(quads: readonly Quad[]): string | null {
  const types = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.object.value));
  if (types.has(CPSV.$base + 'PublicService')) return 'CPSV-AP-NO document (public services: another profile)';
  if (![...types].some((t) => DCAT_CLASSES.has(t))) return 'no DCAT-AP-NO resource (shapes, ontology, concept or reference data)';
  return null;
}

describe.skipIf(!available)('agreement with the official DCAT-AP-NO 2.0 shapes', () => {
  it('reaches the official verdict on every example the official shapes can judge', async () => {
    const ttl = (f: string) => new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(corpus, f), 'utf8'));
    // The official run: official shapes; background = the official ontologies.ttl plus vocab/, which
    // stands in for the EU vocabulary concepts FDK's validator fetches (it dereferences every IRI).
    const officialBackground = new IndexedDataset(ttl('shapes/dcat-ap-no-v2/ontologies.ttl'));
    for (const q of registry.background) officialBackground.add(q);
    const official = new ShaclEngine('official', ttl('shapes/dcat-ap-no-v2/DCAT-AP-NO-shacl_shapes_2.00.ttl'), officialBackground);
    const ours = registry.engine('dcat-ap-no-2');

    const dirs = ['spec-examples/dcat-ap-no', 'validator-tests/dcat-ap-no-validator-service'];
    const rows: string[][] = [];
    const disagreements: string[] = [];
    let judged = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(path.join(corpus, dir)).sort()) {
        const file = path.join(corpus, dir, name);
        let quads: Quad[];
        try {
          quads = await parse(file);
        } catch (error) {
          rows.push([name, 'skipped', 'skipped', `not RDF: ${(error as Error).message.split('\n')[0]!.slice(0, 70)}`]);
          continue;
        }
        const reason = skipReason(quads);
        if (reason !== null) {
          rows.push([name, 'skipped', 'skipped', reason]);
          continue;
        }
        judged++;
        const a = await official.validate(quads);
        const b = await ours.validate(quads);
        const verdict = (conforms: boolean, n: number) => (conforms ? 'conforms' : `${n} violation${n === 1 ? '' : 's'}`);
        const same = a.conforms === b.conforms;
        const note = same ? '' : (EXCEPTIONS[name] ? `deliberate difference: ${EXCEPTIONS[name]}` : 'DISAGREES');
        rows.push([name, verdict(a.conforms, a.counts.violation), verdict(b.conforms, b.counts.violation), note]);
        if (!same && !EXCEPTIONS[name]) disagreements.push(name);
        if (same && EXCEPTIONS[name]) disagreements.push(`${name} (listed as an exception but agrees: remove it)`);
      }
    }
    const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 8));
    const table = [['file', 'official', 'ours', 'note'], ...rows].map((r) => r.map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c)).join('  ')).join('\n');
    console.log(`Official DCAT-AP-NO 2.0 shapes vs dcat-ap-no-2 (verdict = has violations or not):\n${table}`);
    expect(judged).toBeGreaterThanOrEqual(10);
    expect(disagreements).toEqual([]);
  });
});
