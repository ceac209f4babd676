// Issue 13's acceptance criterion for DCAT-AP-NO 3.0: on every example of the specification and every
// other file of the FDK corpus the official 3.0 shapes can judge (a graph with a DCAT resource), our
// profile reaches the official verdict (conforms or not), for each of the three levels a source can ask
// for: core, core + ranges, and all three rule sets (`dcat-ap-no-3`). Both run in the same engine with
// the same background (vocab/: the vocabularies the catalog holds). Reads ../shared/corpus.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { ShaclEngine } from '../../src/validation/shacl-engine.js';
import { registry } from './helpers.js';
import { compareVerdicts, filesBelow, hasDcatResource, parseRdfFile, table } from './support/agreement.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/fdk');
const official = path.join(corpus, 'shapes/dcat-ap-no-v3');
const available = existsSync(path.join(official, 'dcatapno3-core-shapes.ttl'));
if (!available) console.warn(`Skipping the DCAT-AP-NO 3.0 agreement test: ${official} is absent.`);

const MEDIA_TYPE = 'dcat:mediaType text/csv or application/json in the iana.org namespace Norwegian catalogs use: the official pattern ^https://www.w3.org/ns/iana/media-types/application/* accepts only application/… types in the W3C namespace; ours accepts every IANA media type in either namespace';

/**
 * Deliberate differences (shapes/README.md, "DCAT-AP-NO 3.0: deliberate differences"), per level:
 * the file and why the verdicts differ. Any other difference fails the test.
 */
const AVAILABILITY = 'dcatap:availability: the official files declare the prefix dcatap: as <http://data.europa.eu/r5r> (no closing slash), so their rules look at <http://data.europa.eu/r5ravailability>, which no data uses; ours check dcatap:availability';
const GEONAMES = 'a GeoNames place as dct:spatial of a series: the official vocabulary rule wants a skos:Concept in the GeoNames scheme, which no catalog holds in full (FDK would fetch it); ours accepts a GeoNames or Geonorge IRI as the ranges rule does';
const EXCEPTIONS: Record<'core' | 'core-ranges' | 'all', Record<string, string>> = {
  core: {},
  'core-ranges': {
    'mutant: media type text/csv (iana.org)': MEDIA_TYPE,
    'mutant: availability outside the EU namespace': AVAILABILITY,
  },
  all: {
    'mutant: media type text/csv (iana.org)': MEDIA_TYPE,
    'mutant: availability outside the EU namespace': AVAILABILITY,
    'mutant: availability code the EU table lacks': AVAILABILITY,
    'mutant: series spatial on GeoNames': GEONAMES,
  },
};

/**
 * Our DCAT-AP-NO 3.0 fixture (it meets all three rule sets) and mutants of it, each breaking or
 * exercising one rule: no corpus file conforms to the 3.0 shapes (they were written for 2.0), so
 * these are the graphs on which a wrong "conforms" would show.
 */
const MUTANTS: Record<string, [from: string, to: string] | null> = {
  'as is': null,
  'dataset without contact point': ['dcat:contactPoint ex:population-contact ;\n    dcat:distribution', 'dcat:distribution'],
  'title without a language tag': ['dct:title "Befolkning"@nb, "Population"@en ;', 'dct:title "Befolkning" ;'],
  'two titles in Bokmål': ['dct:title "Befolkning"@nb, "Population"@en ;', 'dct:title "Befolkning"@nb, "Folketall"@nb ;'],
  'access rights SENSITIVE': ['access-right/PUBLIC>', 'access-right/SENSITIVE>'],
  'contact point without e-mail or page': ['    vcard:hasEmail <mailto:statistikk@example.no> .', '    .'],
  'service without endpoint URL': ['    dcat:endpointURL <https://api.example.no/population> ;\n', ''],
  'frequency outside the EU namespace': ['<http://publications.europa.eu/resource/authority/frequency/ANNUAL>', '<https://example.org/frequency/yearly>'],
  'frequency code the EU table lacks': ['frequency/ANNUAL>', 'frequency/EVERY_BLUE_MOON>'],
  'frequency from the EU table': ['frequency/ANNUAL>', 'frequency/QUARTERLY>'],
  'only a LOS theme': ['dcat:theme <http://publications.europa.eu/resource/authority/data-theme/SOCI>, <https://psi.norge.no/los/tema/arbeid> ;', 'dcat:theme <https://psi.norge.no/los/tema/arbeid> ;'],
  'data theme code the EU table lacks': ['data-theme/SOCI>, <https://psi.norge.no/los', 'data-theme/PEOPLE>, <https://psi.norge.no/los'],
  'licence outside the EU namespace': ['<http://publications.europa.eu/resource/authority/licence/NLOD_2_0>', '<http://data.norge.no/nlod/no/2.0>'],
  'language outside the EU namespace': ['<http://publications.europa.eu/resource/authority/language/NOB>', '<https://example.org/lang/nb>'],
  'media type text/csv (iana.org)': ['<https://www.w3.org/ns/iana/media-types/application/json>', '<https://www.iana.org/assignments/media-types/text/csv>'],
  'media type outside IANA': ['<https://www.w3.org/ns/iana/media-types/application/json>', '<https://example.org/types/json>'],
  'distribution status from the EU table': ['dct:license <http://publications', '<http://www.w3.org/ns/adms#status> <http://publications.europa.eu/resource/authority/distribution-status/COMPLETED> ;\n    dct:license <http://publications'],
  'distribution status code the EU table lacks': ['dct:license <http://publications', '<http://www.w3.org/ns/adms#status> <http://publications.europa.eu/resource/authority/distribution-status/DONE> ;\n    dct:license <http://publications'],
  'availability from the EU table': ['dct:license <http://publications', '<http://data.europa.eu/r5r/availability> <http://publications.europa.eu/resource/authority/planned-availability/STABLE> ;\n    dct:license <http://publications'],
  'availability outside the EU namespace': ['dct:license <http://publications', '<http://data.europa.eu/r5r/availability> <https://example.org/always> ;\n    dct:license <http://publications'],
  'availability code the EU table lacks': ['dct:license <http://publications', '<http://data.europa.eu/r5r/availability> <http://publications.europa.eu/resource/authority/planned-availability/SOMETIMES> ;\n    dct:license <http://publications'],
  'series spatial on GeoNames': ['dcat:first ex:population .', 'dcat:first ex:population ; dct:spatial <http://sws.geonames.org/3144096/> .'],
  'series spatial outside every place list': ['dcat:first ex:population .', 'dcat:first ex:population ; dct:spatial <https://example.org/places/oslo> .'],
  'byte size as text': ['dct:format <http://publications', 'dcat:byteSize "stor" ;\n    dct:format <http://publications'],
};

function mutants(): { name: string; quads: Quad[] }[] {
  const text = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/conforming-record-3.ttl'), 'utf8');
  return Object.entries(MUTANTS).map(([name, edit]) => {
    let changed = text;
    if (edit !== null) {
      changed = text.replace(edit[0], edit[1]);
      if (changed === text) throw new Error(`the mutant "${name}" no longer matches the fixture`);
    }
    return { name: `mutant: ${name}`, quads: new Parser({ format: 'text/turtle' }).parse(changed) };
  });
}

const LEVELS = [
  { level: 'core', profile: 'dcat-ap-no-3-core', files: ['dcatapno3-core-shapes.ttl'] },
  { level: 'core-ranges', profile: 'dcat-ap-no-3-core-ranges', files: ['dcatapno3-core-shapes.ttl', 'dcatapno3-range-shapes.ttl'] },
  { level: 'all', profile: 'dcat-ap-no-3', files: ['dcatapno3-core-shapes.ttl', 'dcatapno3-range-shapes.ttl', 'dcatapno3-vocabulary-shapes.ttl'] },
] as const;

async function judgedGraphs(): Promise<{ name: string; quads: Quad[] }[]> {
  const examples = path.join(corpus, 'spec-examples/dcat-ap-no');
  const out: { name: string; quads: Quad[] }[] = [];
  for (const file of filesBelow(corpus)) {
    if (file.startsWith(path.join(corpus, 'shapes') + path.sep)) continue;
    let quads: Quad[];
    try {
      quads = await parseRdfFile(file);
    } catch {
      continue; // not RDF, or a deliberately broken test input
    }
    if (file.startsWith(examples + path.sep) || hasDcatResource(quads)) out.push({ name: path.relative(corpus, file), quads });
  }
  return out;
}

describe.skipIf(!available)('agreement with the official DCAT-AP-NO 3.0 shapes', () => {
  it('reaches the official verdict on every specification example and corpus file, at each level of rule sets', { timeout: 600_000 }, async () => {
    const graphs = [...(await judgedGraphs()), ...mutants()];
    const ttl = (f: string) => new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(official, f), 'utf8'));
    const specExamples = graphs.filter((g) => g.name.startsWith('spec-examples/dcat-ap-no/'));
    expect(specExamples.map((g) => path.basename(g.name))).toEqual(['DCAT-AP-NO2.0-examples.ttl', 'dataset-series-example.ttl', 'test.ttl', 'test2.ttl', 'test_begrep.ttl']);
    expect(graphs.length).toBeGreaterThan(100 + Object.keys(MUTANTS).length);
    const summary: string[] = [];
    const problems: string[] = [];
    for (const { level, profile, files } of LEVELS) {
      const officialEngine = new ShaclEngine(`official-${level}`, files.flatMap(ttl), registry.background);
      const run = await compareVerdicts(officialEngine, registry.engine(profile), graphs, EXCEPTIONS[level]);
      console.log(`Official DCAT-AP-NO 3.0 shapes (${files.join(' + ')}) vs ${profile}:\n${table(run.rows)}`);
      const conforming = run.rows.filter((r) => r[1] === 'conforms').length;
      summary.push(`${profile}: ${run.judged} judged, ${run.agreed} same verdict, ${run.exceptionsUsed} deliberate differences, ${run.disagreements.length} disagreements (${conforming} conform to the official shapes)`);
      problems.push(...run.disagreements.map((d) => `${level}: ${d}`));
      // Not vacuous: at every level some graphs conform under both and some under neither.
      expect(run.rows.filter((r) => r[1] === 'conforms' && r[2] === 'conforms').length).toBeGreaterThanOrEqual(4);
      expect(run.rows.filter((r) => r[1] !== 'conforms' && r[2] !== 'conforms').length).toBeGreaterThan(100);
    }
    console.log(`DCAT-AP-NO 3.0 agreement counts:\n  ${summary.join('\n  ')}`);
    expect(problems).toEqual([]);
  });
});
