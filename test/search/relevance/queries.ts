import type { SearchFilters, SearchLanguage } from '../../../src/core/ports/search-index.js';

/**
 * The relevance set: queries a person would type (bokmål, nynorsk, English, typos, words without
 * æ/ø/å, parts of compound words, text with facets) and the resources of fixtures/catalog.ttl that
 * answer them (local names under https://relevance.example.no/). Judged from the catalog's content,
 * not from the engine's output.
 */
export interface RelevanceQuery {
  readonly q: string;
  readonly filters?: SearchFilters;
  readonly lang?: SearchLanguage;
  readonly relevant: readonly string[];
  readonly kind: 'nb' | 'nn' | 'en' | 'typo' | 'no-diacritics' | 'compound' | 'facets';
}

export const RELEVANCE_QUERIES: readonly RelevanceQuery[] = [
  { kind: 'nb', q: 'snøskred', relevant: ['snoskredvarsel', 'snoskredhendelser', 'api-varsom'] },
  { kind: 'no-diacritics', q: 'snoskred', relevant: ['snoskredvarsel', 'snoskredhendelser', 'api-varsom'] },
  { kind: 'nb', q: 'snøskredvarsel', relevant: ['snoskredvarsel'] },
  { kind: 'en', q: 'avalanche', lang: 'en', relevant: ['snoskredvarsel'] },
  { kind: 'nb', q: 'barnehage', relevant: ['barnehagestatistikk', 'barnehagefakta', 'oslo-barnehager'] },
  { kind: 'nb', q: 'barnehager', relevant: ['barnehagestatistikk', 'barnehagefakta', 'oslo-barnehager'] },
  { kind: 'nn', q: 'barnehagar', lang: 'nn', relevant: ['barnehagestatistikk', 'barnehagefakta', 'oslo-barnehager'] },
  { kind: 'typo', q: 'barnehgae', relevant: ['barnehagestatistikk', 'barnehagefakta', 'oslo-barnehager'] },
  { kind: 'nb', q: 'luftkvalitet', relevant: ['luftkvalitet', 'luftkvalitetsvarsel', 'luftkvalitet-serie'] },
  { kind: 'typo', q: 'luftkvalitte', relevant: ['luftkvalitet', 'luftkvalitetsvarsel', 'luftkvalitet-serie'] },
  { kind: 'compound', q: 'kvalitet', relevant: ['luftkvalitet', 'vannkvalitet', 'badevann', 'kvalitetsindikatorer', 'drikkevann', 'luftkvalitetsvarsel', 'luftkvalitet-serie'] },
  { kind: 'en', q: 'air quality', lang: 'en', relevant: ['luftkvalitet'] },
  { kind: 'nb', q: 'befolkning', relevant: ['befolkning', 'befolkningsframskrivinger', 'befolkning-serie', 'oslo-befolkning'] },
  { kind: 'nn', q: 'folketal', lang: 'nn', relevant: ['befolkning'] },
  { kind: 'en', q: 'population', lang: 'en', relevant: ['befolkning'] },
  { kind: 'typo', q: 'befolknign', relevant: ['befolkning', 'befolkningsframskrivinger', 'befolkning-serie', 'oslo-befolkning'] },
  { kind: 'nb', q: 'arbeidsledighet', relevant: ['arbeidsledighet', 'helt-ledige'] },
  { kind: 'nn', q: 'arbeidsløyse', lang: 'nn', relevant: ['arbeidsledighet'] },
  { kind: 'en', q: 'unemployment', lang: 'en', relevant: ['arbeidsledighet'] },
  { kind: 'typo', q: 'arbeidsledigehet', relevant: ['arbeidsledighet', 'helt-ledige'] },
  { kind: 'nb', q: 'ledige stillinger', relevant: ['ledige-stillinger', 'api-arbeidsplassen'] },
  { kind: 'nb', q: 'trafikkulykker', relevant: ['trafikkulykker', 'ulykker-vegvesen'] },
  { kind: 'compound', q: 'ulykker', relevant: ['trafikkulykker', 'ulykker-vegvesen'] },
  { kind: 'nb', q: 'bompenger', relevant: ['bomstasjoner'] },
  { kind: 'nb', q: 'sjøkart', relevant: ['sjokart'] },
  { kind: 'no-diacritics', q: 'sjokart', relevant: ['sjokart'] },
  { kind: 'nb', q: 'stedsnavn', relevant: ['stedsnavn', 'api-stedsnavn'] },
  { kind: 'typo', q: 'stedsnvan', relevant: ['stedsnavn', 'api-stedsnavn'] },
  { kind: 'nb', q: 'enhetsregisteret', relevant: ['enhetsregisteret', 'underenheter', 'api-enhetsregisteret'] },
  { kind: 'nb', q: 'organisasjonsnummer', relevant: ['enhetsregisteret', 'api-enhetsregisteret'] },
  { kind: 'nb', q: 'konkurs', relevant: ['konkurser', 'konkursstatistikk'] },
  { kind: 'nb', q: 'skatt', relevant: ['skattelister', 'skatteregnskap'] },
  { kind: 'typo', q: 'vaksinsajon', relevant: ['vaksinasjon'] },
  { kind: 'nb', q: 'fastlege', relevant: ['fastlege', 'api-fastlege'] },
  { kind: 'nb', q: 'sykehus', relevant: ['sykehus', 'ventetider'] },
  { kind: 'en', q: 'hospital', lang: 'en', relevant: ['sykehus'] },
  { kind: 'nb', q: 'vær', relevant: ['vaervarsel', 'api-locationforecast', 'api-frost', 'nedbor', 'temperatur', 'vind'] },
  { kind: 'en', q: 'weather forecast', lang: 'en', relevant: ['vaervarsel'] },
  { kind: 'no-diacritics', q: 'vaervarsel', relevant: ['vaervarsel', 'api-locationforecast'] },
  { kind: 'nb', q: 'flom', relevant: ['flomvarsel', 'flomsoner', 'api-varsom', 'jordskred'] },
  { kind: 'nb', q: 'strøm', relevant: ['stromforbruk', 'elektrisitet', 'stromnett', 'energibruk'] },
  { kind: 'no-diacritics', q: 'strom', relevant: ['stromforbruk', 'elektrisitet', 'stromnett', 'energibruk'] },
  { kind: 'nb', q: 'grunnskole', relevant: ['grunnskolepoeng', 'laerertetthet', 'skoleregister', 'oslo-skoler'] },
  { kind: 'nn', q: 'skular', lang: 'nn', relevant: ['skoleregister'] },
  { kind: 'en', q: 'schools', lang: 'en', relevant: ['skoleregister'] },
  { kind: 'nb', q: 'fiske', relevant: ['fangstdata', 'fiskeridata-kvoter', 'akvakulturregisteret', 'fiskeoppdrett'] },
  { kind: 'nb', q: 'laks', relevant: ['fiskeoppdrett', 'akvakulturregisteret'] },
  { kind: 'compound', q: 'klima', relevant: ['klimaframskrivinger', 'klimagassutslipp', 'utslipp'] },
  { kind: 'no-diacritics', q: 'bronnoysund', relevant: ['enhetsregisteret', 'underenheter', 'regnskap', 'konkurser', 'frivillighetsregisteret', 'reelle-rettighetshavere', 'api-enhetsregisteret', 'katalog-brreg'] },
  { kind: 'nb', q: 'kommunenes økonomi', relevant: ['kommunebarometer'] },
  { kind: 'no-diacritics', q: 'kommunenes okonomi', relevant: ['kommunebarometer'] },
  { kind: 'nb', q: 'nasjonalpark', relevant: ['naturvernomrader'] },
  { kind: 'nb', q: 'tidevann', relevant: ['havnivaa'] },
  { kind: 'nb', q: 'tilsyn restaurant', relevant: ['matkontroll'] },
  { kind: 'en', q: 'hydropower', lang: 'en', relevant: ['kraftverk'] },
  { kind: 'en', q: 'arctic sea ice', lang: 'en', relevant: ['arctic-sea-ice'] },
  { kind: 'facets', q: 'befolkning', filters: { publisher: ['958935420'] }, relevant: ['oslo-befolkning'] },
  { kind: 'facets', q: 'barnehage', filters: { theme: ['EDUC'], format: ['GEOJSON'] }, relevant: ['oslo-barnehager'] },
  { kind: 'facets', q: '', filters: { theme: ['TRAN'], accessRights: ['RESTRICTED'] }, relevant: ['sjokart', 'kjoretoyregister', 'skipstrafikk'] },
  { kind: 'facets', q: 'vær', filters: { type: ['data-service'] }, relevant: ['api-frost', 'api-locationforecast'] },
  { kind: 'facets', q: 'flom', filters: { openData: ['true'] }, relevant: ['flomvarsel', 'flomsoner', 'jordskred', 'api-varsom'] },
  { kind: 'facets', q: 'kart', filters: { publisher: ['971040238'] }, relevant: ['n50', 'sjokart'] },
  { kind: 'facets', q: 'trafikk', filters: { orgPath: ['/STAT/972417904'] }, lang: 'en', relevant: ['trafikkdata', 'api-trafikkdata', 'vegmeldinger', 'ulykker-vegvesen'] },
  { kind: 'facets', q: 'skole', filters: { losTheme: ['skole-og-utdanning'] }, relevant: ['grunnskolepoeng'] },
];
