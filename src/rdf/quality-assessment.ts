import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { endpointReachable } from '../core/data-service-quality-metrics.js';
import { MQA_BASE, QUALITY_METRICS, metricIri } from '../core/quality-metrics.js';
import type { Assessment, MeasurementValue, QualityScores } from '../core/quality-score.js';
import type { UrlCheck } from '../core/url-check.js';
import type { ValidationReport } from '../core/validation-report.js';
import { declaredMediaTypes, FILE_TYPE_BASE, formatMatches, IANA_MEDIA_TYPE_BASES } from './format-match.js';
import { DCAT, DCATNO_MQA, DCT, DK, DQV, RDF, XSD } from './namespaces.js';
import { termToNTriples } from './ntriples.js';

const { namedNode } = DataFactory;

const EU = 'http://publications.europa.eu/resource/authority/';
const FILE_TYPE = FILE_TYPE_BASE;
const ACCESS_RIGHT = `${EU}access-right/`;
const LICENCE = `${EU}licence/`;
const IANA = IANA_MEDIA_TYPE_BASES;

/**
 * EU file types counted as non-proprietary and as machine-readable: data.europa.eu's MQA lists
 * (`non-proprietary.rdf`, `machine-readable.rdf` of the EU's MQA), as far as Norwegian catalogs use the
 * codes. As in FDK's property checker, only EU file-type IRIs are looked up; a media type alone counts
 * for neither.
 */
const NON_PROPRIETARY = new Set(['CSV', 'TSV', 'JSON', 'JSON_LD', 'XML', 'RDF_XML', 'RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'N3', 'GEOJSON', 'GML', 'KML', 'KMZ', 'GPKG', 'NETCDF', 'TXT', 'HTML', 'ODS', 'ODT', 'PNG', 'TIFF', 'GEOTIFF', 'ATOM', 'RSS', 'YAML', 'SPARQLQ', 'GTFS', 'WMS_SRVC', 'WFS_SRVC', 'PDFA1A', 'ZIP', 'GZIP']);
const MACHINE_READABLE = new Set(['CSV', 'TSV', 'JSON', 'JSON_LD', 'XML', 'RDF_XML', 'RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'N3', 'GEOJSON', 'GML', 'KML', 'KMZ', 'GPKG', 'NETCDF', 'ODS', 'XLS', 'XLSX', 'SHP', 'ATOM', 'RSS', 'YAML', 'SPARQLQ', 'GTFS', 'WMS_SRVC', 'WFS_SRVC']);

/**
 * What the URL checker found, by URL: the HTTP status (0 when there was no answer) and the media type
 * the server claimed (`Content-Type` without parameters, null when it gave none).
 */
export type UrlStatuses = ReadonlyMap<string, Pick<UrlCheck, 'status' | 'mediaType'>>;

const ok = (status: number): boolean => status >= 200 && status < 300;

/** What measuring a dataset reads of its graph: the objects of a subject's predicate, in the graph's order. */
export interface MeasuredGraph {
  objects(subject: Term, predicate: string): Term[];
  has(subject: Term, predicate: string): boolean;
}

class Graph implements MeasuredGraph {
  readonly #bySubject = new Map<string, Quad[]>();
  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      const key = key_(q.subject);
      let list = this.#bySubject.get(key);
      if (list === undefined) this.#bySubject.set(key, (list = []));
      list.push(q);
    }
  }
  objects(subject: Term, predicate: string): Term[] {
    return (this.#bySubject.get(key_(subject)) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object);
  }
  has(subject: Term, predicate: string): boolean {
    return (this.#bySubject.get(key_(subject)) ?? []).some((q) => q.predicate.value === predicate);
  }
}

const key_ = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
const code = (iri: string, base: string): string | undefined => (iri.startsWith(base) ? iri.slice(base.length) : undefined);

/**
 * The measurements of a DCAT dataset as FDK's property checker, URL checker and DCAT validator make
 * them, from the record's own graph: availability of the properties each metric asks for, values from
 * the right vocabularies, the validation verdict (dcatApCompliance) and, where the URL checker has
 * results, the access and download URLs' status codes. Deterministic: the same graph, report and URL
 * results give the same measurements. `knownLicence` says whether a licence IRI is one the catalog knows.
 */
export function measureDataset(quads: Iterable<Quad>, datasetIri: string, options: MeasureOptions = {}): Assessment {
  return measureDatasetIn(new Graph(quads), datasetIri, options);
}

export interface MeasureOptions {
  readonly validation?: ValidationReport | null;
  readonly urlStatuses?: UrlStatuses;
  readonly knownLicence?: (iri: string) => boolean;
}

/** measureDataset over a graph already read (a stored record's, src/rdf/record-quality.ts), without making quads of it. */
export function measureDatasetIn(g: MeasuredGraph, datasetIri: string, options: MeasureOptions = {}): Assessment {
  const dataset = namedNode(datasetIri);
  const own = new Map<string, MeasurementValue>();
  const has = (p: string): boolean => g.has(dataset, p);
  own.set('keywordAvailability', has(DCAT.keyword));
  own.set('categoryAvailability', has(DCAT.theme));
  own.set('spatialAvailability', has(DCT.spatial));
  own.set('temporalAvailability', has(DCT.temporal));
  measureResponsibility(g, dataset, own);
  own.set('dateIssuedAvailability', has(DCT.issued));
  own.set('dateModifiedAvailability', has(DCT.modified));
  if (options.validation) own.set('dcatApCompliance', options.validation.conforms);

  const knownLicence = options.knownLicence ?? ((iri: string) => code(iri, LICENCE) !== undefined);
  const distributions = g.objects(dataset, DCAT.distribution).filter((t) => t.termType === 'NamedNode' || t.termType === 'BlankNode');
  const seen = new Set<string>();
  const measured = [];
  for (const d of distributions) {
    if (seen.has(key_(d))) continue;
    seen.add(key_(d));
    const m = new Map<string, MeasurementValue>();
    const downloads = g.objects(d, DCAT.downloadURL).filter((t) => t.termType === 'NamedNode');
    const formats = [...g.objects(d, DCT.format), ...g.objects(d, DCAT.mediaType)].filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    const fileTypes = formats.map((f) => code(f, FILE_TYPE)).filter((c): c is string => c !== undefined);
    const licences = g.objects(d, DCT.license);
    m.set('downloadUrlAvailability', downloads.length > 0);
    m.set('formatAvailability', g.has(d, DCT.format));
    m.set('mediaTypeAvailability', g.has(d, DCAT.mediaType));
    m.set('formatMediaTypeVocabularyAlignment', formats.some((f) => f.startsWith(FILE_TYPE) || IANA.some((base) => f.startsWith(base))));
    m.set('formatMediaTypeNonProprietary', fileTypes.some((c) => NON_PROPRIETARY.has(c)));
    m.set('formatMediaTypeMachineInterpretable', fileTypes.some((c) => MACHINE_READABLE.has(c)));
    m.set('licenseAvailability', licences.length > 0);
    m.set('knownLicense', licences.some((t) => t.termType === 'NamedNode' && knownLicence(t.value)));
    m.set('rightsAvailability', g.has(d, DCT.rights));
    m.set('byteSizeAvailability', g.has(d, DCAT.byteSize));
    m.set('dateIssuedAvailability', g.has(d, DCT.issued));
    m.set('dateModifiedAvailability', g.has(d, DCT.modified));
    const statuses = options.urlStatuses;
    if (statuses !== undefined) {
      const accesses = g.objects(d, DCAT.accessURL);
      const status = (urls: Term[]): number | undefined => {
        const known = urls.map((u) => statuses.get(u.value)?.status).filter((s): s is number => s !== undefined);
        return known.length === 0 ? undefined : (known.find(ok) ?? known[0]);
      };
      const access = status(accesses);
      if (access !== undefined) m.set('accessUrlStatusCode', access);
      const download = status(downloads);
      if (download !== undefined) m.set('downloadUrlStatusCode', download);
      // formatMatch: met when a compared URL's answer matches the declared format, missed when none does, not measured without a comparison.
      const compared = formatComparisons(declaredMediaTypes([...g.objects(d, DCT.format), ...g.objects(d, DCAT.mediaType)]), downloads, accesses, statuses);
      if (compared.length > 0) m.set('formatMatch', compared.some((c) => c.matches));
    }
    measured.push({ id: key_(d), measurements: m });
  }
  return { dataset: { id: datasetIri, measurements: own }, distributions: measured };
}

/**
 * The measurements of a DCAT data service, on the service itself (no distributions), for the metrics
 * that apply to one (src/core/data-service-quality-metrics.ts): keywords and themes; its endpoint URLs
 * through the URL checker (`accessUrlStatusCode`: true when one answered 2xx, 401 or 403; not measured
 * before the checker has a result); format and media type as for a distribution (the formats it answers
 * in); licence, access rights, contact point, publisher, rights, issued, modified; DCAT-AP-NO compliance
 * from its validation report. Deterministic, as measureDataset.
 */
export function measureDataService(quads: Iterable<Quad>, serviceIri: string, options: MeasureOptions = {}): Assessment {
  return measureDataServiceIn(new Graph(quads), serviceIri, options);
}

/** measureDataService over a graph already read (a stored record's, src/rdf/record-quality.ts). */
export function measureDataServiceIn(g: MeasuredGraph, serviceIri: string, options: MeasureOptions = {}): Assessment {
  const service = namedNode(serviceIri);
  const m = new Map<string, MeasurementValue>();
  const has = (p: string): boolean => g.has(service, p);
  m.set('keywordAvailability', has(DCAT.keyword));
  m.set('categoryAvailability', has(DCAT.theme));
  const statuses = options.urlStatuses;
  if (statuses !== undefined) {
    const known = g.objects(service, DCAT.endpointURL).map((u) => statuses.get(u.value)?.status).filter((s): s is number => s !== undefined);
    if (known.length > 0) m.set('accessUrlStatusCode', known.some(endpointReachable));
  }
  const formats = [...g.objects(service, DCT.format), ...g.objects(service, DCAT.mediaType)].filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  const fileTypes = formats.map((f) => code(f, FILE_TYPE)).filter((c): c is string => c !== undefined);
  m.set('formatAvailability', has(DCT.format));
  m.set('mediaTypeAvailability', has(DCAT.mediaType));
  m.set('formatMediaTypeVocabularyAlignment', formats.some((f) => f.startsWith(FILE_TYPE) || IANA.some((base) => f.startsWith(base))));
  m.set('formatMediaTypeNonProprietary', fileTypes.some((c) => NON_PROPRIETARY.has(c)));
  m.set('formatMediaTypeMachineInterpretable', fileTypes.some((c) => MACHINE_READABLE.has(c)));
  if (options.validation) m.set('dcatApCompliance', options.validation.conforms);
  const knownLicence = options.knownLicence ?? ((iri: string) => code(iri, LICENCE) !== undefined);
  const licences = g.objects(service, DCT.license);
  m.set('licenseAvailability', licences.length > 0);
  m.set('knownLicense', licences.some((t) => t.termType === 'NamedNode' && knownLicence(t.value)));
  measureResponsibility(g, service, m);
  m.set('rightsAvailability', has(DCT.rights));
  m.set('dateIssuedAvailability', has(DCT.issued));
  m.set('dateModifiedAvailability', has(DCT.modified));
  return { dataset: { id: serviceIri, measurements: m }, distributions: [] };
}

/** The metrics a dataset and a data service measure alike: access rights (and their vocabulary), contact point, publisher. */
function measureResponsibility(g: MeasuredGraph, resource: Term, into: Map<string, MeasurementValue>): void {
  const accessRights = g.objects(resource, DCT.accessRights);
  into.set('accessRightsAvailability', accessRights.length > 0);
  into.set('accessRightsVocabularyAlignment', accessRights.some((t) => t.termType === 'NamedNode' && code(t.value, ACCESS_RIGHT) !== undefined));
  into.set('contactPointAvailability', g.has(resource, DCAT.contactPoint));
  into.set('publisherAvailability', g.has(resource, DCT.publisher));
}

/** One URL of a distribution compared with its declared format (formatMatch). */
export interface FormatComparison {
  readonly url: string;
  readonly property: 'accessURL' | 'downloadURL';
  /** The media types the distribution declares (dct:format, dcat:mediaType), under their IANA names. */
  readonly declared: readonly string[];
  /** The media type the server answered with. */
  readonly mediaType: string;
  readonly matches: boolean;
}

/**
 * The URLs formatMatch compares for one distribution, each with its verdict (format-match.ts): the
 * download URLs are the linked file; only when none of them gives a verdict are the access URLs compared,
 * and then not one that answered with an HTML page the distribution does not declare (a landing page,
 * which says nothing about the format of the data). A URL without a 2xx answer, or whose answer says
 * nothing about the format, gives no verdict; nothing is compared when nothing comparable is declared.
 */
function formatComparisons(declared: ReadonlySet<string>, downloads: readonly Term[], accesses: readonly Term[], statuses: UrlStatuses): FormatComparison[] {
  if (declared.size === 0) return [];
  const html = new Set(['text/html']);
  const compare = (urls: readonly Term[], property: FormatComparison['property']): FormatComparison[] =>
    urls.flatMap((u) => {
      const check = statuses.get(u.value);
      if (check === undefined || !ok(check.status) || check.mediaType === null) return [];
      const matches = formatMatches(declared, check.mediaType);
      if (matches === undefined || (property === 'accessURL' && !matches && formatMatches(html, check.mediaType) === true)) return [];
      return [{ url: u.value, property, declared: [...declared].sort(), mediaType: check.mediaType, matches }];
    });
  const found = compare(downloads, 'downloadURL');
  return found.length > 0 ? found : compare(accesses, 'accessURL');
}

/**
 * Every access or download URL of a dataset's distributions whose server answered with a media type
 * other than the one declared (what costs the formatMatch points): for the publisher's page.
 */
export function formatMismatches(quads: Iterable<Quad>, datasetIri: string, statuses: UrlStatuses): FormatComparison[] {
  const g = new Graph(quads);
  const out: FormatComparison[] = [];
  for (const d of g.objects(namedNode(datasetIri), DCAT.distribution)) {
    const declared = declaredMediaTypes([...g.objects(d, DCT.format), ...g.objects(d, DCAT.mediaType)]);
    const downloads = g.objects(d, DCAT.downloadURL).filter((t) => t.termType === 'NamedNode');
    for (const c of formatComparisons(declared, downloads, g.objects(d, DCAT.accessURL), statuses)) if (!c.matches && !out.some((o) => o.url === c.url)) out.push(c);
  }
  return out;
}

/**
 * An MQA assessment graph (FDK's format: `dcatno-mqa:DatasetAssessment` with `hasDistributionAssessment`,
 * each `containsQualityMeasurement` with `dqv:isMeasurementOf` and `dqv:value`) as an Assessment.
 * Measurements without a value, and of metrics that score nothing (the dimension and total scorings), are
 * left out, as FDK's scoring service leaves them.
 */
export function assessmentFromGraph(quads: Iterable<Quad>): Assessment {
  const g = new Graph(quads);
  const list = [...quads];
  const datasetAssessment = list.find((q) => q.predicate.value === RDF.type && q.object.value === DCATNO_MQA.DatasetAssessment)?.subject;
  if (datasetAssessment === undefined) throw new Error('The graph has no dcatno-mqa:DatasetAssessment.');
  const scored = new Set(QUALITY_METRICS.map((m) => metricIri(m)));
  const measurementsOf = (assessment: Term): Map<string, MeasurementValue> => {
    const out = new Map<string, MeasurementValue>();
    for (const node of g.objects(assessment, DCATNO_MQA.containsQualityMeasurement)) {
      const metric = g.objects(node, DQV.isMeasurementOf)[0];
      const value = g.objects(node, DQV.value)[0];
      if (metric === undefined || value === undefined || value.termType !== 'Literal' || !scored.has(metric.value)) continue;
      out.set(metric.value.slice(MQA_BASE.length), literalValue(value.value, value.datatype.value));
    }
    return out;
  };
  const resource = (assessment: Term): string => g.objects(assessment, DCATNO_MQA.assessmentOf)[0]?.value ?? key_(assessment);
  return {
    dataset: { id: resource(datasetAssessment), measurements: measurementsOf(datasetAssessment) },
    distributions: g.objects(datasetAssessment, DCATNO_MQA.hasDistributionAssessment).map((a) => ({ id: resource(a), measurements: measurementsOf(a) })),
  };
}

function literalValue(lexical: string, datatype: string): MeasurementValue {
  if (datatype === XSD.boolean) return lexical === 'true' || lexical === '1';
  if (datatype === XSD.integer) return Number.parseInt(lexical, 10);
  return lexical;
}

const P_HAS = `<${DQV.hasQualityMeasurement}>`;
const P_TYPE = `<${RDF.type}>`;
const C_MEASUREMENT = `<${DQV.QualityMeasurement}>`;
const P_OF = `<${DQV.isMeasurementOf}>`;
const P_ON = `<${DQV.computedOn}>`;
const P_VALUE = `<${DQV.value}>`;
const P_MISSED = `<${DK.missedMetric}>`;
const SCORING = `<${MQA_BASE}scoring>`;
const INTEGER = `^^<${XSD.integer}>`;

/**
 * The dataset's score as compact DQV, in N-Triples for its record graph: one `dqv:QualityMeasurement`
 * of the total (`dqv:isMeasurementOf dcatno-mqa:scoring`, `dqv:value` its points out of 435, `dqv:computedOn`
 * the dataset, as data.norge.no's assessments say), linked from the dataset with `dqv:hasQualityMeasurement`, and on it one `dk:missedMetric` per metric that
 * was measured and not met (the reason for every point lost to the record itself; metrics not measured
 * yet, such as the URL checks before the checker has run, are neither met nor missed). That is
 * 5 + (missed metrics) triples per dataset, where one measurement per metric and dimension took about
 * 27 × 4: the scores per dimension and the fixes are in the record's JSON view and the publisher's
 * quality page. The measurement is named `{measurementBase}` (the record URI and a fragment), so the
 * output is the same for the same score and no two records share a node.
 */
export function qualityMeasurementNTriples(scores: QualityScores, measurementBase: string): string {
  const dataset = termToNTriples(namedNode(scores.dataset.id));
  const node = termToNTriples(namedNode(measurementBase));
  let out = `${dataset} ${P_HAS} ${node} .\n${node} ${P_TYPE} ${C_MEASUREMENT} .\n${node} ${P_ON} ${dataset} .\n${node} ${P_OF} ${SCORING} .\n${node} ${P_VALUE} "${scores.dataset.score}"${INTEGER} .\n`;
  for (const dimension of scores.dataset.dimensions) {
    for (const metric of dimension.metrics) if (metric.is_scored && metric.score < metric.max_score) out += `${node} ${P_MISSED} <${metric.id}> .\n`;
  }
  return out;
}
