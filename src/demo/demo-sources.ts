/**
 * The demo catalog: DCAT-AP-NO 2.0 documents for a handful of real Norwegian public agencies, served
 * read-only by the app at `/demo/<file>` and harvested through the real pipeline on an empty data
 * directory. What is in each file, and which record is deliberately defective, is in README.md here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoSource {
  /** The entry document (for a paged source: its first page), a file name in DEMO_DIR. */
  readonly file: string;
  /** Every file of this source, the entry document first (the pages of a Hydra-paged source). */
  readonly files: readonly string[];
  /** Organisation number of the publishing agency (9 digits, mod-11 checked). */
  readonly publisher: string;
  /** The agency's name, for the harvest source's label. */
  readonly name: string;
  /** The media type the files are served with. */
  readonly mediaType: string;
  /** The source kind it is harvested as (`dcat-ap-no` unless said). */
  readonly kind: string;
  /**
   * The OpenAPI documents its data services name as `dcat:endpointDescription` (relative IRIs, so they
   * resolve to this folder wherever the demo is served), each with the media type it is served with.
   */
  readonly descriptions: readonly DemoDocument[];
}

/** A file of the demo folder that a source's documents reference, and its media type. */
export interface DemoDocument {
  readonly file: string;
  readonly mediaType: string;
}

const TURTLE = 'text/turtle';
const RDF_XML = 'application/rdf+xml';
const JSON_LD = 'application/ld+json';
const OPENAPI_YAML = 'application/yaml';
const OPENAPI_JSON = 'application/json';

/** The OpenAPI descriptions (hand-written for the demo) that the sources' data services name, by the source's entry file. */
const DESCRIPTIONS: Readonly<Record<string, readonly DemoDocument[]>> = {
  'brreg.ttl': [
    { file: 'brreg-enhetsregisteret-openapi.yaml', mediaType: OPENAPI_YAML },
    { file: 'brreg-regnskapsregisteret-openapi.json', mediaType: OPENAPI_JSON },
  ],
  'ssb.jsonld': [{ file: 'ssb-pxwebapi-openapi.json', mediaType: OPENAPI_JSON }],
  'statens-vegvesen-page-1.ttl': [{ file: 'vegvesen-nvdb-openapi.yaml', mediaType: OPENAPI_YAML }],
  'skatteetaten.ttl': [{ file: 'skatteetaten-folkeregisteret-openapi.yaml', mediaType: OPENAPI_YAML }],
  'udir.ttl': [{ file: 'udir-nsr-swagger.json', mediaType: OPENAPI_JSON }],
};

function source(name: string, publisher: string, mediaType: string, ...files: [string, ...string[]]): DemoSource {
  return Object.freeze({ file: files[0], files: Object.freeze([...files]), publisher, name, mediaType, kind: 'dcat-ap-no', descriptions: Object.freeze([...(DESCRIPTIONS[files[0]] ?? [])]) });
}

function modelSource(name: string, publisher: string, file: string): DemoSource {
  return Object.freeze({ ...source(name, publisher, TURTLE, file), kind: 'modelldcat-ap-no', descriptions: [] });
}

function conceptSource(name: string, publisher: string, file: string): DemoSource {
  return Object.freeze({ ...source(name, publisher, TURTLE, file), kind: 'skos-ap-no' });
}

/** A SKOS concept scheme harvested as reference data (source kind `skos`). */
function referenceDataSource(name: string, publisher: string, file: string): DemoSource {
  return Object.freeze({ ...source(name, publisher, TURTLE, file), kind: 'skos' });
}

/**
 * One harvest source per agency and kind (an agency's data catalog and its concept catalog are two
 * sources); four RDF syntaxes, one of them Hydra-paged; the EU data themes as reference data.
 */
export const DEMO_SOURCES: readonly DemoSource[] = Object.freeze([
  source('Brønnøysundregistrene', '974760673', TURTLE, 'brreg.ttl'),
  source('Statistisk sentralbyrå', '971526920', JSON_LD, 'ssb.jsonld'),
  source('Kartverket', '971040238', RDF_XML, 'kartverket.rdf'),
  source('Statens vegvesen', '971032081', TURTLE, 'statens-vegvesen-page-1.ttl', 'statens-vegvesen-page-2.ttl', 'statens-vegvesen-page-3.ttl'),
  source('Miljødirektoratet', '999601391', TURTLE, 'miljodirektoratet.ttl'),
  source('Norges vassdrags- og energidirektorat', '970205039', RDF_XML, 'nve.rdf'),
  source('Arbeids- og velferdsetaten (NAV)', '889640782', JSON_LD, 'nav.jsonld'),
  source('Skatteetaten', '974761076', TURTLE, 'skatteetaten.ttl'),
  source('Utdanningsdirektoratet', '970018131', TURTLE, 'udir.ttl'),
  modelSource('Digitaliseringsdirektoratet (informasjonsmodeller)', '991825827', 'digdir-modeller.ttl'),
  conceptSource('Skatteetaten (begreper)', '974761076', 'skatteetaten-begreper.ttl'),
  conceptSource('Brønnøysundregistrene (begreper)', '974760673', 'brreg-begreper.ttl'),
  referenceDataSource('EUs datatemaer (referansedata)', '991825827', 'eu-data-themes.ttl'),
]);

/**
 * The project root: the nearest folder at or above `moduleUrl`'s folder that holds a package.json.
 * Works from src/demo/ (tsx, vitest) and from dist/src/demo/ (compiled), since tsc copies no data files.
 */
export function findProjectRoot(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the demo catalog: no package.json in ${start} or any folder above it.`);
    }
  }
}

/** The folder holding the demo payload files (an absolute path). */
export function demoDirFor(moduleUrl: string): string {
  return path.join(findProjectRoot(moduleUrl), 'src', 'demo', 'catalogs');
}

export const DEMO_DIR: string = demoDirFor(import.meta.url);

const mediaTypeByFile: ReadonlyMap<string, string> = new Map([
  ...DEMO_SOURCES.flatMap((s) => s.files.map((f) => [f, s.mediaType] as const)),
  ...DEMO_SOURCES.flatMap((s) => s.descriptions.map((d) => [d.file, d.mediaType] as const)),
]);

/**
 * The absolute path and media type of a demo file, or null when `name` is not one of the demo files
 * (so a server can serve exactly these files and nothing else from the folder).
 */
export function demoFile(name: string): { path: string; mediaType: string } | null {
  const mediaType = mediaTypeByFile.get(name);
  return mediaType === undefined ? null : { path: path.join(DEMO_DIR, name), mediaType };
}
