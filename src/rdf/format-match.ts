import type { Term } from '@rdfjs/types';

/** The EU file-type table's namespace (`dct:format`). */
export const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';
/** Where IANA media types are named as IRIs (`dcat:mediaType`, sometimes `dct:format`). */
export const IANA_MEDIA_TYPE_BASES: readonly string[] = ['https://www.iana.org/assignments/media-types/', 'http://www.iana.org/assignments/media-types/', 'https://www.w3.org/ns/iana/media-types/'];

/**
 * The media types a server may rightly answer with for a file of an EU file type: the IANA type that
 * vocab/file-types.ttl gives the code (`dk:ianaMediaType`, first; test/rdf/format-match.test.ts checks
 * they agree) and the other names servers use for it. Service types (WMS, WFS) and codes without a file
 * of their own are not listed: a format match is not measured for them.
 */
export const FILE_TYPE_MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  CSV: ['text/csv'],
  TSV: ['text/tab-separated-values'],
  JSON: ['application/json'],
  JSON_LD: ['application/ld+json'],
  XML: ['application/xml'],
  GEOJSON: ['application/geo+json'],
  GML: ['application/gml+xml'],
  SHP: ['application/vnd.shp'],
  GPKG: ['application/geopackage+sqlite3'],
  KML: ['application/vnd.google-earth.kml+xml'],
  KMZ: ['application/vnd.google-earth.kmz'],
  GEOTIFF: ['image/tiff'],
  NETCDF: ['application/netcdf'],
  RDF_TURTLE: ['text/turtle'],
  RDF_XML: ['application/rdf+xml'],
  RDF_N_TRIPLES: ['application/n-triples'],
  RDF_N_QUADS: ['application/n-quads'],
  RDF_TRIG: ['application/trig'],
  SPARQLQ: ['application/sparql-query'],
  PDF: ['application/pdf'],
  XLSX: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  XLS: ['application/vnd.ms-excel'],
  ODS: ['application/vnd.oasis.opendocument.spreadsheet'],
  DOCX: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ODT: ['application/vnd.oasis.opendocument.text'],
  HTML: ['text/html', 'application/xhtml+xml'],
  TXT: ['text/plain'],
  ZIP: ['application/zip'],
  GZIP: ['application/gzip'],
  SQL: ['application/sql'],
  YAML: ['application/yaml'],
  ATOM: ['application/atom+xml'],
  PNG: ['image/png'],
  JPEG: ['image/jpeg'],
  TIFF: ['image/tiff'],
  GTFS: ['application/zip'],
  PARQUET: ['application/vnd.apache.parquet'],
});

/** Other names servers give the same media type, to the IANA name. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['text/xml', 'application/xml'],
  ['application/x-zip-compressed', 'application/zip'],
  ['application/x-zip', 'application/zip'],
  ['application/x-gzip', 'application/gzip'],
  ['text/yaml', 'application/yaml'],
  ['application/x-yaml', 'application/yaml'],
  ['text/x-yaml', 'application/yaml'],
  ['application/vnd.geo+json', 'application/geo+json'],
  ['application/x-netcdf', 'application/netcdf'],
  ['text/json', 'application/json'],
  ['application/x-shapefile', 'application/vnd.shp'],
  ['text/comma-separated-values', 'text/csv'],
  ['application/csv', 'text/csv'],
  ['application/x-parquet', 'application/vnd.apache.parquet'],
]);

/**
 * Media types that say nothing about the format (a download of "some bytes"): a server answering with one
 * neither matches nor contradicts the declared format, so the match is not measured on it.
 */
const UNINFORMATIVE = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/download', 'application/force-download', 'application/x-download']);

/** A media type without parameters, in lower case, under its IANA name. */
export function normaliseMediaType(value: string): string {
  const bare = value.split(';')[0]!.trim().toLowerCase();
  return ALIASES.get(bare) ?? bare;
}

const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * The media types a distribution declares, from its `dct:format` and `dcat:mediaType` values: an IANA
 * media type IRI or text (`text/csv`), or an EU file type as IRI or code (`CSV`), through
 * FILE_TYPE_MEDIA_TYPES. Values of any other form declare nothing this can compare.
 */
export function declaredMediaTypes(values: readonly Term[]): Set<string> {
  const out = new Set<string>();
  const fromFileType = (code: string): void => {
    for (const type of FILE_TYPE_MEDIA_TYPES[code.toUpperCase()] ?? []) out.add(type);
  };
  for (const term of values) {
    if (term.termType === 'NamedNode') {
      if (term.value.startsWith(FILE_TYPE_BASE)) fromFileType(term.value.slice(FILE_TYPE_BASE.length));
      const base = IANA_MEDIA_TYPE_BASES.find((b) => term.value.startsWith(b));
      if (base !== undefined) {
        const type = normaliseMediaType(decodedOrAsIs(term.value.slice(base.length)));
        if (MEDIA_TYPE.test(type)) out.add(type);
      }
    } else if (term.termType === 'Literal') {
      const type = normaliseMediaType(term.value);
      if (MEDIA_TYPE.test(type)) out.add(type);
      else fromFileType(term.value.trim().replace(/[\s-]+/g, '_'));
    }
  }
  return out;
}

/** The structured-syntax suffix family of a media type (`json` for `application/geo+json` and `application/json`). */
function family(type: string): string | undefined {
  if (type === 'application/json') return 'json';
  if (type === 'application/xml') return 'xml';
  const plus = type.lastIndexOf('+');
  return plus > 0 ? type.slice(plus + 1) : undefined;
}

/**
 * Whether the media type a server answered with resembles one the distribution declares (data.norge.no's
 * formatMatch: "a distribution's dct:format resembles the actual format of the linked file"): the same type
 * (under its IANA name), or the generic and the specific type of one structured syntax (`application/json`
 * for a GeoJSON file, `application/geo+json` for a JSON one). Undefined when the answer says nothing about
 * the format (`application/octet-stream`) or nothing is declared: not measured.
 */
export function formatMatches(declared: ReadonlySet<string>, served: string): boolean | undefined {
  const type = normaliseMediaType(served);
  if (declared.size === 0 || type === '' || UNINFORMATIVE.has(type)) return undefined;
  if (declared.has(type)) return true;
  const servedFamily = family(type);
  if (servedFamily === undefined || (servedFamily !== 'json' && servedFamily !== 'xml')) return false;
  for (const d of declared) {
    const f = family(d);
    if (f === servedFamily && (d === `application/${f}` || type === `application/${f}`)) return true;
  }
  return false;
}

/** The percent-decoded text, or the text as it is when it is not well-formed (`%E0%A4%A`): a harvested IRI may be anything. */
function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
