// Issue 13: the dcat-ap-3 profile reaches the verdict of the official DCAT-AP 3.0.1 shapes
// (SEMICeu/DCAT-AP releases/3.0.1/shacl/dcat-ap-SHACL.ttl) on the examples published with DCAT-AP 3.0.0
// and 3.0.1 and with the High-Value Datasets annex 3.0.0 (Turtle and JSON-LD), and on mutants of our
// own DCAT-AP 3 fixture. Both run in the same engine with the same background (vocab/). Reads ../shared/corpus.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { registry } from './helpers.js';
import { compareVerdicts, filesBelow, table } from './support/agreement.js';

const releases = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/dcat-ap/SEMICeu-DCAT-AP/releases');
const officialShapes = path.join(releases, '3.0.1/shacl/dcat-ap-SHACL.ttl');
const available = existsSync(officialShapes);
if (!available) console.warn(`Skipping the DCAT-AP 3.0 agreement test: ${officialShapes} is absent.`);

const EXAMPLE_DIRS = ['3.0.1/html/examples', '3.0.0/html/examples', '3.0.0-hvd/html/examples'];

/** The examples' JSON-LD names its context by its published URL; it is read from beside the example (nothing is fetched). */
function localContextLoader(dir: string) {
  return async (url: string) => {
    if (url.endsWith('/html/examples/context.jsonld') && existsSync(path.join(dir, 'context.jsonld'))) {
      return { contextUrl: undefined, documentUrl: url, document: JSON.parse(readFileSync(path.join(dir, 'context.jsonld'), 'utf8')) as object };
    }
    throw new Error(`no local copy of ${url} (nothing is fetched)`);
  };
}

async function examples(): Promise<{ judged: { name: string; quads: Quad[] }[]; skipped: string[] }> {
  const judged: { name: string; quads: Quad[] }[] = [];
  const skipped: string[] = [];
  for (const dir of EXAMPLE_DIRS) {
    const full = path.join(releases, dir);
    if (!existsSync(full)) continue;
    for (const file of filesBelow(full)) {
      const name = path.relative(releases, file);
      if (path.basename(file) === 'context.jsonld') continue;
      try {
        if (file.endsWith('.ttl')) {
          judged.push({ name, quads: new Parser({ format: 'text/turtle', baseIRI: `file://${file}` }).parse(readFileSync(file, 'utf8')) });
        } else if (file.endsWith('.jsonld')) {
          const nquads = (await jsonld.toRDF(JSON.parse(readFileSync(file, 'utf8')) as object, { format: 'application/n-quads', documentLoader: localContextLoader(full) } as never)) as unknown as string;
          judged.push({ name, quads: new Parser({ format: 'N-Quads' }).parse(nquads) });
        }
      } catch (error) {
        skipped.push(`${name}: ${(error as Error).message.split('\n')[0]!.slice(0, 90)}`);
      }
    }
  }
  return { judged, skipped };
}

/** Mutants of test/validation/fixtures/conforming-dcat-ap-3.ttl, one rule each. */
const MUTANTS: Record<string, [from: string, to: string] | null> = {
  'as is': null,
  'catalog without title': ['    dct:title "Catalogue de la ville"@fr ;\n', ''],
  'dataset without description': ['    dct:description "Les arbres de la ville."@fr ;\n', ''],
  'publisher without a name': ['    foaf:name "Ville d\'Exemple"@fr .', '    .'],
  'publisher not described as an agent': ['ex:city a foaf:Agent ;', 'ex:city a <https://example.org/Thing> ;'],
  'distribution without access URL': ['    dcat:accessURL <https://data.example.fr/arbres.csv> ;\n', ''],
  'service without endpoint URL': ['    dcat:endpointURL <https://api.example.fr/arbres> .', '    .'],
  'two issued dates': ['dct:issued "2021-04-01"^^xsd:date ;', 'dct:issued "2021-04-01"^^xsd:date, "2021-05-01"^^xsd:date ;'],
  'keyword as a link': ['dcat:keyword "arbres"@fr ;', 'dcat:keyword <https://example.org/arbres> ;'],
};

function mutants(): { name: string; quads: Quad[] }[] {
  const text = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/conforming-dcat-ap-3.ttl'), 'utf8');
  return Object.entries(MUTANTS).map(([name, edit]) => {
    const changed = edit === null ? text : text.replace(edit[0], edit[1]);
    if (edit !== null && changed === text) throw new Error(`the mutant "${name}" no longer matches the fixture`);
    return { name: `mutant: ${name}`, quads: new Parser({ format: 'text/turtle' }).parse(changed) };
  });
}

describe.skipIf(!available)('agreement with the official DCAT-AP 3.0.1 shapes', () => {
  it('reaches the official verdict on every published DCAT-AP 3 example and on the mutants', { timeout: 300_000 }, async () => {
    const official = new ShaclEngine('official-dcat-ap-3', new Parser({ format: 'text/turtle' }).parse(readFileSync(officialShapes, 'utf8')), registry.background);
    const { judged, skipped } = await examples();
    const graphs = [...judged, ...mutants()];
    const run = await compareVerdicts(official, registry.engine('dcat-ap-3'), graphs, {});
    console.log(`Official DCAT-AP 3.0.1 shapes vs dcat-ap-3:\n${table(run.rows)}\nNot RDF (not judged):\n  ${skipped.join('\n  ')}`);
    const bothConform = run.rows.filter((r) => r[1] === 'conforms' && r[2] === 'conforms').length;
    console.log(`DCAT-AP 3.0 agreement counts:\n  dcat-ap-3: ${run.judged} judged (${judged.length} examples, ${Object.keys(MUTANTS).length} mutants), ${run.agreed} same verdict, ${run.exceptionsUsed} deliberate differences, ${run.disagreements.length} disagreements (${bothConform} conform under both); ${skipped.length} example files are not valid RDF`);
    expect(judged.length).toBeGreaterThanOrEqual(60);
    expect(bothConform).toBeGreaterThanOrEqual(3);
    expect(run.rows.filter((r) => r[1] !== 'conforms' && r[2] !== 'conforms').length).toBeGreaterThanOrEqual(Object.keys(MUTANTS).length - 1);
    expect(run.disagreements).toEqual([]);
  });
});
