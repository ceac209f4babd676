/**
 * The metadata quality metrics of data.norge.no (the MQA of Felles datakatalog): five dimensions, 25
 * scored metrics, 435 points. IRIs, dimensions and points are those of the dcatno-mqa vocabulary and its
 * default score values (Informasjonsforvaltning/fdk-mqa-scoring-service, graphs/dcatno-mqa-vocabulary*.ttl,
 * as used by the live scoring service); which resource a metric is measured on follows FDK's property
 * checker, URL checker and DCAT validator. The fixes (nb, nn, en) are ours.
 */
export const MQA_BASE = 'https://data.norge.no/vocabulary/dcatno-mqa#';

/** A fix in Bokmål, Nynorsk and English. */
export interface QualityFixText {
  readonly nb: string;
  readonly nn: string;
  readonly en: string;
}

export const QUALITY_DIMENSIONS = ['accessibility', 'contextuality', 'findability', 'interoperability', 'reusability'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** Where a metric is measured: on the dataset, or on each distribution (the dataset gets its best distribution's). */
export type MetricLevel = 'dataset' | 'distribution';

/** How a metric is measured: from the record's properties, by the URL checker, or by validation. */
export type MetricSource = 'properties' | 'url-check' | 'validation' | 'not-measured';

export interface QualityMetric {
  /** The local name in the dcatno-mqa vocabulary, e.g. `keywordAvailability`. */
  readonly name: string;
  readonly dimension: QualityDimension;
  /** Points when the measurement is true (or a 2xx status code). */
  readonly trueScore: number;
  readonly level: MetricLevel;
  readonly source: MetricSource;
  /** The property a fix adds or changes (prefixed name). */
  readonly property: string;
  /** What to do to gain the points, in plain words. */
  readonly fix: QualityFixText;
  /**
   * Whether the fix is given only once the metric is measured: a format match is measured only where a
   * format is declared and a server answered, so before that its fix would be advice about nothing.
   */
  readonly fixOnlyWhenMeasured: boolean;
}

const m = (
  name: string,
  dimension: QualityDimension,
  trueScore: number,
  level: MetricLevel,
  source: MetricSource,
  property: string,
  nb: string,
  nn: string,
  en: string,
  fixOnlyWhenMeasured = false,
): QualityMetric => Object.freeze({ name, dimension, trueScore, level, source, property, fix: Object.freeze({ nb, nn, en }), fixOnlyWhenMeasured });

export const QUALITY_METRICS: readonly QualityMetric[] = Object.freeze([
  // Findability (100)
  m('keywordAvailability', 'findability', 30, 'dataset', 'properties', 'dcat:keyword', 'Legg til emneord som beskriver datasettet', 'Legg til emneord som skildrar datasettet', 'Add keywords that describe the dataset'),
  m('categoryAvailability', 'findability', 30, 'dataset', 'properties', 'dcat:theme', 'Legg til et tema fra EUs datatemaer eller LOS', 'Legg til eit tema frå EU sine datatema eller LOS', 'Add a theme from the EU data themes or LOS'),
  m('spatialAvailability', 'findability', 20, 'dataset', 'properties', 'dct:spatial', 'Oppgi hvilket geografisk område datasettet dekker', 'Oppgi kva geografisk område datasettet dekkjer', 'Say which geographical area the dataset covers'),
  m('temporalAvailability', 'findability', 20, 'dataset', 'properties', 'dct:temporal', 'Oppgi hvilken tidsperiode datasettet dekker', 'Oppgi kva tidsperiode datasettet dekkjer', 'Say which period of time the dataset covers'),
  // Accessibility (100)
  m('accessUrlStatusCode', 'accessibility', 50, 'distribution', 'url-check', 'dcat:accessURL', 'Rett tilgangslenken (dcat:accessURL) slik at den svarer uten feil', 'Rett tilgangslenkja (dcat:accessURL) slik at ho svarar utan feil', 'Fix the access URL (dcat:accessURL) so that it answers without an error'),
  m('downloadUrlAvailability', 'accessibility', 20, 'distribution', 'properties', 'dcat:downloadURL', 'Legg til en direkte nedlastingslenke på distribusjonen', 'Legg til ei direkte nedlastingslenkje på distribusjonen', 'Add a direct download URL to the distribution'),
  m('downloadUrlStatusCode', 'accessibility', 30, 'distribution', 'url-check', 'dcat:downloadURL', 'Rett nedlastingslenken (dcat:downloadURL) slik at den svarer uten feil', 'Rett nedlastingslenkja (dcat:downloadURL) slik at ho svarar utan feil', 'Fix the download URL (dcat:downloadURL) so that it answers without an error'),
  // Interoperability (140)
  m('formatAvailability', 'interoperability', 20, 'distribution', 'properties', 'dct:format', 'Oppgi formatet til distribusjonen', 'Oppgi formatet til distribusjonen', 'State the format of the distribution'),
  m('mediaTypeAvailability', 'interoperability', 10, 'distribution', 'properties', 'dcat:mediaType', 'Oppgi medietypen (IANA) til distribusjonen', 'Oppgi medietypen (IANA) til distribusjonen', 'State the (IANA) media type of the distribution'),
  m('formatMediaTypeVocabularyAlignment', 'interoperability', 10, 'distribution', 'properties', 'dct:format', 'Oppgi format og medietype med lenker fra EUs filtyper eller IANAs medietyper', 'Oppgi format og medietype med lenkjer frå EU sine filtypar eller IANA sine medietypar', 'Give format and media type as links from the EU file types or the IANA media types'),
  m('formatMediaTypeNonProprietary', 'interoperability', 20, 'distribution', 'properties', 'dct:format', 'Tilby distribusjonen i et åpent, ikke-proprietært format (for eksempel CSV eller JSON)', 'Tilby distribusjonen i eit ope, ikkje-proprietært format (til dømes CSV eller JSON)', 'Offer the distribution in an open, non-proprietary format (for example CSV or JSON)'),
  m('formatMediaTypeMachineInterpretable', 'interoperability', 20, 'distribution', 'properties', 'dct:format', 'Tilby distribusjonen i et maskinlesbart format (for eksempel CSV, JSON eller XML)', 'Tilby distribusjonen i eit maskinlesbart format (til dømes CSV, JSON eller XML)', 'Offer the distribution in a machine-readable format (for example CSV, JSON or XML)'),
  m('dcatApCompliance', 'interoperability', 30, 'dataset', 'validation', 'rdf:type', 'Rett bruddene på DCAT-AP-NO som valideringsrapporten viser', 'Rett brota på DCAT-AP-NO som valideringsrapporten viser', 'Fix the DCAT-AP-NO violations the validation report shows'),
  m('formatMatch', 'interoperability', 15, 'distribution', 'url-check', 'dct:format', 'Sørg for at formatet som er oppgitt, stemmer med medietypen serveren svarer med for nedlastingslenken', 'Sørg for at formatet som er oppgitt, stemmer med medietypen tenaren svarar med for nedlastingslenkja', 'Make the declared format match the media type the server answers with for the download URL', true),
  // Not measured, as on data.norge.no (no FDK service measures it; every scoring fixture has it unscored): see README, "5b".
  m('syntaxValid', 'interoperability', 15, 'distribution', 'not-measured', 'dcat:downloadURL', 'Sørg for at filen er gyldig i formatet den er oppgitt i', 'Sørg for at fila er gyldig i formatet ho er oppgitt i', 'Make sure the file is valid in its declared format'),
  // Reusability (75)
  m('licenseAvailability', 'reusability', 20, 'distribution', 'properties', 'dct:license', 'Legg til en lisens på distribusjonen', 'Legg til ein lisens på distribusjonen', 'Add a licence to the distribution'),
  m('knownLicense', 'reusability', 10, 'distribution', 'properties', 'dct:license', 'Legg til en lisens fra listen over åpne lisenser', 'Legg til ein lisens frå lista over opne lisensar', 'Add a licence from the list of open licences'),
  m('accessRightsAvailability', 'reusability', 10, 'dataset', 'properties', 'dct:accessRights', 'Oppgi tilgangsnivå (offentlig, begrenset eller ikke-offentlig)', 'Oppgi tilgangsnivå (offentleg, avgrensa eller ikkje-offentleg)', 'State the access rights (public, restricted or non-public)'),
  m('accessRightsVocabularyAlignment', 'reusability', 5, 'dataset', 'properties', 'dct:accessRights', 'Oppgi tilgangsnivå med en lenke fra EUs tabell over tilgangsnivåer', 'Oppgi tilgangsnivå med ei lenkje frå EU sin tabell over tilgangsnivå', 'Give the access rights as a link from the EU access-right table'),
  m('contactPointAvailability', 'reusability', 20, 'dataset', 'properties', 'dcat:contactPoint', 'Legg til et kontaktpunkt med e-post eller kontaktside', 'Legg til eit kontaktpunkt med e-post eller kontaktside', 'Add a contact point with an e-mail address or contact page'),
  m('publisherAvailability', 'reusability', 10, 'dataset', 'properties', 'dct:publisher', 'Oppgi utgiveren av datasettet', 'Oppgi utgjevaren av datasettet', 'State the publisher of the dataset'),
  // Contextuality (20)
  m('rightsAvailability', 'contextuality', 5, 'distribution', 'properties', 'dct:rights', 'Beskriv rettighetene som gjelder for distribusjonen', 'Skildra rettane som gjeld for distribusjonen', 'Describe the rights that apply to the distribution'),
  m('byteSizeAvailability', 'contextuality', 5, 'distribution', 'properties', 'dcat:byteSize', 'Oppgi filstørrelsen til distribusjonen', 'Oppgi filstorleiken til distribusjonen', 'State the file size of the distribution'),
  m('dateIssuedAvailability', 'contextuality', 5, 'distribution', 'properties', 'dct:issued', 'Oppgi når distribusjonen ble utgitt', 'Oppgi når distribusjonen vart gjeven ut', 'State when the distribution was issued'),
  m('dateModifiedAvailability', 'contextuality', 5, 'distribution', 'properties', 'dct:modified', 'Oppgi når distribusjonen sist ble endret', 'Oppgi når distribusjonen sist vart endra', 'State when the distribution was last modified'),
]);

export const metricIri = (metric: QualityMetric | string): string => MQA_BASE + (typeof metric === 'string' ? metric : metric.name);
export const dimensionIri = (dimension: QualityDimension): string => MQA_BASE + dimension;

/** The most points a resource can get: 435. */
export const MAX_QUALITY_SCORE = QUALITY_METRICS.reduce((sum, metric) => sum + metric.trueScore, 0);

export function metricByName(name: string): QualityMetric | undefined {
  return QUALITY_METRICS.find((metric) => metric.name === name);
}
