import { QUALITY_METRICS, type QualityMetric } from './quality-metrics.js';

/**
 * The MQA metrics that apply to a data service (dcat:DataService), measured on the service itself.
 * FDK's MQA assesses datasets and their distributions only; the issue asks a score for data services
 * "where the metrics apply". A metric applies when the property it checks is one a data service has in
 * DCAT-AP-NO / DCAT 3 (`dcat:Resource` properties and the service's own), with the same points and the
 * same dcatno-mqa IRI, so a service's score is comparable metric by metric with a dataset's:
 *
 * - findability: keywords and themes (spatial and temporal coverage describe data, not an API: left out);
 * - accessibility: `accessUrlStatusCode` is measured on the service's `dcat:endpointURL` by the URL
 *   checker (a service has no download URL: `downloadUrlAvailability` and `downloadUrlStatusCode` are
 *   left out). An endpoint that answers 401 or 403 to the checker's anonymous request counts as
 *   reachable: an API behind Maskinporten or an API key answers every anonymous request so;
 * - interoperability: format and media type (the formats the service answers in), their vocabulary,
 *   non-proprietary and machine-readable, and DCAT-AP-NO compliance of the service record; `formatMatch`
 *   and `syntaxValid` judge a linked file and are left out;
 * - reusability: all six (licence, known licence, access rights and their vocabulary, contact point,
 *   publisher);
 * - contextuality: rights, issued, modified (byte size is a file's: left out).
 *
 * 18 of the 25 metrics, 310 points. The fixes speak of the service and name the service's property.
 */
interface ServiceOverride {
  readonly property?: string;
  readonly fix: { readonly nb: string; readonly nn: string; readonly en: string };
}

const OVERRIDES: Readonly<Record<string, ServiceOverride>> = {
  keywordAvailability: { fix: { nb: 'Legg til emneord som beskriver datatjenesten', nn: 'Legg til emneord som skildrar datatenesta', en: 'Add keywords that describe the data service' } },
  categoryAvailability: { fix: { nb: 'Legg til et tema fra EUs datatemaer eller LOS på datatjenesten', nn: 'Legg til eit tema frå EU sine datatema eller LOS på datatenesta', en: 'Add a theme from the EU data themes or LOS to the data service' } },
  accessUrlStatusCode: {
    property: 'dcat:endpointURL',
    fix: { nb: 'Rett datatjenestens endepunkt (dcat:endpointURL) slik at det svarer uten feil', nn: 'Rett endepunktet til datatenesta (dcat:endpointURL) slik at det svarar utan feil', en: 'Fix the data service\'s endpoint URL (dcat:endpointURL) so that it answers without an error' },
  },
  formatAvailability: { fix: { nb: 'Oppgi formatene datatjenesten svarer i', nn: 'Oppgi formata datatenesta svarar i', en: 'State the formats the data service answers in' } },
  mediaTypeAvailability: { fix: { nb: 'Oppgi medietypene (IANA) datatjenesten svarer i', nn: 'Oppgi medietypane (IANA) datatenesta svarar i', en: 'State the (IANA) media types the data service answers in' } },
  formatMediaTypeVocabularyAlignment: { fix: { nb: 'Oppgi datatjenestens formater med lenker fra EUs filtyper eller IANAs medietyper', nn: 'Oppgi formata til datatenesta med lenkjer frå EU sine filtypar eller IANA sine medietypar', en: 'Give the data service\'s formats as links from the EU file types or the IANA media types' } },
  formatMediaTypeNonProprietary: { fix: { nb: 'La datatjenesten svare i et åpent, ikke-proprietært format (for eksempel JSON eller XML), oppgitt som EU-filtype', nn: 'La datatenesta svare i eit ope, ikkje-proprietært format (til dømes JSON eller XML), oppgitt som EU-filtype', en: 'Let the data service answer in an open, non-proprietary format (for example JSON or XML), given as an EU file type' } },
  formatMediaTypeMachineInterpretable: { fix: { nb: 'La datatjenesten svare i et maskinlesbart format (for eksempel JSON eller XML), oppgitt som EU-filtype', nn: 'La datatenesta svare i eit maskinlesbart format (til dømes JSON eller XML), oppgitt som EU-filtype', en: 'Let the data service answer in a machine-readable format (for example JSON or XML), given as an EU file type' } },
  dcatApCompliance: { fix: { nb: 'Rett bruddene på DCAT-AP-NO som valideringsrapporten for datatjenesten viser', nn: 'Rett brota på DCAT-AP-NO som valideringsrapporten for datatenesta viser', en: 'Fix the DCAT-AP-NO violations the data service\'s validation report shows' } },
  licenseAvailability: { fix: { nb: 'Legg til en lisens på datatjenesten', nn: 'Legg til ein lisens på datatenesta', en: 'Add a licence to the data service' } },
  knownLicense: { fix: { nb: 'Legg til en lisens fra listen over åpne lisenser på datatjenesten', nn: 'Legg til ein lisens frå lista over opne lisensar på datatenesta', en: 'Add a licence from the list of open licences to the data service' } },
  accessRightsAvailability: { fix: { nb: 'Oppgi datatjenestens tilgangsnivå (offentlig, begrenset eller ikke-offentlig)', nn: 'Oppgi tilgangsnivået til datatenesta (offentleg, avgrensa eller ikkje-offentleg)', en: 'State the data service\'s access rights (public, restricted or non-public)' } },
  accessRightsVocabularyAlignment: { fix: { nb: 'Oppgi datatjenestens tilgangsnivå med en lenke fra EUs tabell over tilgangsnivåer', nn: 'Oppgi tilgangsnivået til datatenesta med ei lenkje frå EU sin tabell over tilgangsnivå', en: 'Give the data service\'s access rights as a link from the EU access-right table' } },
  contactPointAvailability: { fix: { nb: 'Legg til et kontaktpunkt for datatjenesten med e-post eller kontaktside', nn: 'Legg til eit kontaktpunkt for datatenesta med e-post eller kontaktside', en: 'Add a contact point with an e-mail address or contact page to the data service' } },
  publisherAvailability: { fix: { nb: 'Oppgi utgiveren av datatjenesten', nn: 'Oppgi utgjevaren av datatenesta', en: 'State the publisher of the data service' } },
  rightsAvailability: { fix: { nb: 'Beskriv rettighetene som gjelder for datatjenesten', nn: 'Skildra rettane som gjeld for datatenesta', en: 'Describe the rights that apply to the data service' } },
  dateIssuedAvailability: { fix: { nb: 'Oppgi når datatjenesten ble utgitt', nn: 'Oppgi når datatenesta vart gjeven ut', en: 'State when the data service was issued' } },
  dateModifiedAvailability: { fix: { nb: 'Oppgi når datatjenesten sist ble endret', nn: 'Oppgi når datatenesta sist vart endra', en: 'State when the data service was last modified' } },
};

/** The metrics scored for a data service, in the order of QUALITY_METRICS, each measured on the service (level `dataset`). */
export const DATA_SERVICE_QUALITY_METRICS: readonly QualityMetric[] = Object.freeze(
  QUALITY_METRICS.filter((metric) => metric.name in OVERRIDES).map((metric) => {
    const o = OVERRIDES[metric.name]!;
    return Object.freeze({ ...metric, level: 'dataset' as const, property: o.property ?? metric.property, fix: Object.freeze({ ...o.fix }) });
  }),
);

/** The most points a data service can get (310). */
export const MAX_DATA_SERVICE_QUALITY_SCORE = DATA_SERVICE_QUALITY_METRICS.reduce((sum, metric) => sum + metric.trueScore, 0);

/** HTTP statuses of a data service's endpoint that count as reachable: a 2xx, or 401 / 403 (it asks for credentials). */
export function endpointReachable(status: number): boolean {
  return (status >= 200 && status < 300) || status === 401 || status === 403;
}
