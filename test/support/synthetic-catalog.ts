/**
 * A synthetic DCAT-AP-NO catalog for benchmarks and tests: as many datasets as asked for (about 27
 * triples each), Bokmål/Nynorsk/English text with æøå, several publishers with valid organisation
 * numbers, EU and LOS themes, formats, licences — deterministic by seed, generated lazily page by page
 * so 100 000 datasets never sit in memory as one string.
 *
 *   const catalog = generateCatalog({ datasets: 10_000, perPage: 1_000, baseUrl: 'http://127.0.0.1:8080' });
 *   catalog.page(1)                      // Turtle text of page 1 (publishers' catalogs + first 1 000 datasets)
 *   catalog.withVariant(1)               // the same catalog with ~1 % of the datasets changed
 *   const served = await serveCatalog(catalog); … served.replace(served.catalog.withVariant(1)); …
 *
 * Page n is `${baseUrl}/page/${n}.ttl`. With `perPage`, every page is a hydra:PartialCollectionView with
 * hydra:first/last/next/previous; without it the catalog is one page with no Hydra triples. The first
 * page also holds one dcat:Catalog per publisher listing all of that publisher's datasets, the publishers
 * (foaf:Agent) and their contact points; each dataset's distribution is on the dataset's page.
 * Resource IRIs do not depend on `baseUrl`, so the same catalog served on another port is the same data.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeededRandom } from './seeded-random.js';

export interface SyntheticCatalogOptions {
  /** Number of dcat:Dataset resources. */
  readonly datasets: number;
  /** Datasets per page; when set the catalog is Hydra-paged, otherwise it is a single page. */
  readonly perPage?: number;
  /** Seed of all the random choices (default 1). */
  readonly seed?: number;
  /** Number of publishers (default 12). Datasets are spread over them unevenly, as in real catalogs. */
  readonly publishers?: number;
  /** Where the pages are served, without a trailing slash: pages are `${baseUrl}/page/${n}.ttl`. */
  readonly baseUrl: string;
  /** 0 (default) is the original catalog; any other value changes a `mutate` fraction of the datasets. */
  readonly variant?: number;
  /** Fraction of datasets that differ from variant 0 in a non-zero variant (default 0.01). */
  readonly mutate?: number;
  /** Base of the resource IRIs (default `https://data.example.org/`). */
  readonly resourceBase?: string;
}

export interface SyntheticPublisher {
  readonly organisationNumber: string;
  readonly name: string;
  readonly iri: string;
}

export interface SyntheticCatalog {
  readonly options: Readonly<Required<SyntheticCatalogOptions>>;
  readonly datasetCount: number;
  readonly pageCount: number;
  readonly publishers: readonly SyntheticPublisher[];
  /** URL of page n (1-based); page 1 is the entry document. */
  pageUrl(n: number): string;
  /** Turtle text of page n (1-based), generated on each call. */
  page(n: number): string;
  /** All pages in order, one at a time. */
  pages(): Generator<string>;
  /** A strong validator for page n, computed without generating the page: it changes whenever the page's text changes. */
  etag(n: number): string;
  /** When page n last changed (whole seconds). */
  lastModified(n: number): Date;
  /** The page (1-based) that holds dataset i (0-based). */
  pageOf(i: number): number;
  datasetIri(i: number): string;
  /** The publisher of dataset i. */
  publisherOf(i: number): SyntheticPublisher;
  /** Whether dataset i differs from variant 0 in this variant. */
  isChanged(i: number): boolean;
  /** Indices of the datasets that differ from variant 0 (empty for variant 0). */
  changedDatasets(): number[];
  /** The same catalog served from another place (resource IRIs stay the same). */
  withBaseUrl(baseUrl: string): SyntheticCatalog;
  /** The same catalog with another variant (and optionally another changed fraction). */
  withVariant(variant: number, mutate?: number): SyntheticCatalog;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: every choice for dataset i comes from a generator seeded by (seed, i), so any
// page can be produced without producing the pages before it.

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = mix((h ^ mix(p | 0)) + 0x6d2b79f5);
  return h;
}

/** A function of the seeded generator, as the builders below call it. */
function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function pickWeighted<T>(r: () => number, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1]![0];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const DATA_THEME = 'http://publications.europa.eu/resource/authority/data-theme/';
const LOS = 'https://psi.norge.no/los/';
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const IANA = 'https://www.iana.org/assignments/media-types/';
const ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/';
const FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const LICENCE = 'http://publications.europa.eu/resource/authority/licence/';
const GEONORGE = 'https://data.geonorge.no/administrativeEnheter/';
const NORWAY = `${GEONORGE}nasjon/id/173163`;
const ORGANIZATION_CATALOG = 'https://organization-catalog.fellesdatakatalog.digdir.no/organizations/';

interface Topic {
  readonly nb: string;
  readonly nn: string;
  readonly en: string;
  /** What the dataset holds, to go into a description sentence. */
  readonly holdsNb: string;
  readonly holdsNn: string;
  readonly holdsEn: string;
  readonly keywords: readonly string[];
  readonly theme: string;
  readonly los: string;
}

const t = (nb: string, nn: string, en: string, holdsNb: string, holdsNn: string, holdsEn: string, keywords: string[], theme: string, los: string): Topic => ({ nb, nn, en, holdsNb, holdsNn, holdsEn, keywords, theme, los });

const TOPICS: readonly Topic[] = [
  t('Befolkningsstatistikk', 'Befolkningsstatistikk', 'Population statistics', 'folketall fordelt på alder og kjønn', 'folketal fordelt på alder og kjønn', 'population figures by age and sex', ['befolkning', 'folketall', 'alder', 'innbyggere'], 'SOCI', 'tema/familie-og-barn'),
  t('Arbeidsledighet', 'Arbeidsløyse', 'Unemployment', 'registrerte arbeidsledige per måned', 'registrerte arbeidsledige per månad', 'registered unemployed persons per month', ['arbeidsledighet', 'arbeidssøkere', 'ledighet', 'arbeidsmarked'], 'ECON', 'tema/arbeidssoking'),
  t('Luftkvalitet', 'Luftkvalitet', 'Air quality', 'målinger av svevestøv og nitrogendioksid', 'målingar av svevestøv og nitrogendioksid', 'measurements of particulate matter and nitrogen dioxide', ['luftkvalitet', 'svevestøv', 'NO2', 'luftforurensning'], 'ENVI', 'ord/luftkvalitet'),
  t('Barnehager', 'Barnehagar', 'Kindergartens', 'barnehager med antall barn, ansatte og åpningstider', 'barnehagar med tal på born, tilsette og opningstider', 'kindergartens with number of children, staff and opening hours', ['barnehage', 'barnehageplass', 'småbarn', 'oppvekst'], 'EDUC', 'tema/barnehage'),
  t('Grunnskoler og elevtall', 'Grunnskular og elevtal', 'Primary schools and pupils', 'grunnskoler med elevtall og lærertetthet', 'grunnskular med elevtal og lærartettleik', 'primary schools with pupil numbers and teacher density', ['grunnskole', 'elevtall', 'lærertetthet', 'skole'], 'EDUC', 'tema/grunnskole'),
  t('Trafikkmengde på kommunale veger', 'Trafikkmengd på kommunale vegar', 'Traffic volume on municipal roads', 'timetrafikk og årsdøgntrafikk fra tellepunkter', 'timetrafikk og årsdøgntrafikk frå teljepunkt', 'hourly and annual average daily traffic from counting points', ['vegtrafikk', 'trafikkmengde', 'ÅDT', 'tellepunkt'], 'TRAN', 'tema/trafikk-og-transport'),
  t('Trafikkulykker', 'Trafikkulukker', 'Road traffic accidents', 'politirapporterte trafikkulykker med personskade', 'politirapporterte trafikkulukker med personskade', 'police-reported road accidents with injuries', ['trafikkulykker', 'trafikksikkerhet', 'personskade', 'ulykke'], 'TRAN', 'ord/trafikksikkerhet'),
  t('Adresser', 'Adresser', 'Addresses', 'offisielle vegadresser med koordinater', 'offisielle vegadresser med koordinatar', 'official street addresses with coordinates', ['adresse', 'vegadresse', 'postnummer', 'koordinater'], 'REGI', 'ord/adressetildeling'),
  t('Stedsnavn', 'Stadnamn', 'Place names', 'godkjente stedsnavn med skrivemåte og navnetype', 'godkjende stadnamn med skrivemåte og namnetype', 'approved place names with spelling and name type', ['stedsnavn', 'stadnamn', 'navnetype', 'kart'], 'REGI', 'tema/kultur'),
  t('Skredfare og skredhendelser', 'Skredfare og skredhendingar', 'Landslide hazard and events', 'registrerte skredhendelser og aktsomhetsområder', 'registrerte skredhendingar og aktsemdsområde', 'registered landslide events and hazard zones', ['snøskred', 'skred', 'aktsomhet', 'beredskap'], 'ENVI', 'ord/skredvarsel'),
  t('Byggesaker', 'Byggjesaker', 'Building permit cases', 'søknader om byggetillatelse med saksbehandlingstid', 'søknader om byggjeløyve med sakshandsamingstid', 'building permit applications with processing time', ['byggesak', 'byggetillatelse', 'saksbehandlingstid', 'plan- og bygningsloven'], 'GOVE', 'tema/bygging'),
  t('Reguleringsplaner', 'Reguleringsplanar', 'Zoning plans', 'vedtatte reguleringsplaner med arealformål', 'vedtekne reguleringsplanar med arealformål', 'adopted zoning plans with land-use purposes', ['reguleringsplan', 'arealplan', 'arealformål', 'planregister'], 'REGI', 'ord/reguleringsplan'),
  t('Ruter og holdeplasser', 'Ruter og haldeplassar', 'Public transport routes and stops', 'holdeplasser, ruter og avgangstider for buss og båt', 'haldeplassar, ruter og avgangstider for buss og båt', 'stops, routes and departure times for buses and boats', ['kollektivtransport', 'buss', 'holdeplass', 'rutetider'], 'TRAN', 'tema/mobilitetstilbud'),
  t('Husholdningsavfall', 'Hushaldsavfall', 'Household waste', 'innsamlet husholdningsavfall og utsorteringsgrad', 'innsamla hushaldsavfall og utsorteringsgrad', 'collected household waste and sorting rate', ['avfall', 'renovasjon', 'kildesortering', 'gjenvinning'], 'ENVI', 'tema/avfallshandtering'),
  t('Drikkevannskvalitet', 'Drikkevasskvalitet', 'Drinking water quality', 'analyser av drikkevann fra vannverk', 'analysar av drikkevatn frå vassverk', 'drinking water analyses from waterworks', ['drikkevann', 'vannverk', 'vannkvalitet', 'vann og avløp'], 'HEAL', 'ord/vann-og-avlop'),
  t('Eiendomsskatt', 'Eigedomsskatt', 'Property tax', 'utskrevet eiendomsskatt per eiendom og skattesats', 'utskriven eigedomsskatt per eigedom og skattesats', 'property tax levied per property and tax rate', ['eiendomsskatt', 'eiendom', 'skattesats', 'kommunale avgifter'], 'ECON', 'ord/eiendomsskatt'),
  t('Fastlegelister', 'Fastlegelister', 'Regular GP lists', 'fastleger med ledig kapasitet og listelengde', 'fastlegar med ledig kapasitet og listelengd', 'general practitioners with available capacity and list length', ['fastlege', 'helse', 'legeliste', 'primærhelsetjeneste'], 'HEAL', 'tema/helsetjenester'),
  t('Kulturarrangementer', 'Kulturarrangement', 'Cultural events', 'arrangementer i kulturhus, bibliotek og museer', 'arrangement i kulturhus, bibliotek og museum', 'events in culture houses, libraries and museums', ['kultur', 'arrangement', 'bibliotek', 'konsert'], 'EDUC', 'tema/kultur'),
  t('Idrettsanlegg', 'Idrettsanlegg', 'Sports facilities', 'idrettsanlegg med anleggstype, eier og tilstand', 'idrettsanlegg med anleggstype, eigar og tilstand', 'sports facilities with type, owner and condition', ['idrettsanlegg', 'idrett', 'fotballbane', 'svømmehall'], 'SOCI', 'tema/idrett'),
  t('Energiforbruk i kommunale bygg', 'Energibruk i kommunale bygg', 'Energy use in municipal buildings', 'målt strøm- og varmeforbruk per bygg', 'målt straum- og varmebruk per bygg', 'metered electricity and heating use per building', ['energi', 'strømforbruk', 'bygg', 'energieffektivisering'], 'ENER', 'tema/energi'),
  t('Klimagassutslipp', 'Klimagassutslepp', 'Greenhouse gas emissions', 'beregnede utslipp per sektor', 'berekna utslepp per sektor', 'estimated emissions by sector', ['klimagass', 'utslipp', 'CO2', 'klima'], 'ENVI', 'ord/klima'),
  t('Nyetablerte foretak', 'Nyetablerte føretak', 'Newly registered enterprises', 'nyregistrerte foretak etter næring og organisasjonsform', 'nyregistrerte føretak etter næring og organisasjonsform', 'new enterprises by industry and legal form', ['næringsliv', 'foretak', 'etablering', 'næringskode'], 'ECON', 'tema/naringsliv'),
  t('Budsjett og regnskap', 'Budsjett og rekneskap', 'Budget and accounts', 'budsjett og regnskap fordelt på tjenesteområder', 'budsjett og rekneskap fordelt på tenesteområde', 'budget and accounts by service area', ['budsjett', 'regnskap', 'økonomi', 'KOSTRA'], 'GOVE', 'tema/apenhet'),
  t('Valgresultater', 'Valresultat', 'Election results', 'stemmer per parti og valgkrets', 'røyster per parti og valkrins', 'votes per party and constituency', ['valg', 'stortingsvalg', 'kommunestyrevalg', 'stemmer'], 'GOVE', 'tema/politikk-og-valg'),
  t('Turstier og friluftsområder', 'Turstiar og friluftsområde', 'Hiking trails and recreation areas', 'merkede turstier, skiløyper og friluftsområder', 'merka turstiar, skiløyper og friluftsområde', 'marked trails, ski tracks and recreation areas', ['friluftsliv', 'tursti', 'skiløype', 'natur'], 'ENVI', 'tema/friluftsliv'),
  t('Jordbruksareal', 'Jordbruksareal', 'Agricultural land', 'jordbruksareal i drift etter vekst', 'jordbruksareal i drift etter vekst', 'agricultural land in use by crop', ['jordbruk', 'landbruk', 'dyrket mark', 'produksjonstilskudd'], 'AGRI', 'tema/landbruk'),
  t('Fangst i kystfisket', 'Fangst i kystfisket', 'Coastal fishery catches', 'landet fangst per art og fartøygruppe', 'landa fangst per art og fartøygruppe', 'landed catch by species and vessel group', ['fiskeri', 'fangst', 'kvote', 'kystfiske'], 'AGRI', 'ord/fritidsfiske'),
  t('Kommunale boliger', 'Kommunale bustader', 'Municipal housing', 'kommunalt disponerte boliger og ventelister', 'kommunalt disponerte bustader og ventelister', 'municipally managed dwellings and waiting lists', ['bolig', 'kommunal bolig', 'venteliste', 'utleie'], 'SOCI', 'ord/kommunal-bolig'),
  t('Sykefravær', 'Sjukefråvær', 'Sickness absence', 'legemeldt og egenmeldt sykefravær per tjenesteområde', 'legemeldt og eigenmeldt sjukefråvær per tenesteområde', 'certified and self-certified sickness absence by service area', ['sykefravær', 'HMS', 'arbeidsmiljø', 'nærvær'], 'SOCI', 'tema/arbeidsliv'),
  t('Tilfluktsrom', 'Tilfluktsrom', 'Public shelters', 'offentlige tilfluktsrom med kapasitet og adkomst', 'offentlege tilfluktsrom med kapasitet og tilkomst', 'public shelters with capacity and access', ['tilfluktsrom', 'beredskap', 'samfunnssikkerhet', 'krise'], 'JUST', 'tema/samfunnssikkerhet-og-beredskap'),
];

/** Municipalities with their Geonorge administrative-unit ids. */
const PLACES: readonly (readonly [string, string])[] = [
  ['Oslo', '173018'], ['Bergen', '172778'], ['Trondheim', '173068173004'], ['Stavanger', '173091173075173090'],
  ['Tromsø', '172967'], ['Bodø', '172826'], ['Ålesund', '172758172979173010172857172859'], ['Drammen', '172679172943172680'],
  ['Kristiansand', '173043172771173040'], ['Fredrikstad', '172905'], ['Lillehammer', '172910'], ['Hamar', '172779'],
  ['Molde', '172865172757172856'], ['Sunnfjord', '172752172747172687172746'], ['Alta', '172881'], ['Gjøvik', '172699'],
  ['Sandnes', '173083173078'], ['Arendal', '172984'], ['Larvik', '172987172681'], ['Skien', '172828'],
  ['Haugesund', '173100'], ['Harstad', '172807'], ['Narvik', '172868172951172952'], ['Steinkjer', '172931172989'],
  ['Levanger', '172912'], ['Røros', '172853'], ['Voss', '172829172768'], ['Kongsberg', '172705'], ['Halden', '172695'],
  ['Moss', '172985172791'], ['Kautokeino', '172959'], ['Vågå', '172840'], ['Lillestrøm', '173006172843173016'],
  ['Bærum', '173017'], ['Asker', '172764173000172686'], ['Sogndal', '172754172895172896'], ['Vestvågøy', '173027'],
  ['Hammerfest', '172692172961'], ['Karasjok', '172958'],
];

/** Qualifiers that make titles of the same topic and place differ (nb, nn, en). */
const QUALIFIERS: readonly (readonly [string, string, string])[] = [
  ['per bydel', 'per bydel', 'by district'],
  ['per grunnkrets', 'per grunnkrins', 'by basic statistical unit'],
  ['månedstall', 'månadstal', 'monthly figures'],
  ['årsstatistikk', 'årsstatistikk', 'annual statistics'],
  ['kartlag', 'kartlag', 'map layer'],
  ['tidsserie', 'tidsserie', 'time series'],
  ['nøkkeltall', 'nøkkeltal', 'key figures'],
  ['register', 'register', 'register'],
];

const PUBLISHER_KINDS = ['kommune', 'havn KF', 'kommunale eiendom KF', 'vann og avløp KF', 'parkering KF', 'byarkiv'] as const;

const FORMATS: readonly (readonly [readonly [string, string, string], number])[] = [
  [['CSV', 'text/csv', 'csv'], 30],
  [['JSON', 'application/json', 'json'], 25],
  [['XML', 'application/xml', 'xml'], 8],
  [['GEOJSON', 'application/geo+json', 'geojson'], 8],
  [['XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'], 10],
  [['GML', 'application/gml+xml', 'gml'], 5],
  [['PDF', 'application/pdf', 'pdf'], 5],
  [['RDF_TURTLE', 'text/turtle', 'ttl'], 3],
  [['ZIP', 'application/zip', 'zip'], 6],
];
const LICENCES: readonly (readonly [string, number])[] = [['NLOD_2_0', 60], ['CC_BY_4_0', 30], ['CC0', 10]];
const ACCESS: readonly (readonly [string, number])[] = [['PUBLIC', 85], ['RESTRICTED', 10], ['NON_PUBLIC', 5]];
const FREQUENCIES: readonly (readonly [readonly [string, string, string], number])[] = [
  [['ANNUAL', 'årlig', 'årleg'], 30], [['MONTHLY', 'månedlig', 'månadleg'], 20], [['QUARTERLY', 'kvartalsvis', 'kvartalsvis'], 10],
  [['DAILY', 'daglig', 'dagleg'], 15], [['WEEKLY', 'ukentlig', 'kvar veke'], 8], [['IRREG', 'ved behov', 'ved behov'], 10],
  [['UPDATE_CONT', 'fortløpende', 'fortløpande'], 7],
];

// ---------------------------------------------------------------------------------------------
// Text helpers

function lit(text: string, lang: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"@${lang}`;
}

const date = (d: Date) => `"${d.toISOString().slice(0, 10)}"^^xsd:date`;
const DAY = 86_400_000;
const EARLIEST = Date.UTC(2012, 0, 1);
const LATEST = Date.UTC(2025, 8, 30);
/** Last-Modified of unchanged pages; a variant's changed pages move `variant` days later. */
const BASE_LAST_MODIFIED = Date.UTC(2025, 9, 1);

/** A valid organisation number (mod-11 with weights 3 2 7 6 5 4 3 2) from 8 leading digits, or null. */
function withCheckDigit(first8: string): string | null {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * w[i]!;
  const rest = sum % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  return check === 10 ? null : first8 + String(check);
}

function makePublishers(count: number, seed: number): SyntheticPublisher[] {
  const r = rng(hash(seed, 0x70b1));
  const seen = new Set<string>();
  const out: SyntheticPublisher[] = [];
  for (let k = 0; out.length < count; k++) {
    const first8 = `${r() < 0.7 ? 9 : 8}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
    const orgnr = withCheckDigit(first8);
    if (orgnr === null || seen.has(orgnr)) continue;
    seen.add(orgnr);
    const n = out.length;
    const [place] = PLACES[n % PLACES.length]!;
    const kind = PUBLISHER_KINDS[Math.floor(n / PLACES.length) % PUBLISHER_KINDS.length]!;
    const round = Math.floor(n / (PLACES.length * PUBLISHER_KINDS.length));
    out.push({ organisationNumber: orgnr, name: `${place} ${kind}${round > 0 ? ` ${round + 1}` : ''}`, iri: ORGANIZATION_CATALOG + orgnr });
  }
  return out;
}

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix theme: <${DATA_THEME}> .
@prefix ft: <${FILE_TYPE}> .
@prefix ar: <${ACCESS_RIGHT}> .
@prefix freq: <${FREQUENCY}> .
@prefix lic: <${LICENCE}> .
`;

// ---------------------------------------------------------------------------------------------

/** The options as given: perPage 0 (one document) is the absence of perPage. */
function withoutZeroPerPage(o: Required<SyntheticCatalogOptions>): SyntheticCatalogOptions {
  const { perPage, ...rest } = o;
  return perPage > 0 ? { ...rest, perPage } : rest;
}

function checkOptions(o: SyntheticCatalogOptions): Required<SyntheticCatalogOptions> {
  const problems: string[] = [];
  if (!Number.isInteger(o.datasets) || o.datasets < 0) problems.push(`datasets must be a whole number ≥ 0, got ${o.datasets}`);
  if (o.perPage !== undefined && (!Number.isInteger(o.perPage) || o.perPage < 1)) problems.push(`perPage must be a whole number ≥ 1, got ${o.perPage}`);
  if (o.publishers !== undefined && (!Number.isInteger(o.publishers) || o.publishers < 1 || o.publishers > 65_535)) problems.push(`publishers must be a whole number from 1 to 65535, got ${o.publishers}`);
  if (o.mutate !== undefined && !(o.mutate >= 0 && o.mutate <= 1)) problems.push(`mutate must be a fraction between 0 and 1, got ${o.mutate}`);
  if (o.variant !== undefined && !Number.isInteger(o.variant)) problems.push(`variant must be a whole number, got ${o.variant}`);
  if (!/^https?:\/\/[^/]+(\/.*[^/])?$/.test(o.baseUrl)) problems.push(`baseUrl must be an http(s) URL without a trailing slash, got "${o.baseUrl}"`);
  const resourceBase = o.resourceBase ?? 'https://data.example.org/';
  if (!/^https?:\/\/.+\/$/.test(resourceBase)) problems.push(`resourceBase must be an http(s) URL ending in "/", got "${resourceBase}"`);
  if (problems.length > 0) throw new RangeError(`generateCatalog: ${problems.join('; ')}.`);
  return {
    datasets: o.datasets,
    perPage: o.perPage ?? 0,
    seed: o.seed ?? 1,
    publishers: o.publishers ?? 12,
    baseUrl: o.baseUrl,
    variant: o.variant ?? 0,
    mutate: o.mutate ?? 0.01,
    resourceBase,
  };
}

/** Shared by all variants and base URLs of one catalog: publishers and who publishes which dataset. */
interface Layout {
  readonly publishers: readonly SyntheticPublisher[];
  readonly publisherIndex: Uint16Array;
  readonly byPublisher: readonly Int32Array[];
}

function makeLayout(o: Required<SyntheticCatalogOptions>): Layout {
  const publishers = makePublishers(o.publishers, o.seed);
  // Uneven spread (Zipf-like): publisher k gets weight 1/(k+1).
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < publishers.length; k++) cumulative.push((total += 1 / (k + 1)));
  const publisherIndex = new Uint16Array(o.datasets);
  const counts = new Int32Array(publishers.length);
  for (let i = 0; i < o.datasets; i++) {
    const x = (hash(o.seed, i, 0x9b) / 4294967296) * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    publisherIndex[i] = lo;
    counts[lo]!++;
  }
  const byPublisher = publishers.map((_, k) => new Int32Array(counts[k]!));
  const filled = new Int32Array(publishers.length);
  for (let i = 0; i < o.datasets; i++) {
    const k = publisherIndex[i]!;
    byPublisher[k]![filled[k]!++] = i;
  }
  return { publishers, publisherIndex, byPublisher };
}

export function generateCatalog(options: SyntheticCatalogOptions): SyntheticCatalog {
  const o = checkOptions(options);
  return build(o, makeLayout(o));
}

function build(o: Required<SyntheticCatalogOptions>, layout: Layout): SyntheticCatalog {
  const perPage = o.perPage > 0 ? o.perPage : Math.max(1, o.datasets);
  const pageCount = Math.max(1, Math.ceil(o.datasets / perPage));
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([o.datasets, o.perPage, o.seed, o.publishers, o.baseUrl, o.resourceBase]))
    .digest('hex')
    .slice(0, 16);

  const pageUrl = (n: number) => `${o.baseUrl}/page/${n}.ttl`;
  const publisherOf = (i: number) => layout.publishers[layout.publisherIndex[i]!]!;
  const datasetIri = (i: number) => `${o.resourceBase}${publisherOf(i).organisationNumber}/datasett/${i}`;
  const catalogIri = (p: SyntheticPublisher) => `${o.resourceBase}${p.organisationNumber}/katalog`;
  const contactIri = (p: SyntheticPublisher) => `${o.resourceBase}${p.organisationNumber}/kontakt`;
  const isChanged = (i: number) => o.variant !== 0 && hash(o.seed, o.variant, i, 0xc4) / 4294967296 < o.mutate;

  const checkPage = (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n > pageCount) throw new RangeError(`There is no page ${n}: the catalog has pages 1 to ${pageCount}.`);
  };
  const rangeOf = (n: number): [number, number] => [(n - 1) * perPage, Math.min(o.datasets, n * perPage)];
  const pageHasChange = (n: number) => {
    if (o.variant === 0) return false;
    const [from, to] = rangeOf(n);
    for (let i = from; i < to; i++) if (isChanged(i)) return true;
    return false;
  };

  function dataset(i: number, out: string[]): void {
    const r = rng(hash(o.seed, i));
    const p = publisherOf(i);
    const topic = pick(r, TOPICS);
    const [qualifierNb, qualifierNn, qualifierEn] = pick(r, QUALIFIERS);
    const placeIndex = layout.publisherIndex[i]! % PLACES.length;
    const [place, placeId] = r() < 0.9 ? PLACES[placeIndex]! : (['Norge', ''] as const);
    const fromYear = 2000 + Math.floor(r() * 20);
    const toYear = fromYear + 1 + Math.floor(r() * (2025 - fromYear));
    const [freq, freqNb, freqNn] = pickWeighted(r, FREQUENCIES);
    const [fileType, mediaType, extension] = pickWeighted(r, FORMATS);
    const access = pickWeighted(r, ACCESS);
    const licence = pickWeighted(r, LICENCES);
    const issued = EARLIEST + Math.floor(r() * ((LATEST - EARLIEST) / DAY - 30)) * DAY;
    let modified = issued + Math.floor(r() * ((LATEST - issued) / DAY)) * DAY;
    const nnTitle = r() < 0.25;
    const secondDescription = r() < 0.75 ? (r() < 0.5 ? 'nn' : 'en') : null;
    const keywords = [...topic.keywords];
    for (let k = 0; k < 3; k++) {
      const j = k + Math.floor(r() * (keywords.length - k));
      [keywords[k], keywords[j]] = [keywords[j]!, keywords[k]!];
    }
    keywords.length = 3;
    const idHex = [hash(o.seed, i, 1), hash(o.seed, i, 2), hash(o.seed, i, 3), hash(o.seed, i, 4)].map((h) => h.toString(16).padStart(8, '0')).join('');
    const identifier = `${idHex.slice(0, 8)}-${idHex.slice(8, 12)}-${idHex.slice(12, 16)}-${idHex.slice(16, 20)}-${idHex.slice(20, 32)}`;

    let descriptionNb = `Datasettet inneholder ${topic.holdsNb} for ${place}, ${fromYear}–${toYear}. Dataene oppdateres ${freqNb} av ${p.name}.`;
    if (isChanged(i)) {
      modified = LATEST + o.variant * DAY;
      descriptionNb += ` Revidert ${new Date(modified).toISOString().slice(0, 10)} med nye og korrigerte tall.`;
    }
    const d = datasetIri(i);
    const distribution = `${d}/distribusjon/1`;
    const lines = [
      `<${d}> a dcat:Dataset ;`,
      `  dct:identifier "${identifier}" ;`,
      `  dct:title ${lit(`${topic.nb}, ${qualifierNb} – ${place} ${toYear}`, 'nb')} , ${nnTitle ? `${lit(`${topic.nn}, ${qualifierNn} – ${place} ${toYear}`, 'nn')} , ` : ''}${lit(`${topic.en}, ${qualifierEn} – ${place} ${toYear}`, 'en')} ;`,
      `  dct:description ${lit(descriptionNb, 'nb')}${
        secondDescription === 'nn'
          ? ` , ${lit(`Datasettet inneheld ${topic.holdsNn} for ${place}, ${fromYear}–${toYear}. Dataa vert oppdaterte ${freqNn}.`, 'nn')}`
          : secondDescription === 'en'
            ? ` , ${lit(`The dataset contains ${topic.holdsEn} for ${place}, ${fromYear}–${toYear}.`, 'en')}`
            : ''
      } ;`,
      `  dcat:keyword ${keywords.map((k) => lit(k, 'nb')).join(' , ')} ;`,
      `  dcat:theme theme:${topic.theme} , <${LOS}${topic.los}> ;`,
      `  dct:publisher <${p.iri}> ;`,
      `  dcat:contactPoint <${contactIri(p)}> ;`,
      `  dct:issued ${date(new Date(issued))} ;`,
      `  dct:modified ${date(new Date(modified))} ;`,
      `  dct:accessRights ar:${access} ;`,
      `  dct:spatial <${placeId === '' ? NORWAY : `${GEONORGE}kommune/id/${placeId}`}> ;`,
      `  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "${fromYear}-01-01"^^xsd:date ] ;`,
      `  dct:accrualPeriodicity freq:${freq} ;`,
      `  dcat:distribution <${distribution}> .`,
      `<${distribution}> a dcat:Distribution ;`,
      `  dct:format ft:${fileType} ;`,
      `  dcat:mediaType <${IANA}${mediaType}> ;`,
      ...(access === 'NON_PUBLIC' ? [] : [`  dct:license lic:${licence} ;`]),
      `  dcat:accessURL <${o.resourceBase}${p.organisationNumber}/data/${i}.${extension}> .`,
      '',
    ];
    out.push(lines.join('\n'));
  }

  function page(n: number): string {
    checkPage(n);
    const out: string[] = [PREFIXES];
    if (o.perPage > 0) {
      const view = [`hydra:first <${pageUrl(1)}>`, `hydra:last <${pageUrl(pageCount)}>`];
      if (n > 1) view.push(`hydra:previous <${pageUrl(n - 1)}>`);
      if (n < pageCount) view.push(`hydra:next <${pageUrl(n + 1)}>`);
      out.push(`<${pageUrl(n)}> a hydra:PartialCollectionView ;\n  ${view.join(' ;\n  ')} .`);
      out.push(`<${o.baseUrl}/collection> a hydra:Collection ;\n  hydra:totalItems ${o.datasets} ;\n  hydra:view <${pageUrl(n)}> .\n`);
    }
    if (n === 1) {
      layout.publishers.forEach((p, k) => {
        const members = layout.byPublisher[k]!;
        const parts = [
          `<${p.iri}> a foaf:Agent ;\n  dct:identifier "${p.organisationNumber}" ;\n  foaf:name ${lit(p.name, 'nb')} .`,
          `<${contactIri(p)}> a vcard:Organization ;\n  vcard:hasOrganizationName ${lit(p.name, 'nb')} ;\n  vcard:hasEmail <mailto:postmottak@${p.organisationNumber}.example.org> .`,
          `<${catalogIri(p)}> a dcat:Catalog ;\n  dct:identifier "${catalogIri(p)}" ;\n  dct:title ${lit(`Datakatalog for ${p.name}`, 'nb')} , ${lit(`Data catalogue of ${p.name}`, 'en')} ;\n  dct:description ${lit(`Datasett som ${p.name} forvalter.`, 'nb')} ;\n  dct:publisher <${p.iri}>`,
        ];
        out.push(parts.join('\n'));
        if (members.length > 0) {
          out.push(' ;\n  dcat:dataset ');
          const links: string[] = [];
          for (const i of members) links.push(`<${datasetIri(i)}>`);
          out.push(links.join(' ,\n    '));
        }
        out.push(' .\n');
      });
    }
    const [from, to] = rangeOf(n);
    for (let i = from; i < to; i++) dataset(i, out);
    return out.join('\n');
  }

  const catalog: SyntheticCatalog = {
    options: Object.freeze({ ...o }),
    datasetCount: o.datasets,
    pageCount,
    publishers: layout.publishers,
    pageUrl: (n) => {
      checkPage(n);
      return pageUrl(n);
    },
    page,
    *pages() {
      for (let n = 1; n <= pageCount; n++) yield page(n);
    },
    etag: (n) => {
      checkPage(n);
      return `"${fingerprint}-${n}-${pageHasChange(n) ? `v${o.variant}-${Math.round(o.mutate * 1e6)}` : 'v0'}"`;
    },
    lastModified: (n) => {
      checkPage(n);
      return new Date(BASE_LAST_MODIFIED + (pageHasChange(n) ? o.variant * DAY : 0));
    },
    pageOf: (i) => Math.floor(i / perPage) + 1,
    datasetIri,
    publisherOf,
    isChanged,
    changedDatasets: () => {
      const out: number[] = [];
      for (let i = 0; i < o.datasets; i++) if (isChanged(i)) out.push(i);
      return out;
    },
    withBaseUrl: (baseUrl) => build(checkOptions({ ...withoutZeroPerPage(o), baseUrl }), layout),
    withVariant: (variant, mutate) => build(checkOptions({ ...withoutZeroPerPage(o), variant, mutate: mutate ?? o.mutate }), layout),
  };
  return catalog;
}

// ---------------------------------------------------------------------------------------------
// Serving

export interface ServedCatalog {
  /** The entry URL (page 1). */
  readonly url: string;
  /** `http://127.0.0.1:{port}`; page n is `${baseUrl}/page/${n}.ttl`. */
  readonly baseUrl: string;
  /** The catalog being served (its baseUrl is the server's). */
  readonly catalog: SyntheticCatalog;
  /** Requests received so far (every method and path, 304s included). */
  readonly requests: number;
  /** Of those, how many were answered 304 Not Modified. */
  readonly notModified: number;
  /** Serve another catalog (e.g. `served.catalog.withVariant(1)`) at the same URLs from now on. */
  replace(next: SyntheticCatalog): void;
  close(): Promise<void>;
}

function matchesEtag(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Serves a synthetic catalog on 127.0.0.1 (a free port) as `text/turtle`, with ETag and Last-Modified
 * and 304 answers to matching If-None-Match / If-Modified-Since, so "re-harvesting an unchanged source
 * costs one request" can be measured. With `pagesBuiltAhead`, the pages are written once, when the
 * catalog is set, and served from memory.
 */
export async function serveCatalog(generator: SyntheticCatalog, options: { readonly pagesBuiltAhead?: boolean } = {}): Promise<ServedCatalog> {
  let catalog = generator;
  /** With `pagesBuiltAhead`, every page's body, built when the catalog is set (a bench's load generator then spends no time writing pages while it measures). */
  let built: Buffer[] | undefined;
  const buildAhead = (): void => {
    built = options.pagesBuiltAhead ? Array.from({ length: catalog.pageCount }, (_, i) => Buffer.from(catalog.page(i + 1), 'utf8')) : undefined;
  };
  let requests = 0;
  let notModified = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const match = /^\/page\/(\d+)\.ttl$/.exec((req.url ?? '').split('?', 1)[0]!);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD.\n');
      return;
    }
    const n = match ? Number(match[1]) : 0;
    if (!match || n < 1 || n > catalog.pageCount) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`No such page: ${req.url}\n`);
      return;
    }
    const etag = catalog.etag(n);
    const lastModified = catalog.lastModified(n);
    const validators = { ETag: etag, 'Last-Modified': lastModified.toUTCString(), 'Cache-Control': 'no-cache' };
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const since = ifModifiedSince === undefined ? NaN : Date.parse(ifModifiedSince);
    const unchanged = ifNoneMatch !== undefined ? matchesEtag(ifNoneMatch, etag) : !Number.isNaN(since) && lastModified.getTime() <= since;
    if (unchanged) {
      notModified++;
      res.writeHead(304, validators).end();
      return;
    }
    const body = built?.[n - 1] ?? Buffer.from(catalog.page(n), 'utf8');
    res.writeHead(200, { ...validators, 'Content-Type': 'text/turtle; charset=utf-8', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  catalog = generator.withBaseUrl(baseUrl);
  buildAhead();
  return {
    get url() {
      return catalog.pageUrl(1);
    },
    baseUrl,
    get catalog() {
      return catalog;
    },
    get requests() {
      return requests;
    },
    get notModified() {
      return notModified;
    },
    replace(next) {
      catalog = next.withBaseUrl(baseUrl);
      buildAhead();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
